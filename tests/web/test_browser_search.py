"""The search page in a real browser: a two-typo query is corrected and the page says so
(with a link to the words as typed), and an activity page shows related activities.
Screenshots (desktop, phone, French) go to test-artifacts/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.test_browser import browser, page, shot, site  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_browser_search_correction_and_related(page: Any, site: str, browser: Any) -> None:  # noqa: F811
    page.goto(f"{site}/en/activities/")
    page.fill("#q", "flod forcasting")
    page.press("#q", "Enter")
    note = page.locator("#search-correction")
    expect(note).to_be_visible()
    expect(note).to_contain_text("flood")
    expect(page.locator(".result-list .card").first).to_be_visible()
    titles = page.locator(".card-title").all_inner_texts()
    assert any("Flood" in t for t in titles[:3]), titles
    shot(page, "search-correction-desktop")
    # the words as typed, on request: no correction, and nothing claims one
    page.locator("#search-correction a").click()
    expect(page.locator("#search-correction")).to_have_count(0)
    expect(page.locator("#q")).to_have_value("flod forcasting")

    page.goto(f"{site}/en/activities/A000075/")
    related = page.locator("#related-activities li")
    expect(related.first).to_be_visible()
    assert related.count() >= 3
    shot(page, "search-related-desktop")

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    pg = phone.new_page()
    pg.goto(f"{site}/fr/activities/?q=sant%C3%A9+maternelle")
    expect(pg.locator(".result-list .card").first).to_be_visible()
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    shot(pg, "search-fr-phone")
    pg.goto(f"{site}/fr/activities/?q=satelite+imagry")
    expect(pg.locator("#search-correction")).to_be_visible()
    shot(pg, "search-correction-fr-phone")
    phone.close()
