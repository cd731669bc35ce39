"""Operations on single activities (publishing an edition: see ``publishing``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from aiatlas.catalog.exceptions import CatalogError, FrozenEdition, RowError
from aiatlas.catalog.io.validation import RecordErrors, validate_record
from aiatlas.catalog.queries import activity_record
from aiatlas.catalog.services.publishing import publish_edition
from aiatlas.catalog.services.storage import BatchWriter, load_vocabulary

#: publishing lives in :mod:`aiatlas.catalog.services.publishing`; importable here too
__all__ = ["InvalidActivity", "publish_edition", "save_activity"]


class InvalidActivity(CatalogError):
    def __init__(self, errors: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(f"{c}: {m}" if c else m for c, m in errors))
        self.errors = errors


def save_activity(*, record: dict[str, Any], expected_version: int | None = None) -> dict[str, Any]:
    """Create or update one activity from a record (the file schema).

    With ``expected_version`` an update only succeeds if nobody saved in between; otherwise
    :class:`VersionConflict` is raised and nothing changes.
    """
    try:
        clean = validate_record(record, load_vocabulary())
    except RecordErrors as exc:
        raise InvalidActivity(exc.errors) from None
    with transaction.atomic():
        writer = BatchWriter()
        versions = {clean["id"]: expected_version} if clean["id"] and expected_version else None
        written = writer.write([(1, clean)], expected_versions=versions)
        if not written:
            errors: list[RowError] = writer.result.errors
            raise FrozenEdition("; ".join(e.message for e in errors))
    saved = activity_record(clean["id"])
    assert saved is not None
    return saved
