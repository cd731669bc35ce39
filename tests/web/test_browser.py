"""The main web flows in a real browser: Debian's Chromium driven by Playwright, against
a live server holding the demo data. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium", pytrace=False)
    pytest.skip(
        f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) "
        "to run the browser tests",
        allow_module_level=True,
    )

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The live server's address, with the demo data loaded."""
    from aiatlas.catalog.services.demo import load_demo

    load_demo()
    # Playwright's sync API runs an event loop in this thread; the database is only used
    # by the live server's own thread from here on
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return str(live_server.url)


@pytest.fixture
def browser(site: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, errors


def shot(pg: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def wait_for_url(pg: Any, pattern: str) -> None:
    pg.wait_for_url(re.compile(pattern), timeout=10_000)


def result_count(pg: Any) -> str:
    return str(pg.locator("#result-status").inner_text()).split()[0]


def test_browser_home_renders_charts(page: Any, site: str) -> None:
    page.goto(f"{site}/en/")
    page.wait_for_selector("#home-sdg svg", timeout=15_000)
    assert page.locator(".chart svg").count() >= 3
    assert page.locator(".demo-banner").is_visible()
    shot(page, "home")


def test_browser_search_facets_and_chips(page: Any, site: str) -> None:
    page.goto(f"{site}/en/activities/")
    page.fill("#q", "climate")
    page.press("#q", "Enter")
    wait_for_url(page, r"q=climate")
    page.wait_for_selector(".card")
    total = int(result_count(page))
    assert total > 0
    # tick the first SDG facet: the results narrow, the URL and a chip show it
    box = page.locator('#facets-panel input[name="goal"]').first
    value = box.get_attribute("value")
    box.check()
    wait_for_url(page, rf"goal={value}")
    page.wait_for_selector(".chip")
    assert page.locator(f'input[name="goal"][value="{value}"]').is_checked()
    assert int(result_count(page)) <= total
    shot(page, "search-facet")
    # remove it through its chip
    page.locator(".chips a.chip").first.click()
    # (no wait_for_function: its string predicate is an eval, which the CSP refuses)
    page.wait_for_url(lambda url: "goal=" not in url)
    assert "q=climate" in page.url
    assert page.locator(".chips").count() == 0
    # the chip is gone, so the focus moved to the results heading, not to the page top
    expect(page.locator("#results-heading")).to_be_focused()
    assert int(result_count(page)) == total


def test_browser_back_button_restores_search(page: Any, site: str) -> None:
    page.goto(f"{site}/en/activities/?q=water")
    first = result_count(page)
    page.locator('#facets-panel input[name="edition"]').first.check()
    wait_for_url(page, r"edition=")
    page.wait_for_selector(".chip")
    page.go_back()
    wait_for_url(page, r"q=water$")
    expect(page.locator(".chip")).to_have_count(0)
    assert page.locator("#q").input_value() == "water"
    assert result_count(page) == first
    assert page.locator('#facets-panel input[name="edition"]:checked').count() == 0
    page.go_forward()
    wait_for_url(page, r"edition=")
    page.wait_for_selector(".chip")


def test_browser_export_download(page: Any, site: str) -> None:
    page.goto(f"{site}/en/activities/?goal=13")
    expected = int(result_count(page))
    with page.expect_download() as info:
        page.click(".exports a:text('CSV')")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8-sig"))))
    assert len(rows) == expected
    assert all("13" in (row.get("sdg_goals") or "") for row in rows)


def test_browser_language_switch(page: Any, site: str) -> None:
    page.goto(f"{site}/en/activities/?q=flood")
    page.click("nav.languages a[hreflang='fr']")
    wait_for_url(page, r"/fr/activities/\?q=flood")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Activités"
    page.click("nav.languages a[hreflang='ar']")
    wait_for_url(page, r"/ar/activities/\?q=flood")
    assert page.locator("html").get_attribute("dir") == "rtl"
    shot(page, "search-arabic")


def test_browser_keyboard_only(page: Any, site: str) -> None:
    page.goto(f"{site}/en/activities/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    shot(page, "keyboard-skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # first control in main is the search box
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("forecast")
    page.keyboard.press("Enter")
    wait_for_url(page, r"q=forecast")
    page.wait_for_selector(".card")
    assert page.evaluate("document.activeElement.id") == "q"  # focus kept across the swap
    # Tab on (past the "confirmed tags only" control) to the first facet checkbox and
    # tick it with the space bar
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id").startswith("f-"):
            break
    box_id = page.evaluate("document.activeElement.id")
    assert box_id.startswith("f-")
    page.keyboard.press("Space")
    page.wait_for_selector(".chip")
    assert page.evaluate("document.activeElement.id") == box_id  # not lost after the update
    assert page.locator(f"#{box_id}").is_checked()
    shot(page, "keyboard-facet")
    # the focus ring is visible (an outline is drawn)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_browser_works_without_javascript(browser: Any, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{site}/en/activities/")
    pg.fill("#q", "health")
    pg.locator('#facets-panel input[name="goal"]').first.check()
    pg.click("button:text('Apply filters')")
    wait_for_url(pg, r"q=health.*goal=|goal=.*q=health")
    assert pg.locator(".chip").count() >= 1
    pg.locator(".chips a.chip").first.click()
    pg.wait_for_load_state()
    assert "goal=" not in pg.url
    context.close()


def test_browser_phone_width(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    pg = context.new_page()
    for name, path in (
        ("phone-home", "/en/"),
        ("phone-activities", "/en/activities/?q=climate"),
        ("phone-activity", "/en/activities/A000001/"),
        ("phone-goal-ar", "/ar/sdgs/13/"),
    ):
        pg.goto(f"{site}{path}")
        pg.wait_for_load_state("networkidle")
        overflow = pg.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 375, f"{path} scrolls sideways ({overflow}px)"
        shot(pg, name)
    context.close()
