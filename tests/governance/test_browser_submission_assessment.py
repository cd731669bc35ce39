"""The self-assessment inside a submission, in a real browser (Debian's Chromium through
Playwright): in a call that requires it, a focal point's draft is refused until the
assessment is filled beside the 2-pager and submitted; the reviewer reads it in the
submission's review screen, signs it off there and approves the draft; once the edition
is published (through the publishing service, as the other browser tests do) the
edition's principles chart and the report's chapter "Ethics principles" count it, and
the country page shows the survey's published answers. Screenshots at 1280 and 390 px go
to test-artifacts/screenshots/ (and /work/wt/shots/governance/ when present)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.governance.test_browser_governance import PASSWORD, _shot, _sign_in, site  # noqa: F401 - fixture
from tests.governance.test_browser_governance import _answer_everything as answer_everything
from tests.web.test_browser import CHROMIUM, browser, page  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)

PRIVATE = "PRIVATE-CONTEXT-ANSWER"


def _setup() -> int:
    from datetime import timedelta

    from django.utils import timezone

    from aiatlas.accounts.services import add_user
    from aiatlas.catalog.models import Country, Edition, Organization
    from aiatlas.governance.models import CallSetting
    from aiatlas.submissions.models import Call
    from aiatlas.submissions.services import drafts
    from aiatlas.survey.models import Invitation, Response
    from aiatlas.survey.services.forms import create_survey
    from tests.submissions.conftest import GOOD_RECORD
    from tests.survey.conftest import SMALL_CHOICES, SMALL_SURVEY, make_xlsx

    who = Organization.objects.create(
        acronym="WHO", name="World Health Organization", kind="un_entity"
    )
    edition = Edition.objects.create(year=2025, title="UN Activities on AI 2025", status="open")
    call = Call.objects.create(edition=edition, deadline=timezone.localdate() + timedelta(days=9))
    CallSetting.objects.create(call=call, self_assessment="required")
    add_user(email="reviewer@example.org", role="reviewer", password=PASSWORD)
    focal = add_user(
        email="focal@who.example", role="focal_point", organizations=["WHO"], password=PASSWORD
    ).user
    sub = drafts.start_draft(
        user=focal, call_id=call.pk, organization_id=who.pk, record=dict(GOOD_RECORD)
    )
    # Kenya answered the Member State survey; the secretariat publishes it on country pages
    data = make_xlsx(SMALL_SURVEY, SMALL_CHOICES, {"form_title": "AI readiness survey",
                                                   "default_language": "English (en)"})  # fmt: skip
    survey, _summary = create_survey(data=data, filename="readiness.xlsx")
    survey.country_pages = True
    survey.save(update_fields=["country_pages"])
    inv = Invitation.objects.create(
        survey=survey, country=Country.objects.get(alpha3="KEN"),
        contact_name="Respondent Name", contact_email="respondent@example.org",
    )  # fmt: skip
    Response.objects.create(
        invitation=inv, status="submitted", submitted_at=timezone.now(),
        answers={"has_strategy": "yes", "year": 2019, "sectors": ["health", "agri"],
                 "comment": "FREE-TEXT-COMMENT"},
    )  # fmt: skip
    return int(sub.pk)


def _phone(browser: Any, site: str, url: str, name: str, email: str = "") -> None:  # noqa: F811
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    if email:
        _sign_in(phone, site, email)
    phone.goto(url)
    # nothing wider than the phone: wide tables scroll inside their box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, name
    _shot(phone, name)
    phone.context.close()


def _answer_everything(pg: Any) -> None:
    """Every question answered as the other browser test does, one answer kept private."""
    answer_everything(pg)
    pg.locator('[id="q-scope.context"]').fill(PRIVATE)


def test_assessment_inside_the_submission_to_the_report(site, page, browser):  # noqa: F811
    sub_id = _setup()
    draft = f"{site}/en/submissions/{sub_id}/"
    _sign_in(page, site, "focal@who.example")
    page.goto(draft)
    page.locator("#submit-button").click()
    refusal = page.locator("#submit-error").inner_text()
    assert "requires the self-assessment" in refusal and "has not been started" in refusal
    assert "has not been started" in page.locator("#problems").inner_text()
    # the assessment beside the 2-pager: started from the draft, filled on its own tab
    page.locator("#assessment-start").get_by_role(
        "button", name="Start the self-assessment"
    ).click()
    page.wait_for_url(re.compile(r"/en/governance/assessments/\d+/$"))
    assert page.locator("#tab-assessment").get_attribute("aria-current") == "page"
    _shot(page, "draft-assessment-tab-desktop")
    _phone(browser, site, page.url, "draft-assessment-tab-phone", "focal@who.example")
    _answer_everything(page)
    page.get_by_role("button", name="Save").click()
    assert "Saved." in page.content()
    page.fill("#gov-measure", "Test performance per language")
    page.select_option("#gov-principle", "fairness")
    page.fill("#gov-owner", "Data team")
    page.locator('form:has(#gov-measure) input[name="public"]').check()
    page.get_by_role("button", name="Add to the action plan").click()
    page.get_by_role("button", name="Submit for sign-off").click()
    assert "Submitted for sign-off." in page.content()
    page.locator("#tab-two-pager").click()
    page.wait_for_url(re.compile(rf"/en/submissions/{sub_id}/$"))
    page.locator("#submit-button").click()
    assert "In secretariat review" in page.locator("#state").inner_text()

    # the reviewer reads the assessment in the review screen and signs it off there
    page.context.clear_cookies()
    _sign_in(page, site, "reviewer@example.org")
    page.goto(draft)
    panel = page.locator("#governance-assessment")
    fairness = panel.locator("tr", has_text="4. Fairness and non-discrimination").first
    assert "Medium" in fairness.inner_text() or "High" in fairness.inner_text()
    assert "points" in fairness.inner_text()  # the rule beside the level
    _shot(page, "review-screen-desktop")
    _phone(browser, site, draft, "review-screen-phone", "reviewer@example.org")
    panel.get_by_role("button", name="Sign off the self-assessment").click()
    page.wait_for_url(re.compile(rf"/en/submissions/{sub_id}/"))
    assert "Signed off." in page.content()
    page.locator("#approve-button").click()
    assert "Approved" in page.locator("#state").inner_text()

    from aiatlas.catalog.services.activities import publish_edition
    from aiatlas.governance.models import Assessment

    publish_edition(year=2025, build_report=False)
    a = Assessment.objects.get()
    assert a.activity is not None and a.state == "signed_off"

    page.context.clear_cookies()
    page.goto(f"{site}/en/governance/figures/?edition=2025")
    page.wait_for_selector(
        "#governance-risk-by-principle svg, #governance-risk-by-principle canvas"
    )
    table = page.locator("#governance-risk-by-principle ~ details table")
    cells = {
        r.locator("th").text_content().strip(): r.locator("td").text_content().strip()
        for r in table.locator("tbody tr").all()
    }
    assert cells["4. Fairness and non-discrimination"] == "1"
    page.goto(f"{site}/en/editions/2025/report/")
    chapter = page.locator('[data-chapter="ethics-principles"]')
    chapter.locator("svg, canvas").first.wait_for()
    text = chapter.inner_text()
    assert "Ethics principles" in text and "signed off by the secretariat: 1 of 1." in text
    row = chapter.locator("tr", has_text="4. Fairness and non-discrimination").first
    assert row.locator("td").nth(1).inner_text().strip() == "1"
    assert "Test performance per language" in text and PRIVATE not in page.content()
    chapter.scroll_into_view_if_needed()
    _shot(page, "report-chapter-desktop")
    page.goto(f"{site}/en/governance/countries/KEN/")
    survey = page.locator("#survey-answers").inner_text()
    assert "AI readiness survey" in survey and "Health; Agriculture" in survey
    assert "Respondent Name" not in page.content() and "FREE-TEXT-COMMENT" not in page.content()
    _shot(page, "country-desktop")
    _phone(browser, site, page.url, "country-phone")
