"""A small summit to test against: two days in Geneva across the change to summer time,
three rooms, two tracks, speakers and sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

GENEVA = ZoneInfo("Europe/Zurich")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=GENEVA)


@dataclass
class Summit:
    programme: Any
    event: Any
    rooms: dict[str, Any]
    tracks: dict[str, Any]
    speakers: list[Any]
    sessions: dict[str, Any]

    def release(self, comment: str = "") -> Any:
        """Release the live schedule (the public pages and feeds show the last release)."""
        from django.contrib.auth import get_user_model

        from aiatlas.programme.services.releases import release_schedule

        team = get_user_model().objects.filter(email="release-team@example.org").first()
        if team is None:
            team = get_user_model().objects.create_superuser("release-team@example.org", "x" * 20)
        return release_schedule(user=team, event_id=self.event.pk, comment=comment)


@pytest.fixture
def summit(db: None) -> Summit:
    """29–30 March 2031: summer time starts in Geneva on Sunday 30 March 2031."""
    from aiatlas.programme.models import Event, Programme, Room, Speaker, Track
    from aiatlas.programme.services.sessions import create_session

    programme = Programme.objects.create(slug="ai-for-good", title="AI for Good", kind="platform")
    event = Event.objects.create(
        programme=programme,
        slug="summit-2031",
        title="AI for Good Global Summit 2031",
        kind="summit",
        starts_on=date(2031, 3, 29),
        ends_on=date(2031, 3, 30),
        venue="Palexpo, Geneva",
        capacity=2,
        online_capacity=None,
    )
    rooms = {
        name: Room.objects.create(event=event, name=name, capacity=cap, position=i)
        for i, (name, cap) in enumerate([("Main stage", 500), ("Room A", 40), ("Room B", 1)])
    }
    tracks = {
        slug: Track.objects.create(event=event, slug=slug, name=name)
        for slug, name in [("health", "Health"), ("climate", "Climate")]
    }
    speakers = [
        Speaker.objects.create(name=f"Speaker {i:02d}", affiliation=f"Org {i}", bio="Bio")
        for i in range(3)
    ]
    sat, sun = event.days
    sessions = {
        "opening": create_session(
            event=event,
            title="Opening keynote",
            type="keynote",
            room=rooms["Main stage"],
            track=tracks["health"],
            starts_at=at(sat, 9),
            ends_at=at(sat, 10),
            speakers=[speakers[0]],
            goals=[(3, "confirmed"), (13, "suggested")],
            languages=["en", "fr"],
        ),
        "panel": create_session(
            event=event,
            title="Climate panel",
            type="panel",
            room=rooms["Room A"],
            track=tracks["climate"],
            starts_at=at(sat, 11),
            ends_at=at(sat, 12),
            speakers=[speakers[1], speakers[2]],
            languages=["en"],
        ),
        "sunday": create_session(
            event=event,
            title="Sunday workshop",
            type="workshop",
            room=rooms["Room A"],
            starts_at=at(sun, 10),
            ends_at=at(sun, 11, 30),
            speakers=[speakers[1]],
            languages=["es"],
        ),
    }
    found = Summit(programme, event, rooms, tracks, speakers, sessions)
    found.release("first version")
    return found


#: stages of ``many_sessions``' events (the issue's summit has 20)
STAGES = 20


def many_sessions(slug: str, sessions: int, team: Any, participant: Any) -> Any:
    """An event of ``sessions`` sessions on ``STAGES`` stages over two days (8–9 July
    2031), two speakers each, two languages on some, an SDG tag on each, half of them in
    ``participant``'s agenda, released; the first speaker is available only in the
    evening of the second day, so there is a warning."""
    from datetime import timedelta

    from aiatlas.programme.models import Event, Programme, Room, Speaker, Track
    from aiatlas.programme.services.agenda import set_favourite
    from aiatlas.programme.services.availability import add_window
    from aiatlas.programme.services.releases import release_schedule
    from aiatlas.programme.services.sessions import create_session

    programme = Programme.objects.get_or_create(
        slug="many", title="Many sessions", kind="platform"
    )[0]
    event = Event.objects.create(
        programme=programme, slug=slug, title=slug, kind="summit",
        starts_on=date(2031, 7, 8), ends_on=date(2031, 7, 9),
    )  # fmt: skip
    rooms = [
        Room.objects.create(event=event, name=f"Stage {i}", capacity=50, position=i)
        for i in range(STAGES)
    ]
    tracks = [Track.objects.create(event=event, slug=f"t{i}", name=f"Track {i}") for i in range(3)]
    made = []
    for n in range(sessions):
        day = event.days[n // (sessions // 2)] if sessions > 1 else event.days[0]
        slot = (n % (sessions // 2)) // STAGES
        starts = datetime(day.year, day.month, day.day, 8, tzinfo=GENEVA) + timedelta(hours=slot)
        made.append(
            create_session(
                event=event,
                title=f"{slug} session {n}",
                room=rooms[n % STAGES],
                track=tracks[n % 3],
                starts_at=starts,
                ends_at=starts + timedelta(minutes=50),
                speakers=[
                    Speaker.objects.create(name=f"{slug} speaker {n}"),
                    Speaker.objects.create(name=f"{slug} other {n}"),
                ],
                languages=["en", "fr"] if n % 2 else ["en"],
                goals=[(1 + n % 17, "suggested")],
            )
        )
    first = made[0].sessionspeaker_set.first().speaker
    evening = datetime.combine(event.days[1], datetime.min.time(), GENEVA) + timedelta(hours=20)
    add_window(
        user=team, event_id=event.pk, speaker_id=first.pk,
        starts_at=evening, ends_at=evening + timedelta(hours=1),
    )  # fmt: skip
    for s in made[: sessions // 2]:
        set_favourite(user=participant, session_id=s.pk, favourite=True)
    release_schedule(user=team, event_id=event.pk, comment="many sessions")
    return event
