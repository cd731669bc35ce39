"""The figures of focus groups, initiatives and challenges, each computed once here and
traceable: every row says which records it counts (``records``), so a page, the API and the
report chapter show the same number and a reader can follow it to its records."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from aiatlas.catalog.models import Country
from aiatlas.common.figures import Figure, Row
from aiatlas.initiatives.choices import GroupStatus
from aiatlas.initiatives.models import Deliverable, Group, Meeting, Team


def _rows(buckets: dict[tuple[str, str], list[str]]) -> list[Row]:
    return [Row.counting(key, label, records) for (key, label), records in buckets.items()]


def groups_by_status() -> Figure:
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for g in Group.objects.only("acronym", "status"):
        buckets[(g.status, str(GroupStatus(g.status).label))].append(g.acronym)
    rows = sorted(_rows(buckets), key=lambda r: r.key)
    return Figure("groups-by-status", _("Groups by status"), _("groups"), rows)


def groups_by_parent() -> Figure:
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for g in Group.objects.only("acronym", "parent"):
        parent = g.parent or _("no parent body")
        buckets[(g.parent, parent)].append(g.acronym)
    rows = sorted(_rows(buckets), key=lambda r: (-r.count, r.label))
    return Figure("groups-by-parent", _("Groups by parent body"), _("groups"), rows)


def deliverables_per_year() -> Figure:
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d in Deliverable.objects.select_related("group").exclude(approved_on=None):
        year = str(d.approved_on.year)
        buckets[(year, year)].append(f"{d.group.acronym} {d.code}")
    rows = sorted(_rows(buckets), key=lambda r: r.key)
    return Figure(
        "deliverables-per-year", _("Deliverables approved per year"), _("deliverables"), rows
    )


def meeting_participation() -> Figure:
    """Participants per meeting (meetings with a count only)."""
    rows = [
        Row(
            f"{m.group.acronym}-{m.number}",
            f"{m.group.acronym} #{m.number} ({m.starts_on:%Y-%m})",
            m.participants or 0,
            (f"{m.group.acronym} meeting {m.number}",),
        )
        for m in Meeting.objects.select_related("group")
        .exclude(participants=None)
        .order_by("starts_on")
    ]
    return Figure("meeting-participants", _("Participants per meeting"), _("participants"), rows)


def challenge_teams_by_region(challenge_id: int | None = None) -> Figure:
    """Teams by the region of their members' countries (a team with members in two
    regions counts in both); teams without a known country are counted as such."""
    regions = {
        c.pk: (c.region.code, c.region.name) if c.region_id else ("", _("unknown region"))
        for c in Country.objects.select_related("region")
    }
    teams = Team.objects.select_related("challenge")
    if challenge_id:
        teams = teams.filter(challenge_id=challenge_id)
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for team in teams:
        seen = {regions.get(code, ("", _("unknown region"))) for code in team.countries}
        for region in seen or {("", _("unknown region"))}:
            buckets[region].append(f"{team.challenge.slug}: {team.name}")
    rows = sorted(_rows(buckets), key=lambda r: (-r.count, r.label))
    return Figure("challenge-teams-by-region", _("Challenge teams by region"), _("teams"), rows)


def all_figures() -> list[Figure]:
    return [
        groups_by_status(),
        groups_by_parent(),
        deliverables_per_year(),
        meeting_participation(),
        challenge_teams_by_region(),
    ]


def figure(figure_id: str) -> Figure | None:
    return next((f for f in all_figures() if f.id == figure_id), None)
