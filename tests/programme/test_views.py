"""The programme's pages through the test client: content, escaping, bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aiatlas.programme.models import Registration, Speaker
from aiatlas.programme.services.sessions import create_session, withdraw_session
from aiatlas.programme.tokens import registration_token

from .conftest import at


def test_pages_of_the_programme_render(client, summit):
    urls = [
        reverse("programme:index"),
        reverse("programme:programme", args=["ai-for-good"]),
        reverse("programme:event", args=["summit-2031"]),
        reverse("programme:event", args=["summit-2031"]) + "?view=rooms",
        reverse("programme:event", args=["summit-2031"]) + "?view=list&track=health",
        reverse("programme:session", args=[summit.sessions["opening"].pk]),
        reverse("programme:speaker", args=[summit.speakers[1].pk]),
        reverse("programme:whats-on"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"style=" not in response.content and b"<script>" not in response.content


def test_event_page_shows_schedule_and_feeds(client, summit):
    html = client.get(reverse("programme:event", args=["summit-2031"])).content.decode()
    assert "Opening keynote" in html and "Climate panel" in html
    assert "webcal://" in html and "schedule.xml" in html and "schedule.json" in html


@pytest.mark.parametrize("query", ["?room=abc", "?view=<x>", "?language=%00", "?track=%20"])
def test_event_page_with_bad_filters_ignores_them(client, summit, query):
    response = client.get(reverse("programme:event", args=["summit-2031"]) + query)
    assert response.status_code == 200
    assert "Opening keynote" in response.content.decode()


def test_session_page_escapes_an_html_and_markdown_laden_abstract(client, summit):
    session = create_session(
        event=summit.event,
        title="<b>Bold</b> title",
        abstract="<script>alert(1)</script> **not bold**",
        description="<img src=x onerror=alert(2)> **bold** [x](javascript:alert(3))",
    )
    summit.release()
    html = client.get(reverse("programme:session", args=[session.pk])).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<img src" not in html and 'href="javascript' not in html
    assert "<strong>bold</strong>" in html and "&lt;b&gt;Bold" in html


def test_session_page_of_a_withdrawn_session_says_so(client, summit, admin_user):
    withdraw_session(user=admin_user, session_id=summit.sessions["panel"].pk)
    response = client.get(reverse("programme:session", args=[summit.sessions["panel"].pk]))
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    event = client.get(reverse("programme:event", args=["summit-2031"])).content.decode()
    assert "Climate panel" not in event


def test_session_page_with_40_speakers_lists_them_all(client, summit):
    people = [Speaker.objects.create(name=f"Panellist {i:02d}") for i in range(40)]
    sat = summit.event.days[0]
    session = create_session(
        event=summit.event,
        title="Forty",
        speakers=people,
        starts_at=at(sat, 14),
        ends_at=at(sat, 15),
    )
    summit.release()
    html = client.get(reverse("programme:session", args=[session.pk])).content.decode()
    assert all(p.name in html for p in people)
    event = client.get(reverse("programme:event", args=["summit-2031"])).content.decode()
    assert "and 34 more" in event


def test_register_then_waitlist_then_cancel_through_the_pages(client, summit, mailoutbox):
    url = reverse("programme:register", args=["summit-2031"])
    tokens = []
    for i in range(3):
        response = client.post(
            url,
            {"name": f"P {i}", "email": f"p{i}@example.org", "mode": "in_person", "consent": "on"},
        )
        assert response.status_code == 302
        tokens.append(response["Location"].rstrip("/").rsplit("/", 1)[1])
    page = client.get(reverse("programme:registration", args=[tokens[2]])).content.decode()
    assert "number 1 on the waiting list" in page
    response = client.post(reverse("programme:cancel", args=[tokens[0]]))
    assert response.status_code == 302
    assert Registration.objects.get(email="p2@example.org").status == "confirmed"
    again = client.post(reverse("programme:cancel", args=[tokens[0]]))
    assert again.status_code == 409 and "already cancelled" in again.content.decode()


def test_register_without_consent_is_a_clear_400(client, summit):
    response = client.post(
        reverse("programme:register", args=["summit-2031"]),
        {"name": "A", "email": "a@example.org", "mode": "in_person"},
    )
    assert response.status_code == 400 and "consent" in response.content.decode()
    assert not Registration.objects.exists()


def test_bad_cancel_token_is_a_404_page(client, summit):
    for token in ["nonsense", registration_token(999999)]:
        response = client.post(reverse("programme:cancel", args=[token]))
        assert response.status_code == 404


def test_favourite_needs_sign_in(client, summit):
    response = client.post(reverse("programme:favourite", args=[summit.sessions["opening"].pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_agenda_feed_holds_favourites(client, summit, django_user_model):
    user = django_user_model.objects.create_user(email="fan@example.org", password="x" * 20)
    client.force_login(user)
    client.post(reverse("programme:favourite", args=[summit.sessions["sunday"].pk]), {"on": "1"})
    client.post(reverse("programme:agenda-feed"))
    html = client.get(reverse("programme:agenda")).content.decode()
    assert "Sunday workshop" in html and "webcal://" in html
    ics_url = html.split('class="prog-ics" href="')[1].split('"')[0]
    body = client.get(ics_url).content.decode()
    assert "Sunday workshop" in body and "Opening keynote" not in body
    client.post(reverse("programme:agenda-feed"), {"renew": "1"})
    assert client.get(ics_url).status_code == 404  # the old link stops working


def test_times_are_shown_in_the_event_time_zone(client, summit, settings):
    settings.TIME_ZONE = "UTC"
    html = client.get(
        reverse("programme:session", args=[summit.sessions["sunday"].pk])
    ).content.decode()
    assert "2031, 10:00</time>–" in html and ">11:30</time>" in html  # summer time, not UTC
    event = client.get(reverse("programme:event", args=["summit-2031"])).content.decode()
    assert ">09:00</time>" in event and ">10:00</time>" in event
