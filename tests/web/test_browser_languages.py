"""The main screens in Arabic, Chinese and Russian in a real browser, at desktop (1280 px)
and phone (390 px) widths: the page's language and direction, nothing wider than the
window, no English interface text left in the main part of the page. Screenshots go to
test-artifacts/languages/ (or $SHOTS_DIR) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.web.test_browser import CHROMIUM

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
SHOTS = Path(
    os.environ.get("SHOTS_DIR")
    or Path(__file__).resolve().parents[2] / "test-artifacts" / "languages"
)
LANGUAGES = {"ar": "rtl", "zh-hans": "ltr", "ru": "ltr"}


@pytest.fixture
def world(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from aiatlas.initiatives.services.demo import load_initiatives_demo
    from tests.web.test_pseudo_locale import build_world

    built = build_world()
    load_initiatives_demo()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    built["url"] = str(live_server.url)
    return built


def screens(world: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """name: (who looks, path without the language prefix)."""
    from aiatlas.initiatives.models import Group

    k, by = world["kwargs"], world["by_name"]
    sub = k["submission_id"]
    draft = by["submissions:withdraw"]["submission_id"]
    group = Group.objects.order_by("acronym").first()

    def bare(name: str, **kwargs: Any) -> str:
        return "/" + reverse(name, kwargs=kwargs).split("/", 2)[2]

    return {
        "home": ("anonymous", "/"),
        "search": ("anonymous", "/activities/?q=health&goal=3&country=KEN"),
        "activity": ("anonymous", bare("web:activity-detail", public_id=k["public_id"])),
        "draft": ("focal", bare("submissions:detail", submission_id=draft)),
        "review": ("reviewer", bare("submissions:detail", submission_id=sub)),
        "dashboard": ("admin", bare("submissions:dashboard")),
        "survey": ("anonymous", bare("survey:page", **by["survey:page"])),
        "report": ("anonymous", bare("report:report", year=2024)),
        "event": ("anonymous", bare("programme:event", slug=k["slug"])),
        "group": ("anonymous", bare("initiatives:group", acronym=group.acronym)),
        # the governance pages: the principles, the questionnaire (texts of the data files
        # in the page's language), an assessment and the figures' charts (mirrored in Arabic)
        "governance": ("anonymous", bare("governance:index")),
        "questionnaire": ("anonymous", bare("governance:questionnaire")),
        "assessment": ("admin", bare("governance:assessment", **by["governance:assessment"])),
        "governance-figures": ("anonymous", bare("governance:figures")),
    }


def test_main_screens_in_arabic_chinese_and_russian(world: dict[str, Any]) -> None:
    from django.test import Client
    from playwright.sync_api import sync_playwright

    site = world["url"]
    targets = screens(world)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            for role, user in world["users"].items():
                cookies = []
                if user is not None:
                    client = Client()
                    client.force_login(user)
                    session = client.cookies["sessionid"].value
                    cookies = [{"name": "sessionid", "value": session, "url": site}]
                for lang, direction in LANGUAGES.items():
                    for width in (1280, 390):
                        context = browser.new_context(viewport={"width": width, "height": 900})
                        context.add_cookies(cookies)  # type: ignore[arg-type]
                        pg = context.new_page()
                        for name, (who, path) in targets.items():
                            if who != role:
                                continue
                            response = pg.goto(f"{site}/{lang}{path}")
                            where = f"{name} /{lang}{path} at {width}"
                            if response is None or response.status != 200:
                                problems.append(f"{where}: status {response and response.status}")
                                continue
                            html = pg.evaluate("[document.documentElement.lang, document.dir]")
                            if html != [lang, direction]:
                                problems.append(f"{where}: lang/dir {html}")
                            scroll = pg.evaluate("document.documentElement.scrollWidth")
                            if scroll > width + 1:
                                problems.append(f"{where}: {scroll}px wide")
                            # the web report is some 100 000 px long: its first screens
                            pg.screenshot(
                                path=str(SHOTS / f"{name}-{lang}-{width}.png"),
                                full_page=name != "report",
                            )
                        context.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
