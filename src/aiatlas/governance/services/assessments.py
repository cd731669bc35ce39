"""The life of a self-assessment: start (or reassess at a new lifecycle stage), save
answers and their visibility, keep the action plan, submit, sign off or send back.
Each step asks the rules of ``governance/rules.py`` (who, then when) and runs in one
transaction; a refusal says which: :class:`PermissionDenied` or :class:`Conflict`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aiatlas.catalog.models import Activity
from aiatlas.common.errors import Conflict, InvalidInput, PermissionDenied
from aiatlas.common.rules import allowed
from aiatlas.governance import questionnaire
from aiatlas.governance.choices import AssessmentState, SelfAssessment
from aiatlas.governance.models import ActionItem, Assessment
from aiatlas.governance.queries import (
    OPEN_STATES,
    call_setting,
    for_submission,
    latest,
    open_assessment,
)
from aiatlas.governance.reference import reference


class AssessmentInvalid(InvalidInput):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _who(user: Any, perm: str, obj: Assessment, what: str) -> None:
    """*Who* (the entity's focal points, ``governance.start``), then *when* (``perm``)."""
    if not allowed(user, "governance.start", obj):
        raise PermissionDenied(_("You may not %(what)s this assessment.") % {"what": what})
    if not allowed(user, perm, obj):
        raise Conflict(
            _("The assessment is %(state)s: it cannot be changed now.")
            % {"state": obj.get_state_display()}
        )


def start(user: Any, activity: Activity, stage: str, *, submission: Any = None) -> Assessment:
    """A new draft at ``stage`` with the current questionnaire. A reassessment starts
    from the answers of the activity's last assessment (kept as it was: history)."""
    if not allowed(user, "governance.start", activity):
        raise PermissionDenied(_("You may not assess this activity."))
    _check_stage(stage)
    with transaction.atomic():
        if open_assessment(activity) is not None:
            raise Conflict(_("This activity already has an assessment in progress."))
        return _create(user, stage, activity=activity, submission=submission,
                       previous=latest(activity))  # fmt: skip


def _check_stage(stage: str) -> None:
    if stage not in reference().codes("lifecycle_stages"):
        raise AssessmentInvalid([_("stage: no lifecycle stage %(v)r") % {"v": stage}])


def _create(
    user: Any, stage: str, *, activity: Activity | None, submission: Any, previous: Any
) -> Assessment:
    q = questionnaire.current()
    answers: dict[str, Any] = {}
    published: list[str] = []
    if previous is not None:
        answers, _problems = q.clean({k: v for k, v in previous.answers.items() if q.question(k)})
        published = [x for x in previous.published if x in answers]
    answers["scope.stage"] = stage
    now = timezone.now()
    return Assessment.objects.create(
        activity=activity,
        submission=submission,
        questionnaire_version=q.version,
        stage=stage,
        answers=answers,
        published=published,
        created_by=user,
        created_at=now,
        updated_at=now,
    )


def start_for_submission(user: Any, submission: Any, stage: str) -> Assessment:
    """The assessment beside a draft's 2-pager. A draft about a catalog activity uses that
    activity's assessment in progress, or starts one (a reassessment when it has one
    already); a draft of a new activity gets its own, which moves to the activity when
    the draft is approved (:func:`move_to_activity`). Asking again returns the same one."""
    if not allowed(user, "governance.start", submission):
        raise PermissionDenied(_("You may not assess this activity."))
    if not submission.is_editable:
        raise Conflict(
            _("The submission is %(state)s: its self-assessment is started while it is a draft.")
            % {"state": submission.get_state_display()}
        )
    _check_stage(stage)
    with transaction.atomic():
        found = for_submission(submission)
        if found is not None and found.state in OPEN_STATES:
            return found
        if submission.activity is not None:
            return start(user, submission.activity, stage, submission=submission)
        return _create(user, stage, activity=None, submission=submission, previous=found)


def submission_problems(submission: Any) -> list[tuple[str, str]]:
    """The submit guard (``submissions.hooks``): a call that requires the self-assessment
    refuses a draft whose assessment is missing or still a draft, naming what is missing."""
    if call_setting(submission.call_id) != SelfAssessment.REQUIRED:
        return []
    if submission.action not in {"new", "carry_forward"}:
        return []
    # the problem's key, as the record's problems name their field (the API's ``problems``)
    field = "self_assessment"
    found = for_submission(submission)
    if found is None:
        return [(field, _("this call requires the self-assessment against the UN principles: "
                          "open the draft's “Self-assessment” tab, answer it and submit it for "
                          "sign-off (it has not been started)"))]  # fmt: skip
    if found.state == AssessmentState.DRAFT:
        missing = questionnaire.load(found.questionnaire_version).missing(found.answers)
        detail = (
            ngettext(
                "%(n)s question still needs an answer (%(ids)s)",
                "%(n)s questions still need an answer (%(ids)s)",
                len(missing),
            ) % {"n": len(missing), "ids": ", ".join(x.id for x in missing[:5])
                 + (" …" if len(missing) > 5 else "")}
            if missing else _("every question is answered")
        )  # fmt: skip
        return [(field, _("this call requires the self-assessment against the UN principles, "
                          "and it is still a draft: %(detail)s; then submit it for sign-off")
                 % {"detail": detail})]  # fmt: skip
    return []


def forget_draft(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A submission is deleted (back office): the assessment of its new activity, which
    belongs to nothing else, goes with it; one that moved to an activity stays there."""
    Assessment.objects.filter(submission=instance, activity__isnull=True).delete()


def move_to_activity(sender: Any, submission: Any, **kwargs: Any) -> None:
    """The draft was approved: its assessment now belongs to the activity the approval
    wrote (the same row, with its answers, states and dates: the history is kept)."""
    if submission.activity_id is None:
        return
    Assessment.objects.filter(submission=submission, activity__isnull=True).update(
        activity_id=submission.activity_id
    )


def save(
    user: Any, assessment: Assessment, raw: dict[str, Any], published: list[str]
) -> Assessment:
    """Replace the answers by ``raw`` (checked by the questionnaire) and the published
    question ids by ``published``; nothing is saved when any answer is wrong."""
    _who(user, "governance.edit", assessment, _("edit"))
    q = questionnaire.load(assessment.questionnaire_version)
    answers, problems = q.clean(raw)
    unknown = [x for x in published if q.question(x) is None]
    if unknown:
        problems.append(_("published: no such question: %(ids)s") % {"ids": ", ".join(unknown)})
    stage = answers.get("scope.stage", assessment.stage)
    if problems:
        raise AssessmentInvalid(problems)
    with transaction.atomic():
        assessment.answers = answers
        assessment.published = sorted({x for x in published if x in answers})
        assessment.stage = stage
        assessment.updated_at = timezone.now()
        assessment.save(update_fields=["answers", "published", "stage", "updated_at"])
    return assessment


def add_action(
    user: Any, assessment: Assessment, *, principle: str, measure: str, owner: str,
    due_on: str, public: bool,
) -> ActionItem:  # fmt: skip
    _who(user, "governance.edit", assessment, _("edit"))
    problems = []
    if principle not in reference().codes("principles"):
        problems.append(_("principle: choose one of the ten principles"))
    measure = measure.strip()
    if not measure:
        problems.append(_("measure: say what will be done"))
    elif len(measure) > 500:
        problems.append(_("measure: at most 500 characters"))
    if len(owner) > 200:
        problems.append(_("owner: at most 200 characters"))
    due = None
    if due_on:
        try:
            due = date.fromisoformat(due_on)
        except ValueError:
            problems.append(_("due date: a date YYYY-MM-DD, not %(v)r") % {"v": due_on})
    if problems:
        raise AssessmentInvalid(problems)
    return ActionItem.objects.create(
        assessment=assessment, principle=principle, measure=measure, owner=owner.strip(),
        due_on=due, public=public,
    )  # fmt: skip


def remove_action(user: Any, assessment: Assessment, action_id: int) -> None:
    _who(user, "governance.edit", assessment, _("edit"))
    assessment.actions.filter(pk=action_id).delete()


def submit(user: Any, assessment: Assessment) -> Assessment:
    _who(user, "governance.submit", assessment, _("submit"))
    q = questionnaire.load(assessment.questionnaire_version)
    missing = q.missing(assessment.answers)
    if missing:
        raise AssessmentInvalid([_("%(id)s: an answer is needed") % {"id": x.id} for x in missing])
    with transaction.atomic():
        assessment.state = AssessmentState.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.save(update_fields=["state", "submitted_at"])
    return assessment


def sign_off(user: Any, assessment: Assessment, *, approve: bool, note: str = "") -> Assessment:
    """The secretariat signs the assessment off, or sends it back to its draft state
    (a note is then required)."""
    if not allowed(user, "governance.review_queue"):
        raise PermissionDenied(_("You may not sign off assessments."))
    if not allowed(user, "governance.sign_off", assessment):
        raise Conflict(_("Only a submitted assessment can be signed off."))
    note = note.strip()
    if not approve and not note:
        raise AssessmentInvalid([_("note: say what should change before sign-off")])
    with transaction.atomic():
        assessment.review_note = note[:4000]
        if approve:
            assessment.state = AssessmentState.SIGNED_OFF
            assessment.signed_off_by = user
            assessment.signed_off_at = timezone.now()
        else:
            assessment.state = AssessmentState.DRAFT
        assessment.save(update_fields=["state", "review_note", "signed_off_by", "signed_off_at"])
    return assessment
