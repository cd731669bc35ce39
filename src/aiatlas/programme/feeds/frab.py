"""The frab/pentabarf schedule, in XML and JSON: the format conference apps (Giggity,
Fahrplan, ConfClerk) and recording teams (the c3voc tracker) read.

One builder makes a plain dict (:func:`schedule_data`); :func:`to_xml` and
:func:`to_json` write it. The XML keeps to the element set of the published
``schedule.xml.xsd`` of c3voc; the JSON to the shape of their ``schema.json``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.utils.text import slugify

from aiatlas.programme.models import Event, Session

JSON_SCHEMA = "https://c3voc.de/schedule/schema.json"


def _duration(delta: timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def acronym(event: Event) -> str:
    """Lower case letters, digits and underscores, at least four characters."""
    text = re.sub(r"[^a-z0-9_]+", "_", event.slug.lower()).strip("_")
    return (text or "event").ljust(4, "_")


def _slug(event: Event, session: Session) -> str:
    text = f"{acronym(event)}-{session.pk}-{slugify(session.title)[:60]}".strip("-_")
    return re.sub(r"[^a-z0-9_-]", "", text).rstrip("-_") or f"{acronym(event)}-{session.pk}"


def schedule_data(
    event: Event,
    sessions: Iterable[Session],
    *,
    version: str,
    base_url: str,
    session_url: Callable[[Session], str],
) -> dict[str, Any]:
    zone = event.zone
    placed = sorted(
        (s for s in sessions if s.starts_at is not None and s.ends_at is not None),
        key=lambda s: (s.starts_at, s.room.position if s.room else 999, s.pk),
    )
    room_names = [r.name for r in event.rooms.all()]
    days = []
    for index, day in enumerate(event.days, start=1):
        start = datetime.combine(day, datetime.min.time(), zone)
        end = start + timedelta(days=1)
        rooms: dict[str, list[dict[str, Any]]] = {name: [] for name in room_names}
        for s in placed:
            local = s.starts_at.astimezone(zone)  # type: ignore[union-attr]
            if local.date() != day:
                continue
            room = s.room.name if s.room else "Online"
            rooms.setdefault(room, []).append(
                {
                    "guid": str(s.guid),
                    "id": s.pk,
                    "date": local.isoformat(),
                    "start": local.strftime("%H:%M"),
                    "duration": _duration(s.ends_at - s.starts_at),  # type: ignore[operator]
                    "room": room,
                    "slug": _slug(event, s),
                    "url": session_url(s),
                    "title": s.title,
                    "subtitle": s.subtitle,
                    "track": s.track.name if s.track else "",
                    "type": s.type,
                    "language": (s.languages or ["en"])[0],
                    "abstract": s.abstract,
                    "description": s.description,
                    "recording_license": "",
                    "do_not_record": s.not_recorded,
                    "persons": [
                        {"id": link.speaker_id, "public_name": link.speaker.name}
                        for link in getattr(s, "ordered_speakers", [])
                    ],
                    "links": [
                        {"url": url, "title": title}
                        for url, title in ((s.recording_url, "Recording"), (s.slides_url, "Slides"))
                        if url
                    ],
                    "attachments": [],
                }
            )
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": start.isoformat(),
                "day_end": end.isoformat(),
                "rooms": {name: items for name, items in rooms.items()},
            }
        )
    return {
        "version": version,
        "base_url": base_url,
        "conference": {
            "acronym": acronym(event),
            "title": event.title,
            "start": event.starts_on.isoformat(),
            "end": event.ends_on.isoformat(),
            "daysCount": len(event.days),
            "timeslot_duration": "00:15",
            "time_zone_name": event.time_zone,
            "rooms": [
                {"name": r.name, "guid": str(r.guid), "capacity": r.capacity}
                for r in event.rooms.all()
            ],
            "days": days,
        },
    }


def to_json(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": JSON_SCHEMA,
        "generator": {"name": "aiatlas", "version": "1"},
        "schedule": data,
    }


def _text(parent: Element, tag: str, value: Any) -> Element:
    child = SubElement(parent, tag)
    child.text = "" if value is None else str(value)
    return child


def to_xml(data: dict[str, Any]) -> bytes:
    conference = data["conference"]
    root = Element("schedule")
    _text(root, "version", data["version"])
    conf = SubElement(root, "conference")
    for key, tag in (
        ("acronym", "acronym"),
        ("title", "title"),
        ("start", "start"),
        ("end", "end"),
        ("daysCount", "days"),
        ("timeslot_duration", "timeslot_duration"),
    ):
        _text(conf, tag, conference[key])
    for day in conference["days"]:
        day_el = SubElement(
            root,
            "day",
            index=str(day["index"]),
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for room_name, items in day["rooms"].items():
            room_el = SubElement(day_el, "room", name=room_name)
            for item in items:
                ev = SubElement(room_el, "event", guid=item["guid"], id=str(item["id"]))
                for tag in ("date", "start", "duration", "room", "slug", "title", "subtitle"):
                    _text(ev, tag, item[tag])
                for tag in ("track", "type", "language", "abstract", "description"):
                    _text(ev, tag, item[tag])
                rec = SubElement(ev, "recording")
                _text(rec, "license", item["recording_license"])
                _text(rec, "optout", "true" if item["do_not_record"] else "false")
                persons = SubElement(ev, "persons")
                for person in item["persons"]:
                    p = _text(persons, "person", person["public_name"])
                    p.set("id", str(person["id"]))
                links = SubElement(ev, "links")
                for link in item["links"]:
                    _text(links, "link", link["title"]).set("href", link["url"])
    text = tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")
