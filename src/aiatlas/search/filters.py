"""Facet values as the database stores them (the facet engine's URL values -> keys)."""

from __future__ import annotations

from typing import Any

A = "catalog_activity"
DOC = "search_searchdocument"

#: facet -> (table, value column, counted with DISTINCT) for facets over link tables
LINKS: dict[str, tuple[str, str, bool]] = {
    "goal": ("catalog_activitygoal", "goal_id", True),
    "source": ("catalog_activitygoal", "source", True),
    "target": ("catalog_activitytarget", "target_id", True),
    "edition": ("catalog_activity_editions", "edition_id", False),
    "technology": ("catalog_activity_technologies", "technology_id", False),
    "sector": ("catalog_activitypartner", "sector", True),
    "country": ("catalog_activity_countries", "country_id", False),
    "region": ("catalog_activity_regions", "region_id", False),
}
#: facets over a column of the activity itself
COLUMNS = ("status", "kind")
#: lead or co-lead: (activity id, organization id), duplicates possible
ORG_PAIRS = (
    f"SELECT id, lead_organization_id AS org FROM {A} "  # noqa: S608
    "UNION ALL SELECT activity_id, organization_id FROM catalog_activity_co_leads"
)


def _ints(values: tuple[str, ...]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 7]


def resolved_values(name: str, values: tuple[str, ...]) -> list[Any]:
    """The database keys a facet's URL values stand for (unknown values drop out)."""
    if name == "goal":
        return _ints(values)
    if name == "edition":
        from aiatlas.catalog.models import Edition

        return list(Edition.objects.filter(year__in=_ints(values)).values_list("pk", flat=True))
    if name == "organization":
        from django.db.models import Q

        from aiatlas.catalog.models import Organization

        q = Q()
        for ref in values:
            q |= Q(acronym__iexact=ref) | Q(name__iexact=ref)
        return list(Organization.objects.filter(q).values_list("pk", flat=True))
    if name == "country":
        return [v.upper() for v in values]
    if name == "target":
        return [v.lower() for v in values]
    return list(values)
