"""Times in the event's own zone on every page, and right in UTC in the feeds, on both
sides of the change to summer time (Geneva, 30 March 2031 at 02:00)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from aiatlas.programme.services import calls
from aiatlas.programme.services.sessions import create_session

from .conftest import GENEVA, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def nine_oclocks(summit, settings):
    """A session at 09:00 Geneva time on the Saturday (winter time, UTC+1) and one on the
    Sunday (summer time, UTC+2); the site's own zone is UTC."""
    settings.TIME_ZONE = "UTC"
    sat, sun = summit.event.days
    made = {
        day: create_session(
            event=summit.event,
            title=f"Nine o'clock {day:%A}",
            room=summit.rooms["Room B"],
            starts_at=at(day, 9),
            ends_at=at(day, 9, 45),
        )
        for day in (sat, sun)
    }
    summit.release()
    return made


def test_nine_oclock_is_nine_in_pages_on_both_sides_of_summer_time(client, summit, nine_oclocks):
    for session in nine_oclocks.values():
        html = client.get(reverse("programme:session", args=[session.pk])).content.decode()
        assert ", 09:00</time>–<time" in html and ">09:45</time>" in html, session.title
    listing = client.get(reverse("programme:event", args=[summit.event.slug]) + "?view=list")
    text = listing.content.decode()
    assert text.count("09:00–09:45") == 2
    assert "08:00–08:45" not in text and "07:00–07:45" not in text


def test_nine_oclock_is_right_in_utc_in_ical(client, summit, nine_oclocks):
    body = client.get(f"/api/v1/programme/events/{summit.event.slug}/schedule.ics").content
    cal = Calendar.from_ical(body)
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    saturday = starts["Nine o'clock Saturday"].astimezone(UTC)
    sunday = starts["Nine o'clock Sunday"].astimezone(UTC)
    assert saturday == datetime(2031, 3, 29, 8, 0, tzinfo=UTC)  # CET, UTC+1
    assert sunday == datetime(2031, 3, 30, 7, 0, tzinfo=UTC)  # CEST, UTC+2
    assert b"DTSTART;TZID=Europe/Zurich:20310329T090000" in body
    assert b"DTSTART;TZID=Europe/Zurich:20310330T090000" in body


def test_frab_and_api_keep_the_local_hour_and_offset(client, summit, nine_oclocks):
    data = client.get(f"/api/v1/programme/events/{summit.event.slug}/schedule.json").json()
    found = {
        e["title"]: e
        for day in data["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for e in events
    }
    assert found["Nine o'clock Saturday"]["start"] == "09:00"
    assert found["Nine o'clock Saturday"]["date"].endswith("+01:00")
    assert found["Nine o'clock Sunday"]["start"] == "09:00"
    assert found["Nine o'clock Sunday"]["date"].endswith("+02:00")


def test_call_dates_are_shown_in_the_event_time_zone(client, summit, admin_user, settings):
    settings.TIME_ZONE = "UTC"
    now = timezone.now()
    # closes at 23:59 Geneva time (21:59 or 22:59 UTC)
    closes = (now + timedelta(days=20)).astimezone(GENEVA).replace(hour=23, minute=59)
    calls.open_call(
        user=admin_user, event_id=summit.event.pk, opens_at=now - timedelta(days=1),
        closes_at=closes, session_types=["talk"],
    )  # fmt: skip
    html = client.get(reverse("programme:call", args=[summit.event.slug])).content.decode()
    dates = html.split("prog-call-dates")[1][:200]
    # the reader's date format, the event's time and its time zone by name
    assert f"{closes.day}, {closes.year}, 23:59 ({summit.event.time_zone})" in dates, dates
    assert ":59 UTC" not in html


def test_the_changelog_and_agenda_use_the_event_time_zone(client, summit, settings, nine_oclocks):
    from django.contrib.auth import get_user_model

    from aiatlas.programme.services.agenda import set_favourite

    settings.TIME_ZONE = "UTC"
    user = get_user_model().objects.create_user("tz@example.org", "x" * 20)
    set_favourite(user=user, session_id=nine_oclocks[summit.event.days[1]].pk, favourite=True)
    client.force_login(user)
    agenda = client.get(reverse("programme:agenda")).content.decode()
    assert "30 Mar 09:00 CEST" in agenda
    changes = client.get(reverse("programme:changes", args=[summit.event.slug])).content.decode()
    assert " UTC</time>" not in changes and "CE" in changes
