"""Helpers shared by the workflow operations: locking, version checks, permissions, mail."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from rules.predicates import Predicate

from aiatlas.common.rules import allowed
from aiatlas.submissions.exceptions import EditConflict, InvalidState, NotAllowed, NotFound
from aiatlas.submissions.models import Submission
from aiatlas.submissions.queries import visible_submissions
from aiatlas.submissions.rules import STEPS


def require(user: Any, perm: str | Predicate, obj: Any, message: str) -> None:
    """:class:`NotAllowed` unless the permission ``perm`` (or the predicate of
    submissions/rules.py) lets ``user`` act on ``obj``."""
    if isinstance(perm, Predicate):
        ok = bool(getattr(user, "is_authenticated", False) and perm.test(user, obj))
    else:
        ok = allowed(user, perm, obj)
    if not ok:
        raise NotAllowed(message)


def require_state(predicate: Predicate, submission: Submission, message: str) -> None:
    """:class:`InvalidState` unless the state rule ``predicate`` holds for ``submission``."""
    if not predicate.test(None, submission):
        raise InvalidState(message)


def lock(submission_id: int, *, user: Any, expected_version: int | None) -> Submission:
    """The submission, locked for this transaction; :class:`EditConflict` when it changed
    since ``expected_version``. Users who may not see it get :class:`NotFound`, so ids of
    other entities' submissions reveal nothing."""
    found = (
        visible_submissions(user).select_for_update(of=("self",)).filter(pk=submission_id).first()
    )
    if found is None:
        raise NotFound(f"there is no submission {submission_id} that you can see")
    if expected_version is not None and found.version != expected_version:
        raise EditConflict(expected=expected_version, current=found)
    return found


def lock_to_act(
    step: str, submission_id: int, *, user: Any, expected_version: int | None
) -> Submission:
    """:func:`lock` the submission for the workflow ``step`` of ``submissions.rules.STEPS``:
    :func:`require` that ``user`` may take it and :func:`require_state` that the submission
    is in a state where it can be taken."""
    rule = STEPS[step]
    sub = lock(submission_id, user=user, expected_version=expected_version)
    require(user, rule.may, sub, rule.who)
    require_state(
        rule.state, sub, f"a submission that is {sub.get_state_display().lower()} {rule.cannot}"
    )
    return sub


def save(submission: Submission, *, user: Any, reason: str, fields: Iterable[str]) -> None:
    """Save the changed ``fields`` with the next version; the history row names ``user``."""
    submission.version += 1
    submission.updated_at = timezone.now()
    submission._history_user = user  # type: ignore[attr-defined]
    submission._change_reason = reason  # type: ignore[attr-defined]
    guarded(lambda: submission.save(update_fields=[*fields, "version", "updated_at"]))


def create(submission: Submission, *, user: Any, reason: str) -> None:
    submission._history_user = user  # type: ignore[attr-defined]
    submission._change_reason = reason  # type: ignore[attr-defined]
    guarded(submission.save)


def guarded(write: Callable[[], None]) -> None:
    """Run ``write`` in a savepoint; a second live submission for the same activity (two
    people racing to carry it forward) becomes a clear InvalidState."""
    try:
        with transaction.atomic():
            write()
    except IntegrityError as exc:
        text = str(exc)
        if "one_live_submission_per_activity" in text or "submission.activity_id" in text:
            raise InvalidState(
                "this activity already has a submission in this call (someone was faster)"
            ) from None
        raise


def member_emails(organization: Any, role: str) -> list[str]:
    """E-mail addresses of the organization's active users with ``role``."""
    return list(
        organization.members.filter(is_active=True, role=role).values_list("email", flat=True)
    )


def notify(recipients: Iterable[str], subject: str, body: str) -> None:
    """One e-mail to each recipient through the outbox (it goes out after the commit).
    Workflow e-mails use :mod:`aiatlas.submissions.services.notifications` instead."""
    from aiatlas.accounts.mail import queue_message, recipient_of

    for address in sorted({r for r in recipients if r}):
        person = recipient_of(address)
        queue_message(to=person.email, subject=subject, body=body, language=person.language)
