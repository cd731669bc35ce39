"""The domain's errors, and the HTTP status each kind stands for.

Services raise these for the client's mistakes: bad values (:class:`InvalidInput`, 400;
:class:`InvalidFields` also names the field of each problem), something that does not
exist for this user (:class:`NotFound`, 404), a step that the current state does not allow
(:class:`Conflict`, 409), a user who may not do it (:class:`PermissionDenied`, 403). Each
app's errors derive from them (``submissions.exceptions.InvalidState`` is a
:class:`Conflict`, its ``InvalidInput`` an :class:`InvalidFields`), so the API and the
pages turn an error into a status by its type alone. Any other exception (a ``ValueError``
from a bug) is a real 500: logged, and never shown to the client.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of the domain's errors; the message is safe to show to the user."""

    status = 400


class InvalidInput(DomainError):
    status = 400


class InvalidFields(InvalidInput):
    """Bad values of named fields; ``problems`` lists (field, message) pairs (the pages
    and the API show each)."""

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


def status_of(exc: DomainError) -> int:
    """The HTTP status of a domain error, by its type."""
    return int(type(exc).status)
