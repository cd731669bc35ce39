"""Who may do what in the review workflow, and when (django-rules; loaded by
AutodiscoverRulesConfig).

Two kinds of predicate, combined into the permissions:

- *who*: the roles of :mod:`aiatlas.accounts.rules`, relative to the submission's entity
  (``writes_for``: an administrator or the entity's focal point);
- *when*: the submission's state (``is_editable``: a draft, or sent back for changes).

Pages ask the combined permission (``allowed(user, "submissions.edit_draft", sub)``) to
show a button. Services ask *who* and *when* one after the other with the same predicates,
so that a refusal says which one failed: "you may not" (403) or "not in this state" (409).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rules.predicates import Predicate

from aiatlas.accounts.rules import (
    is_admin,
    is_entity_approver,
    is_entity_approver_of,
    is_focal_point,
    is_focal_point_of,
    is_secretariat,
)
from aiatlas.common.rules import register
from aiatlas.submissions.models import EDITABLE, State

# -- when: the state of the submission ----------------------------------------------------


def _state(submission: Any) -> str:
    return str(getattr(submission, "state", ""))


def _is_editable(user: Any, submission: Any) -> bool:
    return _state(submission) in EDITABLE


def _is_withdrawable(user: Any, submission: Any) -> bool:
    """Not decided yet: a submission is taken back before it is approved."""
    return submission is not None and _state(submission) not in {
        State.APPROVED,
        State.PUBLISHED,
        State.WITHDRAWN,
    }


def _is_awaiting_entity(user: Any, submission: Any) -> bool:
    return _state(submission) == State.ENTITY_REVIEW


def _is_in_review(user: Any, submission: Any) -> bool:
    return _state(submission) == State.IN_REVIEW


def _is_withdrawn(user: Any, submission: Any) -> bool:
    return _state(submission) == State.WITHDRAWN


def _is_in_open_call(user: Any, submission: Any) -> bool:
    call = getattr(submission, "call", None)
    return bool(call and call.is_open)


is_editable = Predicate(_is_editable)
is_withdrawable = Predicate(_is_withdrawable)
is_awaiting_entity = Predicate(_is_awaiting_entity)
is_in_review = Predicate(_is_in_review)
is_withdrawn = Predicate(_is_withdrawn)
is_withdrawn_in_open_call = is_withdrawn & Predicate(_is_in_open_call)

# -- who: roles relative to the submission's entity ----------------------------------------

#: writes the entity's drafts: its focal points; administrators may help
writes_for = is_admin | is_focal_point_of
#: decides for the entity before the secretariat: its approvers; administrators may help
approves_for = is_admin | is_entity_approver_of
#: the entity's people and the secretariat talk about a submission
is_party_to = is_secretariat | is_focal_point_of | is_entity_approver_of
#: sees every submission; the others see their organizations' only
sees_all = is_secretariat
#: has submissions waiting for a decision of their own
has_entity_queue = is_entity_approver
#: a focal point (the people the dashboard lists per entity)
speaks_for_an_entity = is_focal_point


@dataclass(frozen=True)
class Step:
    """A step of the workflow: who ``may`` take it (``who`` says so to the others) and in
    which ``state`` (else "a submission that is <its state> ``cannot``")."""

    may: Predicate
    state: Predicate
    who: str
    cannot: str


_FOCAL = "only the entity's focal points and administrators"
#: the steps a service takes with ``lock_to_act``; each is also the permission
#: ``submissions.<step>`` the pages ask before they show its button
STEPS = {
    "edit_draft": Step(writes_for, is_editable, f"{_FOCAL} edit a submission", "cannot be edited"),
    "submit": Step(writes_for, is_editable, f"{_FOCAL} submit", "cannot be submitted"),
    "withdraw": Step(
        writes_for, is_withdrawable, f"{_FOCAL} withdraw a submission", "cannot be withdrawn"
    ),
    "approve_for_entity": Step(
        approves_for,
        is_awaiting_entity,
        "only the entity's approvers approve for the entity",
        "is not waiting for entity approval",
    ),
    "review": Step(
        is_secretariat,
        is_in_review,
        "only the secretariat approves",
        "is not in secretariat review",
    ),
}
for _name, _step in STEPS.items():
    register(f"submissions.{_name}", _step.may & _step.state)

# drafts: the object is an organization (a new draft) or a submission
register("submissions.write_for", writes_for)
register("submissions.can_undo_withdraw", writes_for & is_withdrawn_in_open_call)
# review: the entity's approver first (when it has one), then the secretariat
register("submissions.can_bulk_approve", is_secretariat)
register("submissions.restore_version", is_admin & is_editable)
# talking about a submission
register("submissions.can_comment", is_party_to)
register("submissions.can_see_internal_notes", is_secretariat)
# the secretariat's dashboard, and the calls for contributions
register("submissions.view_dashboard", is_secretariat)
register("submissions.can_export_dashboard", is_secretariat)
register("submissions.remind", is_secretariat)
register("submissions.manage_calls", is_admin)
