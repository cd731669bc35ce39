"""Who may do what with self-assessments, instruments and national policies (django-rules).

- An activity's self-assessment is written by its lead entity's focal points
  (``submissions.rules.writes_for``: the entity's focal points; administrators may help),
  while it is a draft; they submit it for sign-off.
- The secretariat (reviewers and administrators) signs off a submitted assessment, or
  sends it back as a draft with a note.
- An assessment in full (private answers too) is seen by the entity's focal points and
  approvers and by the secretariat. Everyone else sees the published answers of signed-off
  assessments only (``queries.public_view``).
- Instruments and national policies are written by administrators (back office, import).

Ask with ``aiatlas.common.rules.allowed(user, "governance.edit", assessment)``."""

from __future__ import annotations

from typing import Any

from rules.predicates import Predicate

from aiatlas.accounts.rules import is_admin, is_entity_approver_of, is_secretariat
from aiatlas.common.rules import register
from aiatlas.governance.choices import AssessmentState
from aiatlas.submissions.rules import writes_for


def _state(obj: Any) -> str:
    return str(getattr(obj, "state", ""))


is_draft = Predicate(lambda user, obj: _state(obj) == AssessmentState.DRAFT, name="is_draft")
is_submitted = Predicate(
    lambda user, obj: _state(obj) == AssessmentState.SUBMITTED, name="is_submitted"
)
is_signed_off = Predicate(
    lambda user, obj: _state(obj) == AssessmentState.SIGNED_OFF, name="is_signed_off"
)


# the object is an activity (start) or an assessment
register("governance.start", writes_for)
register("governance.edit", writes_for & is_draft)
register("governance.submit", writes_for & is_draft)
register("governance.sign_off", is_secretariat & is_submitted)
register("governance.view_private", is_secretariat | writes_for | is_entity_approver_of)
# the secretariat's queue of assessments waiting for sign-off
register("governance.review_queue", is_secretariat)
# the registry and the national policies (back office, import)
register("governance.manage", is_admin)
