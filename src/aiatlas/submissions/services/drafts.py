"""The focal point's side: start, carry forward, upload, edit, submit and withdraw."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from aiatlas.accounts.models import Role
from aiatlas.catalog.models import Activity, Organization
from aiatlas.catalog.queries import activity_record
from aiatlas.catalog.services.storage import load_vocabulary
from aiatlas.common.limits import LimitExceeded, check_upload_size
from aiatlas.common.rules import allowed
from aiatlas.submissions import records
from aiatlas.submissions.duplicates import find_duplicates
from aiatlas.submissions.exceptions import (
    DuplicatesFound,
    InvalidInput,
    InvalidRecord,
    InvalidState,
    NotFound,
    UploadRejected,
)
from aiatlas.submissions.hooks import submit_problems
from aiatlas.submissions.models import Action, Call, State, Submission
from aiatlas.submissions.rules import is_withdrawn
from aiatlas.submissions.services import notifications
from aiatlas.submissions.services.common import (
    create,
    lock,
    lock_to_act,
    member_emails,
    require,
    require_state,
    save,
)

#: submissions that are still alive for their activity (one per activity and call)
_LIVE = [s for s in State.values if s != State.WITHDRAWN]


def _open_call(call_id: int) -> Call:
    call = Call.objects.select_related("edition").filter(pk=call_id).first()
    if call is None:
        raise NotFound(f"there is no call {call_id}")
    if not call.is_open:
        raise InvalidState(f"the call for {call.edition} is closed")
    return call


def _organization(user: Any, organization_id: int) -> Organization:
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None:
        raise NotFound(f"there is no organization {organization_id}")
    require(user, "submissions.write_for", org, f"you do not submit for {org.reference}")
    return org


def _clean_input(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise InvalidInput("the activity must be an object of fields")
    unknown = sorted(k for k in record if k not in records.EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(
            f"unknown or read-only field(s): {', '.join(unknown)}",
            [(k, "cannot be set here") for k in unknown],
        )
    part, problems = records.clean_draft(record, organization="", vocabulary=load_vocabulary())
    if problems:
        raise InvalidRecord(
            "the activity has wrong values: "
            + "; ".join(f"{f}: {m}" if f else m for f, m in problems),
            problems,
        )
    return part


def start_draft(
    *,
    user: Any,
    call_id: int,
    organization_id: int,
    record: dict[str, Any] | None = None,
    source_file: str = "",
) -> Submission:
    """A new activity, as a draft of ``organization``."""
    part = _clean_input(record or {})
    with transaction.atomic():
        call = _open_call(call_id)
        org = _organization(user, organization_id)
        return _new_draft(call, org, part, user=user, source_file=source_file)


def start_activity(*, user: Any, call_id: int, organization_id: int, title: str) -> Submission:
    """A new activity of ``organization``, started from its title (never untitled)."""
    title = str(title or "").strip()
    if not title:
        raise InvalidInput(
            "give the activity a title to start it", [("title", "is required to start")]
        )
    from django.utils.translation import get_language

    from aiatlas.common.l10n import normalise_language

    # the title is typed in the interface's language, so that is the text's language
    # until the focal point says otherwise
    record = {"title": title, "language": normalise_language(get_language())}
    return start_draft(user=user, call_id=call_id, organization_id=organization_id, record=record)


def _new_draft(
    call: Call, org: Organization, part: dict[str, Any], *, user: Any, source_file: str = ""
) -> Submission:
    sub = Submission(
        call=call,
        organization=org,
        action=Action.NEW,
        record=part,
        created_by=user,
        source_file=source_file[:300],
    )
    create(sub, user=user, reason="created")
    return sub


def _own_activity(user: Any, public_id: str) -> Activity:
    activity = Activity.objects.select_related("lead_organization").filter(public_id=public_id)
    found = activity.first()
    if found is None or not allowed(user, "submissions.write_for", found):
        raise NotFound(f"there is no activity {public_id} of your organizations")
    return found


def own_activity(*, user: Any, public_id: str) -> Activity:
    """An activity of the user's organizations (:class:`NotFound` otherwise)."""
    return _own_activity(user, public_id)


def _no_live_submission(call: Call, activity: Activity) -> None:
    live = Submission.objects.filter(call=call, activity=activity, state__in=_LIVE).first()
    if live is not None:
        raise InvalidState(
            f"activity {activity.public_id} already has submission #{live.pk} in this call"
        )


def carry_forward(*, user: Any, call_id: int, public_id: str) -> Submission:
    """A draft that updates an activity of an earlier edition, pre-filled from it."""
    with transaction.atomic():
        call = _open_call(call_id)
        activity = _own_activity(user, public_id)
        _no_live_submission(call, activity)
        rec = activity_record(public_id) or {}
        sub = Submission(
            call=call,
            organization=activity.lead_organization,
            action=Action.CARRY_FORWARD,
            activity=activity,
            record=records.editable_part(rec),
            created_by=user,
        )
        create(sub, user=user, reason=f"carried forward from {public_id}")
    return sub


def withdraw_activity(*, user: Any, call_id: int, public_id: str, comment: str = "") -> Submission:
    """Say that an activity of an earlier edition is not part of this one."""
    with transaction.atomic():
        call = _open_call(call_id)
        activity = _own_activity(user, public_id)
        _no_live_submission(call, activity)
        now = timezone.now()
        sub = Submission(
            call=call,
            organization=activity.lead_organization,
            action=Action.WITHDRAW,
            activity=activity,
            record=records.editable_part(activity_record(public_id) or {}),
            state=State.WITHDRAWN,
            review_comment=comment[:2000],
            created_by=user,
            submitted_at=now,
        )
        create(sub, user=user, reason="withdrawn from the edition")
    return sub


def save_draft(
    *,
    user: Any,
    submission_id: int,
    record: dict[str, Any],
    expected_version: int,
    rejected_goals: list[int] | None = None,
    suggestion: str = "",
) -> Submission:
    """Replace the draft's record. A stale ``expected_version`` raises EditConflict.

    ``suggestion`` decides on one classifier suggestion at the same time: ``accept:N`` adds
    SDG N as a curator tag with the evidence and who accepted it, ``reject:N`` hides it
    (kept in ``rejected_goals``), ``remove:N`` takes an accepted one back."""
    part = _clean_input(record)
    rejected_goal = _apply_suggestion(part, suggestion, user=user)
    with transaction.atomic():
        sub = lock_to_act("edit_draft", submission_id, user=user, expected_version=expected_version)
        changed = ["record"]
        sub.record = part
        if rejected_goals is not None or rejected_goal is not None:
            goals = [*(sub.rejected_goals if rejected_goals is None else rejected_goals)]
            goals += [rejected_goal] if rejected_goal is not None else []
            sub.rejected_goals = sorted({int(g) for g in goals if 1 <= int(g) <= 17})
            changed.append("rejected_goals")
        if sub.duplicates_checked:
            sub.duplicates_checked = False  # the text changed: look again at submit
            changed.append("duplicates_checked")
        save(sub, user=user, reason="edited", fields=changed)
    return sub


def _apply_suggestion(part: dict[str, Any], suggestion: str, *, user: Any) -> int | None:
    """Apply ``accept:N`` or ``remove:N`` to the record's SDG tags; returns N for
    ``reject:N`` (the caller keeps it), else None. Anything else changes nothing."""
    from aiatlas.submissions.queries import goal_suggestions

    verdict, _sep, number = suggestion.partition(":")
    if not number.isdigit() or not 1 <= int(number) <= 17:
        return None
    goal = int(number)
    tags = [t for t in part.get("sdg_goals") or [] if isinstance(t, dict)]
    if verdict == "remove":
        part["sdg_goals"] = [
            t for t in tags if not (t.get("source") == "curator" and str(t.get("code")) == number)
        ]
    elif verdict == "accept":
        found = {g.goal: g for g in goal_suggestions(part, [])}
        evidence = found[goal].evidence if goal in found else ""
        accepted = f"accepted classifier suggestion ({getattr(user, 'email', '')}); {evidence}"
        part["sdg_goals"] = [
            *tags,
            {"code": number, "source": "curator", "evidence": accepted[:2000]},
        ]
    elif verdict == "reject":
        return goal
    return None


def submit(
    *,
    user: Any,
    submission_id: int,
    expected_version: int,
    link_to: str | None = None,
    confirm_new: bool = False,
) -> Submission:
    """Send a draft to review (to the entity's approver first, when it has one).

    The record must be complete and valid (:class:`InvalidInput` lists every problem). A new
    activity that looks like an existing one raises :class:`DuplicatesFound` unless the
    submitter links it to one (``link_to``: a public id) or confirms it is new.
    """
    with transaction.atomic():
        sub = lock_to_act("submit", submission_id, user=user, expected_version=expected_version)
        fields = ["state", "submitted_at"]
        if link_to:
            fields += _link(sub, user=user, public_id=link_to.strip())
        public_id = sub.activity.public_id if sub.activity else ""
        _clean, problems = records.check(
            sub.record,
            organization=sub.organization,
            vocabulary=load_vocabulary(),
            public_id=public_id,
            editions=[sub.call.year],
        )
        problems = [*problems, *submit_problems(sub)]
        if problems:
            raise InvalidInput(
                "the activity is not complete: "
                + "; ".join(f"{f}: {m}" if f else m for f, m in problems),
                problems,
            )
        if sub.action == Action.NEW and not (confirm_new or sub.duplicates_checked):
            candidates = find_duplicates(
                title=str(sub.record.get("title") or ""),
                description=str(sub.record.get("description") or ""),
                call_id=sub.call_id,
                exclude_submission=sub.pk,
            )
            if candidates:
                raise DuplicatesFound(candidates)
        if confirm_new:
            sub.duplicates_checked = True
            fields.append("duplicates_checked")
        approvers = member_emails(sub.organization, Role.ENTITY_APPROVER)
        sub.state = State.ENTITY_REVIEW if approvers else State.IN_REVIEW
        sub.submitted_at = timezone.now()
        save(sub, user=user, reason="submitted", fields=fields)
        notifications.submitted(sub, user=user)
    return sub


def _link(sub: Submission, *, user: Any, public_id: str) -> list[str]:
    """The focal point says the draft is a known activity: one of the entity's own (the
    draft then updates it) or another entity's (the draft then reports it as a
    co-reporting partner: approving it adds the entity to the activity's co-leads)."""
    target = Activity.objects.select_related("lead_organization").filter(public_id=public_id)
    found = target.first()
    if found is None:
        raise NotFound(f"there is no activity {public_id}")
    if found.lead_organization_id == sub.organization_id:
        _no_live_submission(sub.call, found)
        sub.activity = found
        sub.action = Action.CARRY_FORWARD
        return ["activity", "action"]
    sub.co_report_of = found
    sub.action = Action.CO_REPORT
    return ["co_report_of", "action"]


def withdraw_submission(*, user: Any, submission_id: int, expected_version: int) -> Submission:
    """Take a submission back before it is approved; it stays in the history."""
    with transaction.atomic():
        sub = lock_to_act("withdraw", submission_id, user=user, expected_version=expected_version)
        sub.state = State.WITHDRAWN
        save(sub, user=user, reason="withdrawn", fields=["state"])
    return sub


def undo_withdraw(*, user: Any, submission_id: int, expected_version: int) -> Submission | None:
    """Take a withdrawal back while the call is open. A submission comes back in the state
    it had before; an activity said to be "not in this edition" is open to decide again
    (the withdrawal is removed; returns None)."""
    with transaction.atomic():
        sub = lock(submission_id, user=user, expected_version=expected_version)
        require_state(is_withdrawn, sub, "only a withdrawn submission can be brought back")
        require(
            user,
            "submissions.can_undo_withdraw",
            sub,
            "only the entity's focal points and administrators undo a withdrawal, "
            "while the call is open",
        )
        if sub.action == Action.WITHDRAW:
            sub._history_user = user  # type: ignore[attr-defined]
            sub._change_reason = "withdrawal undone"  # type: ignore[attr-defined]
            sub.delete()
            return None
        before = sub.history.exclude(state=State.WITHDRAWN).order_by("-history_id").first()
        sub.state = before.state if before is not None else State.DRAFT
        save(sub, user=user, reason="withdrawal undone", fields=["state"])
    return sub


def _link_upload(sub: Submission, public_id: str, *, user: Any, notes: list[str]) -> None:
    """A 2-pager exported from an activity names its id: the draft then updates that
    activity, when it is one of the organization's and has no submission in this call."""
    activity = Activity.objects.filter(
        public_id=public_id, lead_organization=sub.organization
    ).first()
    live = (
        activity is not None
        and Submission.objects.filter(call=sub.call, activity=activity, state__in=_LIVE)
        .exclude(pk=sub.pk)
        .exists()
    )
    if activity is None or live:
        why = (
            "already has a submission in this call"
            if live
            else (f"is not an activity of {sub.organization.reference}")
        )
        notes.append(f"the file names activity {public_id}, which {why}; the draft is new")
        return
    sub.activity = activity
    sub.action = Action.CARRY_FORWARD
    save(
        sub,
        user=user,
        reason=f"linked to {public_id} named in the file",
        fields=["activity", "action"],
    )
    notes.append(f"the draft updates activity {public_id}, named in the file")


def check_upload_sizes(files: list[Any]) -> None:
    """Refuse an upload with a file over its kind's size limit, from the sizes the upload
    declared, before a byte is parsed (UploadRejected names the file and the limit)."""
    for item in files:
        name, data = item if isinstance(item, tuple) else (getattr(item, "name", "upload"), item)
        size = len(data) if isinstance(data, bytes) else getattr(data, "size", None)
        kind = "zip" if str(name).lower().endswith(".zip") else "docx"
        try:
            check_upload_size(str(name), size, kind)
        except LimitExceeded as exc:
            raise UploadRejected(str(exc)) from None
