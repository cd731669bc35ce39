"""Domain errors of the programme; views, the API and commands translate them.

The message is safe to show; ``status`` is the HTTP status pages and the API answer with."""

from __future__ import annotations

from aiatlas.common import errors


class ProgrammeError(errors.DomainError):
    status = 409


class NotFound(ProgrammeError, errors.NotFound):
    status = 404


class NotAllowed(ProgrammeError, errors.PermissionDenied):
    status = 403


class InvalidInput(ProgrammeError, errors.InvalidFields):
    """Bad values; ``problems`` lists (field, message) pairs."""

    status = 400


class BadToken(ProgrammeError, errors.NotFound):
    """A cancel link or calendar token that is not ours (tampered, truncated, revoked)."""

    status = 404


class AlreadyRegistered(ProgrammeError, errors.Conflict):
    """This e-mail address already holds a seat or a place in the queue."""


class AlreadyCancelled(ProgrammeError, errors.Conflict):
    """The registration was cancelled before: nothing to do."""


class RegistrationClosed(ProgrammeError, errors.Conflict):
    """The event is over or does not take registrations."""


class InvalidState(ProgrammeError, errors.Conflict):
    """The step does not apply in the session's current state."""
