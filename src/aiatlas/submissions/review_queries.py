"""Read queries of the review workflow: the conversation a user may see, what a carried
forward submission changes against the published record, the secretariat's queue for
approving several at once, and the dashboard as CSV rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from aiatlas.submissions.labels import Names, field_label, field_text
from aiatlas.submissions.models import Call, Comment, State, Submission
from aiatlas.submissions.records import EDITABLE_FIELDS, editable_part


def comments_for(user: Any, submission: Submission) -> QuerySet[Comment]:
    """The comments on a submission that ``user`` may read: internal notes only for those
    with ``submissions.can_see_internal_notes``."""
    qs = submission.comments.select_related("author").order_by("created_at", "pk")
    if not user.has_perm("submissions.can_see_internal_notes", submission):
        qs = qs.filter(internal=False)
    return qs


@dataclass
class Change:
    label: str
    published: str
    proposed: str


def published_record(submission: Submission) -> dict[str, Any] | None:
    """The catalog record a carried-forward submission updates (from the snapshot of the
    latest published edition when there is one), or None."""
    from aiatlas.catalog.models import EditionSnapshot
    from aiatlas.catalog.queries import activity_record

    if submission.activity is None:
        return None
    snapshot = (
        EditionSnapshot.objects.filter(activity=submission.activity)
        .order_by("-edition__year")
        .first()
    )
    record = getattr(snapshot, "record", None)
    if not isinstance(record, dict):
        record = activity_record(submission.activity.public_id)
    return editable_part(record) if isinstance(record, dict) else None


def published_changes(submission: Submission, names: Names) -> list[Change] | None:
    """Field by field, what the submission changes against the published record (None
    when it updates no published activity)."""
    before = published_record(submission)
    if before is None:
        return None
    after = submission.record if isinstance(submission.record, dict) else {}
    out = []
    for key in EDITABLE_FIELDS:
        old, new = field_text(key, before.get(key), names), field_text(key, after.get(key), names)
        if old != new:
            out.append(Change(field_label(key), old, new))
    return out


def approvable(call: Call) -> QuerySet[Submission]:
    """Submissions of the call waiting for the secretariat's decision, oldest first."""
    return (
        Submission.objects.filter(call=call, state=State.IN_REVIEW)
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )


def entity_submissions(call: Call, organization_id: int) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(call=call, organization_id=organization_id)
        .select_related("organization", "activity")
        .order_by("state", "pk")
    )


DASHBOARD_COLUMNS = [
    "entity",
    "entity_name",
    "outstanding",
    "drafts",
    "submitted",
    "changes_requested",
    "approved",
    "withdrawn",
    "late",
    "focal_points",
]


def dashboard_csv_rows(call: Call) -> list[list[str]]:
    """The dashboard table, one row per entity, for the CSV export."""
    from aiatlas.submissions.queries import dashboard

    rows = []
    for r in dashboard(call):
        rows.append(
            [
                r.organization.reference,
                r.organization.name,
                str(r.outstanding),
                str(r.counts[State.DRAFT]),
                str(r.submitted),
                str(r.counts[State.CHANGES_REQUESTED]),
                str(r.counts[State.APPROVED] + r.counts[State.PUBLISHED]),
                str(r.counts[State.WITHDRAWN]),
                "yes" if call.is_late and r.open_work else "no",
                "; ".join(r.focal_points),
            ]
        )
    return rows
