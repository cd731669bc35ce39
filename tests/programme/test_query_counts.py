"""The schedule pages and feeds ask the database the same number of times whatever the
number of sessions: no query per session, speaker, room, track or SDG tag (issue 20: a
400-session schedule on 20 stages). Each page is asked for an event of 20 sessions and
for one of 200, each just released (the first view after a release, nothing cached),
and the two counts must be equal."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aiatlas.programme.models import Session
from aiatlas.programme.services.agenda import agenda_feed, set_favourite

from .conftest import many_sessions


def _signed_in(client: Any, user: Any) -> None:
    """Sign in and ask one other page, so the counts below do not include what the first
    request of a session reads once (the session, the user, their devices)."""
    client.force_login(user)
    assert client.get("/en/programme/").status_code == 200


def _count(client: Any, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content


@pytest.fixture
def two_sizes(db: None, django_user_model: Any) -> dict[str, Any]:
    team = django_user_model.objects.create_superuser("counts-team@example.org", "x" * 20)
    participant = django_user_model.objects.create_user("counts-p@example.org", "y" * 20)
    small = many_sessions("small-summit", 20, team, participant)
    big = many_sessions("big-summit", 200, team, participant)
    # a second participant with a few favourites, to compare the agenda feed with
    other = django_user_model.objects.create_user("counts-q@example.org", "z" * 20)
    return {"team": team, "participant": participant, "other": other, "small": small, "big": big}


PAGES = [
    ("schedule by time", "/en/programme/events/{slug}/"),
    ("schedule by stage", "/en/programme/events/{slug}/?view=rooms"),
    ("compact list", "/en/programme/events/{slug}/?view=list"),
    ("one track", "/en/programme/events/{slug}/?track=t1"),
    ("track page", "/en/programme/events/{slug}/tracks/t1/"),
    ("widget", "/en/programme/events/{slug}/embed/"),
    ("frab XML", "/api/v1/programme/events/{slug}/schedule.xml"),
    ("frab JSON", "/api/v1/programme/events/{slug}/schedule.json"),
    ("iCalendar", "/api/v1/programme/events/{slug}/schedule.ics"),
    ("API sessions", "/api/v1/programme/events/{slug}/sessions"),
]


@pytest.mark.parametrize(("label", "url"), PAGES, ids=[p[0] for p in PAGES])
def test_public_pages_and_feeds_ask_as_often_for_200_sessions_as_for_20(
    client: Any, two_sizes: dict[str, Any], label: str, url: str
) -> None:
    small, small_body = _count(client, url.format(slug="small-summit"))
    big, big_body = _count(client, url.format(slug="big-summit"))
    # the pages are not empty: the big one lists its 200th session
    assert b"big-summit session 199" in big_body and b"small-summit session 19" in small_body
    assert big == small, f"{label}: {small} queries for 20 sessions, {big} for 200"


def test_the_signed_in_schedule_and_agenda_feed_do_not_grow(
    client: Any, two_sizes: dict[str, Any]
) -> None:
    """A participant with favourites (half the sessions) sees them marked; the team sees
    the warnings on the event page too."""
    _signed_in(client, two_sizes["participant"])
    small, _ = _count(client, "/en/programme/events/small-summit/")
    big, body = _count(client, "/en/programme/events/big-summit/")
    assert body.count(b'class="prog-fav"') == 100
    assert big == small
    token = agenda_feed(user=two_sizes["participant"]).token
    many, body = _count(client, f"/api/v1/programme/agenda/{token}.ics")
    assert body.count(b"BEGIN:VEVENT") == 110  # 10 of the small event, 100 of the big one
    for s in Session.objects.filter(event=two_sizes["small"]).order_by("pk")[:3]:
        set_favourite(user=two_sizes["other"], session_id=s.pk, favourite=True)
    other = agenda_feed(user=two_sizes["other"]).token
    few, body = _count(client, f"/api/v1/programme/agenda/{other}.ics")
    assert body.count(b"BEGIN:VEVENT") == 3 and few == many
    _signed_in(client, two_sizes["team"])
    small, _ = _count(client, "/en/programme/events/small-summit/")
    big, body = _count(client, "/en/programme/events/big-summit/")
    assert b"is not available for" in body  # the team's warnings are on the page
    assert big == small


def test_the_schedule_editor_asks_as_often_for_200_sessions_as_for_20(
    client: Any, two_sizes: dict[str, Any]
) -> None:
    _signed_in(client, two_sizes["team"])
    base = "/en/programme/events/{slug}/schedule/edit/?day=all"
    small, _ = _count(client, base.format(slug="small-summit"))
    big, body = _count(client, base.format(slug="big-summit"))
    assert body.count(b'class="prog-place"') == 200
    assert b"is not available for" in body and b"speaks in" not in body
    assert big == small, f"editor: {small} queries for 20 sessions, {big} for 200"
    # one day and one stage, and only the flagged ones: the same reads, filtered
    room = two_sizes["big"].rooms.get(position=1).pk
    one, _ = _count(
        client, base.format(slug="big-summit").replace("all", f"2031-07-08&room={room}")
    )
    flagged, body = _count(client, base.format(slug="big-summit") + "&flagged=1")
    assert body.count(b'class="prog-place"') == 1
    assert one == flagged == big
