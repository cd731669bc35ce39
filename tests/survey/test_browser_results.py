"""The results page of two imported rounds in Chromium under the strict CSP: the world
maps draw their countries, the comparison and the question charts render, on a desktop
and a phone, in English, French and Arabic. Screenshots go to test-artifacts/ (and to
AIATLAS_SHOTS when set)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, SHOTS

if not CHROMIUM.exists():  # pragma: no cover
    pytest.skip("Chromium not found", allow_module_level=True)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
HERE = Path(__file__).resolve().parent / "fixtures" / "interop"


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    from aiatlas.survey.services.forms import create_survey, set_previous_round
    from aiatlas.survey.services.imports import import_responses

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    form = (HERE / "ai_readiness_form.xlsx").read_bytes()
    ids = []
    for title, export in (
        ("AI readiness 2025 (sample)", "kobo_ai_readiness.csv"),
        ("AI readiness 2026 (sample)", "odk_ai_readiness.xlsx"),
    ):
        survey, _summary = create_survey(data=form, filename="ai_readiness_form.xlsx", title=title)
        survey.results_public = True
        survey.save()
        import_responses(survey_id=survey.pk, files=[(export, (HERE / export).read_bytes())])
        ids.append(survey.pk)
    set_previous_round(survey_id=ids[1], previous_round_id=ids[0])
    return str(live_server.url), ids[1]


def _shot(pg: Any, name: str, full: bool = True) -> None:
    for folder in filter(None, [SHOTS, os.environ.get("AIATLAS_SHOTS")]):
        Path(folder).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full)


def test_results_maps_render_on_desktop_and_phone(site: tuple[str, int]) -> None:
    from playwright.sync_api import sync_playwright

    base, pk = site
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            for lang, width in (("en", 1280), ("en", 390), ("fr", 1280), ("ar", 390)):
                context = browser.new_context(viewport={"width": width, "height": 900})
                pg = context.new_page()
                pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
                pg.on(
                    "console",
                    lambda msg: problems.append(msg.text) if msg.type == "error" else None,
                )
                response = pg.goto(f"{base}/{lang}/survey/{pk}/results/?map=has_strategy")
                assert response is not None and response.status == 200
                # both maps: one path per country of world-atlas 110m (177 shapes)
                for chart in ("#map-status", "#map-answer"):
                    pg.wait_for_function(
                        "sel => document.querySelectorAll(sel + ' svg path').length > 150",
                        arg=chart,
                    )
                pg.wait_for_selector("#round-1 svg")
                name = f"survey-results-{lang}-{width}"
                _shot(pg, name)
                pg.locator("#map-status").scroll_into_view_if_needed()
                _shot(pg, f"{name}-map", full=False)
                for part in ("#rates", "#map-answer", "#round-1"):
                    pg.locator(part).scroll_into_view_if_needed()
                    _shot(pg, f"{name}-{part[1:]}", full=False)
                context.close()
        finally:
            browser.close()
    assert problems == []


def test_staff_import_page_and_response_table(
    site: tuple[str, int], django_user_model: Any, tmp_path: Path
) -> None:
    """The import page names each problem; the response table marks a row as checked."""
    from django.test import Client
    from playwright.sync_api import sync_playwright

    base, pk = site
    user = django_user_model.objects.create_user("staff@example.org", password="pw", role="admin")
    client = Client()
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}
    bad = tmp_path / "kobo.csv"
    bad.write_text("intro/country;strategy/year;colour\nFRA;soon;blue\nXXX;2020;\n", "utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            for lang, width in (("en", 1280), ("fr", 390)):
                context = browser.new_context(viewport={"width": width, "height": 900})
                context.add_cookies([cookie])
                pg = context.new_page()
                pg.goto(f"{base}/{lang}/survey/manage/{pk}/import/")
                pg.set_input_files("input[type=file]", str(bad))
                pg.locator("form[enctype] button[type=submit]").click()
                pg.wait_for_selector(".survey-errors li")
                items = pg.locator(".survey-errors li").all_inner_texts()
                assert len(items) >= 3 and all(i.startswith("kobo.csv") for i in items), items
                if lang == "en":
                    assert (
                        "kobo.csv, column colour: no question of the form has this name here"
                        in items
                    )
                    assert (
                        "kobo.csv, row 3, column intro/country: XXX is not a choice of this "
                        "question" in items
                    )
                    assert any(i.startswith("kobo.csv, row 2: France already has") for i in items)
                else:  # the same problems, in French
                    assert any("colonne colour" in i for i in items), items
                _shot(pg, f"survey-import-errors-{lang}-{width}")
                pg.goto(f"{base}/{lang}/survey/manage/{pk}/responses/?checked=no")
                buttons = pg.locator("form.inline-form button")
                before = buttons.count()
                assert before == (5 if lang == "en" else 4)  # en checked one
                _shot(pg, f"survey-responses-{lang}-{width}")
                buttons.first.click()
                pg.wait_for_load_state()
                pg.goto(f"{base}/{lang}/survey/manage/{pk}/responses/?checked=no")
                assert pg.locator("form.inline-form button").count() == before - 1
                pg.goto(f"{base}/{lang}/survey/manage/{pk}/")
                assert pg.locator("select[name=previous_round] option[selected]").count() == 1
                context.close()
        finally:
            browser.close()
