"""Reads of the call for sessions and its review (pages and API call these)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from aiatlas.programme.choices import SessionState
from aiatlas.programme.models import (
    Call,
    ConflictOfInterest,
    Proposal,
    ProposalSpeaker,
    Review,
    ReviewAssignment,
)
from aiatlas.programme.scoring import Category, mean, weighted_score


def call_of(event: Any) -> Call | None:
    return Call.objects.select_related("event").filter(event=event).first()


def call(pk: int) -> Call | None:
    return (
        Call.objects.select_related("event__programme")
        .prefetch_related("fields__tracks", "categories", "teams__tracks", "teams__members")
        .filter(pk=pk)
        .first()
    )


def is_open(call: Call, now: Any = None) -> bool:
    now = now or timezone.now()
    return call.opens_at <= now and (call.closes_at is None or now < call.closes_at)


def open_calls(now: Any = None) -> list[Call]:
    now = now or timezone.now()
    return [
        c
        for c in Call.objects.select_related("event__programme").order_by("closes_at")
        if is_open(c, now)
    ]


def _with_speakers() -> Prefetch:
    return Prefetch(
        "speakers",
        queryset=ProposalSpeaker.objects.select_related("user").order_by("position", "pk"),
    )


def proposals_of(user: Any) -> QuerySet[Proposal]:
    """The proposals the user submitted or speaks in (accepted invitations)."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    mine = Proposal.objects.filter(submitted_by=user) | Proposal.objects.filter(
        speakers__user=user, speakers__status="accepted"
    )
    return (
        mine.distinct()
        .select_related("call__event", "track", "session")
        .prefetch_related(_with_speakers())
        .order_by("-created_at")
    )


def proposal(pk: int) -> Proposal | None:
    return (
        Proposal.objects.select_related("call__event__programme", "track", "session")
        .prefetch_related(_with_speakers(), "files")
        .filter(pk=pk)
        .first()
    )


def invitation(token: str) -> ProposalSpeaker | None:
    token = str(token or "")[:64]
    if not token:
        return None
    return (
        ProposalSpeaker.objects.select_related("proposal__call__event", "proposal__submitted_by")
        .filter(token=token)
        .first()
    )


def categories_of(call: Call) -> list[Category]:
    return [Category(c.pk, c.weight, c.max_score) for c in call.categories.all()]


@dataclass
class ProposalRow:
    proposal: Proposal
    reviewers: list[Any] = field(default_factory=list)
    scores: list[float | None] = field(default_factory=list)
    conflicts: int = 0

    @property
    def score(self) -> float | None:
        return mean(self.scores)

    @property
    def done(self) -> int:
        return sum(1 for s in self.scores if s is not None)


@dataclass
class ReviewerRow:
    reviewer: Any
    assigned: int = 0
    done: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.assigned) if self.assigned else 100


@dataclass
class Overview:
    call: Call
    rows: list[ProposalRow]
    reviewers: list[ReviewerRow]

    def by_state(self, state: str) -> list[ProposalRow]:
        return [r for r in self.rows if r.proposal.state == state]


def review_overview(call: Call) -> Overview:
    """Every proposal with its reviewers and weighted mean score (best first among those
    under review), and each reviewer's progress."""
    categories = categories_of(call)
    proposals = list(
        call.proposals.select_related("track", "submitted_by").prefetch_related(_with_speakers())
    )
    rows = {p.pk: ProposalRow(p) for p in proposals}
    reviews = {
        (r.proposal_id, r.reviewer_id): r for r in Review.objects.filter(proposal__call=call)
    }
    people: dict[int, ReviewerRow] = {}
    for team in call.teams.prefetch_related("members"):
        for member in team.members.all():
            people.setdefault(member.pk, ReviewerRow(member))
    pairs = list(
        ReviewAssignment.objects.filter(proposal__call=call).values_list(
            "proposal_id", "reviewer_id"
        )
    )
    users = get_user_model().objects.in_bulk({rid for _pid, rid in pairs})
    for pid, rid in pairs:
        a = ReviewAssignment(proposal_id=pid, reviewer=users[rid])
        row = rows[a.proposal_id]
        row.reviewers.append(a.reviewer)
        review = reviews.get((a.proposal_id, a.reviewer_id))
        row.scores.append(weighted_score(review.scores, categories) if review else None)
        who = people.setdefault(a.reviewer_id, ReviewerRow(a.reviewer))
        who.assigned += 1
        who.done += review is not None
    for pid, _rid in ConflictOfInterest.objects.filter(proposal__call=call).values_list(
        "proposal_id", "reviewer_id"
    ):
        rows[pid].conflicts += 1
    ordered = sorted(
        rows.values(),
        key=lambda r: (
            r.proposal.state != SessionState.SUBMITTED,
            -(r.score if r.score is not None else -1),
            r.proposal.pk,
        ),
    )
    return Overview(
        call,
        ordered,
        sorted(people.values(), key=lambda r: r.reviewer.get_full_name() or r.reviewer.email),
    )


@dataclass
class Assigned:
    proposal: Proposal
    review: Review | None


def assigned_to(user: Any, call: Call) -> list[Assigned]:
    """The reviewer's proposals in this call, with their own review if written."""
    if not getattr(user, "is_authenticated", False):
        return []
    mine = {r.proposal_id: r for r in Review.objects.filter(reviewer=user, proposal__call=call)}
    items = (
        Proposal.objects.filter(call=call, assignments__reviewer=user)
        .select_related("track")
        .prefetch_related(_with_speakers())
        .order_by("pk")
    )
    return [Assigned(p, mine.get(p.pk)) for p in items]


def review_of(user: Any, proposal: Proposal) -> Review | None:
    return Review.objects.filter(proposal=proposal, reviewer=user).first()


def reviewer_calls(user: Any) -> list[Call]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Call.objects.filter(teams__members=user).select_related("event").distinct().order_by("pk")
    )


def score_counts(call: Call) -> dict[int, int]:
    """Proposal id → number of reviews written (for the API)."""
    counts: dict[int, int] = defaultdict(int)
    for pid in Review.objects.filter(proposal__call=call).values_list("proposal_id", flat=True):
        counts[pid] += 1
    return dict(counts)
