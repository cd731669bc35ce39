"""The public sees the last released schedule: pages, widget, iCal, frab XML/JSON and the
API keep the released times, rooms and titles until the next release; sessions accepted
after it (or never released) stay off the public programme."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from icalendar import Calendar

from aiatlas.programme import queries
from aiatlas.programme.services.sessions import create_session, schedule_session

from .conftest import at

pytestmark = pytest.mark.django_db


def _public(client, summit) -> dict[str, str]:
    """Every public face of the event's schedule, as text."""
    slug = summit.event.slug
    return {
        "page": client.get(reverse("programme:event", args=[slug])).content.decode(),
        "list": client.get(reverse("programme:event", args=[slug]) + "?view=list").content.decode(),
        "embed": client.get(reverse("programme:embed", args=[slug])).content.decode(),
        "ical": client.get(f"/api/v1/programme/events/{slug}/schedule.ics").content.decode(),
        "xml": client.get(f"/api/v1/programme/events/{slug}/schedule.xml").content.decode(),
        "json": client.get(f"/api/v1/programme/events/{slug}/schedule.json").content.decode(),
        "api": client.get(f"/api/v1/programme/events/{slug}/sessions").content.decode(),
    }


def _ical_start(body: str, title: str):
    cal = Calendar.from_ical(body)
    return {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}.get(title)


def test_a_live_move_waits_for_the_next_release(client, summit, admin_user):
    opening = summit.sessions["opening"]
    sat = summit.event.days[0]
    schedule_session(
        user=admin_user,
        session_id=opening.pk,
        room_id=summit.rooms["Room B"].pk,
        starts_at=at(sat, 16),
        ends_at=at(sat, 17),
    )
    seen = _public(client, summit)
    assert _ical_start(seen["ical"], "Opening keynote") == at(sat, 9)
    frab_json = json.loads(seen["json"])
    rooms = frab_json["schedule"]["conference"]["days"][0]["rooms"]
    assert [e["start"] for e in rooms["Main stage"]] == ["09:00"]
    assert rooms.get("Room B", []) == []
    assert "<start>09:00</start>" in seen["xml"] and "<start>16:00</start>" not in seen["xml"]
    record = next(r for r in json.loads(seen["api"]) if r["id"] == opening.pk)
    assert record["room"] == "Main stage" and record["starts_at"].startswith("2031-03-29T08:00")
    assert "16:00" not in seen["list"] and "09:00–10:00" in seen["list"]
    # the editor shows the live place and what the next release would list
    client.force_login(admin_user)
    editor = client.get(reverse("programme:schedule-editor", args=[summit.event.slug]))
    assert "moved" in editor.content.decode().lower()
    client.logout()
    summit.release("moved the keynote")
    seen = _public(client, summit)
    assert _ical_start(seen["ical"], "Opening keynote") == at(sat, 16)
    assert "<start>16:00</start>" in seen["xml"]
    assert "16:00–17:00" in seen["list"]
    assert "version 2" in seen["page"]


def test_a_rename_shows_only_once_released(client, summit):
    opening = summit.sessions["opening"]
    opening.title = "Renamed keynote"
    opening.save(update_fields=["title"])
    seen = _public(client, summit)
    for face, text in seen.items():
        assert "Renamed keynote" not in text, face
        assert "Opening keynote" in text, face
    page = client.get(reverse("programme:session", args=[opening.pk])).content.decode()
    assert "Opening keynote" in page and "Renamed keynote" not in page
    summit.release()
    assert "Renamed keynote" in _public(client, summit)["xml"]


def test_an_accepted_session_is_not_public_until_released(client, summit, admin_user):
    sat = summit.event.days[0]
    fresh = create_session(event=summit.event, title="Fresh from the call", speakers=[])
    placed = create_session(
        event=summit.event,
        title="Placed not released",
        room=summit.rooms["Room A"],
        starts_at=at(sat, 14),
        ends_at=at(sat, 15),
        speakers=[summit.speakers[2]],
    )
    seen = _public(client, summit)
    for face, text in seen.items():
        assert "Fresh from the call" not in text, face
        assert "Placed not released" not in text, face
    for pk in (fresh.pk, placed.pk):
        assert client.get(reverse("programme:session", args=[pk])).status_code == 404
        assert client.get(f"/api/v1/programme/sessions/{pk}").status_code == 404
    speaker = client.get(reverse("programme:speaker", args=[summit.speakers[2].pk]))
    assert "Placed not released" not in speaker.content.decode()
    # the team sees the page, with a note that it is not released
    client.force_login(admin_user)
    team_view = client.get(reverse("programme:session", args=[placed.pk]))
    assert team_view.status_code == 200 and "not on a released schedule" in team_view.text
    client.logout()
    summit.release()
    seen = _public(client, summit)
    assert "Placed not released" in seen["page"] and "Placed not released" in seen["ical"]
    assert "Fresh from the call" in seen["page"]  # released unscheduled: "not yet scheduled"
    assert "Fresh from the call" not in seen["ical"]  # no time, no calendar entry
    assert client.get(reverse("programme:session", args=[placed.pk])).status_code == 200


def test_an_event_with_no_release_shows_no_schedule(client, summit):
    summit.event.releases.all().delete()
    seen = _public(client, summit)
    assert "The schedule is not released yet." in seen["page"]
    for face, text in seen.items():
        assert "Opening keynote" not in text, face
    assert json.loads(seen["api"]) == []
    assert "<version>0</version>" in seen["xml"]
    opening = summit.sessions["opening"]
    assert client.get(reverse("programme:session", args=[opening.pk])).status_code == 404


def test_a_session_withdrawn_after_release_leaves_the_public_schedule(client, summit, admin_user):
    from aiatlas.programme.services.sessions import withdraw_session

    panel = summit.sessions["panel"]
    withdraw_session(user=admin_user, session_id=panel.pk)
    seen = _public(client, summit)
    for face in ("page", "ical", "xml", "json", "api", "embed"):
        assert "Climate panel" not in seen[face], face
    assert client.get(reverse("programme:session", args=[panel.pk])).status_code == 410


def test_agenda_and_whats_on_read_the_release(summit, admin_user, django_user_model):
    from aiatlas.programme.services.agenda import set_favourite

    user = django_user_model.objects.create_user("fan@example.org", "x" * 20)
    sunday = summit.sessions["sunday"]
    set_favourite(user=user, session_id=sunday.pk, favourite=True)
    sun = summit.event.days[1]
    schedule_session(
        user=admin_user,
        session_id=sunday.pk,
        room_id=summit.rooms["Main stage"].pk,
        starts_at=at(sun, 15),
        ends_at=at(sun, 16),
    )
    [agenda] = queries.agenda_sessions(user)
    assert agenda.starts_at == at(sun, 10) and agenda.room.name == "Room A"
    days = queries.whats_on(now=at(summit.event.days[0], 8))
    assert [s.title for _d, items in days for s in items] == [
        "Opening keynote",
        "Climate panel",
        "Sunday workshop",
    ]
    assert days[-1][1][0].local_start.hour == 10


def test_the_frab_version_is_the_release_number(client, summit):
    xml = client.get("/api/v1/programme/events/summit-2031/schedule.xml").content.decode()
    assert "<version>1 (" in xml
