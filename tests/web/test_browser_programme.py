"""The programme in a real browser (Debian's Chromium through Playwright): open an event,
register; the room is full so a second person is waitlisted; the first cancels and the
second is confirmed. A signed-in participant adds a session to the agenda and fetches the
agenda's iCal feed. Screenshots of the programme, the schedule (desktop and phone) and a
session page go to test-artifacts/screenshots/."""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, browser, page, shot  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)

PASSWORD = "a long passphrase for the participant 9"


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The live server with the illustrative programme; AI Governance Day keeps one seat."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from aiatlas.programme.services.demo import load_programme_demo

    load_programme_demo()
    return str(live_server.url)


def _register(pg: Any, site: str, slug: str, name: str, email: str) -> str:
    pg.goto(f"{site}/en/programme/events/{slug}/")
    pg.fill("#id_name", name)
    pg.fill("#id_email", email)
    pg.check("input[name=consent]")
    pg.click("form.prog-form button[type=submit]")
    pg.wait_for_selector(".prog-status")
    return str(pg.url)


def test_browser_register_waitlist_cancel_promote_and_agenda(
    page: Any,  # noqa: F811
    site: str,
    settings: Any,
) -> None:
    from aiatlas.accounts.models import User

    settings.SITE_URL = site  # feed links are built from the public site URL
    from aiatlas.programme.models import Event, Registration, Session
    from aiatlas.programme.services.registration import set_capacity

    summit = Event.objects.get(kind="summit")
    gov = Event.objects.get(kind="summit_day")
    # a fresh event with one seat: the first person gets it, the second waits
    set_capacity(event_id=gov.pk, capacity=Registration.objects.filter(
        event=gov, status="confirmed", mode="in_person").count() + 1)  # fmt: skip
    Registration.objects.filter(event=gov, status="waitlisted").update(status="cancelled")

    page.goto(f"{site}/en/programme/")
    assert page.locator(".prog-card").count() == 3
    shot(page, "programme-index")
    page.goto(f"{site}/en/programme/events/{summit.slug}/")
    assert page.locator(".prog-illustrative").count() == 1
    shot(page, "programme-schedule-desktop")

    first = _register(page, site, gov.slug, "Ada First", "ada@example.org")
    assert page.locator(".prog-status").get_attribute("data-status") == "confirmed"
    second = _register(page, site, gov.slug, "Bo Second", "bo@example.org")
    assert page.locator(".prog-status").get_attribute("data-status") == "waitlisted"
    assert "number 1 on the waiting list" in page.inner_text(".prog-status")

    page.goto(first)
    page.click("text=Cancel my registration")
    page.wait_for_selector(".prog-messages")
    page.goto(second)
    assert page.locator(".prog-status").get_attribute("data-status") == "confirmed"
    page.goto(first)  # the cancelled link shows the state, with no second cancel button
    assert page.locator(".prog-status").get_attribute("data-status") == "cancelled"
    assert page.locator("text=Cancel my registration").count() == 0

    # a signed-in participant keeps an agenda and subscribes to it
    User.objects.create_user(email="fan@example.org", password=PASSWORD)
    page.goto(f"{site}/en/account/login/")
    page.fill("input[name=username]", "fan@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    session = Session.objects.filter(event=summit, room__position=0).order_by("starts_at").first()
    page.goto(f"{site}/en/programme/sessions/{session.pk}/")
    shot(page, "programme-session")
    page.click("text=Add to my agenda")
    page.wait_for_selector("text=Remove from my agenda")
    page.goto(f"{site}/en/programme/agenda/")
    page.click("text=Make my calendar link")
    ics = page.locator(".prog-ics").get_attribute("href")
    assert page.locator("a[href^='webcal://']").count() == 1
    body = urllib.request.urlopen(ics, timeout=10).read().decode()
    assert "BEGIN:VTIMEZONE" in body and session.title in body

    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    small = phone.new_page()
    small.goto(f"{site}/en/programme/events/{summit.slug}/?view=list")
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    shot(small, "programme-schedule-phone")
    small.goto(f"{site}/en/programme/events/{summit.slug}/")
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    shot(small, "programme-schedule-phone-slots")
    phone.close()
