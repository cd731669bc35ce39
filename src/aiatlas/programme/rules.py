"""Who may do what in the programme (django-rules; loaded by AutodiscoverRulesConfig).

user.has_perm("programme.manage_programme")
user.has_perm("programme.withdraw_session", session)
user.has_perm("programme.edit_proposal", proposal)
user.has_perm("programme.review_proposal", proposal)

Every permission of the programme is named here; services, views, the API and templates
ask these (``can(user, "edit_proposal", proposal)``), never a role or ``is_staff``."""

from __future__ import annotations

from typing import Any

from rules.predicates import Predicate, is_authenticated

from aiatlas.accounts.rules import is_admin
from aiatlas.common.rules import register
from aiatlas.programme import call_queries
from aiatlas.programme.choices import (
    EDITABLE_STATES,
    WITHDRAWABLE_STATES,
    InvitationStatus,
    SessionState,
)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _is_speaker_of(user: Any, session: Any) -> bool:
    if session is None or not _signed_in(user):
        return False
    return bool(session.speakers.filter(user_id=user.pk).exists())


def _is_own_speaker(user: Any, speaker: Any) -> bool:
    """The speaker record is the signed-in person's own."""
    return bool(
        speaker is not None and _signed_in(user) and getattr(speaker, "user_id", None) == user.pk
    )


def _is_withdrawable(user: Any, session: Any) -> bool:
    return session is not None and session.state in {
        SessionState.SUBMITTED,
        SessionState.ACCEPTED,
        SessionState.CONFIRMED,
    }


def _call_is_open(user: Any, call: Any) -> bool:
    """The call (or the call of a proposal) takes submissions and edits now."""
    call = getattr(call, "call", call)
    return call is not None and call_queries.is_open(call)


def _is_proposal_speaker(user: Any, proposal: Any) -> bool:
    """The submitter, or a co-speaker who accepted the invitation."""
    if proposal is None or not _signed_in(user):
        return False
    if proposal.submitted_by_id == user.pk:
        return True
    return bool(
        proposal.speakers.filter(user_id=user.pk, status=InvitationStatus.ACCEPTED).exists()
    )


def _proposal_is_editable(user: Any, proposal: Any) -> bool:
    return proposal is not None and proposal.state in EDITABLE_STATES


def _proposal_is_withdrawable(user: Any, proposal: Any) -> bool:
    return proposal is not None and proposal.state in WITHDRAWABLE_STATES


def _proposal_is_accepted(user: Any, proposal: Any) -> bool:
    return proposal is not None and proposal.state == SessionState.ACCEPTED


def _proposal_under_review(user: Any, proposal: Any) -> bool:
    return proposal is not None and proposal.state == SessionState.SUBMITTED


def _reviewer_in(user: Any, proposal: Any, relation: str) -> bool:
    """The signed-in user is the reviewer of a row of the proposal's ``relation``."""
    if proposal is None or not _signed_in(user):
        return False
    return bool(getattr(proposal, relation).filter(reviewer_id=user.pk).exists())


def _is_assigned_reviewer(user: Any, proposal: Any) -> bool:
    return _reviewer_in(user, proposal, "assignments")


def _is_on_a_team(user: Any, call: Any) -> bool:
    """A member of one of the call's reviewer teams (a proposal stands for its call)."""
    call = getattr(call, "call", call)
    if call is None or not _signed_in(user):
        return False
    return bool(call.teams.filter(members=user).exists())


def _has_conflict(user: Any, proposal: Any) -> bool:
    return _reviewer_in(user, proposal, "conflicts")


def _call_not_anonymised(user: Any, proposal: Any) -> bool:
    call = getattr(proposal, "call", proposal)
    return call is not None and not call.anonymised


is_speaker_of = Predicate(_is_speaker_of)
is_withdrawable = Predicate(_is_withdrawable)
is_own_speaker = Predicate(_is_own_speaker)
call_is_open = Predicate(_call_is_open)
is_proposal_speaker = Predicate(_is_proposal_speaker)
proposal_is_editable = Predicate(_proposal_is_editable)
proposal_is_withdrawable = Predicate(_proposal_is_withdrawable)
proposal_is_accepted = Predicate(_proposal_is_accepted)
proposal_under_review = Predicate(_proposal_under_review)
is_assigned_reviewer = Predicate(_is_assigned_reviewer)
is_on_a_team = Predicate(_is_on_a_team)
has_conflict = Predicate(_has_conflict)
call_not_anonymised = Predicate(_call_not_anonymised)
#: the programme team: the site's administrators
is_programme_team = is_admin


# the programme team (admins) builds programmes, events and the schedule
register("programme.manage_programme", is_programme_team)
register("programme.view_registrations", is_programme_team)
register("programme.view_schedule_warnings", is_programme_team)
register("programme.edit_schedule", is_programme_team)
register("programme.release_schedule", is_programme_team)
# ask the classifier for a session's SDGs and confirm the ones that hold
register("programme.tag_goals", is_programme_team)
# at the door: check participants in, approve registrations of moderated events
register("programme.check_in", is_programme_team)
register("programme.moderate_registrations", is_programme_team)
# a speaker, or the programme team, withdraws a session that is still on
register("programme.withdraw_session", (is_programme_team | is_speaker_of) & is_withdrawable)
# a speaker (their own record) or the team says when the speaker can speak (object: speaker)
register("programme.edit_availability", is_programme_team | is_own_speaker)
# signed-in participants keep a personal agenda
register("programme.keep_agenda", is_authenticated)

# -- the call for sessions ----------------------------------------------------------
# any signed-in person submits while the call is open (object: the call)
register("programme.submit_proposal", is_authenticated & call_is_open)
# its speakers see a proposal; they edit it (and invite co-speakers) until the deadline
register("programme.view_proposal", is_proposal_speaker | is_programme_team | is_assigned_reviewer)
register(
    "programme.edit_proposal",
    is_proposal_speaker & proposal_is_editable & call_is_open,
)
register("programme.withdraw_proposal", is_proposal_speaker & proposal_is_withdrawable)
# an accepted proposal's speaker confirms that they will give the session
register("programme.confirm_proposal", is_proposal_speaker & proposal_is_accepted)

# -- review -----------------------------------------------------------------------
register("programme.manage_review", is_programme_team)
# the review overview and one's own list (object: the call)
register("programme.view_review", is_programme_team | is_on_a_team)
# an assigned reviewer without a conflict scores a proposal still under review
register(
    "programme.review_proposal",
    is_assigned_reviewer & ~has_conflict & proposal_under_review,
)
# a reviewer of the call declares a conflict of interest (object: the proposal)
register("programme.declare_conflict", is_on_a_team & proposal_under_review)
# speakers' names are shown to reviewers unless the call is anonymised; the team sees them
register("programme.see_speaker_names", is_programme_team | call_not_anonymised)
# accept, reject, and send the decisions (with an outbox preview first)
register("programme.decide_proposals", is_programme_team)
# figures of a programme are public: they count, they name nobody
register("programme.view_figures", Predicate(lambda user: True))


def can(user: Any, perm: str, obj: Any = None) -> bool:
    """``user.has_perm`` for the programme's permissions, for templates and services."""
    return bool(user is not None and user.has_perm(f"programme.{perm}", obj))
