"""Operations on single activities and on editions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from aiatlas.catalog.choices import EditionStatus
from aiatlas.catalog.exceptions import CatalogError, FrozenEdition, NotFound, RowError
from aiatlas.catalog.io.validation import RecordErrors, validate_record
from aiatlas.catalog.models import Activity, Edition, EditionSnapshot
from aiatlas.catalog.queries import activity_record, iter_activity_records
from aiatlas.catalog.services.storage import BatchWriter, load_vocabulary
from aiatlas.catalog.signals import edition_published


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


def publish_edition(*, year: int) -> int:
    """Publish an edition and freeze a snapshot of every activity in it. Returns the count."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().filter(year=year).first()
        if edition is None:
            raise NotFound(f"there is no edition {year}")
        if edition.is_published:
            raise FrozenEdition(f"edition {year} is published already")
        activities = Activity.objects.filter(editions=edition)
        pk_by_id = dict(activities.values_list("public_id", "pk"))
        snapshots = [
            EditionSnapshot(
                edition=edition, activity_id=pk_by_id[rec["id"]], public_id=rec["id"], record=rec
            )
            for rec in iter_activity_records(activities)
        ]
        EditionSnapshot.objects.bulk_create(snapshots, batch_size=1000)
        edition.status = EditionStatus.PUBLISHED
        edition.published_at = timezone.now()
        edition.save(update_fields=["status", "published_at"])
        edition_published.send(sender=Edition, edition=edition)
    return len(snapshots)
