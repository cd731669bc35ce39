"""Export activities as CSV, XLSX or JSON Lines, and write empty templates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from aiatlas.catalog.exceptions import CatalogError, NotFound
from aiatlas.catalog.io.writers import template_records, write_records
from aiatlas.catalog.models import Edition, EditionSnapshot
from aiatlas.catalog.queries import filter_activities, iter_activity_records

EXPORT_FORMATS = ("csv", "xlsx", "jsonl")


def _counted(
    records: Iterator[dict[str, Any]], progress: Callable[[int], None] | None
) -> Iterator[dict[str, Any]]:
    for i, record in enumerate(records, start=1):
        if progress and i % 500 == 0:
            progress(i)
        yield record


def _snapshot_records(
    edition: Edition, organization: str | None, sdg: int | None
) -> Iterator[dict[str, Any]]:
    qs = EditionSnapshot.objects.filter(edition=edition).order_by("public_id")
    for record in qs.values_list("record", flat=True).iterator(chunk_size=2000):
        if organization and organization.casefold() not in {
            r.casefold() for r in [record["lead_organization"], *record["co_leads"]]
        }:
            continue
        if sdg is not None and not (
            any(t["code"] == str(sdg) for t in record["sdg_goals"])
            or any(t["code"].split(".")[0] == str(sdg) for t in record["sdg_targets"])
        ):
            continue
        yield record


def export_activities(
    *,
    fmt: str,
    path: Path,
    edition: int | None = None,
    organization: str | None = None,
    sdg: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the selected activities to ``path``; returns how many. A published edition is
    exported as it was published (its snapshot), not as the records are today."""
    if fmt not in EXPORT_FORMATS:
        raise CatalogError(f"unknown format {fmt!r}; use {', '.join(EXPORT_FORMATS)}")
    if sdg is not None and not 1 <= sdg <= 17:
        raise CatalogError(f"SDG {sdg} does not exist; goals are numbered 1 to 17")
    records: Iterator[dict[str, Any]]
    if edition is not None:
        found = Edition.objects.filter(year=edition).first()
        if found is None:
            raise NotFound(f"there is no edition {edition}")
        if found.is_published:
            records = _snapshot_records(found, organization, sdg)
            return write_records(_counted(records, progress), fmt, path)
    queryset = filter_activities(edition=edition, organization=organization, sdg=sdg)
    records = iter_activity_records(queryset)
    return write_records(_counted(records, progress), fmt, path)


def write_template(*, fmt: str, path: Path) -> None:
    """An empty activity file: the header row and one example row (no label columns:
    they are output only)."""
    if fmt not in ("csv", "xlsx"):
        raise CatalogError(f"templates exist as csv and xlsx, not {fmt!r}")
    write_records(template_records(), fmt, path, labels=False)
