"""Read queries of accounts: users, tokens, the outbox."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from aiatlas.accounts.models import ApiToken, OutboxMessage, User


def users() -> QuerySet[User]:
    return User.objects.prefetch_related("organizations").order_by("email")


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def outbox_messages(
    limit: int = 50, *, status: str = "", topic: str = ""
) -> QuerySet[OutboxMessage]:
    rows = OutboxMessage.objects.order_by("-created_at", "-id")
    if status:
        rows = rows.filter(status=status)
    if topic:
        rows = rows.filter(topic=topic)
    return rows[:limit]


def outbox_counts(*, topic: str = "") -> dict[str, int]:
    """How many messages are queued, sent and failed (of one topic, or all)."""
    rows = OutboxMessage.objects.all()
    if topic:
        rows = rows.filter(topic=topic)
    counts = dict.fromkeys(OutboxMessage.Status.values, 0)
    for status, n in rows.values_list("status").annotate(n=Count("id")).values_list("status", "n"):
        counts[status] = n
    return counts
