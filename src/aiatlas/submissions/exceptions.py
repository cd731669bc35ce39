"""Domain errors of submissions; views, the API and commands translate them."""

from __future__ import annotations

from collections.abc import Sequence

from aiatlas.common import errors


class SubmissionError(errors.DomainError):
    """Base class: the message is safe to show to the user; ``status`` is the HTTP status
    that pages and the API answer with, given by the kind of error (common/errors.py)."""

    status = 409


class UploadRejected(SubmissionError, errors.InvalidInput):
    """The upload as a whole cannot be used (too many files, a zip bomb …)."""

    status = 400


class NotAllowed(SubmissionError, errors.PermissionDenied):
    """The user may not do this to this submission (a 403, never a 500)."""

    status = 403


class NotFound(SubmissionError, errors.NotFound):
    status = 404


class InvalidState(SubmissionError, errors.Conflict):
    """The step does not apply in the submission's current state."""


class InvalidInput(SubmissionError, errors.InvalidFields):
    """Bad values; ``problems`` lists (field, message) pairs."""

    status = 400


class InvalidRecord(InvalidInput):
    """An activity record with wrong types, lengths or codes: nothing is stored (422)."""

    status = 422


class EditConflict(SubmissionError, errors.Conflict):
    """Someone saved the submission after the version the user edited; nothing was saved.
    ``current`` is the submission as it is now, for the conflict page."""

    def __init__(self, *, expected: int, current: object) -> None:
        actual = getattr(current, "version", 0)
        super().__init__(
            f"this submission was changed by someone else (you edited version {expected}, "
            f"it is now at version {actual}); nothing was saved"
        )
        self.expected = expected
        self.current = current


class DuplicatesFound(SubmissionError, errors.Conflict):
    """Likely duplicates exist; the submitter must link to one or confirm it is new."""

    def __init__(self, candidates: Sequence[object]) -> None:
        super().__init__(f"{len(candidates)} likely duplicate(s) found")
        self.candidates = list(candidates)
