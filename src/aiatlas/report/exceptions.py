"""Domain errors of the report; views and the CLI translate them."""

from __future__ import annotations

from aiatlas.common import errors


class ReportError(errors.DomainError):
    """Base of report errors; the message is meant for the user."""


class EditionNotFound(ReportError, errors.NotFound):
    pass


class EditionNotPublished(ReportError, errors.NotFound):
    """No report before the edition is published: to the public it does not exist yet."""


class UnknownFigure(ReportError, errors.NotFound):
    pass


class BuildFailed(ReportError):
    """Not the client's mistake: the PDF could not be made (a 500 where it reaches a
    request)."""

    status = 500


class UnknownLanguage(ReportError, errors.InvalidInput):
    pass
