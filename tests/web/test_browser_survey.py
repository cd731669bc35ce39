"""The demo Member State survey end to end in a real browser (Debian's Chromium through
Playwright): a Member State answers it page by page from its link, meets a constraint and
a question that appears on an earlier answer, adds a repeat, submits, downloads its PDF
receipt; then the results page shows its answer in the counts, charts, cross-tab, filter
and CSV export. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, browser, page, shot  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The live server with the demo survey (150 synthetic responses) loaded."""
    from aiatlas.survey.services.demo import load_demo

    load_demo()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return str(live_server.url)


def _fresh_link(site: str) -> tuple[str, Any, Any]:
    """A new link for an invited Member State that has not answered yet."""
    from aiatlas.survey.models import Invitation, Survey
    from aiatlas.survey.services.invitations import new_token

    survey = Survey.objects.get(is_demo=True)
    inv = (
        Invitation.objects.filter(survey=survey, response__isnull=True)
        .select_related("country")
        .order_by("country__alpha3")
        .first()
    )
    assert inv is not None
    return f"{site}/en/survey/r/{new_token(inv)}/", survey, inv


def _next(pg: Any) -> None:
    pg.get_by_role("button", name="Save and continue").click()
    pg.wait_for_load_state()


def test_browser_survey_answered_and_analysed_end_to_end(page: Any, site: str) -> None:  # noqa: F811
    from aiatlas.survey.models import Response

    link, survey, inv = _fresh_link(site)
    before = Response.objects.filter(invitation__survey=survey, status="submitted").count()

    page.goto(link)
    assert "Demo data: illustrative" in page.content()
    page.get_by_role("link", name="Start").click()

    # 1. About your institution: an empty required question is refused, then answered
    _next(page)
    assert page.locator(".has-error").count() >= 1
    page.fill("input[name=respondent_ministry]", "Ministry of Digital Affairs <b>(test)</b>")
    page.check("input[name=lead_ministry][value=digital]")
    shot(page, "survey-page-1")
    _next(page)

    # 2. Strategy: 'yes' brings the adoption year; an out-of-range year is refused
    page.check("input[name=ai_strategy][value=yes]")
    page.check("input[name=priority_sectors][value=health]")
    page.check("input[name=priority_sectors][value=education]")
    _next(page)
    year = page.locator("input[name=strategy_year]")
    assert year.is_visible()
    year.fill("2031")
    _next(page)
    assert "between 1990 and 2025" in page.content()
    shot(page, "survey-constraint-error")
    page.locator("input[name=strategy_year]").fill("2021")
    # the top sector is filtered to the sectors chosen above
    # (every choice is on the page for the browser's filter; those filtered out are hidden)
    assert page.locator("input[name=top_sector]:visible").count() in (2, 3)  # + "No answer"
    page.check("input[name=top_sector][value=health]")
    _next(page)

    # 3. Governance
    page.check("input[name=data_protection][value=in_force]")
    _next(page)
    if page.locator("input[name=data_protection_year]").is_visible():
        page.fill("input[name=data_protection_year]", "2018")
        _next(page)

    # 4. Capacity, wanting to list initiatives
    page.check("input[name=capacity_needs][value=skills]")
    page.check("input[name=capacity_needs][value=data]")
    page.check("input[name=capacity_interest][value=high]")
    page.check("input[name=has_initiatives][value=yes]")
    _next(page)
    if page.locator("input[name=top_need]").first.is_visible():
        page.check("input[name=top_need][value=skills]")
        _next(page)

    # 5. The initiatives repeat: add one
    page.get_by_role("button", name="Add: AI initiative").click()
    page.wait_for_load_state()
    page.fill("input[name='initiatives.0.initiative_name']", "National AI skills academy")
    _next(page)

    # 6. Closing page: consent, then review
    page.check("input[name=publish_consent]")
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_load_state()
    body = page.content()
    assert "National AI skills academy" in body and "2021" in body
    assert "&lt;b&gt;(test)&lt;/b&gt;" in body  # answers are shown as text
    shot(page, "survey-review")
    page.get_by_role("button", name="Submit the questionnaire").click()
    page.wait_for_load_state()
    assert "Thank you" in page.content()
    shot(page, "survey-receipt")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download this receipt (PDF)").click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    response = Response.objects.get(invitation=inv)
    assert response.status == "submitted"
    assert response.answers["strategy_year"] == 2021
    assert response.answers["initiatives"][0]["initiative_name"] == "National AI skills academy"

    # the results page counts the new response and draws its charts
    page.goto(f"{site}/en/survey/{survey.pk}/results/")
    page.wait_for_selector(".chart svg", timeout=15_000)
    text = page.content()
    assert f"{before + 1} of {survey.invitations.count()} invited" in text
    assert page.locator(".chart svg").count() >= 5
    shot(page, "survey-results")

    # cross-tab of the lead ministry by region
    page.select_option("select[name=row]", "lead_ministry")
    page.select_option("select[name=col]", "_region")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    caption = page.locator("table.survey-crosstab caption").inner_text()
    assert "Region" in caption

    # filtering by the new response's region keeps it in the count
    region = inv.country.region
    page.select_option("select[name=region]", region.code)
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    filtered = Response.objects.filter(
        invitation__survey=survey, status="submitted", invitation__country__region=region
    ).count()
    assert f"{filtered} response" in page.content()

    # the CSV export has one row per submitted response, ours among them
    page.goto(f"{site}/en/survey/{survey.pk}/results/")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV", exact=True).click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    assert len(rows) == before + 1
    assert any(inv.country.alpha3 in r.values() for r in rows)
