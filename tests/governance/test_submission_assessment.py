# ruff: noqa: E501  (the cases read best one per line)
"""The self-assessment inside the submission workflow: filled beside the draft's 2-pager,
required / optional / not asked per call (a refusal names what is missing, never a 500),
shown to reviewers in the review screen and signed off there, moved to the activity when
the draft is approved; the report's chapter "Ethics principles" (the same numbers as the
governance figures); the Member State survey's answers on the country page (off by
default); private answers nowhere public.

Routes walked here: governance:submission-start (per role), submissions:detail,
submissions:submit, governance:assessment-sign-off (back to the submission)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aiatlas.catalog.services.activities import publish_edition
from aiatlas.governance import figures, questionnaire
from aiatlas.governance.models import Assessment, CallSetting
from aiatlas.submissions.models import State, Submission
from aiatlas.submissions.services import drafts, review
from tests.governance.test_assessments import PUBLIC, SECRET, full_answers
from tests.submissions.conftest import GOOD_RECORD

pytestmark = pytest.mark.django_db

SECRET_MEASURE = "SECRET-MEASURE-4410"


def client_of(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _setting(call: Any, value: str) -> None:
    CallSetting.objects.update_or_create(call=call, defaults={"self_assessment": value})


def _draft(users: Any, call: Any, who: Any) -> Submission:
    return drafts.start_draft(
        user=users["focal"], call_id=call.pk, organization_id=who.pk, record=dict(GOOD_RECORD)
    )


def _submit(users: Any, sub: Submission) -> Any:
    sub.refresh_from_db()
    return client_of(users["focal"]).post(
        reverse("submissions:submit", args=[sub.pk]), {"version": sub.version, "confirm_new": "1"}
    )


def _page(users: Any, sub: Submission) -> str:
    """The draft's page as its focal point sees it."""
    detail = reverse("submissions:detail", args=[sub.pk])
    return client_of(users["focal"]).get(detail).content.decode()


def _fill(users: Any, sub: Submission) -> Assessment:
    """The focal point starts the draft's assessment, answers it all (one private secret
    answer in every text, a private and a public measure) and submits it for sign-off."""
    focal = client_of(users["focal"])
    r = focal.post(reverse("governance:submission-start", args=[sub.pk]), {"stage": "deployment"})
    assert r.status_code == 302, r.content
    a = Assessment.objects.get(submission=sub)
    assert r["Location"] == reverse("governance:assessment", args=[a.pk])
    assert (
        focal.post(reverse("governance:assessment", args=[a.pk]), full_answers()).status_code == 302
    )
    action = reverse("governance:assessment-action", args=[a.pk])
    focal.post(
        action,
        {
            "principle": "fairness",
            "measure": "Test per language",
            "owner": "Data team",
            "public": "1",
        },
    )
    focal.post(
        action, {"principle": "privacy", "measure": SECRET_MEASURE, "owner": "Private Owner"}
    )
    assert focal.post(reverse("governance:assessment-submit", args=[a.pk])).status_code == 302
    a.refresh_from_db()
    assert a.state == "submitted"
    return a


def test_required_refuses_the_draft_until_the_assessment_is_submitted(users, call, who):
    _setting(call, "required")
    sub = _draft(users, call, who)
    page = _page(users, sub)
    assert "required by this call" in page and 'id="assessment-start"' in page
    # nothing started: refused, the page says what is missing (400, not a 500)
    r = _submit(users, sub)
    assert r.status_code == 400
    text = r.content.decode()
    assert (
        "requires the self-assessment against the UN principles" in text
        and "it has not been started" in text
    )
    sub.refresh_from_db()
    assert sub.state == State.DRAFT
    # started but a draft: refused again, naming the unanswered questions
    client_of(users["focal"]).post(
        reverse("governance:submission-start", args=[sub.pk]), {"stage": "design"}
    )
    a = Assessment.objects.get(submission=sub)
    assert a.activity is None and a.lead_organization_id == who.pk
    r = _submit(users, sub)
    assert r.status_code == 400 and "it is still a draft" in r.content.decode()
    assert "scope.purpose" in r.content.decode()
    # the API refuses too, with the same words (a 400 with the problem named)
    from aiatlas.accounts.services import create_api_token

    _token, secret = create_api_token(user=users["focal"], name="test")
    api = Client(headers={"authorization": f"Bearer {secret}"})
    sub.refresh_from_db()
    r = api.post(
        f"/api/v1/submissions/{sub.pk}/submit",
        {"version": sub.version, "confirm_new": True},
        content_type="application/json",
    )
    assert r.status_code == 400 and "requires the self-assessment" in r.json()["detail"]
    a.delete()
    a = _fill(users, sub)
    r = _submit(users, sub)
    assert r.status_code == 302
    sub.refresh_from_db()
    assert sub.state == State.IN_REVIEW


def test_submit_through_the_service_names_what_is_missing(users, call, who):
    from aiatlas.submissions.exceptions import InvalidInput

    _setting(call, "required")
    sub = _draft(users, call, who)
    with pytest.raises(InvalidInput) as exc:
        drafts.submit(
            user=users["focal"], submission_id=sub.pk, expected_version=1, confirm_new=True
        )
    field, message = exc.value.problems[-1]
    assert field == "self_assessment" and "requires the self-assessment" in message
    assert "requires the self-assessment" in str(exc.value)


def test_optional_is_shown_and_does_not_block(users, call, who):
    _setting(call, "optional")
    sub = _draft(users, call, who)
    page = _page(users, sub)
    assert "optional in this call" in page and 'id="governance-assessment"' in page
    assert _submit(users, sub).status_code == 302
    sub.refresh_from_db()
    assert sub.state == State.IN_REVIEW


def test_not_asked_hides_it(users, call, who):
    sub = _draft(users, call, who)  # no CallSetting: not asked
    page = _page(users, sub)
    assert (
        'id="governance-assessment"' not in page
        and "Self-assessment against the UN principles" not in page
    )
    assert _submit(users, sub).status_code == 302


def test_who_may_start_the_drafts_assessment(users, call, who):
    _setting(call, "optional")
    sub = _draft(users, call, who)
    url = reverse("governance:submission-start", args=[sub.pk])
    assert client_of(None).post(url, {"stage": "design"}).status_code == 302  # to sign in
    assert client_of(users["other_focal"]).post(url, {"stage": "design"}).status_code == 404
    assert client_of(users["reviewer"]).post(url, {"stage": "design"}).status_code == 403
    r = client_of(users["focal"]).post(url, {"stage": "nope"}, follow=True)
    assert r.status_code == 200 and "no lifecycle stage" in r.content.decode()
    assert not Assessment.objects.exists()
    client_of(users["focal"]).post(url, {"stage": "design"})
    client_of(users["focal"]).post(url, {"stage": "design"})  # again: the same one
    assert Assessment.objects.count() == 1


def test_a_draft_about_a_catalog_activity_uses_its_assessment(users, call, who, old_activity):
    from aiatlas.catalog.models import Activity

    _setting(call, "required")
    activity = Activity.objects.get(public_id=old_activity["id"])
    sub = drafts.carry_forward(user=users["focal"], call_id=call.pk, public_id=activity.public_id)
    client_of(users["focal"]).post(
        reverse("governance:start", args=[activity.public_id]), {"stage": "design"}
    )
    existing = Assessment.objects.get()
    r = client_of(users["focal"]).post(
        reverse("governance:submission-start", args=[sub.pk]), {"stage": "design"}
    )
    assert r["Location"] == reverse("governance:assessment", args=[existing.pk])
    assert Assessment.objects.count() == 1


def test_reviewer_sees_and_signs_off_in_the_review_screen_and_approval_moves_it(users, call, who):
    _setting(call, "required")
    sub = _draft(users, call, who)
    a = _fill(users, sub)
    assert _submit(users, sub).status_code == 302
    reviewer = client_of(users["reviewer"])
    # the governance queue lists it too, and its own page offers the same sign-off
    queue = reviewer.get(reverse("governance:review")).content.decode()
    assert GOOD_RECORD["title"] in queue and "draft of a new activity" in queue
    own = reviewer.get(reverse("governance:assessment", args=[a.pk])).content.decode()
    assert "New activity (a draft)" in own and 'id="tab-two-pager"' in own
    assert reverse("governance:assessment-sign-off", args=[a.pk]) in own
    detail = reverse("submissions:detail", args=[sub.pk])
    page = reviewer.get(detail).content.decode()
    assert 'id="governance-assessment"' in page and 'id="assessment-sign-off"' in page
    q = questionnaire.load(a.questionnaire_version)
    fairness = next(r for r in q.risks(a.answers) if r.principle == "fairness")
    assert fairness.rule in page  # the rule beside the level
    assert PUBLIC in page  # the reviewer reads every answer, private ones too
    r = reviewer.post(
        reverse("governance:assessment-sign-off", args=[a.pk]),
        {"decision": "approve", "back": "submission"},
    )
    assert r.status_code == 302 and r["Location"].startswith(detail)
    a.refresh_from_db()
    assert a.state == "signed_off" and a.activity is None
    sub.refresh_from_db()
    sub = review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=sub.version)
    a.refresh_from_db()
    assert a.activity == sub.activity and a.submission == sub  # the same row: history kept
    assert a.state == "signed_off" and a.signed_off_by == users["reviewer"]
    assert a.pk in [x.pk for x in Assessment.objects.filter(activity=sub.activity)]


def test_deleting_a_draft_deletes_its_assessment_not_a_moved_one(users, call, who):
    _setting(call, "optional")
    sub = _draft(users, call, who)
    client_of(users["focal"]).post(
        reverse("governance:submission-start", args=[sub.pk]), {"stage": "design"}
    )
    assert Assessment.objects.filter(submission=sub).count() == 1
    sub.delete()
    assert not Assessment.objects.exists()
    sub = _draft(users, call, who)
    a = _fill(users, sub)
    _submit(users, sub)
    sub.refresh_from_db()
    sub = review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=sub.version)
    Submission.objects.filter(pk=sub.pk).delete()
    a.refresh_from_db()
    assert a.activity == sub.activity and a.submission is None


def _published(users: Any, call: Any, who: Any) -> tuple[Submission, Assessment]:
    _setting(call, "required")
    sub = _draft(users, call, who)
    a = _fill(users, sub)
    _submit(users, sub)
    client_of(users["reviewer"]).post(
        reverse("governance:assessment-sign-off", args=[a.pk]), {"decision": "approve"}
    )
    sub.refresh_from_db()
    sub = review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=sub.version)
    publish_edition(year=2025, acknowledge_left_out=True, build_report=False)
    a.refresh_from_db()
    return sub, a


def test_report_chapter_numbers_are_the_figures_numbers(users, call, who, client):
    from aiatlas.report.content import build_content
    from aiatlas.report.pdf import document

    sub, _a = _published(users, call, who)
    api = client.get("/api/v1/governance/figures?edition=2025").json()
    content = build_content(2025)
    chapter = next(x for x in content.extra if x.id == "ethics-principles")
    by_id = {f.id: f for f in figures.all_figures(2025)}
    assessed = next(r for r in by_id["assessed"].rows if r.key == "assessed")
    assert assessed.count == 1 and assessed.records == (sub.activity.public_id,)
    assert chapter.paragraphs[0].endswith("signed off by the secretariat: 1 of 1.")
    coverage = {r.label: r.count for r in by_id["coverage-by-principle"].rows}
    risk = {r.key: r.count for r in by_id["risk-by-principle"].rows}
    table = chapter.tables[0]
    rows = {row[0]: (int(row[1]), int(row[2])) for row in table.rows}
    principle_keys = [r.key for r in by_id["coverage-by-principle"].rows]
    assert rows == {
        label: (coverage[label], risk[key])
        for label, key in zip(coverage, principle_keys, strict=True)
    }
    assert rows["4. Fairness and non-discrimination"][1] >= 1
    # the API's figures are the same rows
    api_figures = {f["id"]: f for f in (api["figures"] if isinstance(api, dict) else api)}
    assert {r["key"]: r["count"] for r in api_figures["risk-by-principle"]["rows"]} == risk
    assert [c.id for c in chapter.charts] == ["chart-ethics-coverage", "chart-ethics-risk"]
    assert [row[1] for row in chapter.charts[1].rows] == [str(risk[k]) for k in principle_keys]
    # the published measure is counted, the private one never appears
    assert chapter.tables[1].rows == [["Test per language", "1"]]
    source = document(content, {})
    web = client.get(reverse("report:report", args=[2025])).content.decode()
    for text in (source, web):
        assert "Ethics principles" in text
        assert SECRET not in text and SECRET_MEASURE not in text and "Private Owner" not in text
    assert 'data-chapter="ethics-principles"' in web


def test_report_pdf_typesets_the_chapter(users, call, who, tmp_path):
    from pypdf import PdfReader

    from aiatlas.report.services import build_report

    _published(users, call, who)
    result = build_report(year=2025, out_dir=tmp_path)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(result.pdf).pages)
    assert "Ethics principles" in text and "Coverage and risk by principle" in text
    assert "Test per language" in text
    assert SECRET not in text and SECRET_MEASURE not in text and "Private Owner" not in text


def test_report_leaves_the_chapter_out_without_assessments(users, call, who):
    from aiatlas.report.content import build_content

    sub = _draft(users, call, who)
    _submit(users, sub)
    sub.refresh_from_db()
    review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=sub.version)
    publish_edition(year=2025, acknowledge_left_out=True, build_report=False)
    assert build_content(2025).extra == []


def test_private_answers_stay_private_everywhere(users, call, who, client):
    sub, _a = _published(users, call, who)
    public_id = sub.activity.public_id
    # the review screen is not for the public, nor for another entity
    detail = reverse("submissions:detail", args=[sub.pk])
    r = client_of(None).get(detail)
    assert r.status_code == 302 and SECRET not in r.content.decode()
    r = client_of(users["other_focal"]).get(detail)
    assert r.status_code in {403, 404} and SECRET not in r.content.decode()
    # public pages, API and the public export show the published answers only
    pages = [
        client.get(reverse("governance:activity", args=[public_id])),
        client.get(reverse("governance:country", args=["KEN"])),
        client.get(reverse("governance:figures") + "?edition=2025"),
        client.get("/api/v1/governance/figures?edition=2025"),
        client.get("/api/v1/governance.jsonl"),
    ]
    for r in pages:
        assert r.status_code == 200
        text = r.content.decode()
        assert SECRET not in text and SECRET_MEASURE not in text and "Private Owner" not in text
    assert PUBLIC in pages[0].content.decode() and PUBLIC in pages[4].content.decode()


def test_the_drafts_assessment_is_not_exported_before_it_has_an_activity(users, call, who):
    from aiatlas.governance.services.exchange import export_records

    _setting(call, "optional")
    sub = _draft(users, call, who)
    _fill(users, sub)
    assert not [x for x in export_records(private=True) if x["type"] == "assessment"]


# -- the Member State survey on the country page -----------------------------------------


def _survey_answered(status: str = "submitted") -> Any:
    from aiatlas.catalog.models import Country
    from aiatlas.survey.models import Invitation, Response
    from aiatlas.survey.services.forms import create_survey
    from tests.survey.conftest import SMALL_CHOICES, SMALL_SURVEY, make_xlsx

    data = make_xlsx(
        SMALL_SURVEY,
        SMALL_CHOICES,
        {"form_title": "AI readiness survey", "version": "1", "default_language": "English (en)"},
    )
    survey, _summary = create_survey(data=data, filename="small.xlsx")
    inv = Invitation.objects.create(
        survey=survey, country=Country.objects.get(alpha3="FRA"), ministry="Ministry of Digital",
        contact_name="Respondent Name", contact_email="respondent@example.org",
    )  # fmt: skip
    Response.objects.create(
        invitation=inv, status=status, submitted_at=timezone.now() if status == "submitted" else None,
        answers={"has_strategy": "yes", "year": 2019, "lead": "other", "lead_other": "TYPED-OTHER-TEXT", "sectors": ["health", "agri"], "comment": "FREE-TEXT-COMMENT", "inits": [{"init_name": "Initiative typed", "budget": 3.5}]},
    )  # fmt: skip
    return survey


def test_country_page_shows_survey_answers_only_when_published(client):
    url = reverse("governance:country", args=["FRA"])
    survey = _survey_answered()
    page = client.get(url).content.decode()
    assert 'id="survey-answers"' in page and "No survey answers are published" in page
    assert "AI readiness survey" not in page  # private by default
    survey.country_pages = True
    survey.save(update_fields=["country_pages"])
    page = client.get(url).content.decode()
    assert "AI readiness survey" in page
    assert "Has a strategy?" in page and "Yes" in page and "2019" in page
    assert "Health; Agriculture" in page
    for private in (
        "Respondent Name",
        "respondent@example.org",
        "FREE-TEXT-COMMENT",
        "TYPED-OTHER-TEXT",
        "Initiative typed",
        "Ministry of Digital",
    ):
        assert private not in page
    assert (
        "AI readiness survey"
        not in client.get(reverse("governance:country", args=["KEN"])).content.decode()
    )


def test_country_page_leaves_out_unsubmitted_responses(client):
    survey = _survey_answered(status="draft")
    survey.country_pages = True
    survey.save(update_fields=["country_pages"])
    page = client.get(reverse("governance:country", args=["FRA"])).content.decode()
    assert "AI readiness survey" not in page


def test_survey_settings_page_sets_country_pages(client, django_user_model):
    from aiatlas.survey.services.forms import update_survey

    survey = _survey_answered()
    update_survey(survey_id=survey.pk, title=survey.title, opens_at=None, closes_at=None,
                  allow_edits=False, results_public=False, country_pages=True)  # fmt: skip
    survey.refresh_from_db()
    assert survey.country_pages is True
    admin = django_user_model.objects.create_user(
        email="admin@example.org", password="pw", role="admin"
    )
    c = client_of(admin)
    page = c.get(reverse("survey:manage-detail", args=[survey.pk])).content.decode()
    assert (
        'name="country_pages"' in page and "checked" in page.split('name="country_pages"')[1][:40]
    )
    r = c.post(reverse("survey:manage-detail", args=[survey.pk]), {"title": survey.title})
    assert r.status_code == 302
    survey.refresh_from_db()
    assert survey.country_pages is False
