"""Speakers' availability windows at an event: a speaker (on their own page) or the
programme team says when they can speak; the schedule editor warns when a session falls
outside them. A speaker with no window is taken to be available throughout."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from aiatlas.programme.exceptions import InvalidInput, NotAllowed, NotFound
from aiatlas.programme.models import Event, Session, Speaker, SpeakerAvailability
from aiatlas.programme.rules import can


def _speaker_at(event_id: int, speaker_id: int) -> tuple[Event, Speaker]:
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise NotFound("There is no such event.")
    speaker = Speaker.objects.filter(pk=speaker_id).first()
    if speaker is None:
        raise NotFound("There is no such speaker.")
    if not Session.objects.filter(event=event, speakers=speaker).exists():
        raise InvalidInput(
            f"{speaker.name} has no session at {event.title}.", [("speaker", "not_at_event")]
        )
    return event, speaker


@transaction.atomic
def add_window(
    *, user: Any, event_id: int, speaker_id: int, starts_at: datetime, ends_at: datetime
) -> SpeakerAvailability:
    """Add a window; it must lie within the event's days (in its zone), end after it
    starts and not overlap another window of the same speaker."""
    event, speaker = _speaker_at(event_id, speaker_id)
    if not can(user, "edit_availability", speaker):
        raise NotAllowed("Only the speaker or the programme team says when they are available.")
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise InvalidInput("Start and end need a time zone.", [("start", "naive")])
    if ends_at <= starts_at:
        raise InvalidInput("The window must end after it starts.", [("end", "before_start")])
    zone = event.zone
    first, last = starts_at.astimezone(zone).date(), ends_at.astimezone(zone).date()
    if first < event.starts_on or last > event.ends_on:
        raise InvalidInput(
            f"The window must lie within the event ({event.starts_on} to {event.ends_on}).",
            [("day", "outside_event")],
        )
    # lock the speaker's windows for this event so two requests cannot both pass the check
    taken = list(
        SpeakerAvailability.objects.select_for_update().filter(speaker=speaker, event=event)
    )
    for other in taken:
        if other.starts_at < ends_at and starts_at < other.ends_at:
            local = other.starts_at.astimezone(zone)
            raise InvalidInput(
                f"It overlaps the window from {local:%a %d %b %H:%M} "
                f"to {other.ends_at.astimezone(zone):%H:%M}.",
                [("start", "overlap")],
            )
    return SpeakerAvailability.objects.create(
        speaker=speaker, event=event, starts_at=starts_at, ends_at=ends_at
    )


@transaction.atomic
def remove_window(*, user: Any, window_id: int) -> SpeakerAvailability:
    window = (
        SpeakerAvailability.objects.select_related("speaker", "event").filter(pk=window_id).first()
    )
    if window is None:
        raise NotFound("There is no such availability window.")
    if not can(user, "edit_availability", window.speaker):
        raise NotAllowed("Only the speaker or the programme team changes their availability.")
    window.delete()
    return window
