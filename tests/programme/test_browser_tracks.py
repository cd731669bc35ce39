"""A track page and the team's SDG suggestion form in a real browser (Debian's Chromium
through Playwright): the track page on a desktop (1280 px) and a phone (390 px) does not
scroll sideways and lists its track's sessions only; the team asks for suggestions for a
health session, ticks SDG 3 and saves. Screenshots go to
test-artifacts/screenshots/programme-track-*.png and programme-sdg-suggestions-1280.png."""

from __future__ import annotations

from typing import Any

import pytest

from aiatlas.programme.models import SessionGoal
from tests.web.test_browser import CHROMIUM, SHOTS, browser  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)

PASSWORD = "a long passphrase for the sdg team 7"


@pytest.fixture
def site(live_server: Any, summit: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return str(live_server.url)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_track_page_on_desktop_and_phone(browser: Any, site: str, width: int) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    try:
        pg.goto(f"{site}/en/programme/events/summit-2031/")
        pg.click(".prog-track-links a:text('Health')")
        pg.wait_for_load_state()
        assert pg.url.endswith("/en/programme/events/summit-2031/tracks/health/")
        assert pg.locator("h1").inner_text() == "Health"
        assert pg.locator(".prog-session").count() == 1
        scroll, seen = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= seen, f"track page at {width} px: the page scrolls sideways"
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / f"programme-track-{width}.png"), full_page=True)
    finally:
        context.close()


def test_the_team_confirms_a_suggested_goal(browser: Any, site: str, summit: Any) -> None:  # noqa: F811
    from aiatlas.accounts.models import User
    from aiatlas.programme.services.sessions import create_session

    User.objects.create_superuser("sdg-browser@example.org", PASSWORD)
    session = create_session(
        event=summit.event,
        title="AI for maternal health",
        abstract="Reducing child mortality and treating disease with better medicines.",
        description="Diagnosing disease in rural clinics and improving access to vaccines.",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    try:
        pg.goto(f"{site}/en/account/login/")
        pg.fill("input[name=username]", "sdg-browser@example.org")
        pg.fill("input[name=password]", PASSWORD)
        pg.click("form button[type=submit]")
        pg.wait_for_load_state()
        pg.goto(f"{site}/en/programme/sessions/{session.pk}/sdgs/")
        pg.click("button:text('Suggest SDGs')")
        pg.wait_for_load_state()
        box = pg.locator("fieldset").first
        assert "Suggested by the classifier" in box.inner_text()
        health = box.locator("input[name=goals][value='3']")
        assert not health.is_checked()
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / "programme-sdg-suggestions-1280.png"), full_page=True)
        health.check()
        pg.click("button:text('Save the ticked goals')")
        pg.wait_for_load_state()
        tags = SessionGoal.objects.filter(session=session).values_list("goal_id", "source")
        assert list(tags) == [(3, "confirmed")]
    finally:
        context.close()
