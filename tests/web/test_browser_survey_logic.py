"""Instant skip logic in a real browser (Debian's Chromium through Playwright): a Member
State answers a form with a rank question, a geopoint, a file upload and nested repeats;
questions appear as soon as an answer makes them relevant and a constraint message shows
inline, with no page load in between; choice filters and a calculation follow the answers;
the server's error summary takes the focus and leads to each field by keyboard; the server
accepts the submission. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.survey.conftest import EN, FR, c, make_xlsx, q
from tests.web.test_browser import CHROMIUM, shot

pytestmark = pytest.mark.django_db(transaction=True)

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)

SURVEY = [
    {"type": "begin group", "name": "p1", EN: "Strategy", FR: "Stratégie"},
    q(
        "select_one yn",
        "has_strategy",
        "Has a national AI strategy?",
        "Existe-t-il une stratégie nationale d'IA ?",
        required="yes",
    ),
    q(
        "integer",
        "year",
        "Year adopted",
        "Année d'adoption",
        relevant="${has_strategy} = 'yes'",
        required="yes",
        constraint=". >= 1990 and . <= 2026",
        constraint_message_en="Enter a year between 1990 and 2026.",
        constraint_message_fr="Indiquez une année entre 1990 et 2026.",
    ),
    q("select_multiple sector", "sectors", "Priority sectors", "Secteurs prioritaires"),
    q(
        "text",
        "edu_detail",
        "What does the strategy plan for education?",
        "Que prévoit la stratégie pour l'éducation ?",
        relevant="selected(${sectors}, 'edu')",
    ),
    q(
        "integer",
        "n_sectors",
        "Number of sectors chosen",
        "Nombre de secteurs choisis",
        read_only="yes",
        calculation="count-selected(${sectors})",
    ),
    q("select_one continent", "continent", "Continent", "Continent"),
    q(
        "select_one city",
        "capital",
        "Seat of the AI office",
        "Siège du bureau de l'IA",
        choice_filter="continent = ${continent}",
    ),
    q("rank prio", "priorities", "Order these priorities", "Classez ces priorités"),
    q("geopoint", "office", "Where is the AI office?", "Où se trouve le bureau de l'IA ?"),
    q("file", "policy", "The strategy document (PDF)", "Le document de stratégie (PDF)"),
    {"type": "end group"},
    {"type": "begin repeat", "name": "plan", EN: "Action plan", FR: "Plan d'action"},
    q("text", "plan_name", "Plan name", "Nom du plan", required="yes"),
    {"type": "begin repeat", "name": "goal", EN: "Goal", FR: "Objectif"},
    q("text", "goal_text", "Goal", "Objectif"),
    q(
        "integer",
        "goal_year",
        "Target year",
        "Année cible",
        constraint=". >= 2024",
        constraint_message_en="A target year is 2024 or later.",
        constraint_message_fr="Une année cible est 2024 ou après.",
    ),
    {"type": "end repeat"},
    {"type": "end repeat"},
]
CHOICES = [
    c("yn", "yes", "Yes", "Oui"),
    c("yn", "no", "No", "Non"),
    c("sector", "health", "Health", "Santé"),
    c("sector", "edu", "Education", "Éducation"),
    c("sector", "agri", "Agriculture", "Agriculture"),
    c("continent", "africa", "Africa", "Afrique"),
    c("continent", "europe", "Europe", "Europe"),
    c("city", "dakar", "Dakar", "Dakar", continent="africa"),
    c("city", "nairobi", "Nairobi", "Nairobi", continent="africa"),
    c("city", "paris", "Paris", "Paris", continent="europe"),
    c("prio", "skills", "Skills", "Compétences"),
    c("prio", "data", "Data", "Données"),
    c("prio", "compute", "Compute", "Calcul"),
]


@pytest.fixture
def link(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    from django.utils import timezone

    from aiatlas.survey.services.forms import create_survey
    from aiatlas.survey.services.invitations import invite_from_csv

    data = make_xlsx(
        SURVEY,
        CHOICES,
        {
            "form_title": "AI strategy (test)",
            "form_id": "logic",
            "default_language": "English (en)",
        },
    )
    survey, _summary = create_survey(data=data, filename="logic.xlsx")
    survey.opens_at = timezone.now() - dt.timedelta(days=1)
    survey.closes_at = timezone.now() + dt.timedelta(days=10)
    survey.save()
    done = invite_from_csv(
        survey_id=survey.pk,
        data="alpha3,ministry,contact_name,contact_email\nFRA,Ministry,Ada,ada@example.org\n",
    )
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    token = done[0].link.rstrip("/").rsplit("/", 1)[-1]
    return f"{live_server.url}/{{lang}}/survey/r/{token}/"


@pytest.fixture
def browser(link: str) -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield b
        finally:
            b.close()


def _page(browser: Any, width: int) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, is_mobile=width < 600, has_touch=width < 600
    )
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # script errors (a page answered 400 on purpose logs "Failed to load resource")
    pg.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text
            else None
        ),
    )
    return context, pg, errors


def test_browser_logic_is_instant_and_the_server_accepts(
    browser: Any, link: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    from aiatlas.survey.models import Response

    context, page, errors = _page(browser, 1280)
    page.goto(link.format(lang="en") + "page/0/")

    # the server's error summary takes the focus and leads to the field by keyboard
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert "Has a national AI strategy?" in summary.inner_text()
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("input[name=has_strategy][value=yes]")).to_be_focused()
    shot(page, "survey-logic-error-summary")

    loads: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: loads.append(frame.url) if frame == page.main_frame else None,
    )
    year = page.locator("#q-year")
    expect(year).to_be_hidden()
    page.check("input[name=has_strategy][value=yes]")
    expect(year).to_be_visible()  # relevant at once
    expect(year).to_be_enabled()
    year.fill("1980")
    year.press("Tab")
    message = page.locator("#q-year-error")
    expect(message).to_have_text("Enter a year between 1990 and 2026.")
    expect(year).to_have_attribute("aria-invalid", "true")
    year.fill("2021")
    expect(message).to_be_hidden()

    edu = page.locator("#q-edu_detail")
    expect(edu).to_be_hidden()
    page.check("input[name=sectors][value=health]")
    page.check("input[name=sectors][value=edu]")
    expect(edu).to_be_visible()
    expect(page.locator("#q-n_sectors")).to_have_value("2")
    edu.fill("Teachers trained in data skills")

    paris = page.locator("label[data-choice=paris]")
    expect(paris).to_be_hidden()  # no continent yet: the filter keeps nothing
    page.check("input[name=continent][value=europe]")
    expect(paris).to_be_visible()
    expect(page.locator("label[data-choice=dakar]")).to_be_hidden()
    page.check("input[name=capital][value=paris]")

    places = page.locator("select[name=priorities]")
    for i, item in enumerate(["data", "skills", "compute"]):
        places.nth(i).select_option(item)
    # the map picker: vendored world boundaries (no tiles); a click fills the fields
    office_map = page.locator("#q-office-map")
    expect(office_map).to_be_visible()
    expect(office_map.locator("svg path").first).to_be_attached()
    assert office_map.locator("svg path").count() > 100  # one per country
    office_map.click(position={"x": 200, "y": 120})
    lat, lon = page.locator("input[name='office.lat']"), page.locator("input[name='office.lon']")
    expect(lat).not_to_have_value("")
    picked = (float(lat.input_value()), float(lon.input_value()))
    assert -90 <= picked[0] <= 90 and -180 <= picked[1] <= 180
    # typing in the fields moves the point
    lat.fill("48.8566")
    lon.fill("2.3522")
    lon.press("Tab")
    expect(office_map.locator("path.leaflet-interactive")).to_have_count(1)
    pdf = tmp_path / "strategy.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% a national AI strategy (test)\n")
    page.set_input_files("#q-policy", str(pdf))
    assert loads == [], loads  # all of this without loading a page
    shot(page, "survey-logic-desktop")

    # the server accepts the page at once (no "more questions apply" round)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    assert "/page/1/" in page.url, page.content()

    # nested repeats: a plan, and a goal inside it
    page.get_by_role("button", name="Add: Action plan").click()
    page.wait_for_load_state()
    page.fill("input[name='plan.0.plan_name']", "Skills for all")
    page.get_by_role("button", name="Add: Goal").click()
    page.wait_for_load_state()
    page.fill("input[name='plan.0.goal.0.goal_text']", "Train 10,000 teachers")
    goal_year = page.locator("input[name='plan.0.goal.0.goal_year']")
    goal_year.fill("2020")
    goal_year.press("Tab")
    expect(page.locator("#q-plan-0-goal-0-goal_year-error")).to_have_text(
        "A target year is 2024 or later."
    )
    goal_year.fill("2028")
    goal_year.press("Tab")
    expect(page.locator("#q-plan-0-goal-0-goal_year-error")).to_be_hidden()
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Submit the questionnaire").click()
    page.wait_for_load_state()
    assert "Thank you" in page.content()

    got = Response.objects.get()
    a = got.answers
    assert got.status == "submitted"
    assert a["year"] == 2021 and a["sectors"] == ["health", "edu"] and a["n_sectors"] == 2
    assert a["edu_detail"] == "Teachers trained in data skills" and a["capital"] == "paris"
    assert a["priorities"] == ["data", "skills", "compute"]
    assert a["office"] == "48.856600 2.352200 0 0"
    assert a["policy"]["name"] == "strategy.pdf"
    assert a["plan"] == [
        {
            "plan_name": "Skills for all",
            "goal": [{"goal_text": "Train 10,000 teachers", "goal_year": 2028}],
        }
    ]
    context.close()
    assert not errors, errors


def test_browser_logic_on_a_phone_in_french(browser: Any, link: str) -> None:
    from playwright.sync_api import expect

    context, page, errors = _page(browser, 390)
    page.goto(link.format(lang="fr") + "page/0/")
    loads: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: loads.append(frame.url) if frame == page.main_frame else None,
    )
    page.check("input[name=has_strategy][value=yes]")
    year = page.locator("#q-year")
    expect(year).to_be_visible()
    year.fill("2040")
    year.press("Tab")
    expect(page.locator("#q-year-error")).to_have_text("Indiquez une année entre 1990 et 2026.")
    page.check("input[name=sectors][value=edu]")
    expect(page.locator("#q-edu_detail")).to_be_visible()
    page.check("input[name=continent][value=africa]")
    expect(page.locator("label[data-choice=nairobi]")).to_be_visible()
    expect(page.locator("label[data-choice=paris]")).to_be_hidden()
    assert loads == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    shot(page, "survey-logic-phone-fr")
    context.close()
    assert not errors, errors


def test_without_javascript_hidden_questions_stay_hidden_and_the_server_shows_them(
    browser: Any, link: str
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(link.format(lang="en") + "page/0/")
    expect(page.locator("#q-year")).to_be_hidden()
    page.check("input[name=has_strategy][value=yes]")
    expect(page.locator("#q-year")).to_be_hidden()  # no script: the server decides
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    assert "More questions apply" in page.content()
    expect(page.locator("#q-year")).to_be_visible()
    context.close()
