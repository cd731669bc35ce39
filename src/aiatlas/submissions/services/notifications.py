"""The e-mails of the submission workflow, written through the one outbox
(:func:`aiatlas.accounts.mail.send_to_each`): one message per recipient, in the
recipient's language, each with a link to its item built from ``SITE_URL``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from aiatlas import config
from aiatlas.accounts.mail import send_to_each
from aiatlas.accounts.models import Role, User
from aiatlas.submissions.models import State, Submission

HOME = ("submissions:home", {})
DASHBOARD = ("submissions:dashboard", {})


def _link(sub: Submission) -> tuple[str, dict[str, Any]]:
    return ("submissions:detail", {"submission_id": sub.pk})


def _members(organization: Any, role: str) -> QuerySet[User]:
    return organization.members.filter(is_active=True, role=role).order_by("email")


def _submitters(sub: Submission) -> list[Any]:
    """Who wrote the submission and the entity's focal points."""
    people: list[Any] = []
    if sub.created_by is not None and sub.created_by.is_active:
        people.append(sub.created_by)
    people.extend(_members(sub.organization, Role.FOCAL_POINT))
    return people


def reviewers() -> QuerySet[User]:
    """The secretariat's reviewers; the administrators when there is no reviewer."""
    found = User.objects.filter(is_active=True, role=Role.REVIEWER).order_by("email")
    if not found.exists():
        found = User.objects.filter(is_active=True, role=Role.ADMIN).order_by("email")
    return found


def _topic(sub: Submission) -> str:
    return f"submission/{sub.pk}"


def _about(
    sub: Submission, recipients: Any, kind: str, values: dict[str, Any], link: Any = None
) -> None:
    """One message of ``kind`` about ``sub`` to each recipient: in the edition of its call,
    under its topic, linked to its page (or to ``link``)."""
    send_to_each(
        recipients,
        kind=kind,
        values=values,
        link=_link(sub) if link is None else link,
        edition_id=sub.call.edition_id,
        topic=_topic(sub),
    )


def _about_call(call: Any, recipients: Any, kind: str, values: dict[str, Any]) -> int:
    """One message of ``kind`` about ``call`` to each recipient, linked to the submissions'
    home page; returns how many were written."""
    rows = send_to_each(
        recipients,
        kind=kind,
        values=values,
        link=HOME,
        edition_id=call.edition_id,
        topic=f"call/{call.edition.year}",
    )
    return len(rows)


def call_opened(call: Any, *, reopened: bool) -> int:
    """Every focal point and entity approver: the call is open (or has new dates)."""
    people = User.objects.filter(
        is_active=True, role__in=[Role.FOCAL_POINT, Role.ENTITY_APPROVER]
    ).order_by("email")
    return _about_call(
        call,
        people,
        "call.opened",
        {
            "edition": call.edition.title,
            "deadline": call.deadline.isoformat(),
            "message": call.message,
        },
    )


def call_reminder(call: Any, row: Any) -> int:
    """The focal points of one entity: what is still open in the call."""
    return _about_call(
        call,
        row.focal_points,
        "call.reminder",
        {
            "edition": call.edition.title,
            "deadline": call.deadline.isoformat(),
            "organization": row.organization.reference,
            "outstanding": row.outstanding,
            "drafts": row.counts["draft"],
            "returned": row.counts["changes_requested"],
        },
    )


def submitted(sub: Submission, *, user: Any) -> None:
    """After a submit: the entity's approvers, or the reviewers when it went straight to
    the secretariat."""
    if sub.state == State.ENTITY_REVIEW:
        _about(
            sub,
            _members(sub.organization, Role.ENTITY_APPROVER),
            "submission.to_approve",
            {
                "title": sub.title,
                "organization": sub.organization.reference,
                "submitter": getattr(user, "email", ""),
            },
        )
    elif sub.state == State.IN_REVIEW:
        waits_for_review(sub)


def waits_for_review(sub: Submission) -> None:
    """The reviewers are told at once, unless they get a daily digest."""
    if config.review_digest():
        return
    _about(
        sub,
        reviewers(),
        "submission.to_review",
        {"title": sub.title, "organization": sub.organization.reference},
    )


def changes_requested(sub: Submission, *, user: Any) -> None:
    _about(
        sub,
        _submitters(sub),
        "submission.changes_requested",
        {
            "title": sub.title,
            "reviewer": getattr(user, "email", ""),
            "reasons": "\n".join(f"- {label}" for label in sub.reason_labels),
            "comment": sub.review_comment,
        },
    )


def approved(sub: Submission, *, public_id: str) -> None:
    _about(
        sub,
        _submitters(sub),
        "submission.approved",
        {"title": sub.title, "public_id": public_id, "edition": sub.call.edition.title},
    )


def send_review_digest() -> int:
    """Once a day: each reviewer gets the list of submissions waiting for review (none
    when nothing waits, and never twice on the same day). Returns how many were written."""
    from aiatlas.accounts.mail import link_for, recipient_of
    from aiatlas.accounts.models import OutboxMessage

    today = timezone.localdate().isoformat()
    topic = f"digest/{today}"
    waiting = list(
        Submission.objects.filter(state=State.IN_REVIEW)
        .select_related("organization", "call__edition")
        .order_by("submitted_at", "pk")
    )
    if not waiting:
        return 0
    written = 0
    with transaction.atomic():
        already = set(
            OutboxMessage.objects.filter(kind="review.digest", topic=topic).values_list(
                "to", flat=True
            )
        )
        for reviewer in reviewers():
            if reviewer.email in already:
                continue
            language = recipient_of(reviewer).language
            items = "\n".join(
                f"- {s.title} ({s.organization.reference}): {link_for(_link(s), language)}"
                for s in waiting
            )
            written += len(
                send_to_each(
                    [reviewer],
                    kind="review.digest",
                    values={"count": len(waiting), "items": items},
                    link=DASHBOARD,
                    topic=topic,
                )
            )
    return written


def commented(sub: Submission, *, author: Any, text: str, recipients: list[str]) -> None:
    """A comment in the conversation, to the other side, each in its own language with a
    link to the thread."""
    from django.urls import reverse

    _about(
        sub,
        recipients,
        "submission.comment",
        {
            "title": sub.title,
            "organization": sub.organization.reference,
            "author": author.get_full_name() or author.email,
            "comment": text,
        },
        link=lambda _language: reverse("submissions:detail", args=[sub.pk]) + "#thread",
    )
