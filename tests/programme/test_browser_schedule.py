"""A summit of 20 parallel stages in a real browser (Debian's Chromium through
Playwright), on a desktop (1280 px) and a phone (390 px): the schedule by time, by stage
and as the compact list, and the editor, stay usable: the page itself never scrolls
sideways (only the by-stage grid and the editor's table do, inside their own box), the
compact list is two lines per session on the phone, the filters narrow to one stage.
Screenshots go to test-artifacts/screenshots/programme-20-stages-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, SHOTS, browser  # noqa: F401 - fixtures

from .conftest import many_sessions

pytestmark = pytest.mark.django_db(transaction=True)

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)

PASSWORD = "a long passphrase for the schedule team 7"
SLUG = "twenty-stages"


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The live server with a 160-session event on 20 stages (four slots a day)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from aiatlas.accounts.models import User

    team = User.objects.create_superuser("stages-team@example.org", PASSWORD)
    participant = User.objects.create_user("stages-p@example.org", PASSWORD)
    many_sessions(SLUG, 160, team, participant)
    return str(live_server.url)


def _shot(pg: Any, name: str, selector: str) -> None:
    """A window-sized screenshot of the page from ``selector`` down (the whole page of
    160 sessions would be some 18,000 pixels tall on a phone)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    top = pg.evaluate(
        f"document.querySelector({selector!r}).getBoundingClientRect().top + window.scrollY"
    )
    size = pg.viewport_size
    pg.screenshot(
        path=str(SHOTS / f"programme-20-stages-{name}.png"),
        full_page=True,
        clip={"x": 0, "y": max(top - 10, 0), "width": size["width"], "height": size["height"]},
    )


def _overflow(pg: Any, selector: str = "") -> tuple[int, int]:
    """(scroll width, visible width) of the page, or of the element ``selector``."""
    if selector:
        return tuple(  # type: ignore[return-value]
            pg.eval_on_selector(selector, "el => [el.scrollWidth, el.clientWidth]")
        )
    return tuple(  # type: ignore[return-value]
        pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_twenty_stages_stay_usable_on_desktop_and_phone(
    browser: Any,  # noqa: F811
    site: str,
    width: int,
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    base = f"{site}/en/programme/events/{SLUG}/"
    try:
        pg.goto(base)
        assert pg.locator(".prog-session").count() == 160
        scroll, seen = _overflow(pg)
        assert scroll <= seen, f"by time at {width} px: the page scrolls sideways"
        _shot(pg, f"by-time-{width}", "#schedule-h")

        pg.goto(base + "?view=rooms")
        assert pg.locator(".prog-room-col").count() == 40  # 20 stages on each of two days
        assert _overflow(pg)[0] <= _overflow(pg)[1], "by stage: the page scrolls sideways"
        grid_scroll, grid_seen = _overflow(pg, ".prog-room-grid")
        assert grid_scroll > grid_seen  # the 20 columns scroll inside their own box
        _shot(pg, f"by-stage-{width}", "#schedule-h")

        pg.goto(base + "?view=list")
        rows = pg.locator(".prog-table tbody tr")
        assert rows.count() == 160
        assert _overflow(pg)[0] <= _overflow(pg)[1], "compact list: the page scrolls sideways"
        first = rows.first.bounding_box()
        time_cell = rows.first.locator("td").nth(0).bounding_box()
        stage_cell = rows.first.locator("td").nth(2).bounding_box()
        if width < 600:  # two lines: time and title, then the stage under the title
            assert stage_cell["y"] > time_cell["y"] + 5
            assert stage_cell["x"] > time_cell["x"] + 40
            assert first["height"] < 120
        else:  # one line: time, title, stage side by side
            assert abs(stage_cell["y"] - time_cell["y"]) < 5
        _shot(pg, f"list-{width}", "#schedule-h")

        pg.select_option("#f-room", label="Stage 7")
        pg.click("form.prog-filters button[type=submit]")
        pg.wait_for_load_state()
        assert pg.locator(".prog-table tbody tr").count() == 8  # four slots on two days

        pg.goto(f"{site}/en/account/login/")
        pg.fill("input[name=username]", "stages-team@example.org")
        pg.fill("input[name=password]", PASSWORD)
        pg.click("form button[type=submit]")
        pg.wait_for_load_state()
        pg.goto(base + "schedule/edit/?day=all")
        assert pg.locator("form.prog-place").count() == 160
        assert _overflow(pg)[0] <= _overflow(pg)[1], "editor: the page scrolls sideways"
        assert (
            pg.locator(
                "#room-" + pg.locator("tr[data-session]").first.get_attribute("data-session")
            )
            .locator("option")
            .count()
            == 21
        )  # "—" and the 20 stages
        _shot(pg, f"editor-{width}", ".prog-filters")
    finally:
        context.close()
