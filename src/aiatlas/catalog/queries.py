"""Read queries of the catalog: activities as records (the file schema), counts, filters,
and the one rule of what the public may see (``public_activities`` / ``is_public``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from aiatlas.catalog.choices import EditionStatus, TagSource
from aiatlas.catalog.fields import ROW_FIELDS
from aiatlas.catalog.io.schema import COLUMNS, TRANSLATION_COLUMNS
from aiatlas.catalog.models import (
    Activity,
    ActivityEdition,
    ActivityGoal,
    ActivityLink,
    ActivityPartner,
    ActivityTarget,
    Edition,
    EditionSnapshot,
    Organization,
    Technology,
)
from aiatlas.taxonomy.texts import sort_key

if TYPE_CHECKING:
    from aiatlas.catalog.io.labels import CodeLabels

CHUNK = 2000

#: SDG tag sources that a person confirmed; official figures count only these
HUMAN_SOURCES = frozenset(s for s in TagSource.values if s != TagSource.CLASSIFIER)


def is_human_source(source: str) -> bool:
    """Whether an SDG tag of this source was given or confirmed by a person."""
    return source in HUMAN_SOURCES


# --- what the public may see -----------------------------------------------------------
#
# An activity is public unless every edition it belongs to is embargoed. An edition is
# released once it is published or once its optional ``release_at`` has passed; an activity
# in no edition at all is public. This is the one definition: pages, search and facets,
# the API, exports, the sitemap and citations all ask it.


def released_editions_q(now: datetime | None = None) -> Q:
    """Editions whose activities are public at ``now`` (default: this moment)."""
    now = now or timezone.now()
    return Q(status=EditionStatus.PUBLISHED) | Q(release_at__isnull=False, release_at__lte=now)


def released_edition_ids(now: datetime | None = None) -> list[int]:
    """The ids of the released editions (``released_editions_q``), in one small query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM catalog_edition WHERE status = %s "
            "OR (release_at IS NOT NULL AND release_at <= %s) ORDER BY id",
            [EditionStatus.PUBLISHED.value, now or timezone.now()],
        )
        return [int(row[0]) for row in cursor.fetchall()]


def public_activities(now: datetime | None = None) -> QuerySet[Activity]:
    """Every activity the public may see at ``now``: in a released edition, or in none."""
    links = ActivityEdition.objects.filter(activity_id=OuterRef("pk"))
    released = links.filter(edition__in=Edition.objects.filter(released_editions_q(now)))
    return Activity.objects.filter(~Exists(links) | Exists(released))


def embargoed_activities(now: datetime | None = None) -> QuerySet[Activity]:
    """Activities hidden from the public: every edition they belong to is unreleased."""
    return Activity.objects.exclude(pk__in=public_activities(now).values("pk"))


def is_public(activity: Activity, now: datetime | None = None) -> bool:
    return public_activities(now).filter(pk=activity.pk).exists()


# --- frozen editions -------------------------------------------------------------------


def snapshot_records(edition: Edition) -> list[dict[str, Any]]:
    """What a published edition published: its snapshot records ordered by public id."""
    return list(
        EditionSnapshot.objects.filter(edition=edition)
        .order_by("public_id")
        .values_list("record", flat=True)
    )


def snapshot_record(edition: Edition, public_id: str) -> dict[str, Any] | None:
    """One activity as the published ``edition`` published it (None when not in it)."""
    return (
        EditionSnapshot.objects.filter(edition=edition, public_id=public_id)
        .values_list("record", flat=True)
        .first()
    )


def filter_activities(
    *, edition: int | None = None, organization: str | None = None, sdg: int | None = None
) -> QuerySet[Activity]:
    qs = Activity.objects.all()
    if edition is not None:
        qs = qs.filter(editions__year=edition)
    if organization:
        org = organization_by_ref(organization)
        if org is None:
            return Activity.objects.none()
        qs = qs.filter(Q(lead_organization=org) | Q(co_leads=org))
    if sdg is not None:
        qs = qs.filter(Q(goal_tags__goal_id=sdg) | Q(target_tags__target__goal_id=sdg))
    return qs.distinct() if (organization or sdg is not None) else qs


# --- editions -----------------------------------------------------------------------


def edition_years() -> list[int]:
    """The years of every edition, oldest first."""
    return list(Edition.objects.order_by("year").values_list("year", flat=True))


def edition_exists(year: int) -> bool:
    return Edition.objects.filter(year=year).exists()


def activity_by_public_id(public_id: str) -> Activity | None:
    return Activity.objects.filter(public_id=public_id).first()


# --- organizations ------------------------------------------------------------------


def organization_by_ref(ref: str) -> Organization | None:
    """The organization a reference names, as files and URLs write it: an exact acronym
    first (case-insensitive), else an exact full name. Acronyms and names are each unique,
    so at most one organization matches either way; when one organization's acronym is
    another's full name, the acronym wins."""
    ref = ref.strip()
    if not ref:
        return None
    org = Organization.objects.filter(acronym__iexact=ref).exclude(acronym="").first()
    return org or Organization.objects.filter(name__iexact=ref).first()


def canonical_refs(refs: Iterable[str]) -> dict[str, str]:
    """For each reference that names an organization by its acronym or full name (any
    case): that organization's reference as the file schema writes it (acronym, else name),
    keyed by the reference casefolded; when one organization's acronym is another's full
    name, the acronym wins (as in ``organization_by_ref``). References that name none are
    left out."""
    wanted = {ref.casefold() for ref in refs if ref}
    q = Q()
    for ref in wanted:
        q |= Q(acronym__iexact=ref) | Q(name__iexact=ref)
    found: dict[str, str] = {}
    if not wanted:
        return found
    orgs = list(Organization.objects.filter(q).values_list("acronym", "name"))
    for position in (1, 0):  # names first, so that an acronym overrides
        for org in orgs:
            spelling = org[position]
            if spelling and spelling.casefold() in wanted:
                found[spelling.casefold()] = org[0] or org[1]
    return found


def _led_public(now: datetime | None = None) -> Q:
    public = public_activities(now).order_by().values("pk")
    return Q(led_activities__in=public)


def organizations_with_counts(*, kind: str | None = None) -> list[tuple[Organization, int]]:
    """Organizations that lead at least one public activity, with how many they lead,
    by name; ``kind`` keeps one kind of organization. Pages and the API list these."""
    from django.db.models import Count
    from django.db.models.functions import Lower

    rows = Organization.objects.annotate(n=Count("led_activities", filter=_led_public()))
    if kind:
        rows = rows.filter(kind=kind)
    return [(o, o.n) for o in rows.filter(n__gt=0).order_by(Lower("name"))]


def led_public_count(org: Organization) -> int:
    """How many public activities ``org`` leads."""
    return public_activities().filter(lead_organization=org).count()


def _group(rows: Any) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for activity_id, *rest in rows:
        out[activity_id].append(rest[0] if len(rest) == 1 else rest)
    return out


def _linked(relation: Any, column: str, part: list[int]) -> dict[int, list[Any]]:
    """activity key -> the keys a many-to-many ``relation`` links it to."""
    rows = relation.through.objects.filter(activity_id__in=part)
    return _group(rows.values_list("activity_id", column))


def iter_activity_records(
    queryset: QuerySet[Activity], chunk: int = CHUNK
) -> Iterator[dict[str, Any]]:
    """Every activity of ``queryset`` as a record, ordered by public id, in chunks so that
    memory stays flat however many there are."""
    orgs = {
        pk: acr or name
        for pk, acr, name in Organization.objects.values_list("pk", "acronym", "name")
    }
    years = dict(Edition.objects.values_list("pk", "year"))
    tech_order = dict(Technology.objects.values_list("key", "position"))
    ids = list(queryset.order_by("public_id").values_list("pk", flat=True))
    fields = ["pk", "public_id", "lead_organization_id", *ROW_FIELDS, "translations"]
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        rows = {r["pk"]: r for r in Activity.objects.filter(pk__in=part).values(*fields)}
        co = _linked(Activity.co_leads, "organization_id", part)
        countries = _linked(Activity.countries, "country_id", part)
        regions = _linked(Activity.regions, "region_id", part)
        techs = _linked(Activity.technologies, "technology_id", part)
        eds = _linked(Activity.editions, "edition_id", part)
        partners = _group(
            ActivityPartner.objects.filter(activity_id__in=part)
            .order_by("activity_id", "position")
            .values_list("activity_id", "organization_id", "sector")
        )
        goals = _group(
            ActivityGoal.objects.filter(activity_id__in=part).values_list(
                "activity_id", "goal_id", "source", "evidence"
            )
        )
        targets = _group(
            ActivityTarget.objects.filter(activity_id__in=part).values_list(
                "activity_id", "target_id", "source", "evidence"
            )
        )
        links = _group(
            ActivityLink.objects.filter(activity_id__in=part)
            .order_by("activity_id", "position")
            .values_list("activity_id", "url", "label")
        )
        for pk in part:
            r = rows[pk]
            record: dict[str, Any] = {name: r[name] for name in ROW_FIELDS}
            record |= {
                "id": r["public_id"],
                "domains": list(r["domains"] or []),
                "lead_organization": orgs[r["lead_organization_id"]],
                "co_leads": sorted((orgs[o] for o in co.get(pk, [])), key=str.casefold),
                "partners": [
                    {"organization": orgs[o], "sector": s} for o, s in partners.get(pk, [])
                ],
                "countries": sorted(countries.get(pk, [])),
                "regions": sorted(regions.get(pk, [])),
                "technologies": sorted(techs.get(pk, []), key=lambda k: tech_order.get(k, 99)),
                "sdg_goals": [
                    {"code": str(g), "source": s, "evidence": e}
                    for g, s, e in sorted(goals.get(pk, []), key=lambda t: (t[0], t[1]))
                ],
                "sdg_targets": [
                    {"code": t, "source": s, "evidence": e}
                    for t, s, e in sorted(targets.get(pk, []), key=lambda t: (sort_key(t[0]), t[1]))
                ],
                "links": [{"url": u, "label": lb} for u, lb in links.get(pk, [])],
                "editions": sorted(years[e] for e in eds.get(pk, [])),
                "language": r["language"],
                **translation_columns(r["translations"]),
            }
            yield {name: record[name] for name in COLUMNS}


def translation_columns(translations: dict[str, Any] | None) -> dict[str, str]:
    """The model's ``translations`` as the record's columns (``title_fr`` …), every one."""
    stored = translations or {}
    return {
        column: str((stored.get(lang) or {}).get(name) or "")
        for column, name, lang in TRANSLATION_COLUMNS
    }


def activity_record(public_id: str) -> dict[str, Any] | None:
    return next(iter_activity_records(Activity.objects.filter(public_id=public_id)), None)


def public_activity_record(public_id: str) -> dict[str, Any] | None:
    """The record of a public activity (None when there is none or it is embargoed)."""
    return next(iter_activity_records(public_activities().filter(public_id=public_id)), None)


def catalog_counts() -> dict[str, Any]:
    """Headline counts for ``aiatlas stats`` and the demo summary."""
    from django.db.models import Count

    from aiatlas.catalog.choices import OrganizationKind

    per_edition = list(
        Edition.objects.order_by("year")
        .annotate(n=Count("activities"))
        .values_list("year", "status", "n")
    )
    per_goal = dict(
        ActivityGoal.objects.values_list("goal_id")
        .annotate(n=Count("activity", distinct=True))
        .values_list("goal_id", "n")
    )
    return {
        "activities": Activity.objects.count(),
        "organizations": Organization.objects.count(),
        "un_entities": Organization.objects.filter(kind=OrganizationKind.UN_ENTITY).count(),
        "lead_organizations": Activity.objects.values("lead_organization").distinct().count(),
        "editions": per_edition,
        "goals": {g: per_goal.get(g, 0) for g in range(1, 18)},
        "partners": ActivityPartner.objects.count(),
    }


def code_labels() -> CodeLabels:
    """The English names of every code a record holds (reference tables and choices), for
    the label columns of exports: one query per table."""
    from django.utils import translation

    from aiatlas.catalog.choices import ActivityKind, ActivityStatus, OrganizationKind
    from aiatlas.catalog.io.labels import CodeLabels
    from aiatlas.catalog.models import Country, Region
    from aiatlas.taxonomy.models import Goal

    with translation.override("en"):
        kinds = {k: str(v) for k, v in ActivityKind.choices}
        statuses = {k: str(v) for k, v in ActivityStatus.choices}
        sectors = {k: str(v) for k, v in OrganizationKind.choices}
    return CodeLabels(
        kinds=kinds,
        statuses=statuses,
        sectors=sectors,
        countries=dict(Country.objects.values_list("pk", "name")),
        regions=dict(Region.objects.values_list("code", "name")),
        technologies=dict(Technology.objects.values_list("key", "label")),
        goals={
            str(number): short.get("en", "")
            for number, short in Goal.objects.values_list("number", "short_titles")
            if short.get("en")
        },
    )
