"""Read the frozen content of a published edition: its snapshot records, and the previous
published edition's, so that a report never changes when live activities are edited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiatlas.catalog.models import Edition, EditionSnapshot, Organization
from aiatlas.catalog.queries import snapshot_records
from aiatlas.report.exceptions import EditionNotFound, EditionNotPublished

#: how the figures' descriptions name the rows they read
SNAPSHOT_QUERY = 'EditionSnapshot.objects.filter(edition__year={year}).values_list("record")'


@dataclass(frozen=True)
class EntityInfo:
    """A lead organization as the report names it."""

    reference: str
    name: str
    acronym: str
    kind: str
    website: str

    @property
    def display(self) -> str:
        if self.acronym and self.acronym not in self.name:
            return f"{self.name} ({self.acronym})"
        return self.name


@dataclass
class EditionData:
    """One published edition as frozen: records ordered by public id."""

    year: int
    title: str
    published_at: datetime | None
    records: list[dict[str, Any]]
    previous: EditionData | None = None
    #: lead organizations that led an activity in any earlier published edition
    earlier_leads: frozenset[str] = field(default_factory=frozenset)

    @property
    def query(self) -> str:
        return SNAPSHOT_QUERY.format(year=self.year)


#: records of published editions, by (database, edition id, published at, snapshot count
#: and largest id): a snapshot never changes once taken, and the key moves if it did
_CACHE: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
_CACHE_SIZE = 16


def _records(edition: Edition) -> list[dict[str, Any]]:
    from django.db import connection
    from django.db.models import Count, Max

    shape = EditionSnapshot.objects.filter(edition=edition).aggregate(n=Count("pk"), top=Max("pk"))
    key = (
        connection.settings_dict.get("NAME"),
        edition.pk,
        edition.published_at,
        shape["n"],
        shape["top"],
    )
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = snapshot_records(edition)
    # figures read records and never change them; a copy of the list keeps callers apart
    return list(_CACHE[key])


def published_edition(year: int) -> Edition:
    edition = Edition.objects.filter(year=year).first()
    if edition is None:
        raise EditionNotFound(f"there is no edition {year}")
    if not edition.is_published:
        raise EditionNotPublished(
            f"edition {year} is not published (status: {edition.status}); "
            f"publish it first with `aiatlas edition publish {year}`"
        )
    return edition


def load_edition(year: int, *, with_previous: bool = True) -> EditionData:
    """The frozen records of a published edition (and of the previous published one)."""
    edition = published_edition(year)
    data = EditionData(edition.year, edition.title, edition.published_at, _records(edition))
    if with_previous:
        earlier = Edition.objects.filter(year__lt=year, status=edition.status).order_by("-year")
        prev = earlier.first()
        if prev is not None:
            data.previous = EditionData(prev.year, prev.title, prev.published_at, _records(prev))
            leads = EditionSnapshot.objects.filter(edition__in=earlier).values_list(
                "record__lead_organization", flat=True
            )
            data.earlier_leads = frozenset(str(v) for v in leads.distinct())
    return data


def entity_infos(references: set[str]) -> dict[str, EntityInfo]:
    """Full names of lead organizations, by the reference the records use."""
    out: dict[str, EntityInfo] = {}
    for acronym, name, kind, website in Organization.objects.values_list(
        "acronym", "name", "kind", "website"
    ):
        ref = acronym or name
        if ref in references:
            out[ref] = EntityInfo(ref, name, acronym, kind, website)
    for ref in references - out.keys():
        out[ref] = EntityInfo(ref, ref, "", "other", "")
    return out
