"""Released versions of an event's schedule: a numbered snapshot of the public sessions
and what changed against the release before (the public changelog)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from aiatlas.programme.changelog import diff
from aiatlas.programme.exceptions import InvalidState, NotAllowed, NotFound
from aiatlas.programme.models import Event, ScheduleRelease
from aiatlas.programme.queries import release_snapshot
from aiatlas.programme.rules import can


@transaction.atomic
def release_schedule(*, user: Any, event_id: int, comment: str = "") -> ScheduleRelease:
    """Release the next numbered version of the schedule; refused when nothing changed
    since the last one."""
    if not can(user, "release_schedule"):
        raise NotAllowed("Only the programme team releases the schedule.")
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    if event is None:
        raise NotFound("There is no such event.")
    last = event.releases.order_by("-number").first()
    now = release_snapshot(event)
    changes = diff(last.snapshot if last else [], now)
    if last is not None and not changes:
        raise InvalidState(f"Nothing changed since version {last.number}.")
    return ScheduleRelease.objects.create(
        event=event,
        number=(last.number if last else 0) + 1,
        released_by=user if getattr(user, "is_authenticated", False) else None,
        comment=" ".join(str(comment or "").split())[:500],
        snapshot=now,
        changes=changes,
    )
