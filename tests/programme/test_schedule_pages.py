"""What the schedule grid and the editor draw from their lean rows (``queries.Entry``,
``pages.py``): escaped names, the released place beside the live one, the room each
editor row has chosen, the warnings in one pass."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from aiatlas.programme import queries
from aiatlas.programme.models import Room, Speaker
from aiatlas.programme.services.sessions import create_session, schedule_session

from .conftest import at


@pytest.fixture
def team(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser("grid-team@example.org", "x" * 20)


def test_markup_in_room_track_and_title_is_shown_as_text(client, summit, team):
    room = Room.objects.create(event=summit.event, name='<b>Hall</b> "A"', capacity=9, position=9)
    summit.tracks["health"].name = "<i>Health</i>"
    summit.tracks["health"].save()
    sat = summit.event.days[0]
    create_session(
        event=summit.event, title="<script>x()</script>", room=room,
        starts_at=at(sat, 15), ends_at=at(sat, 16),
        speakers=[Speaker.objects.create(name="<u>Ann</u>")],
    )  # fmt: skip
    summit.release()
    for view in ("slots", "rooms", "list"):
        html = client.get(f"/en/programme/events/{summit.event.slug}/?view={view}").text
        assert "<script>x()" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
        assert "<b>Hall</b>" not in html and "&lt;b&gt;Hall&lt;/b&gt;" in html
        assert "<i>Health</i>" not in html
    assert "&lt;u&gt;Ann&lt;/u&gt;" in client.get(f"/en/programme/events/{summit.event.slug}/").text
    client.force_login(team)
    editor = client.get(reverse("programme:schedule-editor", args=[summit.event.slug]))
    html = editor.text
    assert "<b>Hall</b>" not in html
    assert (
        f'<option value="{room.pk}" selected>&lt;b&gt;Hall&lt;/b&gt; &quot;A&quot; (9)</option>'
        in html
    )


def test_each_editor_row_marks_its_own_room_and_links_its_form(client, summit, team):
    client.force_login(team)
    html = client.get(reverse("programme:schedule-editor", args=[summit.event.slug])).text
    for s in summit.sessions.values():
        row = html.split(f'data-session="{s.pk}"')[1].split("</tr>")[0]
        action = reverse("programme:schedule-place", args=[summit.event.slug, s.pk])
        assert f'action="{action}"' in row
        assert f'<option value="{s.room_id}" selected>' in row
        assert row.count(" selected>") == 1
    # times in the event's zone, across the change to summer time
    sunday = html.split(f'data-session="{summit.sessions["sunday"].pk}"')[1].split("</tr>")[0]
    assert (
        'value="2031-03-30"' in sunday and 'value="10:00"' in sunday and 'value="11:30"' in sunday
    )


def test_an_unscheduled_session_has_an_empty_form_and_no_room(client, summit, team):
    loose = create_session(event=summit.event, title="Not placed yet")
    client.force_login(team)
    html = client.get(reverse("programme:schedule-editor", args=[summit.event.slug])).text
    row = html.split(f'data-session="{loose.pk}"')[1].split("</tr>")[0]
    assert " selected>" not in row and 'name="day" type="date" value=""' in row
    # it is the first row (unscheduled first)
    assert html.index(f'data-session="{loose.pk}"') < html.index(
        f'data-session="{summit.sessions["opening"].pk}"'
    )


def test_the_grid_shows_the_released_place_and_the_editor_the_live_one(client, summit, team):
    opening = summit.sessions["opening"]
    schedule_session(
        user=team, session_id=opening.pk, room_id=summit.rooms["Room B"].pk,
        starts_at=at(summit.event.days[0], 16), ends_at=at(summit.event.days[0], 17),
    )  # fmt: skip
    [day, _] = queries.schedule(summit.event).days
    [entry] = [s for slot in day.slots for s in slot.sessions if s.pk == opening.pk]
    assert (entry.room.name, entry.local_start.hour) == ("Main stage", 9)
    [live] = [s for s in queries.live_entries(summit.event) if s.pk == opening.pk]
    assert (live.room.name, live.local_start.hour) == ("Room B", 16)
    assert [c["kind"] for c in queries.unreleased_changes(summit.event)] == ["moved"]


def test_warnings_from_one_read_match_the_warnings_read_alone(summit):
    sat = summit.event.days[0]
    create_session(
        event=summit.event, title="Clash", room=summit.rooms["Room A"],
        starts_at=at(sat, 11, 30), ends_at=at(sat, 12, 30), speakers=[summit.speakers[1]],
    )  # fmt: skip
    entries = queries.live_entries(summit.event)
    together = queries.schedule_warnings(summit.event, entries)
    alone = queries.schedule_warnings(summit.event)
    assert [(w.kind, w.sessions) for w in together] == [(w.kind, w.sessions) for w in alone]
    assert sorted(w.kind for w in alone) == ["room_overlap", "speaker_double_booked"]
