"""The programme in a real browser (Debian's Chromium through Playwright): a speaker
submits a proposal to the summit's call and invites a co-speaker, who accepts; the team
assigns reviewers (balanced), both score it, the team previews the decision's messages and
accepts; the new session is placed in the schedule editor and version 2 of the schedule is
released (its changelog lists it). Then a participant opens an event,
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


def _login(chromium: Any, site: str, email: str, viewport: dict | None = None) -> Any:
    context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 900})
    pg = context.new_page()
    pg.goto(f"{site}/en/account/login/")
    pg.fill("input[name=username]", email)
    pg.fill("input[name=password]", PASSWORD)
    pg.click("form button[type=submit]")
    pg.wait_for_load_state()
    return pg


def _call_review_accept_release(page: Any, site: str) -> None:  # noqa: F811
    from aiatlas.accounts.models import OutboxMessage, User
    from aiatlas.programme.models import Call, Proposal, ReviewAssignment
    from aiatlas.programme.services.calls import add_review_team

    chromium = page.context.browser
    summit_call = Call.objects.select_related("event").get(event__kind="summit")
    slug = summit_call.event.slug
    team = User.objects.create_superuser("team@example.org", PASSWORD)
    for email in ["ada@example.org", "bo.co@example.org", "rev1@example.org",
                  "rev2@example.org"]:  # fmt: skip
        User.objects.create_user(email=email, password=PASSWORD, first_name=email.split("@")[0])
    reviewers = list(User.objects.filter(email__startswith="rev"))
    add_review_team(user=team, call_id=summit_call.pk, name="All tracks", members=reviewers)

    # the call in French, as a visitor
    page.goto(f"{site}/fr/programme/events/{slug}/call/")
    shot(page, "programme-call-fr")

    # a speaker submits and invites a co-speaker
    ada = _login(chromium, site, "ada@example.org")
    ada.goto(f"{site}/en/programme/events/{slug}/call/")
    ada.fill("#id_title", "Flood forecasts that reach farmers")
    ada.select_option("#id_type", "talk")
    ada.fill("#id_abstract", "How <b>open</b> models and SMS reach the last mile.")
    ada.select_option("#id_answer_audience", "Practitioners")
    ada.fill("#id_co_speakers", "bo.co@example.org")
    shot(ada, "programme-call")
    ada.click("form.prog-proposal-form button[type=submit]")
    ada.wait_for_selector(".prog-state")
    assert ada.locator(".prog-state").get_attribute("data-state") == "submitted"
    proposal = Proposal.objects.get(title="Flood forecasts that reach farmers")
    invite = OutboxMessage.objects.get(kind="programme.co_speaker")
    assert invite.to == "bo.co@example.org"
    shot(ada, "programme-proposal")

    bo = _login(chromium, site, "bo.co@example.org")
    bo.goto(invite.link)
    bo.click("button[value=accept]")
    bo.wait_for_selector(".prog-state")
    assert bo.locator("li[data-status=accepted]").count() == 2

    # the team assigns reviewers: two per proposal, balanced
    lead = _login(chromium, site, "team@example.org")
    lead.goto(f"{site}/en/programme/review/{summit_call.pk}/")
    lead.click("text=Assign reviewers")
    lead.wait_for_selector(".prog-messages")
    assert ReviewAssignment.objects.filter(proposal=proposal).count() == 2

    for reviewer in reviewers:
        pg = _login(chromium, site, reviewer.email)
        pg.goto(f"{site}/en/programme/review/proposals/{proposal.pk}/")
        for i, box in enumerate(pg.locator("form.prog-score input[type=number]").all()):
            box.fill(str(4 - i))
        if reviewer == reviewers[0]:
            shot(pg, "programme-review-score")
        pg.click("form.prog-score button[type=submit]")
        pg.wait_for_selector(".prog-messages")
        pg.context.close()

    lead.goto(f"{site}/en/programme/review/{summit_call.pk}/")
    row = lead.locator(f"tr[data-proposal='{proposal.pk}']")
    assert "2/2" in row.inner_text()
    shot(lead, "programme-review")
    row.locator("input[name=accept]").check()
    lead.click("text=Preview the decisions and messages")
    lead.wait_for_selector(".prog-preview")
    assert lead.locator(".prog-preview").count() == 2  # one per speaker
    assert not OutboxMessage.objects.filter(kind="programme.accepted").exists()
    shot(lead, "programme-decide-preview")
    lead.click("text=Decide and send")
    lead.wait_for_selector(".prog-messages")
    assert sorted(OutboxMessage.objects.filter(kind="programme.accepted").values_list(
        "to", flat=True)) == ["ada@example.org", "bo.co@example.org"]  # fmt: skip
    proposal.refresh_from_db()
    session = proposal.session
    assert proposal.state == "accepted" and session is not None

    # the team places the new session and releases version 2
    lead.goto(f"{site}/en/programme/events/{slug}/schedule/edit/?room=none")
    form = lead.locator(f"tr[data-session='{session.pk}'] form")
    options = lead.locator(f"tr[data-session='{session.pk}'] select[name=room] option")
    form.locator("select[name=room]").select_option(label=options.nth(2).inner_text())
    form.locator("input[name=day]").fill(summit_call.event.starts_on.isoformat())
    form.locator("input[name=start]").fill("12:00")
    form.locator("input[name=end]").fill("12:40")
    form.locator("button[type=submit]").click()
    lead.wait_for_selector(".prog-messages")
    lead.goto(f"{site}/en/programme/events/{slug}/schedule/edit/")
    shot(lead, "programme-schedule-editor")
    lead.click("text=Release version 2")
    lead.wait_for_selector(".prog-release")
    assert lead.locator("#v2 li[data-kind=added]").count() == 1
    assert "Flood forecasts" in lead.inner_text("#v2")
    shot(lead, "programme-changes")
    # ada confirms she will give it
    ada.goto(f"{site}/en/programme/proposals/{proposal.pk}/")
    ada.click("text=Confirm that I will give this session")
    ada.wait_for_selector(".prog-messages")
    assert ada.locator(".prog-state").get_attribute("data-state") == "confirmed"
    for pg in (ada, bo, lead):
        pg.context.close()


def test_browser_call_review_schedule_then_register_waitlist_promote_and_agenda(
    page: Any,  # noqa: F811
    site: str,
    settings: Any,
) -> None:
    from aiatlas.accounts.models import User

    settings.SITE_URL = site  # feed links are built from the public site URL
    _call_review_accept_release(page, site)
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
