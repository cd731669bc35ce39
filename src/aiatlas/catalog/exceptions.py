"""Domain errors of the catalog; views, API and CLI translate them."""

from __future__ import annotations

from dataclasses import dataclass

from aiatlas.common import errors


class CatalogError(errors.DomainError):
    """Base of catalog errors; the message is meant for the user (400 unless a subclass
    says otherwise)."""


class NotFound(CatalogError, errors.NotFound):
    pass


class VersionConflict(CatalogError, errors.Conflict):
    """A write based on a stale version; nothing was saved."""

    def __init__(self, public_id: str, expected: int, actual: int) -> None:
        super().__init__(
            f"activity {public_id} was changed by someone else (you edited version {expected}, "
            f"it is now at version {actual}); nothing was saved"
        )
        self.public_id = public_id
        self.expected = expected
        self.actual = actual


class FrozenEdition(CatalogError, errors.Conflict):
    """A change would alter what a published edition published."""


@dataclass(frozen=True)
class RowError:
    """One problem in an import file: where it is and what is wrong."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class FileRejected(CatalogError):
    """The file as a whole cannot be read (wrong type, encoding, header …)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
