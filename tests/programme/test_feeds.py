"""iCalendar and frab feeds: time zones across summer time, days, the frab structure."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime

import jsonschema
import pytest
from icalendar import Calendar

from aiatlas.programme import queries
from aiatlas.programme.feeds import frab, ical
from aiatlas.programme.services.sessions import withdraw_session

from .conftest import GENEVA


def _calendar(summit) -> Calendar:
    body = ical.event_calendar(
        summit.event, queries.released_sessions(summit.event), source="https://x.test/s.ics"
    )
    return Calendar.from_ical(body)


def test_event_ical_keeps_wall_clock_times_across_summer_time(summit):
    body = ical.event_calendar(summit.event, queries.released_sessions(summit.event))
    text = body.decode()
    # Saturday is CET (UTC+1), Sunday after 02:00 is CEST (UTC+2): both at local time
    assert "DTSTART;TZID=Europe/Zurich:20310329T090000" in text
    assert "DTSTART;TZID=Europe/Zurich:20310330T100000" in text
    cal = Calendar.from_ical(body)
    [zone] = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Zurich"
    assert {c.name for c in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    assert starts["Opening keynote"].utcoffset().total_seconds() == 3600
    assert starts["Sunday workshop"].utcoffset().total_seconds() == 7200


def test_event_ical_lists_a_multi_day_event_as_separate_days(summit):
    cal = _calendar(summit)
    days = [
        e for e in cal.walk("VEVENT") if "day" in str(e["SUMMARY"]) and "of 2" in str(e["SUMMARY"])
    ]
    assert [str(e.decoded("DTSTART")) for e in days] == ["2031-03-29", "2031-03-30"]
    assert str(cal["SOURCE"]) == "https://x.test/s.ics"


def test_event_ical_leaves_out_a_withdrawn_accepted_session(summit, admin_user):
    withdraw_session(user=admin_user, session_id=summit.sessions["panel"].pk)
    titles = {str(e["SUMMARY"]) for e in _calendar(summit).walk("VEVENT")}
    assert "Climate panel" not in titles and "Opening keynote" in titles


def test_agenda_ical_holds_only_the_chosen_sessions(summit):
    chosen = queries.released(
        queries.public_sessions(summit.event).filter(pk=summit.sessions["sunday"].pk)
    )
    cal = Calendar.from_ical(ical.agenda_calendar(chosen, session_url=lambda s: f"/s/{s.pk}"))
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Sunday workshop"]
    assert cal.walk("VTIMEZONE")


# -- frab ----------------------------------------------------------------------------

#: the structure of schedule.xml as conference apps read it (after c3voc's published
#: schedule.xml.xsd): element -> (required children, optional children)
FRAB_EVENT_REQUIRED = {"room", "title", "type", "date", "start", "duration", "abstract",
                       "slug", "subtitle", "track"}  # fmt: skip
FRAB_EVENT_OPTIONAL = {"persons", "language", "description", "recording", "links"}
DURATION = re.compile(r"^[0-9]{1,2}:[0-9]{2}(:[0-9]{1,2})?$")
START = re.compile(r"^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$")


def check_frab_xml(body: bytes) -> list[str]:
    """Every way ``body`` breaks the schedule.xml structure (empty: valid)."""
    problems = []
    root = ET.fromstring(body)
    if root.tag != "schedule":
        return ["root is not <schedule>"]
    tags = [c.tag for c in root]
    if tags[:2] != ["version", "conference"] or set(tags[2:]) - {"day"} or "day" not in tags:
        problems.append(f"schedule children: {tags}")
    conf = root.find("conference")
    conf_tags = {c.tag for c in conf} if conf is not None else set()
    if not {"title", "acronym"} <= conf_tags or conf_tags - {
        "title",
        "acronym",
        "start",
        "end",
        "days",
        "timeslot_duration",
    }:
        problems.append(f"conference children: {conf_tags}")
    ids, guids, slugs = set(), set(), set()
    for day in root.iter("day"):
        datetime.fromisoformat(day.get("start"))
        datetime.fromisoformat(day.get("end"))
        if int(day.get("index")) < 1:
            problems.append("day index must be positive")
        for room in day:
            if room.tag != "room":
                problems.append(f"<{room.tag}> in a day")
            for ev in room:
                children = [c.tag for c in ev]
                if len(children) != len(set(children)):
                    problems.append(f"repeated elements in event {ev.get('id')}")
                missing = FRAB_EVENT_REQUIRED - set(children)
                extra = set(children) - FRAB_EVENT_REQUIRED - FRAB_EVENT_OPTIONAL
                if missing or extra:
                    problems.append(f"event {ev.get('id')}: missing {missing}, extra {extra}")
                if not ev.get("id", "").isdigit() or int(ev.get("id")) < 1:
                    problems.append("event id must be a positive integer")
                if not DURATION.match(ev.findtext("duration", "")):
                    problems.append(f"duration {ev.findtext('duration')!r}")
                if not START.match(ev.findtext("start", "")):
                    problems.append(f"start {ev.findtext('start')!r}")
                datetime.fromisoformat(ev.findtext("date"))
                rec = ev.find("recording")
                if rec is not None and rec.findtext("optout") not in {"true", "false"}:
                    problems.append("recording/optout must be a boolean")
                for person in ev.iter("person"):
                    if not person.get("id", "1").isdigit():
                        problems.append("person id must be a positive integer")
                for kind, seen, value in (
                    ("id", ids, ev.get("id")),
                    ("guid", guids, ev.get("guid")),
                    ("slug", slugs, ev.findtext("slug")),
                ):
                    if value in seen:
                        problems.append(f"duplicate {kind} {value}")
                    seen.add(value)
    return problems


CONFERENCE_REQUIRED = ["title", "acronym", "days", "daysCount", "start", "end", "timeslot_duration"]
EVENT_REQUIRED = [
    "abstract",
    "date",
    "duration",
    "guid",
    "id",
    "language",
    "links",
    "persons",
    "room",
    "slug",
    "start",
    "subtitle",
    "title",
    "track",
    "type",
    "url",
]
#: our own JSON Schema for the frab JSON, after c3voc's schema.json (the parts we emit)
FRAB_JSON_SCHEMA = {
    "type": "object",
    "required": ["schedule"],
    "properties": {
        "schedule": {
            "type": "object",
            "required": ["version", "conference"],
            "properties": {
                "version": {"type": "string"},
                "conference": {
                    "type": "object",
                    "required": [
                        "title",
                        "acronym",
                        "days",
                        "daysCount",
                        "start",
                        "end",
                        "timeslot_duration",
                    ],
                    "properties": {
                        "acronym": {"type": "string", "pattern": "^[a-z0-9_-][a-z0-9_]{3,}$"},
                        "time_zone_name": {"type": "string"},
                        "rooms": {
                            "type": "array",
                            "items": {"type": "object", "required": ["name", "guid"]},
                        },
                        "days": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["index", "date", "day_start", "day_end", "rooms"],
                                "properties": {
                                    "index": {"type": "integer", "minimum": 1},
                                    "date": {"type": "string", "format": "date"},
                                    "day_start": {"type": "string"},
                                    "day_end": {"type": "string"},
                                    "rooms": {
                                        "type": "object",
                                        "additionalProperties": {
                                            "type": "array",
                                            "items": {"$ref": "#/$defs/event"},
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        }
    },
    "$defs": {
        "event": {
            "type": "object",
            "required": [
                "abstract",
                "date",
                "duration",
                "guid",
                "id",
                "language",
                "links",
                "persons",
                "room",
                "slug",
                "start",
                "subtitle",
                "title",
                "track",
                "type",
                "url",
            ],
            "properties": {
                "id": {"type": "integer", "minimum": 1},
                "guid": {"type": "string", "pattern": "^[0-9a-f-]{36}$"},
                "slug": {"type": "string", "pattern": "^[a-z0-9_-]+[a-z0-9]$"},
                "duration": {"type": "string", "pattern": "^[0-9]+:[0-9]{2}$"},
                "start": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
                "persons": {
                    "type": "array",
                    "items": {"type": "object", "required": ["id", "public_name"]},
                },
                "links": {"type": "array"},
                "do_not_record": {"type": "boolean"},
            },
        }
    },
}


def _frab(summit):
    return frab.schedule_data(
        summit.event,
        queries.released_sessions(summit.event),
        version="1",
        base_url="https://x.test/",
        session_url=lambda s: f"https://x.test/s/{s.pk}",
    )


def test_frab_xml_has_the_schedule_structure(summit):
    body = frab.to_xml(_frab(summit))
    assert check_frab_xml(body) == []
    root = ET.fromstring(body)
    days = root.findall("day")
    assert [d.get("date") for d in days] == ["2031-03-29", "2031-03-30"]
    # summer time starts at 02:00 on the second day: a 23-hour day
    assert days[1].get("start") == "2031-03-30T00:00:00+01:00"
    assert days[1].get("end") == "2031-03-31T00:00:00+02:00"
    ev = root.find(".//event[title='Climate panel']")
    assert ev.findtext("room") == "Room A" and ev.findtext("duration") == "01:00"
    assert [p.text for p in ev.iter("person")] == ["Speaker 01", "Speaker 02"]


def test_frab_check_catches_a_broken_schedule(summit):
    body = frab.to_xml(_frab(summit)).replace(
        b"<duration>01:00</duration>", b"<duration>1h</duration>", 1
    )
    body = body.replace(b"<subtitle />", b"", 1).replace(b"<subtitle></subtitle>", b"", 1)
    problems = check_frab_xml(body)
    assert any("duration" in p for p in problems) and any("subtitle" in p for p in problems)


def test_frab_json_matches_the_schema(summit):
    data = json.loads(json.dumps(frab.to_json(_frab(summit))))
    jsonschema.validate(data, FRAB_JSON_SCHEMA)
    rooms = data["schedule"]["conference"]["days"][0]["rooms"]
    assert [e["title"] for e in rooms["Main stage"]] == ["Opening keynote"]


def test_frab_escapes_html_laden_text(summit):
    from aiatlas.programme.services.sessions import create_session

    create_session(
        event=summit.event,
        title="<script>alert(1)</script> & friends",
        abstract="<img src=x onerror=alert(2)> **bold**",
        room=summit.rooms["Room B"],
        starts_at=datetime(2031, 3, 29, 15, tzinfo=GENEVA),
        ends_at=datetime(2031, 3, 29, 16, tzinfo=GENEVA),
    )
    summit.release()
    body = frab.to_xml(_frab(summit))
    assert b"<script>" not in body and b"&lt;script&gt;" in body
    assert check_frab_xml(body) == []


@pytest.mark.parametrize("slug", ["x", "AI-4-Good 2031!", "summit-2031"])
def test_frab_acronym_fits_the_pattern(summit, slug):
    summit.event.slug = slug
    assert re.match(r"^[a-z0-9_-][a-z0-9_]{3,}$", frab.acronym(summit.event))


# -- stricter: attributes, nesting and agreement between the two feeds --------------

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def check_frab_nesting(body: bytes) -> list[str]:
    """What the documented format says beyond the element set: a day has index, date,
    start and end; a room its name; an event its id and guid (a UUID); an event sits in
    the room it names and on the day it starts; persons hold person elements with an id;
    links hold link elements with an href."""
    problems = []
    root = ET.fromstring(body)
    for day in root.iter("day"):
        for attr in ("index", "date", "start", "end"):
            if not day.get(attr):
                problems.append(f"day without {attr}")
        start, end = (
            datetime.fromisoformat(day.get("start")),
            datetime.fromisoformat(day.get("end")),
        )
        for room in day.findall("room"):
            if not room.get("name"):
                problems.append("room without a name")
            for ev in room.findall("event"):
                if not UUID.match(ev.get("guid", "")):
                    problems.append(f"event {ev.get('id')}: guid {ev.get('guid')!r}")
                if ev.findtext("room") != room.get("name"):
                    problems.append(f"event {ev.get('id')} names another room")
                when = datetime.fromisoformat(ev.findtext("date"))
                if not start <= when < end or when.date().isoformat() != day.get("date"):
                    problems.append(f"event {ev.get('id')} is not on day {day.get('date')}")
                if ev.findtext("start") != when.strftime("%H:%M"):
                    problems.append(f"event {ev.get('id')}: start and date disagree")
                for person in ev.findall("persons/*"):
                    if person.tag != "person" or not person.get("id") or not person.text:
                        problems.append(f"event {ev.get('id')}: bad <{person.tag}>")
                for link in ev.findall("links/*"):
                    if link.tag != "link" or not link.get("href"):
                        problems.append(f"event {ev.get('id')}: bad <{link.tag}>")
    return problems


def _json_events(data: dict) -> dict[str, dict]:
    return {
        e["guid"]: {**e, "_room_key": key, "_day": day["date"]}
        for day in data["schedule"]["conference"]["days"]
        for key, events in day["rooms"].items()
        for e in events
    }


def test_frab_nesting_check_catches_a_misplaced_event(summit):
    body = frab.to_xml(_frab(summit))
    assert check_frab_nesting(body) == []
    broken = body.replace(b"<room>Main stage</room>", b"<room>Elsewhere</room>", 1)
    assert any("names another room" in p for p in check_frab_nesting(broken))
    broken = re.sub(rb'guid="[0-9a-f-]+"', b'guid="nope"', body, count=1)
    assert any("guid" in p for p in check_frab_nesting(broken))


def test_demo_summit_feeds_validate_and_agree(client, db):
    """The illustrative summit (108 sessions on 6 stages over 3 days), as served."""
    from datetime import date

    from aiatlas.programme.models import Event
    from aiatlas.programme.services.demo import load_programme_demo

    load_programme_demo(today=date(2031, 3, 3))  # the summit straddles no DST change
    slug = Event.objects.get(kind="summit").slug
    xml = client.get(f"/api/v1/programme/events/{slug}/schedule.xml")
    assert xml.status_code == 200 and xml["Content-Type"].startswith("application/xml")
    assert check_frab_xml(xml.content) == [] and check_frab_nesting(xml.content) == []
    data = client.get(f"/api/v1/programme/events/{slug}/schedule.json").json()
    jsonschema.validate(data, FRAB_JSON_SCHEMA)
    conference = data["schedule"]["conference"]
    assert conference["daysCount"] == len(conference["days"]) == 3
    events = _json_events(data)
    assert len(events) == 108
    assert all(e["room"] == e["_room_key"] and e["date"][:10] == e["_day"] for e in events.values())
    root = ET.fromstring(xml.content)
    xml_events = {ev.get("guid"): ev for ev in root.iter("event")}
    assert set(xml_events) == set(events)
    for guid, ev in xml_events.items():
        assert ev.findtext("title") == events[guid]["title"]
        assert ev.findtext("start") == events[guid]["start"]
        assert ev.findtext("duration") == events[guid]["duration"]
    assert root.findtext("version") == data["schedule"]["version"]
