"""Read queries of accounts: users, tokens, the outbox."""

from __future__ import annotations

from django.db.models import QuerySet

from aiatlas.accounts.models import ApiToken, OutboxMessage, User


def users() -> QuerySet[User]:
    return User.objects.prefetch_related("organizations").order_by("email")


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def outbox_messages(limit: int = 50) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.order_by("-created_at", "-id")[:limit]
