"""The conversation on a submission: comments between the secretariat and the entity,
and reviewers' internal notes that the entity never sees."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from aiatlas.accounts.models import Role
from aiatlas.submissions.exceptions import InvalidInput
from aiatlas.submissions.models import Comment, Submission
from aiatlas.submissions.services import notifications
from aiatlas.submissions.services.common import lock, member_emails, require

MAX_BODY = 5000


def _reviewer_emails(sub: Submission) -> list[str]:
    """Who on the secretariat's side hears of an entity's comment: the reviewer who last
    decided, else every reviewer."""
    from aiatlas.accounts.models import User

    decided = getattr(sub.decided_by, "email", "")
    if decided:
        return [decided]
    return list(
        User.objects.filter(is_active=True, role=Role.REVIEWER).values_list("email", flat=True)
    )


def _entity_emails(sub: Submission) -> list[str]:
    return [
        getattr(sub.created_by, "email", ""),
        *member_emails(sub.organization, Role.FOCAL_POINT),
    ]


def add_comment(*, user: Any, submission_id: int, body: str, internal: bool = False) -> Comment:
    """Add a comment (or, with ``internal``, a reviewers' note) to a submission. A comment
    is e-mailed to the other side; a note to nobody."""
    text = str(body or "").strip()
    if not text:
        raise InvalidInput("write something before sending", [("body", "is empty")])
    if len(text) > MAX_BODY:
        raise InvalidInput(
            f"the comment is {len(text)} characters long; at most {MAX_BODY}",
            [("body", "is too long")],
        )
    with transaction.atomic():
        sub = lock(submission_id, user=user, expected_version=None)
        require(user, "submissions.can_comment", sub, "you do not take part in this submission")
        if internal:
            require(
                user,
                "submissions.can_see_internal_notes",
                sub,
                "only the secretariat writes internal notes",
            )
        comment = Comment.objects.create(submission=sub, author=user, body=text, internal=internal)
        if not internal:
            from_secretariat = user.has_perm("submissions.can_see_internal_notes", sub)
            recipients = _entity_emails(sub) if from_secretariat else _reviewer_emails(sub)
            notifications.commented(
                sub, author=user, text=text, recipients=[r for r in recipients if r != user.email]
            )
    return comment
