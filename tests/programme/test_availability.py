"""Speakers' availability windows: entered by the speaker on their own page or by the
team, checked (bad input is a clear 400), used by the "speaker unavailable" warning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aiatlas.accounts.models import User
from aiatlas.programme import queries
from aiatlas.programme.exceptions import InvalidInput, NotAllowed
from aiatlas.programme.services import availability

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker_user(summit):
    """Speaker 01 (the climate panel on Saturday 11:00, the Sunday workshop) has an
    account."""
    user = User.objects.create_user("speaker01@example.org", "x" * 20)
    speaker = summit.speakers[1]
    speaker.user = user
    speaker.save(update_fields=["user"])
    return user


def _url(summit, speaker=None) -> str:
    url = reverse("programme:availability", args=[summit.event.slug])
    return url + (f"?speaker={speaker.pk}" if speaker else "")


def test_a_speaker_enters_a_window_and_the_editor_warns(client, summit, speaker_user, admin_user):
    client.force_login(speaker_user)
    page = client.get(_url(summit))
    assert page.status_code == 200 and "Speaker 01" in page.text
    assert "available throughout" in page.text
    done = client.post(
        _url(summit), {"speaker": summit.speakers[1].pk, "day": "2031-03-30", "start": "09:00",
                       "end": "12:00"},
    )  # fmt: skip
    assert done.status_code == 302
    [window] = queries.availability_of(summit.speakers[1], summit.event)
    # 09:00 Geneva on the first day of summer time is 07:00 UTC
    assert window.starts_at.isoformat() == "2031-03-30T07:00:00+00:00"
    # the Saturday panel is now outside the windows; the Sunday workshop (10:00) fits
    warnings = [
        w for w in queries.schedule_warnings(summit.event) if w.kind == "speaker_unavailable"
    ]
    assert [w.sessions for w in warnings] == [[summit.sessions["panel"].pk]]
    page = client.get(_url(summit)).text
    assert "outside the windows" in page and "Sunday 30 March, 09:00" in page
    client.force_login(admin_user)
    editor = client.get(reverse("programme:schedule-editor", args=[summit.event.slug])).text
    assert "Speaker 01 is not available for “Climate panel”" in editor


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"day": "2031-03-30", "start": "12:00", "end": "09:00"}, "end after it starts"),
        ({"day": "2031-04-02", "start": "09:00", "end": "10:00"}, "within the event"),
        ({"day": "30/03/2031", "start": "09:00", "end": "10:00"}, "Day"),
        ({"day": "2031-03-30", "start": "9h", "end": "10:00"}, "From"),
        ({"day": "2031-03-30", "start": "09:00"}, "To"),
    ],
)
def test_bad_windows_are_a_clear_400(client, summit, speaker_user, data, words):
    client.force_login(speaker_user)
    answer = client.post(_url(summit), {"speaker": summit.speakers[1].pk, **data})
    assert answer.status_code == 400 and words in answer.text
    assert queries.availability_of(summit.speakers[1], summit.event) == []


def test_overlapping_windows_are_refused(summit, speaker_user):
    sun = summit.event.days[1]
    availability.add_window(
        user=speaker_user, event_id=summit.event.pk, speaker_id=summit.speakers[1].pk,
        starts_at=at(sun, 9), ends_at=at(sun, 12),
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="overlaps the window from Sun 30 Mar 09:00"):
        availability.add_window(
            user=speaker_user, event_id=summit.event.pk, speaker_id=summit.speakers[1].pk,
            starts_at=at(sun, 11), ends_at=at(sun, 13),
        )  # fmt: skip


def test_only_the_speaker_or_the_team_edits_windows(client, summit, speaker_user, admin_user):
    other = User.objects.create_user("other@example.org", "x" * 20)
    sun = summit.event.days[1]
    with pytest.raises(NotAllowed):
        availability.add_window(
            user=other, event_id=summit.event.pk, speaker_id=summit.speakers[1].pk,
            starts_at=at(sun, 9), ends_at=at(sun, 12),
        )  # fmt: skip
    client.force_login(other)
    assert client.get(_url(summit)).status_code == 404  # not a speaker here
    # a speaker cannot pick someone else's record
    client.force_login(speaker_user)
    assert client.get(_url(summit, summit.speakers[0])).status_code == 400
    # the team picks any speaker of the event and removes a window
    window = availability.add_window(
        user=admin_user, event_id=summit.event.pk, speaker_id=summit.speakers[0].pk,
        starts_at=at(sun, 9), ends_at=at(sun, 12),
    )  # fmt: skip
    client.force_login(speaker_user)
    gone = client.post(_url(summit), {"speaker": summit.speakers[1].pk, "remove": window.pk})
    assert gone.status_code == 403 and queries.availability_of(summit.speakers[0], summit.event)
    client.force_login(admin_user)
    page = client.get(_url(summit, summit.speakers[0]))
    assert page.status_code == 200 and "Speaker 00" in page.text
    gone = client.post(_url(summit), {"speaker": summit.speakers[0].pk, "remove": window.pk})
    assert gone.status_code == 302
    assert queries.availability_of(summit.speakers[0], summit.event) == []
    assert client.get(_url(summit)[:-1] + "x/").status_code == 404  # unknown event


def test_availability_page_needs_sign_in(client, summit):
    assert client.get(_url(summit)).status_code == 302
