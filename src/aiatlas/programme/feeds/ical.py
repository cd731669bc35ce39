"""iCalendar (RFC 5545) feeds: an event's whole schedule, and a participant's agenda.

Times are written in the event's own time zone (``TZID=Europe/Zurich``) with its
VTIMEZONE, so calendars keep the wall-clock times across summer time. A multi-day event
is also listed as one all-day entry per day, not as one block spanning the days."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from django.utils import timezone

from aiatlas.programme.models import Event, Session

PRODID = "-//aiatlas//AI for Good programme//EN"


def _calendar(name: str, source: str) -> object:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    if source:
        cal.add("source", source)
        cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    return cal


def _session_entry(session: Session, url: str) -> object:
    from icalendar import Event as VEvent

    zone = session.event.zone
    entry = VEvent()
    entry.add("uid", f"{session.guid}@aiatlas")
    entry.add("dtstamp", session.updated_at or timezone.now())
    entry.add("dtstart", session.starts_at.astimezone(zone))  # type: ignore[union-attr]
    entry.add("dtend", session.ends_at.astimezone(zone))  # type: ignore[union-attr]
    entry.add("summary", session.title)
    speakers = ", ".join(link.speaker.name for link in getattr(session, "ordered_speakers", []))
    text = session.abstract + (f"\n\nSpeakers: {speakers}" if speakers else "")
    entry.add("description", text.strip())
    where = [str(session.room)] if session.room else []
    if session.event.venue:
        where.append(session.event.venue)
    if where:
        entry.add("location", ", ".join(where))
    if session.track:
        entry.add("categories", [session.track.name])
    if url:
        entry.add("url", url)
    return entry


def _day_entries(event: Event, url: str) -> list[object]:
    from icalendar import Event as VEvent

    if len(event.days) < 2:
        return []
    entries = []
    for index, day in enumerate(event.days, start=1):
        entry = VEvent()
        entry.add("uid", f"event-{event.pk}-day-{index}@aiatlas")
        entry.add("dtstamp", event.updated_at or timezone.now())
        entry.add("dtstart", day)
        entry.add("dtend", day + timedelta(days=1))
        entry.add("summary", f"{event.title} (day {index} of {len(event.days)})")
        entry.add("transp", "TRANSPARENT")
        if event.venue:
            entry.add("location", event.venue)
        if url:
            entry.add("url", url)
        entries.append(entry)
    return entries


def _add_sessions(
    cal: object, sessions: Iterable[Session], session_url: Callable[[Session], str]
) -> None:
    """An entry for each session that has a time slot."""
    for session in sessions:
        if session.starts_at is not None:
            cal.add_component(_session_entry(session, session_url(session)))  # type: ignore[attr-defined]


def _finish(cal: object) -> bytes:
    cal.add_missing_timezones()  # type: ignore[attr-defined]
    return cal.to_ical()  # type: ignore[attr-defined,no-any-return]


def event_calendar(
    event: Event,
    sessions: Iterable[Session],
    *,
    source: str = "",
    event_url: str = "",
    session_url: Callable[[Session], str] = lambda s: "",
) -> bytes:
    cal = _calendar(event.title, source)
    for entry in _day_entries(event, event_url):
        cal.add_component(entry)  # type: ignore[attr-defined]
    _add_sessions(cal, sessions, session_url)
    return _finish(cal)


def agenda_calendar(
    sessions: Iterable[Session], *, source: str = "", session_url: Callable[[Session], str]
) -> bytes:
    cal = _calendar("My AI for Good agenda", source)
    _add_sessions(cal, sessions, session_url)
    return _finish(cal)
