"""The self-assessment in a real browser (Debian's Chromium through Playwright): a focal
point starts the assessment of an activity, answers every question, publishes two
answers, adds an action and submits; the reviewer signs it off from the queue; the
edition's principles chart counts it. Screenshots at desktop and phone width, and in
French, go to test-artifacts/screenshots/ (and /work/wt/shots/governance/ when present)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, SHOTS, browser, page, shot  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)

PASSWORD = "correct horse battery staple 42"
EXTRA = Path("/work/wt/shots/governance")


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return str(live_server.url)


def _setup() -> None:
    from django.utils import timezone

    from aiatlas.accounts.services import add_user
    from aiatlas.catalog.models import Activity, Edition, Organization
    from aiatlas.governance.services.demo import load_governance_demo

    who = Organization.objects.create(
        acronym="WHO", name="World Health Organization", kind="un_entity"
    )
    edition = Edition.objects.create(
        year=2025, title="2025", release_at=timezone.now() - timedelta(hours=1)
    )
    a = Activity.objects.create(
        public_id="A000001", title="Symptom checker chatbot", lead_organization=who
    )
    a.editions.add(edition)
    add_user(email="reviewer@example.org", role="reviewer", password=PASSWORD)
    add_user(
        email="focal@who.example", role="focal_point", organizations=["WHO"], password=PASSWORD
    )
    load_governance_demo()  # instruments and policies; the only activity gets a demo assessment
    from aiatlas.governance.models import Assessment

    Assessment.objects.all().delete()  # the browser makes the real one


def _shot(pg: Any, name: str) -> None:
    shot(pg, f"governance-{name}")
    if EXTRA.parent.is_dir():
        EXTRA.mkdir(exist_ok=True)
        pg.screenshot(path=str(EXTRA / f"{name}.png"), full_page=True)


def _sign_in(pg: Any, site: str, email: str) -> None:
    pg.goto(f"{site}/en/account/login/")
    pg.fill("input[name=username]", email)
    pg.fill("input[name=password]", PASSWORD)
    pg.get_by_role("button", name="Sign in").click()
    pg.wait_for_url(re.compile(r"/en/account/$"))


def _answer_everything(pg: Any) -> None:
    from aiatlas.governance import questionnaire

    for x in questionnaire.current().questions:
        box = pg.locator(f'[id="q-{x.id}"]')
        if x.kind == "text":
            box.fill(f"Answer to {x.id}")
        elif x.kind == "yes_no":
            box.select_option("no" if x.id == "fairness.bias_tested" else "yes")
        elif x.kind == "scale":
            box.select_option(str(x.max))
        elif x.kind == "choice":
            box.select_option(x.options[1][0] if x.id == "scope.stage" else x.options[0][0])
        else:
            box.fill("Test report")
            pg.locator(f'[id="l-{x.id}"]').fill("https://example.org/report")
    pg.locator('input[name="p:scope.purpose"]').check()
    pg.locator('input[name="p:fairness.bias_tested"]').check()


def test_focal_point_completes_reviewer_signs_off_chart_counts_it(site, page, browser):  # noqa: F811
    _setup()
    _sign_in(page, site, "focal@who.example")
    page.goto(f"{site}/en/governance/activities/A000001/")
    page.get_by_role("button", name="Start the self-assessment").click()
    page.wait_for_url(re.compile(r"/en/governance/assessments/\d+/$"))
    _answer_everything(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    assert "Saved." in page.content()
    # the triage said "full": every section's questions were asked; fairness is at risk
    row = page.locator("tr", has_text="4. Fairness and non-discrimination").first
    assert "Medium" in row.inner_text() or "High" in row.inner_text()
    page.fill("#gov-measure", "Test performance per language")
    page.select_option("#gov-principle", "fairness")
    page.fill("#gov-owner", "Data team")
    page.fill("#gov-due", "2026-06-30")
    page.locator('form:has(#gov-measure) input[name="public"]').check()
    page.get_by_role("button", name="Add to the action plan").click()
    assert "Test performance per language" in page.content()
    _shot(page, "assessment-desktop")
    page.get_by_role("button", name="Submit for sign-off").click()
    assert "Submitted for sign-off." in page.content()
    assessment_url = page.url

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    _sign_in(phone, site, "focal@who.example")
    phone.goto(assessment_url)
    _shot(phone, "assessment-phone")
    phone.context.close()

    page.context.clear_cookies()
    _sign_in(page, site, "reviewer@example.org")
    page.goto(f"{site}/en/governance/review/")
    page.get_by_role("link", name="Symptom checker chatbot").click()
    page.get_by_role("button", name="Sign off").click()
    assert "Signed off." in page.content()

    page.context.clear_cookies()
    page.goto(f"{site}/en/governance/figures/?edition=2025")
    page.wait_for_selector(
        "#governance-risk-by-principle svg, #governance-risk-by-principle canvas"
    )
    table = page.locator("#governance-coverage-by-principle ~ details table")
    cells = {
        r.locator("th").text_content().strip(): r.locator("td").text_content().strip()
        for r in table.locator("tbody tr").all()
    }
    assert cells["4. Fairness and non-discrimination"] == "1"
    assert cells["6. Right to privacy, data protection and data governance"] == "0"
    _shot(page, "figures-desktop")
    public = page.context.new_page()
    public.goto(f"{site}/en/governance/activities/A000001/")
    text = public.content()
    assert "Answer to scope.purpose" in text and "Answer to scope.context" not in text
    assert "Data team" not in text
    _shot(public, "activity-public")
    public.goto(f"{site}/fr/governance/instruments/crosswalk/principles/")
    _shot(public, "crosswalk-fr")
    public.goto(f"{site}/en/governance/countries/FRA/")
    _shot(public, "country")
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{site}/fr/governance/figures/?edition=2025")
    phone.wait_for_selector(
        "#governance-risk-by-principle svg, #governance-risk-by-principle canvas"
    )
    _shot(phone, "figures-phone-fr")
    phone.context.close()
