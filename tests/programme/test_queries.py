"""Schedule reads: days, filters, warnings, speakers' public profiles."""

from __future__ import annotations

from aiatlas.programme import queries
from aiatlas.programme.models import Speaker
from aiatlas.programme.services.sessions import create_session

from .conftest import at


def test_schedule_groups_sessions_by_local_day_slot_and_room(summit):
    schedule = queries.schedule(summit.event)
    assert [d.date.isoformat() for d in schedule.days] == ["2031-03-29", "2031-03-30"]
    sat = schedule.days[0]
    assert [s.starts.hour for s in sat.slots] == [9, 11]
    assert [name for name, _ in sat.rooms] == ["Main stage", "Room A"]
    assert schedule.languages == ["en", "es", "fr"]


def test_schedule_filters_by_track_room_and_language(summit):
    assert queries.schedule(summit.event, track="climate").count == 1
    assert queries.schedule(summit.event, room=str(summit.rooms["Room A"].pk)).count == 2
    assert queries.schedule(summit.event, language="es").count == 1
    assert queries.schedule(summit.event, track="nope").count == 0


def test_warnings_for_overlapping_slots_in_one_room(summit):
    sat = summit.event.days[0]
    create_session(
        event=summit.event,
        title="Clash",
        room=summit.rooms["Room A"],
        starts_at=at(sat, 11, 30),
        ends_at=at(sat, 12, 30),
    )
    kinds = [w.kind for w in queries.schedule_warnings(summit.event)]
    assert kinds == ["room_overlap"]


def test_warnings_for_a_speaker_in_two_rooms_at_once(summit):
    sat = summit.event.days[0]
    create_session(
        event=summit.event,
        title="Elsewhere",
        room=summit.rooms["Main stage"],
        starts_at=at(sat, 11, 45),
        ends_at=at(sat, 12, 15),
        speakers=[summit.speakers[1]],
    )
    [warning] = queries.schedule_warnings(summit.event)
    assert warning.kind == "speaker_double_booked"
    assert (
        "Speaker 01" in warning.message
        and "Main stage" in warning.message
        and "Room A" in warning.message
    )


def test_back_to_back_sessions_are_no_overlap(summit):
    sat = summit.event.days[0]
    create_session(
        event=summit.event,
        title="Right after",
        room=summit.rooms["Room A"],
        starts_at=at(sat, 12),
        ends_at=at(sat, 13),
        speakers=[summit.speakers[1]],
    )
    assert queries.schedule_warnings(summit.event) == []


def test_speaker_profile_shows_only_what_they_agreed_to(summit):
    speaker = summit.speakers[0]
    speaker.email, speaker.gender, speaker.bio = "s@example.org", "woman", "Secret bio"
    speaker.publish_bio = False
    speaker.save()
    profile = queries.speaker_profile(speaker)
    assert profile["bio"] == "" and "email" not in profile and "gender" not in profile


def test_session_with_40_speakers_keeps_their_order(summit):
    people = [Speaker.objects.create(name=f"Panellist {i:02d}") for i in range(40)]
    session = create_session(event=summit.event, title="Forty", speakers=people)
    found = queries.session(session.pk)
    assert [link.speaker.name for link in found.ordered_speakers] == [p.name for p in people]
