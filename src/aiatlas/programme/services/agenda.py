"""A signed-in participant's personal agenda: favourite sessions and the secret token of
its subscribable calendar feed."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction

from aiatlas.programme.choices import PUBLIC_STATES
from aiatlas.programme.exceptions import NotAllowed, NotFound
from aiatlas.programme.models import AgendaFeed, Favourite, Session
from aiatlas.programme.rules import can


def _check(user: Any) -> None:
    if not can(user, "keep_agenda"):
        raise NotAllowed("Sign in to keep a personal agenda.")


@transaction.atomic
def set_favourite(*, user: Any, session_id: int, favourite: bool) -> bool:
    """Add a session to the agenda or take it out; returns whether it is in it now."""
    _check(user)
    if not Session.objects.filter(pk=session_id, state__in=PUBLIC_STATES).exists():
        raise NotFound("There is no such session on the programme.")
    if favourite:
        try:
            with transaction.atomic():
                Favourite.objects.get_or_create(user=user, session_id=session_id)
        except IntegrityError:  # a double click: the other request added it
            pass
    else:
        Favourite.objects.filter(user=user, session_id=session_id).delete()
    return favourite


@transaction.atomic
def agenda_feed(*, user: Any, renew: bool = False) -> AgendaFeed:
    """The participant's feed token, made on first use; ``renew`` replaces it (the old
    subscription URL stops working)."""
    _check(user)
    feed = AgendaFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return AgendaFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    if renew:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
    return feed
