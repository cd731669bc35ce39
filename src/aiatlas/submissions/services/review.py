"""The approvers' and the secretariat's side: entity approval, review decisions, writing
approved activities into the catalog, and restoring an earlier version."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from aiatlas.catalog.choices import TagSource
from aiatlas.catalog.exceptions import CatalogError
from aiatlas.catalog.models import Activity
from aiatlas.catalog.services.activities import InvalidActivity, save_activity
from aiatlas.catalog.services.storage import load_vocabulary
from aiatlas.submissions import records
from aiatlas.submissions.exceptions import InvalidInput, InvalidState, NotFound
from aiatlas.submissions.hooks import submission_approved
from aiatlas.submissions.models import Action, Reason, State, Submission
from aiatlas.submissions.rules import (
    approves_for,
    is_admin,
    is_awaiting_entity,
    is_editable,
    is_in_review,
    is_secretariat,
)
from aiatlas.submissions.services import notifications
from aiatlas.submissions.services.common import lock, lock_to_act, require, require_state, save

MAX_COMMENT = 5000


def approve_for_entity(*, user: Any, submission_id: int, expected_version: int) -> Submission:
    """The entity's approver passes the submission on to the secretariat."""
    with transaction.atomic():
        sub = lock_to_act(
            "approve_for_entity", submission_id, user=user, expected_version=expected_version
        )
        sub.state = State.IN_REVIEW
        save(sub, user=user, reason="approved by the entity", fields=["state"])
        notifications.waits_for_review(sub)
    return sub


def request_changes(
    *,
    user: Any,
    submission_id: int,
    expected_version: int,
    reasons: Sequence[str],
    comment: str = "",
) -> Submission:
    """Send a submission back to its focal points with reasons from the list and a comment."""
    unknown = [r for r in reasons if r not in Reason.values]
    if unknown:
        raise InvalidInput(f"unknown reason(s): {', '.join(map(str, unknown))}")
    if not reasons:
        raise InvalidInput("choose at least one reason", [("reasons", "choose at least one")])
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(f"the comment is {len(comment)} characters long; at most {MAX_COMMENT}")
    if Reason.OTHER in reasons and not comment.strip():
        raise InvalidInput(
            "say in the comment what 'other' means", [("comment", "required with 'other'")]
        )
    with transaction.atomic():
        sub = lock(submission_id, user=user, expected_version=expected_version)
        if is_awaiting_entity.test(user, sub):
            require(user, approves_for, sub, "only the entity's approvers decide at this step")
        elif is_in_review.test(user, sub):
            require(user, is_secretariat, sub, "only the secretariat reviews")
        else:
            raise InvalidState(
                f"a submission that is {sub.get_state_display().lower()} is not in review"
            )
        sub.state = State.CHANGES_REQUESTED
        sub.reasons = list(dict.fromkeys(reasons))
        sub.review_comment = comment.strip()
        sub.decided_at = timezone.now()
        sub.decided_by = user
        save(
            sub,
            user=user,
            reason="changes requested",
            fields=["state", "reasons", "review_comment", "decided_at", "decided_by"],
        )
        notifications.changes_requested(sub, user=user)
    return sub


def approve(*, user: Any, submission_id: int, expected_version: int) -> Submission:
    """Approve: the record is written into the catalog as part of the call's edition."""
    with transaction.atomic():
        sub = lock_to_act("review", submission_id, user=user, expected_version=expected_version)
        if sub.action == Action.CO_REPORT and sub.co_report_of is not None:
            return _approve_co_report(sub, user=user)
        activity = sub.activity
        editions = [sub.call.year]
        public_id = ""
        if activity is not None:
            public_id = activity.public_id
            editions += list(activity.editions.values_list("year", flat=True))
        clean, problems = records.check(
            sub.record,
            organization=sub.organization,
            vocabulary=load_vocabulary(),
            public_id=public_id,
            editions=editions,
        )
        if clean is None:
            raise InvalidInput(
                "the activity is not valid: "
                + "; ".join(f"{f}: {m}" if f else m for f, m in problems),
                problems,
            )
        if activity is not None:  # keep the tags others made on the catalog copy
            _keep_machine_tags(clean, activity)
            _keep_co_reporters(clean, activity)
        try:
            saved = save_activity(record=clean)
        except (InvalidActivity, CatalogError) as exc:
            raise InvalidInput(str(exc)) from None
        sub.activity = Activity.objects.get(public_id=saved["id"])
        _record_rejections(sub, user)
        sub.state = State.APPROVED
        sub.decided_at = timezone.now()
        sub.decided_by = user
        sub.reasons = []
        save(
            sub,
            user=user,
            reason="approved",
            fields=["state", "activity", "decided_at", "decided_by", "reasons"],
        )
        submission_approved.send(sender=Submission, submission=sub)
        notifications.approved(sub, public_id=saved["id"])
    return sub


def _approve_co_report(sub: Submission, *, user: Any) -> Submission:
    """Another entity reports the same activity: its organization joins the activity's
    co-leads and the activity is part of this edition; the activity's text is its lead's."""
    from aiatlas.catalog.queries import activity_record

    target = sub.co_report_of
    assert target is not None
    record = activity_record(target.public_id)
    if record is None:
        raise NotFound(f"there is no activity {target.public_id} any more")
    reference = sub.organization.reference
    if reference.casefold() not in {c.casefold() for c in record.get("co_leads") or []}:
        record["co_leads"] = [*(record.get("co_leads") or []), reference]
    record["editions"] = sorted({*(record.get("editions") or []), sub.call.year})
    try:
        save_activity(record=record)
    except (InvalidActivity, CatalogError) as exc:
        raise InvalidInput(str(exc)) from None
    sub.state = State.APPROVED
    sub.decided_at = timezone.now()
    sub.decided_by = user
    sub.reasons = []
    save(sub, user=user, reason="approved", fields=["state", "decided_at", "decided_by", "reasons"])
    notifications.approved(sub, public_id=target.public_id)
    return sub


def _keep_co_reporters(clean: dict[str, Any], activity: Activity) -> None:
    """Entities approved as co-reporting partners of the activity stay its co-leads when
    its lead's own submission is approved later."""
    have = {c.casefold() for c in clean.get("co_leads") or []}
    for org in activity.co_reports.filter(state__in=[State.APPROVED, State.PUBLISHED]).values_list(
        "organization__acronym", "organization__name"
    ):
        reference = org[0] or org[1]
        if reference.casefold() not in have:
            clean["co_leads"] = [*(clean.get("co_leads") or []), reference]
            have.add(reference.casefold())


@dataclass
class BulkResult:
    submission_id: int
    title: str
    ok: bool
    message: str


def approve_many(*, user: Any, items: Sequence[tuple[int, int]]) -> list[BulkResult]:
    """Approve several submissions, each through :func:`approve` in its own transaction:
    one that fails (changed meanwhile, not valid, not in review) leaves the others
    approved. ``items`` are (submission id, version seen) pairs; returns one result each."""
    from aiatlas.submissions.exceptions import SubmissionError

    require(user, "submissions.can_bulk_approve", None, "only the secretariat approves")
    if not items:
        raise InvalidInput("tick at least one submission to approve")
    results = []
    for submission_id, version in dict.fromkeys(items):
        try:
            sub = approve(user=user, submission_id=submission_id, expected_version=version)
        except SubmissionError as exc:
            from aiatlas.submissions.queries import visible_submissions

            found = visible_submissions(user).filter(pk=submission_id).first()
            title = found.title if found is not None else f"#{submission_id}"
            results.append(BulkResult(submission_id, title, False, str(exc)))
        else:
            results.append(BulkResult(submission_id, sub.title, True, "approved"))
    return results


def _keep_machine_tags(clean: dict[str, Any], activity: Activity) -> None:
    """Classifier tags of the catalog copy survive an approval unless rejected."""
    have = {(t["code"], t["source"]) for t in clean["sdg_goals"]}
    for goal_id, evidence in activity.goal_tags.filter(source=TagSource.CLASSIFIER).values_list(
        "goal_id", "evidence"
    ):
        if (str(goal_id), TagSource.CLASSIFIER) not in have:
            clean["sdg_goals"].append(
                {"code": str(goal_id), "source": TagSource.CLASSIFIER, "evidence": evidence}
            )


def _record_rejections(sub: Submission, user: Any) -> None:
    from aiatlas.classify.models import SuggestionReview

    assert sub.activity is not None
    for goal in sub.rejected_goals:
        SuggestionReview.objects.update_or_create(
            activity=sub.activity,
            goal_id=int(goal),
            defaults={"accepted": False, "reviewer": sub.created_by or user},
        )
        sub.activity.goal_tags.filter(goal_id=int(goal), source=TagSource.CLASSIFIER).delete()


DECISIONS = ("approve", "entity_approve", "changes")


def decide(
    *,
    user: Any,
    submission_id: int,
    expected_version: int,
    decision: str,
    reasons: Sequence[str] = (),
    comment: str = "",
) -> Submission:
    """One reviewer decision by name: ``approve`` (secretariat), ``entity_approve`` (the
    entity's approver) or ``changes`` (whoever decides at the submission's step)."""
    if decision == "approve":
        return approve(user=user, submission_id=submission_id, expected_version=expected_version)
    if decision == "entity_approve":
        return approve_for_entity(
            user=user, submission_id=submission_id, expected_version=expected_version
        )
    if decision == "changes":
        return request_changes(
            user=user,
            submission_id=submission_id,
            expected_version=expected_version,
            reasons=reasons,
            comment=comment,
        )
    raise InvalidInput(f"decision is one of {', '.join(DECISIONS)}")


def restore_version(*, user: Any, submission_id: int, history_id: int) -> Submission:
    """Administrators bring back the record of an earlier version (a new version; the
    history keeps everything). Only a submission that can still be edited is restored."""
    require(user, is_admin, None, "only administrators restore versions")
    with transaction.atomic():
        sub = lock(submission_id, user=user, expected_version=None)
        old = sub.history.filter(history_id=history_id).first()
        if old is None:
            raise NotFound(f"submission {submission_id} has no version {history_id}")
        require_state(
            is_editable,
            sub,
            f"a submission that is {sub.get_state_display().lower()} cannot be changed; "
            "only drafts and returned submissions are restored",
        )
        sub.record = old.record
        sub.rejected_goals = old.rejected_goals
        save(
            sub,
            user=user,
            reason=f"restored version {old.version}",
            fields=["record", "rejected_goals"],
        )
    return sub


def mark_published(*, edition_id: int) -> int:
    """Approved submissions of a published edition become published (inside the caller's
    transaction). Returns how many."""
    subs = list(Submission.objects.filter(call__edition_id=edition_id, state=State.APPROVED))
    for sub in subs:
        sub.state = State.PUBLISHED
        save(sub, user=None, reason="published with the edition", fields=["state"])
    return len(subs)
