"""Domain errors of the survey; views, API and commands translate them."""

from __future__ import annotations

from aiatlas.survey.xlsform import FormError, FormRefused

__all__ = [
    "AlreadySubmitted",
    "BadInvitations",
    "FormError",
    "FormRefused",
    "StaleResponse",
    "SurveyClosed",
    "SurveyError",
    "TokenInvalid",
]


class SurveyError(Exception):
    """Base of the survey's domain errors."""


class TokenInvalid(SurveyError):
    """No invitation for this link: unknown, tampered or expired token (shown as 404)."""


class SurveyClosed(SurveyError):
    """The survey is not open (not yet, or no more)."""


class AlreadySubmitted(SurveyError):
    """The response was submitted and the survey does not allow edits (or has closed)."""


class StaleResponse(SurveyError):
    """The response changed since the page was shown (another window or colleague)."""


class BadInvitations(SurveyError):
    """An invitation file with problems; ``errors`` lists each with its row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


class BadImport(SurveyError):
    """Responses exported from KoboToolbox or ODK Central that cannot be imported as they
    are: ``errors`` names every problem (file, row, column); nothing was stored."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors
