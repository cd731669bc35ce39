"""Read queries of the public pages: one activity with its parts, organizations, goals,
editions, and the grouped counts behind the charts (one GROUP BY query each)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from aiatlas.catalog.choices import EditionStatus, OrganizationKind
from aiatlas.catalog.models import (
    Activity,
    ActivityGoal,
    ActivityPartner,
    ActivityTarget,
    Edition,
    Organization,
)
from aiatlas.taxonomy.models import Goal, Target

#: a set of activities to count over, as a queryset (used as a sub-query, never loaded)
Scope = QuerySet[Activity]


@dataclass(frozen=True)
class GoalCount:
    number: int
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class LabelCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Figures:
    activities: int
    organizations: int
    countries: int
    partners: int
    goals: int


# --- scopes ---------------------------------------------------------------------------


def all_activities() -> Scope:
    return Activity.objects.all()


def edition_scope(edition: Edition) -> Scope:
    return Activity.objects.filter(editions=edition)


def goal_scope(number: int) -> Scope:
    return Activity.objects.filter(goal_tags__goal_id=number).distinct()


def organization_scope(org: Organization) -> Scope:
    return Activity.objects.filter(Q(lead_organization=org) | Q(co_leads=org)).distinct()


def _ids(scope: Scope) -> QuerySet[Activity, Any]:
    return scope.order_by().values("pk")


# --- editions -------------------------------------------------------------------------


def latest_published_edition() -> Edition | None:
    return Edition.objects.filter(status=EditionStatus.PUBLISHED).order_by("-year").first()


def edition_by_year(year: int) -> Edition | None:
    return Edition.objects.filter(year=year).first()


def editions_with_counts() -> list[tuple[Edition, int]]:
    rows = Edition.objects.order_by("-year").annotate(n=Count("activities"))
    return [(e, e.n) for e in rows]


# --- figures and charts ---------------------------------------------------------------


def figures(scope: Scope) -> Figures:
    ids = _ids(scope)
    through = Activity.countries.through.objects.filter(activity_id__in=ids)
    leads = Activity.objects.filter(pk__in=ids).values("lead_organization_id").distinct()
    return Figures(
        activities=Activity.objects.filter(pk__in=ids).count(),
        organizations=leads.count(),
        countries=through.values("country_id").distinct().count(),
        partners=ActivityPartner.objects.filter(activity_id__in=ids)
        .values("organization_id")
        .distinct()
        .count(),
        goals=ActivityGoal.objects.filter(activity_id__in=ids).values("goal_id").distinct().count(),
    )


def goal_coverage(scope: Scope, language: str) -> list[GoalCount]:
    """Activities per SDG (any tag source), all 17 goals in order, zeros included."""
    counts = dict(
        ActivityGoal.objects.filter(activity_id__in=_ids(scope))
        .values("goal_id")
        .annotate(n=Count("activity_id", distinct=True))
        .values_list("goal_id", "n")
    )
    return [
        GoalCount(g.number, g.short_title(language), g.colour, counts.get(g.number, 0))
        for g in Goal.objects.order_by("number")
    ]


def top_organizations(scope: Scope, limit: int = 15) -> list[LabelCount]:
    """Lead organizations with the most activities."""
    rows = (
        Activity.objects.filter(pk__in=_ids(scope))
        .values("lead_organization__acronym", "lead_organization__name")
        .annotate(n=Count("pk"))
        .order_by("-n", Lower("lead_organization__name"))[:limit]
    )
    out = []
    for r in rows:
        ref = r["lead_organization__acronym"] or r["lead_organization__name"]
        out.append(LabelCount(ref, r["lead_organization__name"], r["n"]))
    return out


def sector_mix(scope: Scope) -> list[LabelCount]:
    """Partnerships by partner sector, largest first."""
    labels = dict(OrganizationKind.choices)
    rows = (
        ActivityPartner.objects.filter(activity_id__in=_ids(scope))
        .values("sector")
        .annotate(n=Count("pk"))
        .order_by("-n", "sector")
    )
    return [
        LabelCount(r["sector"], str(labels.get(r["sector"], r["sector"])), r["n"]) for r in rows
    ]


def trend(scope: Scope | None = None) -> list[LabelCount]:
    """Activities per published edition, oldest first (within ``scope`` when given)."""
    flt = Q(activities__in=_ids(scope)) if scope is not None else Q()
    rows = (
        Edition.objects.filter(status=EditionStatus.PUBLISHED)
        .order_by("year")
        .annotate(n=Count("activities", filter=flt))
    )
    return [LabelCount(str(e.year), e.title, e.n) for e in rows]


# --- one activity ---------------------------------------------------------------------


def activity_detail(public_id: str) -> Activity | None:
    """One activity with every part prefetched (a fixed number of queries)."""
    return (
        Activity.objects.select_related("lead_organization")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ActivityPartner.objects.select_related("organization").order_by(
                    "position"
                ),
            ),
            Prefetch(
                "goal_tags", queryset=ActivityGoal.objects.select_related("goal").order_by("goal")
            ),
            Prefetch(
                "target_tags",
                queryset=ActivityTarget.objects.select_related("target").order_by(
                    "target__goal_id", "target__position"
                ),
            ),
            "links",
            "countries",
            "regions",
            "technologies",
            "editions",
            "co_leads",
        )
        .filter(public_id=public_id)
        .first()
    )


def goal_tags_by_activity(activity_ids: list[int]) -> dict[int, list[Goal]]:
    """The distinct SDG goals of each activity (for result cards), in goal order."""
    out: dict[int, list[Goal]] = defaultdict(list)
    goals = {g.number: g for g in Goal.objects.all()}
    rows = (
        ActivityGoal.objects.filter(activity_id__in=activity_ids)
        .values_list("activity_id", "goal_id")
        .distinct()
        .order_by("activity_id", "goal_id")
    )
    for activity_id, goal_id in rows:
        out[activity_id].append(goals[goal_id])
    return out


def activity_cards(activity_ids: list[int]) -> dict[int, Activity]:
    """Activities for result cards by primary key, with the lead organization."""
    rows = Activity.objects.select_related("lead_organization").filter(pk__in=activity_ids)
    return {a.pk: a for a in rows}


# --- organizations --------------------------------------------------------------------


def organization_by_ref(ref: str) -> Organization | None:
    org = Organization.objects.filter(acronym__iexact=ref).exclude(acronym="").first()
    return org or Organization.objects.filter(name__iexact=ref).first()


def organizations_with_counts() -> list[tuple[Organization, int]]:
    rows = (
        Organization.objects.annotate(n=Count("led_activities"))
        .filter(n__gt=0)
        .order_by(Lower("name"))
    )
    return [(o, o.n) for o in rows]


def activities_by_edition(scope: Scope) -> list[tuple[Edition | None, list[Activity]]]:
    """Activities of ``scope`` grouped by edition, newest edition first; activities in no
    edition come last under ``None``. An activity in several editions is listed in each."""
    ids = _ids(scope)
    activities = {
        a.pk: a
        for a in Activity.objects.filter(pk__in=ids)
        .select_related("lead_organization")
        .order_by("public_id")
    }
    links = (
        Activity.editions.through.objects.filter(activity_id__in=ids)
        .values_list("edition_id", "activity_id")
        .order_by("edition_id")
    )
    grouped: dict[int, list[Activity]] = defaultdict(list)
    seen: set[int] = set()
    for edition_id, activity_id in links:
        grouped[edition_id].append(activities[activity_id])
        seen.add(activity_id)
    editions = Edition.objects.filter(pk__in=grouped.keys()).order_by("-year")
    out: list[tuple[Edition | None, list[Activity]]] = [
        (e, sorted(grouped[e.pk], key=lambda a: a.public_id)) for e in editions
    ]
    rest = [a for pk, a in activities.items() if pk not in seen]
    if rest:
        out.append((None, rest))
    return out


def organization_partners(org: Organization) -> list[tuple[Organization, str, int]]:
    """Organizations that partnered on ``org``'s activities: (partner, sector, activities)."""
    labels = dict(OrganizationKind.choices)
    rows = (
        ActivityPartner.objects.filter(activity_id__in=_ids(organization_scope(org)))
        .values("organization_id", "sector")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by("-n")
    )
    orgs = Organization.objects.in_bulk([r["organization_id"] for r in rows])
    out = [
        (orgs[r["organization_id"]], str(labels.get(r["sector"], r["sector"])), r["n"])
        for r in rows
    ]
    out.sort(key=lambda t: (-t[2], t[0].name.casefold()))
    return out


# --- goals ----------------------------------------------------------------------------


def goal_by_number(number: int) -> Goal | None:
    return Goal.objects.filter(number=number).first()


def all_goals_with_counts() -> list[tuple[Goal, int]]:
    counts = dict(
        ActivityGoal.objects.values("goal_id")
        .annotate(n=Count("activity_id", distinct=True))
        .values_list("goal_id", "n")
    )
    return [(g, counts.get(g.number, 0)) for g in Goal.objects.order_by("number")]


def goal_targets(number: int) -> list[tuple[Target, int]]:
    """The goal's targets in order with the number of activities tagged with each."""
    counts = dict(
        ActivityTarget.objects.filter(target__goal_id=number)
        .values("target_id")
        .annotate(n=Count("activity_id", distinct=True))
        .values_list("target_id", "n")
    )
    targets = Target.objects.filter(goal_id=number).order_by("position")
    return [(t, counts.get(t.code, 0)) for t in targets]


def recent_activities(scope: Scope, limit: int) -> list[Activity]:
    return list(
        Activity.objects.filter(pk__in=_ids(scope))
        .select_related("lead_organization")
        .order_by("-start_year", "public_id")[:limit]
    )
