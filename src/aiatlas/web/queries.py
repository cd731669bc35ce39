"""Read queries of the public pages over live data: one activity with its parts,
organizations, goals, open editions, and the grouped counts behind the charts (one GROUP BY
query each). Every scope starts from ``catalog.queries.public_activities`` (embargoed
activities never count), and SDG counts count only tags a person gave or confirmed.

A published edition is never counted here: its figures come from its snapshot through
``aiatlas.report.figures`` (see ``web.editions``)."""

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
from aiatlas.catalog.queries import HUMAN_SOURCES, public_activities
from aiatlas.common.charts import GoalCount, LabelCount
from aiatlas.taxonomy.models import Goal, Target

#: a set of activities to count over, as a queryset (used as a sub-query, never loaded)
Scope = QuerySet[Activity]


@dataclass(frozen=True)
class Figures:
    activities: int
    organizations: int
    countries: int
    partners: int
    goals: int


# --- scopes ---------------------------------------------------------------------------


def all_activities() -> Scope:
    return public_activities()


def edition_scope(edition: Edition) -> Scope:
    return public_activities().filter(editions=edition)


def within_edition(scope: Scope, edition: Edition | None) -> Scope:
    """``scope`` kept to the activities of ``edition`` (all of it without one)."""
    if edition is None:
        return scope
    return scope.filter(pk__in=edition_scope(edition).values("pk"))


def goal_scope(number: int) -> Scope:
    tagged = ActivityGoal.objects.filter(goal_id=number, source__in=HUMAN_SOURCES)
    return public_activities().filter(pk__in=tagged.values("activity_id"))


def organization_scope(org: Organization) -> Scope:
    return public_activities().filter(
        Q(lead_organization=org) | Q(pk__in=Activity.co_leads.through.objects.filter(
            organization=org).values("activity_id"))
    )  # fmt: skip


def human_goal_tags() -> QuerySet[ActivityGoal]:
    """SDG tags that a person gave or confirmed: what official counts count."""
    return ActivityGoal.objects.filter(source__in=HUMAN_SOURCES)


def _ids(scope: Scope) -> QuerySet[Activity, Any]:
    return scope.order_by().values("pk")


# --- editions -------------------------------------------------------------------------


def latest_published_edition() -> Edition | None:
    return Edition.objects.filter(status=EditionStatus.PUBLISHED).order_by("-year").first()


def edition_by_year(year: int) -> Edition | None:
    return Edition.objects.filter(year=year).first()


def open_edition_counts() -> dict[int, int]:
    """Public activities per edition that is not published (edition id -> count)."""
    rows = (
        Activity.editions.through.objects.filter(
            activity_id__in=_ids(public_activities()), edition__in=Edition.objects.exclude(
                status=EditionStatus.PUBLISHED)
        )
        .values("edition_id")
        .annotate(n=Count("activity_id"))
        .values_list("edition_id", "n")
    )  # fmt: skip
    return dict(rows)


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
        goals=human_goal_tags().filter(activity_id__in=ids).values("goal_id").distinct().count(),
    )


def goal_coverage(scope: Scope, language: str) -> list[GoalCount]:
    """Activities per SDG (tags confirmed by a person), all 17 goals, zeros included."""
    counts = dict(
        human_goal_tags()
        .filter(activity_id__in=_ids(scope))
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
    """Activities with partners from each sector, largest first."""
    labels = dict(OrganizationKind.choices)
    rows = (
        ActivityPartner.objects.filter(activity_id__in=_ids(scope))
        .values("sector")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by("-n", "sector")
    )
    return [
        LabelCount(r["sector"], str(labels.get(r["sector"], r["sector"])), r["n"]) for r in rows
    ]


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


def goal_tags_by_activity(activity_ids: list[int]) -> dict[int, list[tuple[Goal, bool]]]:
    """The distinct SDG goals of each activity (for result cards), in goal order, each with
    whether a person gave or confirmed it (False: a machine suggestion only)."""
    confirmed: dict[tuple[int, int], bool] = {}
    rows = (
        ActivityGoal.objects.filter(activity_id__in=activity_ids)
        .values_list("activity_id", "goal_id", "source")
        .order_by("activity_id", "goal_id")
    )
    for activity_id, goal_id, source in rows:
        key = (activity_id, goal_id)
        confirmed[key] = confirmed.get(key, False) or source in HUMAN_SOURCES
    goals = {g.number: g for g in Goal.objects.all()}
    out: dict[int, list[tuple[Goal, bool]]] = defaultdict(list)
    for (activity_id, goal_id), human in confirmed.items():
        out[activity_id].append((goals[goal_id], human))
    return out


def activity_cards(activity_ids: list[int]) -> dict[int, Activity]:
    """Activities for result cards by primary key, with the lead organization."""
    rows = Activity.objects.select_related("lead_organization").filter(pk__in=activity_ids)
    return {a.pk: a for a in rows}


# --- organizations --------------------------------------------------------------------


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
    """Every SDG with its public activities (tags confirmed by a person)."""
    counts = dict(
        human_goal_tags()
        .filter(activity_id__in=_ids(public_activities()))
        .values("goal_id")
        .annotate(n=Count("activity_id", distinct=True))
        .values_list("goal_id", "n")
    )
    return [(g, counts.get(g.number, 0)) for g in Goal.objects.order_by("number")]


def goal_targets(number: int) -> list[tuple[Target, int]]:
    """The goal's targets in order with the number of activities tagged with each."""
    counts = dict(
        ActivityTarget.objects.filter(
            target__goal_id=number,
            source__in=HUMAN_SOURCES,
            activity_id__in=_ids(public_activities()),
        )
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
