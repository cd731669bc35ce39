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


def call_opened(call: Any, *, reopened: bool) -> int:
    """Every focal point and entity approver: the call is open (or has new dates)."""
    people = User.objects.filter(
        is_active=True, role__in=[Role.FOCAL_POINT, Role.ENTITY_APPROVER]
    ).order_by("email")
    rows = send_to_each(
        people,
        kind="call.opened",
        values={
            "edition": call.edition.title,
            "deadline": call.deadline.isoformat(),
            "message": call.message,
        },
        link=HOME,
        edition_id=call.edition_id,
        topic=f"call/{call.edition.year}",
    )
    return len(rows)


def call_reminder(call: Any, row: Any) -> int:
    """The focal points of one entity: what is still open in the call."""
    rows = send_to_each(
        row.focal_points,
        kind="call.reminder",
        values={
            "edition": call.edition.title,
            "deadline": call.deadline.isoformat(),
            "organization": row.organization.reference,
            "outstanding": row.outstanding,
            "drafts": row.counts["draft"],
            "returned": row.counts["changes_requested"],
        },
        link=HOME,
        edition_id=call.edition_id,
        topic=f"call/{call.edition.year}",
    )
    return len(rows)


def submitted(sub: Submission, *, user: Any) -> None:
    """After a submit: the entity's approvers, or the reviewers when it went straight to
    the secretariat."""
    if sub.state == State.ENTITY_REVIEW:
        send_to_each(
            _members(sub.organization, Role.ENTITY_APPROVER),
            kind="submission.to_approve",
            values={
                "title": sub.title,
                "organization": sub.organization.reference,
                "submitter": getattr(user, "email", ""),
            },
            link=_link(sub),
            edition_id=sub.call.edition_id,
            topic=_topic(sub),
        )
    elif sub.state == State.IN_REVIEW:
        waits_for_review(sub)


def waits_for_review(sub: Submission) -> None:
    """The reviewers are told at once, unless they get a daily digest."""
    if config.review_digest():
        return
    send_to_each(
        reviewers(),
        kind="submission.to_review",
        values={"title": sub.title, "organization": sub.organization.reference},
        link=_link(sub),
        edition_id=sub.call.edition_id,
        topic=_topic(sub),
    )


def changes_requested(sub: Submission, *, user: Any) -> None:
    send_to_each(
        _submitters(sub),
        kind="submission.changes_requested",
        values={
            "title": sub.title,
            "reviewer": getattr(user, "email", ""),
            "reasons": "\n".join(f"- {label}" for label in sub.reason_labels),
            "comment": sub.review_comment,
        },
        link=_link(sub),
        edition_id=sub.call.edition_id,
        topic=_topic(sub),
    )


def approved(sub: Submission, *, public_id: str) -> None:
    send_to_each(
        _submitters(sub),
        kind="submission.approved",
        values={"title": sub.title, "public_id": public_id, "edition": sub.call.edition.title},
        link=_link(sub),
        edition_id=sub.call.edition_id,
        topic=_topic(sub),
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

    send_to_each(
        recipients,
        kind="submission.comment",
        values={
            "title": sub.title,
            "organization": sub.organization.reference,
            "author": author.get_full_name() or author.email,
            "comment": text,
        },
        link=lambda _language: reverse("submissions:detail", args=[sub.pk]) + "#thread",
        edition_id=sub.call.edition_id,
        topic=_topic(sub),
    )
