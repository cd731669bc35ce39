"""Review of the proposals: conflicts of interest, balanced automatic assignment,
scoring, and bulk accept/reject with a preview of the outbox before anything is sent.
An accepted proposal becomes a session (unscheduled, state accepted)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from aiatlas.accounts.mail import compose, recipient_of, send_to_each
from aiatlas.programme.assignment import Item, assign
from aiatlas.programme.choices import InvitationStatus, SessionState
from aiatlas.programme.exceptions import InvalidInput, InvalidState, NotAllowed, NotFound
from aiatlas.programme.models import (
    Call,
    ConflictOfInterest,
    Proposal,
    Review,
    ReviewAssignment,
    Speaker,
)
from aiatlas.programme.rules import can
from aiatlas.programme.services.calls import locked_proposal
from aiatlas.programme.services.sessions import create_session


@transaction.atomic
def declare_conflict(*, user: Any, proposal_id: int, reason: str = "") -> ConflictOfInterest:
    """A reviewer declares a conflict: they leave the proposal's reviewers, their review
    of it (if any) is removed, and the assignment never gives it to them again."""
    proposal = locked_proposal(proposal_id)
    if not can(user, "declare_conflict", proposal):
        raise NotAllowed("Only a reviewer of this call declares a conflict of interest.")
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        proposal=proposal, reviewer=user, defaults={"reason": str(reason or "")[:300]}
    )
    ReviewAssignment.objects.filter(proposal=proposal, reviewer=user).delete()
    Review.objects.filter(proposal=proposal, reviewer=user).delete()
    return conflict


@transaction.atomic
def score_proposal(
    *, user: Any, proposal_id: int, scores: Mapping[int | str, Any], comment: str = ""
) -> Review:
    """The reviewer's scores, one whole number per category from 0 to its highest."""
    proposal = locked_proposal(proposal_id)
    if not can(user, "review_proposal", proposal):
        raise NotAllowed(
            "You may review only proposals assigned to you, still under review, with no "
            "declared conflict of interest."
        )
    categories = list(proposal.call.categories.all())
    if not categories:
        raise InvalidState("This call has no score categories yet.")
    clean: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    given = {str(k): v for k, v in scores.items()}
    for category in categories:
        raw = given.get(str(category.pk))
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            problems.append((f"score_{category.pk}", f"{category.name}: give a score."))
            continue
        if not 0 <= value <= category.max_score:
            problems.append(
                (f"score_{category.pk}", f"{category.name}: from 0 to {category.max_score}.")
            )
            continue
        clean[str(category.pk)] = value
    if problems:
        raise InvalidInput("Some scores need attention.", problems)
    review, _created = Review.objects.update_or_create(
        proposal=proposal,
        reviewer=user,
        defaults={"scores": clean, "comment": str(comment or "")[:5000]},
    )
    return review


@transaction.atomic
def assign_reviewers(*, user: Any, call_id: int) -> dict[int, list[int]]:
    """Give each proposal under review its ``reviews_per_proposal`` reviewers from the
    teams of its track, balancing the load and honouring conflicts (see
    :mod:`aiatlas.programme.assignment`). Existing assignments stay. Returns what was
    added: proposal id → reviewer ids."""
    if not can(user, "manage_review"):
        raise NotAllowed("Only the programme team assigns reviewers.")
    call = Call.objects.select_for_update().filter(pk=call_id).first()
    if call is None:
        raise NotFound("There is no such call for sessions.")
    tracks: dict[int, set[int | None] | None] = {}
    for team in call.teams.prefetch_related("tracks", "members"):
        covered = {t.pk for t in team.tracks.all()}
        for member in team.members.all():
            if not member.is_active:
                continue
            if not covered:
                tracks[member.pk] = None
            elif member.pk not in tracks or tracks[member.pk] is not None:
                tracks[member.pk] = (tracks.get(member.pk) or set()) | covered
    reviewers = {rid: frozenset(t) if t is not None else None for rid, t in tracks.items()}
    proposals = list(call.proposals.filter(state=SessionState.SUBMITTED).order_by("pk"))
    # speakers never review their own proposal
    own = set(
        call.proposals.filter(speakers__user__isnull=False).values_list("pk", "speakers__user")
    )
    conflicts = set(
        ConflictOfInterest.objects.filter(proposal__call=call).values_list(
            "proposal_id", "reviewer_id"
        )
    )
    existing: dict[int, set[int]] = defaultdict(set)
    for pid, rid in ReviewAssignment.objects.filter(proposal__call=call).values_list(
        "proposal_id", "reviewer_id"
    ):
        existing[pid].add(rid)
    added = assign(
        [Item(p.pk, p.track_id) for p in proposals],
        reviewers,
        k=call.reviews_per_proposal,
        conflicts=conflicts | own,
        existing=existing,
    )
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(proposal_id=pid, reviewer_id=rid)
        for pid, rids in added.items()
        for rid in rids
    )
    return added


@dataclass(frozen=True)
class Outgoing:
    """One message a decision would send (the preview shows these)."""

    proposal_id: int
    decision: str
    to: str
    language: str
    subject: str
    body: str


def _deciding_on(
    user: Any, call_id: int, accept: Sequence[int], reject: Sequence[int], *, lock: bool
) -> Call:
    """The call whose proposals the team accepts and rejects (locked with its event when
    the decisions are made), once the user may decide and no proposal is in both lists."""
    if not can(user, "decide_proposals"):
        raise NotAllowed("Only the programme team decides on proposals.")
    calls = Call.objects.select_related("event")
    if lock:
        calls = calls.select_for_update()
    call = calls.filter(pk=call_id).first()
    if call is None:
        raise NotFound("There is no such call for sessions.")
    if set(accept) & set(reject):
        raise InvalidInput("A proposal cannot be both accepted and rejected.")
    return call


def _decided(call: Call, ids: Sequence[int]) -> list[Proposal]:
    ids = list(dict.fromkeys(int(i) for i in ids))
    found = list(call.proposals.filter(pk__in=ids).select_related("call__event").order_by("pk"))
    if len(found) != len(ids):
        raise InvalidInput("Some proposals are not part of this call.")
    return found


def _recipients(proposal: Proposal) -> list[Any]:
    return [
        s.user or s.email
        for s in proposal.speakers.filter(status=InvitationStatus.ACCEPTED).select_related("user")
    ]


def preview_decisions(
    *, user: Any, call_id: int, accept: Sequence[int], reject: Sequence[int]
) -> list[Outgoing]:
    """The messages ``decide_proposals`` would write, one per speaker, in their language;
    nothing is stored or sent."""
    call = _deciding_on(user, call_id, accept, reject, lock=False)
    out = []
    for decision, ids in (("accepted", accept), ("rejected", reject)):
        for proposal in _decided(call, ids):
            seen: set[str] = set()
            for who in _recipients(proposal):
                person = recipient_of(who)
                if person.email.lower() in seen:
                    continue
                seen.add(person.email.lower())
                subject, body = compose(
                    f"programme.{decision}",
                    language=person.language,
                    values={
                        "name": person.name or person.email,
                        "title": proposal.title,
                        "event": call.event.title,
                        "link": "…",
                    },
                )
                out.append(
                    Outgoing(proposal.pk, decision, person.email, person.language, subject, body)
                )
    return out


def _speakers_of(proposal: Proposal) -> list[Speaker]:
    people = []
    for link in proposal.speakers.filter(status=InvitationStatus.ACCEPTED).select_related("user"):
        speaker = Speaker.objects.filter(user=link.user).first() if link.user else None
        if speaker is None:
            speaker = Speaker.objects.create(
                name=link.name or link.email, email=link.email, user=link.user
            )
        people.append(speaker)
    return people


@transaction.atomic
def decide_proposals(
    *, user: Any, call_id: int, accept: Sequence[int], reject: Sequence[int]
) -> dict[str, list[int]]:
    """Accept and reject proposals under review in one go, and tell their speakers (one
    message each, through the outbox). Accepting makes an unscheduled session."""
    call = _deciding_on(user, call_id, accept, reject, lock=True)
    chosen = _decided(call, list(accept) + list(reject))
    late = [p.title for p in chosen if p.state != SessionState.SUBMITTED]
    if late:
        raise InvalidState(f"Already decided or withdrawn: {', '.join(late[:5])}.")
    now = timezone.now()
    done: dict[str, list[int]] = {"accepted": [], "rejected": []}
    accept_ids = set(int(i) for i in accept)
    for proposal in chosen:
        decision = "accepted" if proposal.pk in accept_ids else "rejected"
        if decision == "accepted":
            proposal.session = create_session(
                event=call.event,
                title=proposal.title,
                type=proposal.type,
                abstract=proposal.abstract,
                description=proposal.description,
                track=proposal.track,
                languages=proposal.languages or ["en"],
                speakers=_speakers_of(proposal),
                state=SessionState.ACCEPTED,
            )
            proposal.state = SessionState.ACCEPTED
        else:
            proposal.state = SessionState.REJECTED
        proposal.decided_at = proposal.notified_at = now
        proposal.save(update_fields=["session", "state", "decided_at", "notified_at"])
        pid = proposal.pk
        send_to_each(
            _recipients(proposal),
            kind=f"programme.{decision}",
            values={"title": proposal.title, "event": call.event.title},
            link=("programme:proposal", {"pk": pid}),
            topic=f"programme-proposal-{pid}",
        )
        done[decision].append(pid)
    return done
