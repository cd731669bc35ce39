"""Domain errors of the report; views and the CLI translate them."""

from __future__ import annotations


class ReportError(Exception):
    """Base of report errors; the message is meant for the user."""


class EditionNotFound(ReportError):
    pass


class EditionNotPublished(ReportError):
    pass


class UnknownFigure(ReportError):
    pass


class BuildFailed(ReportError):
    pass


class UnknownLanguage(ReportError):
    pass
