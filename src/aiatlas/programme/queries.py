"""Reads of the programme: pages, API and feeds call these (one owner per read)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from aiatlas.programme.choices import (
    PUBLIC_STATES,
    AttendanceMode,
    RegistrationStatus,
    SessionState,
)
from aiatlas.programme.models import (
    AgendaFeed,
    Event,
    Favourite,
    Programme,
    Registration,
    Room,
    ScheduleRelease,
    Session,
    SessionSpeaker,
    Speaker,
    SpeakerAvailability,
    Track,
)
from aiatlas.programme.tokens import registration_id_from
from aiatlas.taxonomy.models import Goal


def programmes() -> QuerySet[Programme]:
    return Programme.objects.annotate(event_count=Count("events")).prefetch_related(
        Prefetch("events", queryset=Event.objects.order_by("-starts_on"))
    )


def programme(slug: str) -> Programme | None:
    return Programme.objects.filter(slug=slug).first()


def events_of(programme: Programme) -> QuerySet[Event]:
    return programme.events.annotate(
        session_count=Count("sessions", filter=Q(sessions__state__in=PUBLIC_STATES))
    ).order_by("-starts_on")


def event(slug: str) -> Event | None:
    return (
        Event.objects.select_related("programme")
        .prefetch_related("partners", "tracks", "rooms")
        .filter(slug=slug)
        .first()
    )


def track(event: Event, slug: str) -> Track | None:
    return Track.objects.filter(event=event, slug=slug).first()


def goals() -> list[Goal]:
    """The 17 goals, for the team's SDG form."""
    return list(Goal.objects.order_by("number"))


def goal_sources(session: Session) -> dict[int, str]:
    """A session's SDG tags: goal number -> source (suggested or confirmed)."""
    return dict(session.goal_tags.values_list("goal_id", "source"))


def public_sessions(event: Event | None = None, *, goals: bool = True) -> QuerySet[Session]:
    """Accepted and confirmed sessions with their room, track and speakers in order (and
    their SDG tags unless ``goals`` is false: the feeds do not show them)."""
    qs = Session.objects.filter(state__in=PUBLIC_STATES)
    if event is not None:
        qs = qs.filter(event=event)
    return qs.select_related("event__programme", "room", "track").prefetch_related(
        Prefetch(
            "sessionspeaker_set",
            queryset=SessionSpeaker.objects.select_related("speaker").order_by("position"),
            to_attr="ordered_speakers",
        ),
        *(["goal_tags__goal"] if goals else []),
    )


# -- what the public sees: the last released version ---------------------------------


def _latest_snapshots(event_ids: Iterable[int]) -> dict[int, dict[int, dict[str, Any]]]:
    """Per event, its last release's entries by session id (events without a release are
    missing)."""
    ids = set(event_ids)
    if not ids:
        return {}
    last = ScheduleRelease.objects.filter(event_id=OuterRef("event_id")).order_by("-number")
    rows = ScheduleRelease.objects.filter(
        event_id__in=ids, number=Subquery(last.values("number")[:1])
    ).values_list("event_id", "snapshot")
    return {event_id: {e["id"]: e for e in snapshot} for event_id, snapshot in rows}


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def released(sessions: Iterable[Session]) -> list[Session]:
    """The sessions as their event's last released schedule shows them: only those on
    it, with the released title, room and times (later edits wait for the next
    release). Sessions of events with no release yet are left out. The one place the
    public reads (pages, feeds, API, widget) decide what is on the programme."""
    items = list(sessions)
    snapshots = _latest_snapshots(s.event_id for s in items)
    if not snapshots:
        return []
    rooms: dict[int, dict[Any, Room]] = defaultdict(dict)
    for r in Room.objects.filter(event_id__in=snapshots):
        rooms[r.event_id][r.pk] = r
        rooms[r.event_id].setdefault(r.name, r)
    kept = []
    for s in items:
        entry = snapshots.get(s.event_id, {}).get(s.pk)
        if entry is None:
            continue
        s.title = entry["title"]
        s.starts_at = _when(entry.get("starts_at"))
        s.ends_at = _when(entry.get("ends_at"))
        here = rooms.get(s.event_id, {})
        room = here.get(entry.get("room_id")) or (
            here.get(entry["room"]) if entry.get("room") else None
        )
        s.room = room
        s.released = True  # type: ignore[attr-defined]
        kept.append(s)
    return kept


def released_sessions(event: Event | None = None, *, goals: bool = True) -> list[Session]:
    """The public sessions of ``event`` (or all events) on their last release, by start
    time (unscheduled last), room and title."""
    return released_sessions_of(public_sessions(event, goals=goals))


def released_sessions_of(sessions: Iterable[Session]) -> list[Session]:
    """``released`` ordered by released start time (unscheduled last), then title."""
    return sorted(
        released(sessions),
        key=lambda s: (
            s.starts_at is None,
            s.starts_at or datetime.max.replace(tzinfo=UTC),
            s.room.position if s.room else 999,
            s.title,
        ),
    )


def released_session(pk: int) -> Session | None:
    """The session as the public sees it: None when it is not on a released schedule."""
    found = released(public_sessions().filter(pk=pk))
    return found[0] if found else None


def is_on_release(session: Session) -> bool:
    """Whether the session's event's last release lists it (withdrawn ones included)."""
    return session.pk in _latest_snapshots([session.event_id]).get(session.event_id, {})


def session(pk: int) -> Session | None:
    """Any session, withdrawn ones too (their page says so)."""
    return (
        Session.objects.select_related("event__programme", "room", "track")
        .prefetch_related(
            Prefetch(
                "sessionspeaker_set",
                queryset=SessionSpeaker.objects.select_related("speaker").order_by("position"),
                to_attr="ordered_speakers",
            ),
            "goal_tags__goal",
            "activities",
        )
        .filter(pk=pk)
        .first()
    )


# -- lean rows: what the schedule, the editor and the warnings read --------------------


@dataclass(eq=False)
class Entry:
    """A session as the schedule grid, the editor and the warnings see it: a plain row
    built from two flat queries (no model instances per session and speaker), so a
    400-session schedule reads in a few milliseconds."""

    pk: int
    title: str
    type: str
    room: Room | None
    track: Any
    starts_at: datetime | None
    ends_at: datetime | None
    languages: list[str]
    capacity: int | None = None
    #: (speaker id, name) in the session's order
    speakers: list[tuple[int, str]] = field(default_factory=list)
    #: in the event's zone (set when the session has a time)
    local_start: datetime | None = None
    local_end: datetime | None = None
    #: the warnings' messages about it (the editor fills them in)
    warnings: list[str] = field(default_factory=list)

    @property
    def room_id(self) -> int | None:
        return self.room.pk if self.room is not None else None

    @property
    def seats(self) -> int | None:
        if self.capacity is not None:
            return self.capacity
        return self.room.capacity if self.room is not None else None

    def __str__(self) -> str:
        return self.title


def _speakers_by_session(event: Event) -> dict[int, list[tuple[int, str]]]:
    """Every public session's speakers of the event in their order, in one query."""
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        SessionSpeaker.objects.filter(session__event=event, session__state__in=PUBLIC_STATES)
        .order_by("session_id", "position", "pk")
        .values_list("session_id", "speaker_id", "speaker__name")
    )
    for session_id, speaker_id, name in rows:
        found[session_id].append((speaker_id, name))
    return found


def live_entries(event: Event) -> list[Entry]:
    """The event's public sessions as they are now (what the editor edits), by start time
    and id: two queries whatever the number of sessions."""
    rooms = {r.pk: r for r in event.rooms.all()}
    tracks = {t.pk: t for t in event.tracks.all()}
    speakers = _speakers_by_session(event)
    zone = event.zone
    rows = (
        Session.objects.filter(event=event, state__in=PUBLIC_STATES)
        .order_by("starts_at", "pk")
        .values_list(
            "pk", "title", "type", "room_id", "track_id", "starts_at", "ends_at", "languages",
            "capacity",
        )
    )  # fmt: skip
    found = []
    for pk, title, kind, room_id, track_id, starts, ends, languages, capacity in rows:
        found.append(
            Entry(
                pk, title, kind, rooms.get(room_id), tracks.get(track_id), starts, ends,
                languages or [], capacity, speakers.get(pk, []),
                starts.astimezone(zone) if starts else None,
                ends.astimezone(zone) if ends else None,
            )
        )  # fmt: skip
    return found


def released_entries(event: Event, release: ScheduleRelease | None) -> list[Entry]:
    """The sessions of ``release`` (the event's last) as the public sees them: the
    released title, room and times from the release's snapshot (made once, when it was
    released), the live type, track, languages and speakers; sessions withdrawn since
    are left out. Three flat queries whatever the number of sessions."""
    if release is None:
        return []
    rooms: dict[Any, Room] = {}
    for r in event.rooms.all():
        rooms[r.pk] = r
        rooms.setdefault(r.name, r)
    tracks = {t.pk: t for t in event.tracks.all()}
    live = {
        pk: (kind, track_id, languages)
        for pk, kind, track_id, languages in Session.objects.filter(
            event=event, state__in=PUBLIC_STATES
        ).values_list("pk", "type", "track_id", "languages")
    }
    speakers = _speakers_by_session(event)
    zone = event.zone
    found = []
    for item in release.snapshot:
        now = live.get(item["id"])
        if now is None:
            continue
        kind, track_id, languages = now
        starts, ends = _when(item.get("starts_at")), _when(item.get("ends_at"))
        room = rooms.get(item.get("room_id")) or (
            rooms.get(item["room"]) if item.get("room") else None
        )
        found.append(
            Entry(
                item["id"], item["title"], kind, room, tracks.get(track_id), starts, ends,
                languages or [], None, speakers.get(item["id"], []),
                starts.astimezone(zone) if starts else None,
                ends.astimezone(zone) if ends else None,
            )
        )  # fmt: skip
    return found


# -- the schedule --------------------------------------------------------------------


@dataclass
class Slot:
    starts: datetime  # in the event's zone
    sessions: list[Entry] = field(default_factory=list)


@dataclass
class Day:
    date: date
    index: int
    slots: list[Slot] = field(default_factory=list)
    #: (room name, sessions) in room order
    rooms: list[tuple[str, list[Entry]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(s.sessions) for s in self.slots)


@dataclass
class Schedule:
    event: Event
    days: list[Day]
    unscheduled: list[Entry]
    tracks: list[Any]
    rooms: list[Any]
    languages: list[str]
    filters: dict[str, str]
    #: the release shown (None: nothing released yet, so nothing is shown)
    release: ScheduleRelease | None = None

    @property
    def count(self) -> int:
        return sum(d.count for d in self.days)


def schedule(event: Event, *, track: str = "", room: str = "", language: str = "") -> Schedule:
    """The event's released sessions by day (in the event's time zone), by start time and by
    room, filtered by track slug, room id and language code."""
    release = latest_release(event)
    everything = released_entries(event, release)
    languages = sorted({code for s in everything for code in s.languages})
    chosen = [
        s
        for s in everything
        if (not track or (s.track is not None and s.track.slug == track))
        and (not room or str(s.room_id) == room)
        and (not language or language in s.languages)
    ]
    by_day: dict[date, list[Entry]] = defaultdict(list)
    unscheduled = []
    for s in chosen:
        if s.local_start is None:
            unscheduled.append(s)
        else:
            by_day[s.local_start.date()].append(s)
    unscheduled.sort(key=lambda s: (s.room.position if s.room else 999, s.title))
    rooms = list(event.rooms.all())
    order = {r.pk: i for i, r in enumerate(rooms)}
    days = []
    for index, day in enumerate(sorted(by_day), start=1):
        items = sorted(
            by_day[day], key=lambda s: (s.starts_at, order.get(s.room_id or 0, 999), s.title)
        )
        slots: dict[datetime, Slot] = {}
        per_room: dict[str, list[Entry]] = defaultdict(list)
        for s in items:
            slots.setdefault(s.local_start, Slot(s.local_start)).sessions.append(s)  # type: ignore[arg-type]
            per_room[s.room.name if s.room else "—"].append(s)
        room_order = [r.name for r in rooms if r.name in per_room] + (
            ["—"] if "—" in per_room else []
        )
        days.append(
            Day(day, index, list(slots.values()), [(name, per_room[name]) for name in room_order])
        )
    return Schedule(
        event=event,
        days=days,
        unscheduled=unscheduled,
        tracks=list(event.tracks.all()),
        rooms=rooms,
        languages=languages,
        filters={"track": track, "room": room, "language": language},
        release=release,
    )


@dataclass
class Warning:
    kind: str  # room_overlap, speaker_double_booked, over_capacity, outside_event
    message: str
    sessions: list[int]


def _overlaps(group: list[Entry]) -> list[tuple[Entry, Entry]]:
    """The pairs of ``group`` (sorted by start) that run at the same time: a sweep that
    stops at the first later session starting after one ends, so it costs the number of
    sessions plus the number of clashes, not their square."""
    found = []
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            if b.starts_at >= a.ends_at:  # type: ignore[operator]
                break
            found.append((a, b))
    return found


def schedule_warnings(event: Event, entries: list[Entry] | None = None) -> list[Warning]:
    """What the programme team should look at: two sessions in one room at once, a
    speaker in two places at once, more registrations than seats, a session outside the
    event's dates, a speaker outside their availability. ``entries``: the event's
    ``live_entries`` when the caller has them already. One pass over the sessions sorted
    by start time; two more queries (registrations per session, availability)."""
    placed = [
        s
        for s in (live_entries(event) if entries is None else entries)
        if s.starts_at is not None and s.ends_at is not None
    ]
    placed.sort(key=lambda s: (s.starts_at, s.pk))
    warnings: list[Warning] = []
    by_room: dict[int, list[Entry]] = defaultdict(list)
    by_speaker: dict[int, list[Entry]] = defaultdict(list)
    names: dict[int, str] = {}
    for s in placed:
        if s.room is not None:
            by_room[s.room.pk].append(s)
        for speaker_id, name in s.speakers:
            by_speaker[speaker_id].append(s)
            names[speaker_id] = name
    for group in by_room.values():
        for a, b in _overlaps(group):
            warnings.append(
                Warning(
                    "room_overlap",
                    f"{a.room} holds “{a.title}” and “{b.title}” at the same time.",
                    [a.pk, b.pk],
                )
            )
    for speaker_id, group in by_speaker.items():
        for a, b in _overlaps(group):
            if a.room_id != b.room_id:
                where = f"{a.room or 'no room'} and {b.room or 'no room'}"
            else:
                where = f"{a.room or 'no room'}, twice"
            warnings.append(
                Warning(
                    "speaker_double_booked",
                    f"{names[speaker_id]} speaks in “{a.title}” and “{b.title}” at once ({where}).",
                    [a.pk, b.pk],
                )
            )
    counts = dict(
        Registration.objects.filter(
            event=event, session__isnull=False, status=RegistrationStatus.CONFIRMED
        )
        .values_list("session_id")
        .annotate(n=Count("pk"))
    )
    windows: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for speaker_id, start, end in SpeakerAvailability.objects.filter(event=event).values_list(
        "speaker_id", "starts_at", "ends_at"
    ):
        windows[speaker_id].append((start, end))
    unavailable = []
    for s in placed:
        seats = s.seats
        if seats is not None and counts.get(s.pk, 0) > seats:
            warnings.append(
                Warning(
                    "over_capacity",
                    f"“{s.title}” has {counts[s.pk]} registrations for {seats} seats.",
                    [s.pk],
                )
            )
        if not event.starts_on <= s.local_start.date() <= event.ends_on:  # type: ignore[union-attr]
            warnings.append(
                Warning("outside_event", f"“{s.title}” is outside the event's dates.", [s.pk])
            )
        for speaker_id, name in s.speakers:
            free = windows.get(speaker_id)
            if free and not any(a <= s.starts_at and s.ends_at <= b for a, b in free):  # type: ignore[operator]
                unavailable.append(
                    Warning(
                        "speaker_unavailable",
                        f"{name} is not available for “{s.title}” "
                        f"({s.local_start:%a %d %b %H:%M}).",
                        [s.pk],
                    )
                )
    return warnings + unavailable


def schedule_stamp(event: Event) -> str:
    """What the public schedule of ``event`` depends on, as one short text: its last
    release, the last change to any of its sessions, tracks or rooms and to the event.
    A cached rendering of the schedule is good while this stays the same."""
    from django.db.models import Max

    last = event.releases.aggregate(n=Max("number"))["n"] or 0
    touched = event.sessions.aggregate(t=Max("updated_at"), n=Count("pk"))
    parts = [
        last,
        touched["n"],
        touched["t"].isoformat() if touched["t"] else "",
        event.updated_at.isoformat() if event.updated_at else "",
        # rooms and tracks have no change time: their names are part of the stamp
        "|".join(f"{r.pk}:{r.name}:{r.capacity}" for r in event.rooms.all()),
        "|".join(f"{t.pk}:{t.slug}:{t.name}" for t in event.tracks.all()),
    ]
    return "/".join(str(p) for p in parts)


def schedule_version(event: Event) -> str:
    """The schedule's version for the feeds: the number of the last release and when it
    was released (UTC); "0" before the first."""
    last = latest_release(event)
    if last is None:
        return "0"
    return f"{last.number} ({last.released_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC)"


# -- speakers, what's on, the agenda -------------------------------------------------


def speaker(pk: int) -> Speaker | None:
    return Speaker.objects.select_related("country").filter(pk=pk).first()


def speaker_profile(speaker: Speaker) -> dict[str, Any]:
    """Only what the speaker agreed to publish (never e-mail or gender)."""
    return {
        "id": speaker.pk,
        "name": speaker.name,
        "affiliation": speaker.affiliation if speaker.publish_affiliation else "",
        "bio": speaker.bio if speaker.publish_bio else "",
        "country": speaker.country.name if speaker.publish_country and speaker.country else "",
    }


def speaker_sessions(speaker: Speaker, *, now: datetime | None = None) -> dict[str, list]:
    """The speaker's public sessions: upcoming first, then past ones with recordings."""
    now = now or timezone.now()
    items = released_sessions_of(public_sessions().filter(speakers=speaker))
    return {
        "upcoming": [s for s in items if s.ends_at is None or s.ends_at >= now],
        "past": [s for s in reversed(items) if s.ends_at is not None and s.ends_at < now],
    }


def whats_on(*, weeks: int = 4, now: datetime | None = None) -> list[tuple[date, list]]:
    """Sessions across programmes from now for ``weeks`` weeks, by (UTC) day."""
    now = now or timezone.now()
    until = now + timedelta(weeks=max(1, min(weeks, 26)))
    # an event's dates bound its sessions (a day either side for the time zones)
    candidates = public_sessions().filter(
        event__ends_on__gte=(now - timedelta(days=1)).date(),
        event__starts_on__lte=(until + timedelta(days=1)).date(),
    )
    items = [
        s
        for s in released_sessions_of(candidates)
        if s.starts_at is not None and s.ends_at >= now and s.starts_at < until  # type: ignore[operator]
    ]
    days: dict[date, list[Session]] = defaultdict(list)
    for s in items:
        s.local_start = s.starts_at.astimezone(s.event.zone)  # type: ignore[attr-defined,union-attr]
        days[s.local_start.date()].append(s)  # type: ignore[attr-defined]
    return sorted(days.items())


def favourite_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Favourite.objects.filter(user=user).values_list("session_id", flat=True))


def agenda_sessions(user: Any) -> list[Session]:
    """The participant's favourites that are on a released schedule."""
    return released_sessions_of(public_sessions().filter(favourites__user=user))


def agenda_feed_of(user: Any) -> AgendaFeed | None:
    return AgendaFeed.objects.filter(user=user).first()


def agenda_user(token: str) -> Any:
    feed = AgendaFeed.objects.select_related("user").filter(token=str(token)[:64]).first()
    return feed.user if feed is not None and feed.user.is_active else None


# -- registrations -------------------------------------------------------------------


def registration(token: str) -> Registration | None:
    """The registration behind a signed token (BadToken when it is not ours)."""
    return (
        Registration.objects.select_related("event", "session")
        .filter(pk=registration_id_from(token))
        .first()
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next person to get a seat; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            session_id=registration.session_id,
            mode=registration.mode,
            status=RegistrationStatus.WAITLISTED,
            sequence__lt=registration.sequence,
        ).count()
        + 1
    )


def registration_counts(event: Event) -> dict[str, Any]:
    """The figures the reports quote: participants on site and online, waiting, countries."""
    rows = Registration.objects.filter(event=event, session__isnull=True)
    per = {
        (status, mode): n
        for status, mode, n in rows.values_list("status", "mode").annotate(n=Count("pk"))
    }
    confirmed = RegistrationStatus.CONFIRMED
    countries = (
        rows.filter(status=confirmed, country__isnull=False)
        .values_list("country__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "country__name")
    )
    checked_in = rows.filter(status=confirmed, checked_in_at__isnull=False).count()
    in_person = per.get((confirmed, AttendanceMode.IN_PERSON), 0)
    online = per.get((confirmed, AttendanceMode.ONLINE), 0)
    return {
        "in_person": in_person,
        "online": online,
        "participants": in_person + online,
        "waitlisted": sum(
            n for (status, _m), n in per.items() if status == RegistrationStatus.WAITLISTED
        ),
        "countries": len(countries),
        "checked_in": checked_in,
        "pending": sum(
            n for (status, _m), n in per.items() if status == RegistrationStatus.PENDING
        ),
        "by_country": list(countries[:20]),
        "seats_left": None if event.capacity is None else max(event.capacity - in_person, 0),
        "online_left": None
        if event.online_capacity is None
        else max(event.online_capacity - online, 0),
    }


def session_seats_left(session: Session) -> int | None:
    seats = session.seats
    if seats is None:
        return None
    taken = Registration.objects.filter(
        session=session, status=RegistrationStatus.CONFIRMED, mode=AttendanceMode.IN_PERSON
    ).count()
    return max(seats - taken, 0)


def is_withdrawn(session: Session) -> bool:
    return session.state == SessionState.WITHDRAWN


# -- released versions and availability ---------------------------------------------


def releases(event: Event) -> QuerySet[ScheduleRelease]:
    return event.releases.order_by("-number")


def latest_release(event: Event) -> ScheduleRelease | None:
    return event.releases.order_by("-number").first()


def unreleased_changes(
    event: Event,
    entries: list[Entry] | None = None,
    last: ScheduleRelease | bool | None = False,
) -> list[dict[str, Any]]:
    """What the next release would list (the editor shows it before releasing).
    ``entries`` (the event's ``live_entries``) and ``last`` (its latest release) when the
    caller has them."""
    from aiatlas.programme.changelog import diff

    if last is False:
        last = latest_release(event)
    return diff(last.snapshot if last else [], release_snapshot(event, entries))  # type: ignore[union-attr]


def release_snapshot(event: Event, entries: list[Entry] | None = None) -> list[dict[str, Any]]:
    """The public sessions as a release keeps them (times in UTC, ISO), by start time
    and id."""
    rows = live_entries(event) if entries is None else entries
    return [
        {
            "id": s.pk,
            "title": s.title,
            "room": s.room.name if s.room else None,
            "room_id": s.room_id,
            "starts_at": s.starts_at.astimezone(UTC).isoformat() if s.starts_at else None,
            "ends_at": s.ends_at.astimezone(UTC).isoformat() if s.ends_at else None,
        }
        for s in rows
    ]


def editor_sessions(
    event: Event,
    *,
    day: str = "",
    room: str = "",
    track: str = "",
    entries: list[Entry] | None = None,
) -> list[Entry]:
    """Every public session of the event for the schedule editor, with local times,
    unscheduled first, then by start, stage and title; ``day`` (YYYY-MM-DD), ``room``
    (id, or "none") and ``track`` (slug) narrow it. ``entries``: the event's
    ``live_entries`` when the caller has them."""
    order = {r.pk: r.position for r in event.rooms.all()}
    items = []
    for s in live_entries(event) if entries is None else entries:
        if day and (s.local_start is None or s.local_start.date().isoformat() != day):
            continue
        if room == "none" and s.room is not None:
            continue
        if room and room != "none" and str(s.room_id) != room:
            continue
        if track and (s.track is None or s.track.slug != track):
            continue
        items.append(s)
    return sorted(
        items,
        key=lambda s: (
            s.starts_at is not None,
            s.starts_at or datetime.min.replace(tzinfo=UTC),
            order.get(s.room_id or 0, -1),
            s.title,
        ),
    )


def event_speakers(event: Event) -> list[Speaker]:
    """Everyone with a session (in any state) at the event, by name."""
    return list(Speaker.objects.filter(sessions__event=event).distinct().order_by("name", "pk"))


def own_speakers_at(user: Any, event: Event) -> list[Speaker]:
    """The signed-in person's speaker records with a session at the event."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [s for s in event_speakers(event) if s.user_id == user.pk]


def availability_of(speaker: Speaker, event: Event) -> list[SpeakerAvailability]:
    """The speaker's windows at the event, with local times (``local_start``/``local_end``)."""
    zone = event.zone
    windows = list(SpeakerAvailability.objects.filter(speaker=speaker, event=event))
    for w in windows:
        w.local_start = w.starts_at.astimezone(zone)  # type: ignore[attr-defined]
        w.local_end = w.ends_at.astimezone(zone)  # type: ignore[attr-defined]
    return windows


def speaker_sessions_at(speaker: Speaker, event: Event) -> list[Session]:
    """The speaker's public sessions at the event as the editor has them (live), with
    local times and whether they fit the speaker's windows (``fits``)."""
    zone = event.zone
    windows = [(w.starts_at, w.ends_at) for w in availability_of(speaker, event)]
    items = list(public_sessions(event).filter(speakers=speaker).order_by("starts_at"))
    for s in items:
        s.local_start = s.starts_at.astimezone(zone) if s.starts_at else None  # type: ignore[attr-defined]
        s.local_end = s.ends_at.astimezone(zone) if s.ends_at else None  # type: ignore[attr-defined]
        s.fits = (  # type: ignore[attr-defined]
            s.starts_at is None
            or not windows
            or any(a <= s.starts_at and s.ends_at <= b for a, b in windows)  # type: ignore[operator]
        )
    return items


def questions(event: Event) -> list[Any]:
    return list(event.questions.all())


def pending_registrations(event: Event) -> QuerySet[Registration]:
    return Registration.objects.filter(
        event=event, session__isnull=True, status=RegistrationStatus.PENDING
    ).select_related("country")


def checked_in_recently(event: Event, limit: int = 10) -> QuerySet[Registration]:
    return Registration.objects.filter(event=event, checked_in_at__isnull=False).order_by(
        "-checked_in_at"
    )[:limit]
