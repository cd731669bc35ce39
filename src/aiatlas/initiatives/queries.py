"""Reads of focus groups, initiatives and challenges: pages, API, exports and the report
ask these (one owner per read)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from aiatlas.common.wordsearch import every_word, words
from aiatlas.initiatives.models import (
    Challenge,
    Deliverable,
    Entry,
    Group,
    Leader,
    Meeting,
    MeetingDocument,
    Round,
)


def groups(*, kind: str = "", status: str = "") -> QuerySet[Group]:
    qs = Group.objects.annotate(
        deliverable_count=Count("deliverables", distinct=True),
        meeting_count=Count("meetings", distinct=True),
    ).prefetch_related("partners")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def group(acronym: str) -> Group | None:
    """The group of this acronym (case-insensitive), with what its page shows."""
    return (
        Group.objects.select_related("predecessor")
        .prefetch_related(
            "partners",
            "successors",
            "milestones",
            "subgroups",
            Prefetch("leaders", queryset=Leader.objects.select_related("subgroup")),
            Prefetch("deliverables", queryset=Deliverable.objects.select_related("subgroup")),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.prefetch_related(
                    Prefetch("documents", queryset=MeetingDocument.objects.all())
                ),
            ),
            "activities__lead_organization",
            "challenges",
        )
        .filter(acronym__iexact=acronym)
        .first()
    )


@dataclass(frozen=True)
class TimelineItem:
    when: date
    kind: str
    label: str
    detail: str = ""
    link: str = ""


def timeline(group: Group) -> list[TimelineItem]:
    """The group's life in date order: milestones, meetings and approved deliverables."""
    items = [
        TimelineItem(m.date, m.kind, m.get_kind_display(), m.decision, m.link)
        for m in group.milestones.all()
    ]
    for meeting in group.meetings.all():
        place = "online" if meeting.online else ", ".join(p for p in [meeting.city] if p)
        items.append(TimelineItem(meeting.starts_on, "meeting", f"#{meeting.number}", place))
    for d in group.deliverables.all():
        if d.approved_on:
            items.append(TimelineItem(d.approved_on, "deliverable", d.code, d.title))
    return sorted(items, key=lambda i: (i.when, i.kind))


def deliverables(
    *, q: str = "", kind: str = "", status: str = "", group: str = "", year: int | None = None
) -> QuerySet[Deliverable]:
    qs = Deliverable.objects.select_related("group", "subgroup")
    words_in = [
        "title__icontains",
        "code__icontains",
        "summary__icontains",
        "group__acronym__iexact",
    ]
    qs = qs.filter(every_word(q, words_in))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if group:
        qs = qs.filter(group__acronym__iexact=group)
    if year:
        qs = qs.filter(approved_on__year=year)
    return qs


def deliverable_facets(rows: QuerySet[Deliverable]) -> dict[str, list[tuple[str, int]]]:
    """Counts of the rows by kind, status, group and approval year (most first)."""
    values = list(rows.values_list("kind", "status", "group__acronym", "approved_on"))
    facets = {
        "kind": Counter(v[0] for v in values),
        "status": Counter(v[1] for v in values),
        "group": Counter(v[2] for v in values),
        "year": Counter(str(v[3].year) for v in values if v[3]),
    }
    return {name: counts.most_common() for name, counts in facets.items()}


def challenges() -> QuerySet[Challenge]:
    return Challenge.objects.select_related("group").annotate(
        team_count=Count("teams", distinct=True), round_count=Count("rounds", distinct=True)
    )


def challenge(slug: str) -> Challenge | None:
    return (
        Challenge.objects.select_related("group")
        .prefetch_related("problems", "rounds", "teams", "prizes__winner")
        .filter(slug=slug)
        .first()
    )


@dataclass(frozen=True)
class Standing:
    rank: int | None
    team: str
    category: str
    countries: list[str]
    problem: str
    score: Any
    repository: str


def leaderboard(round: Round) -> list[Standing]:
    """The round's entries by score, best first; equal scores share a rank (1, 2, 2, 4);
    an entry without a score has no rank and comes last."""
    entries = list(Entry.objects.filter(round=round).select_related("team", "problem"))
    scored = sorted((e for e in entries if e.score is not None), key=lambda e: -e.score)
    out: list[Standing] = []
    previous, rank = None, 0
    for i, e in enumerate(scored, start=1):
        if e.score != previous:
            rank, previous = i, e.score
        out.append(_standing(e, rank))
    out += [_standing(e, None) for e in entries if e.score is None]
    return out


def _standing(e: Entry, rank: int | None) -> Standing:
    return Standing(
        rank=rank,
        team=e.team.name,
        category=e.team.get_category_display(),
        countries=list(e.team.countries),
        problem=e.problem.code if e.problem else "",
        score=e.score,
        repository=e.repository,
    )


def round_of(challenge: Challenge, pk: int) -> Round | None:
    return challenge.rounds.filter(pk=pk).first()


@dataclass(frozen=True)
class Hit:
    type: str  # group | deliverable | challenge
    title: str
    subtitle: str
    url_name: str
    url_args: tuple[str, ...]


def search(q: str, limit: int = 20) -> list[Hit]:
    """Groups, deliverables and challenges whose words contain every word of ``q``."""
    if not words(q):
        return []
    gq = every_word(q, ["acronym__icontains", "name__icontains", "summary__icontains"])
    dq = every_word(q, ["title__icontains", "code__icontains", "summary__icontains"])
    cq = every_word(q, ["title__icontains", "summary__icontains"])
    hits = [
        Hit("group", g.name, g.acronym, "initiatives:group", (g.acronym,))
        for g in Group.objects.filter(gq)[:limit]
    ]
    hits += [
        Hit(
            "deliverable",
            d.title,
            f"{d.group.acronym} {d.code}",
            "initiatives:group",
            (d.group.acronym,),
        )
        for d in Deliverable.objects.filter(dq).select_related("group")[:limit]
    ]
    hits += [
        Hit("challenge", c.title, str(c.year), "initiatives:challenge", (c.slug,))
        for c in Challenge.objects.filter(cq)[:limit]
    ]
    return hits


def groups_of_activity(activity_id: int) -> QuerySet[Group]:
    return Group.objects.filter(activities__pk=activity_id)
