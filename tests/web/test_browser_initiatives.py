"""The secretariat keeps a focus group in the browser (Debian's Chromium through
Playwright): in the back office it creates a group with a deliverable and a meeting on one
page and links a catalog activity with the search-as-you-type picker; the public then
finds the group, the deliverable and the meeting's group through the activity search and
the initiatives search, and reads the group's page at desktop and phone width."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, SHOTS, browser, page, shot  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> str:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from aiatlas.accounts.services import add_user
    from aiatlas.catalog.models import Organization
    from tests.conftest import make_record, release_editions
    from tests.web.conftest import import_records

    release_editions(2024)
    import_records(
        tmp_path,
        [make_record(title="Locust swarm early warning", lead_organization="FAO")],
    )
    Organization.objects.get_or_create(
        acronym="WMO", defaults={"name": "World Meteorological Organization", "kind": "un_entity"}
    )
    add_user(email="admin@example.org", role="admin", password=PASSWORD)
    return str(live_server.url)


def test_secretariat_creates_a_group_and_the_public_finds_it(site: str, page: Any) -> None:  # noqa: F811
    pg = page
    pg.goto(f"{site}/admin/login/?next=/admin/initiatives/group/add/")
    pg.fill("input[name=username]", "admin@example.org")
    pg.fill("input[name=password]", PASSWORD)
    pg.locator("input[type=submit]").click()
    pg.wait_for_url(re.compile(r"/admin/initiatives/group/add/"))

    pg.fill("#id_acronym", "FG-LOCUST")
    pg.fill("#id_name", "Focus Group on AI for Locust Early Warning")
    pg.select_option("#id_kind", "focus_group")
    pg.fill("#id_parent", "ITU-T Study Group 20")
    pg.fill("#id_summary", "Early warning of desert locust swarms with AI.")
    # the activity, found by typing part of its title
    pg.locator(".field-activities .select2-selection").click()
    pg.locator(".select2-search__field").fill("Locust")
    pg.locator(".select2-results__option", has_text="Locust swarm early warning").click()
    # one deliverable and one meeting on the same page (inline forms)
    pg.locator("#deliverables-group .add-row a").click()
    pg.fill("#id_deliverables-0-code", "D.LW-01")
    pg.select_option("#id_deliverables-0-kind", "technical_report")
    pg.fill("#id_deliverables-0-title", "Swarm detection from satellite imagery")
    pg.locator("#meetings-group .add-row a").click()
    pg.fill("#id_meetings-0-number", "1")
    pg.fill("#id_meetings-0-starts_on", "2025-03-10")
    pg.fill("#id_meetings-0-ends_on", "2025-03-12")
    pg.fill("#id_meetings-0-city", "Rome")
    pg.fill("#id_meetings-0-participants", "85")
    pg.locator("input[name=_save]").click()
    pg.wait_for_url(re.compile(r"/admin/initiatives/group/$"))
    assert pg.locator(".messagelist .success").count() == 1

    # the public: the activity search shows the group and its deliverable beside the results
    pg.goto(f"{site}/en/activities/?q=swarm")
    beside = pg.locator("#search-beside")
    assert "FG-LOCUST" in beside.inner_text()
    assert "Swarm detection from satellite imagery" in beside.inner_text()
    # the initiatives search finds the three kinds of record by their words
    pg.goto(f"{site}/en/initiatives/?q=swarm")
    hits = pg.locator("#ini-hits").locator("xpath=..").inner_text()
    assert "Swarm detection from satellite imagery" in hits and "Locust" in hits
    pg.get_by_role("link", name="Focus Group on AI for Locust Early Warning").first.click()
    pg.wait_for_url(re.compile(r"/en/initiatives/FG-LOCUST/$"))
    body = pg.locator("main").inner_text()
    assert "D.LW-01" in body and "Rome" in body and "85" in body
    assert "Locust swarm early warning" in body  # the linked activity
    assert "Mar 10, 2025" in body  # the meeting on the timeline, in the reader's date format
    shot(pg, "initiatives-group-desktop")
    pg.set_viewport_size({"width": 390, "height": 844})
    width = pg.evaluate("document.documentElement.scrollWidth")
    wide = pg.evaluate(
        "[...document.querySelectorAll('main *')]"
        ".filter(e => e.getBoundingClientRect().right > 391).slice(0, 5)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert width <= 390, f"the group page is {width}px wide on a phone: {wide}"
    shot(pg, "initiatives-group-phone")
    pg.goto(f"{site}/fr/initiatives/FG-LOCUST/")
    shot(pg, "initiatives-group-phone-fr")
    pg.set_viewport_size({"width": 1280, "height": 900})
    pg.goto(f"{site}/en/initiatives/deliverables/?q=swarm")
    assert "D.LW-01" in pg.locator("main").inner_text()
