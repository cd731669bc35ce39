"""Read queries of accounts: users, tokens, the outbox."""

from __future__ import annotations

from typing import Any

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


# --- e-mail texts -------------------------------------------------------------------------


def edition_choices() -> list[tuple[int, str]]:
    """Editions, newest first, for the per-edition e-mail texts."""
    from aiatlas.catalog.models import Edition

    return [(e.pk, str(e)) for e in Edition.objects.order_by("-year")]


def message_templates_by_kind() -> dict[str, list[Any]]:
    """Every stored e-mail text, grouped by kind."""
    from aiatlas.accounts.models import MessageTemplate

    stored: dict[str, list[Any]] = {}
    for row in MessageTemplate.objects.select_related("edition"):
        stored.setdefault(row.kind, []).append(row)
    return stored


def message_template_for(kind: str, language: str, edition_id: int | None) -> Any:
    """The stored text of one kind, language and edition (None: the built-in one)."""
    from aiatlas.accounts.models import MessageTemplate

    return MessageTemplate.objects.filter(
        kind=kind, language=language, edition_id=edition_id
    ).first()
