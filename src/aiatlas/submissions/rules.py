"""Who may do what in the review workflow (django-rules; loaded by AutodiscoverRulesConfig).

The roles and the organization predicates come from :mod:`aiatlas.accounts.rules`; these
rules add the state of the submission. Ask them as permissions:

    user.has_perm("submissions.can_comment", submission)
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import Predicate

from aiatlas.accounts.rules import (
    is_admin,
    is_entity_approver_of,
    is_focal_point_of,
    is_secretariat,
)


def _is_withdrawn_in_open_call(user: Any, submission: Any) -> bool:
    call = getattr(submission, "call", None)
    return bool(getattr(submission, "state", "") == "withdrawn" and call and call.is_open)


is_withdrawn_in_open_call = Predicate(_is_withdrawn_in_open_call)
#: the entity's people and the secretariat talk about a submission
is_party_to = is_secretariat | is_focal_point_of | is_entity_approver_of


def _perm(name: str, predicate: Predicate) -> None:
    add_perm(name, predicate)  # type: ignore[no-untyped-call]


_perm("submissions.can_comment", is_party_to)
_perm("submissions.can_see_internal_notes", is_secretariat)
_perm("submissions.can_bulk_approve", is_secretariat)
_perm(
    "submissions.can_undo_withdraw",
    (is_admin | is_focal_point_of) & is_withdrawn_in_open_call,
)
_perm("submissions.can_export_dashboard", is_secretariat)
