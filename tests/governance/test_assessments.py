# ruff: noqa: E501  (the cases read best one per line)
"""Self-assessments through their pages (who may, in which state), what stays private
(pages, API, exports), figures, the lossless all-or-nothing exchange and bad input named.

The routes walked per role and state here: governance:start, governance:assessment,
governance:assessment-submit, governance:assessment-action, governance:assessment-sign-off."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aiatlas.accounts.models import User
from aiatlas.catalog.models import Activity, Edition, Organization
from aiatlas.governance import figures, questionnaire
from aiatlas.governance.models import Assessment, Instrument, NationalPolicy
from aiatlas.governance.services import demo, exchange
from aiatlas.initiatives.services.exchange import ExchangeError

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase 123"
SECRET = "SECRET-PRIVATE-ANSWER-7731"
PUBLIC = "Published purpose of the chatbot"


@pytest.fixture
def world() -> dict[str, Any]:
    who = Organization.objects.create(
        acronym="WHO", name="World Health Organization", kind="un_entity"
    )
    fao = Organization.objects.create(
        acronym="FAO", name="Food and Agriculture Organization", kind="un_entity"
    )
    edition = Edition.objects.create(
        year=2025, title="2025", release_at=timezone.now() - timedelta(hours=1)
    )
    activity = Activity.objects.create(
        public_id="A000001", title="Symptom chatbot", lead_organization=who
    )
    activity.editions.add(edition)
    hidden = Activity.objects.create(
        public_id="A000002", title="Embargoed tool", lead_organization=who
    )
    hidden.editions.add(Edition.objects.create(year=2026, title="2026"))

    def user(email: str, role: str, org: Organization | None = None) -> User:
        u = User.objects.create_user(email=email, password=PASSWORD, role=role)
        if org:
            u.organizations.add(org)
        return u

    return {
        "activity": activity,
        "hidden": hidden,
        "focal": user("focal@who.example", "focal_point", who),
        "other": user("focal@fao.example", "focal_point", fao),
        "approver": user("approver@who.example", "entity_approver", who),
        "reviewer": user("reviewer@un.example", "reviewer"),
    }  # fmt: skip


def client_of(user: User | None) -> Client:
    c = Client()
    if user:
        c.force_login(user)
    return c


def full_answers() -> dict[str, str]:
    """A posted form answering every question (scoping text private but the purpose)."""
    q = questionnaire.current()
    post: dict[str, str] = {}
    for x in q.questions:
        if x.kind == "text":
            post[f"a:{x.id}"] = PUBLIC if x.id == "scope.purpose" else SECRET
        elif x.kind == "yes_no":
            post[f"a:{x.id}"] = "no" if x.id == "fairness.bias_tested" else "yes"
        elif x.kind == "scale":
            post[f"a:{x.id}"] = str(x.max)
        elif x.kind == "choice":
            post[f"a:{x.id}"] = x.options[0][0]
        else:
            post[f"t:{x.id}"] = SECRET
            post[f"l:{x.id}"] = "https://example.org/evidence"
    post["a:scope.stage"] = "deployment"
    post["p:scope.purpose"] = "1"
    post["p:fairness.bias_tested"] = "1"
    return post


def complete(world: dict[str, Any]) -> Assessment:
    """The focal point starts, fills, adds a private and a public action, submits; the
    reviewer signs off."""
    focal = client_of(world["focal"])
    r = focal.post(reverse("governance:start", args=["A000001"]), {"stage": "deployment"})
    assert r.status_code == 302, r.content
    a = Assessment.objects.get()
    url = reverse("governance:assessment", args=[a.pk])
    assert focal.post(url, full_answers()).status_code == 302
    action = reverse("governance:assessment-action", args=[a.pk])
    focal.post(action, {"principle": "fairness", "measure": "Test per language", "owner": "Data team", "due_on": "2026-06-30", "public": "1"})  # fmt: skip
    focal.post(action, {"principle": "privacy", "measure": SECRET, "owner": "x", "due_on": ""})
    assert focal.post(reverse("governance:assessment-submit", args=[a.pk])).status_code == 302
    a.refresh_from_db()
    assert a.state == "submitted"
    reviewer = client_of(world["reviewer"])
    r = reviewer.post(
        reverse("governance:assessment-sign-off", args=[a.pk]), {"decision": "approve"}
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.state == "signed_off" and a.signed_off_by == world["reviewer"]
    return a


def test_focal_point_completes_and_reviewer_signs_off(world):
    a = complete(world)
    assert a.questionnaire_version == questionnaire.current().version
    assert a.answers["scope.stage"] == "deployment"
    assert a.actions.count() == 2
    q = questionnaire.load(a.questionnaire_version)
    fairness = next(r for r in q.risks(a.answers) if r.principle == "fairness")
    assert fairness.level in {"medium", "high"}
    page = (
        client_of(world["focal"])
        .get(reverse("governance:assessment", args=[a.pk]))
        .content.decode()
    )
    assert "Signed off" in page and fairness.rule.split(".")[0] in page


def test_who_may_do_each_step(world):
    focal, other, reviewer, approver = (
        client_of(world[k]) for k in ("focal", "other", "reviewer", "approver")
    )
    start = reverse("governance:start", args=["A000001"])
    assert client_of(None).post(start, {"stage": "design"}).status_code == 302  # to sign in
    assert other.post(start, {"stage": "design"}).status_code == 403
    assert reviewer.post(start, {"stage": "design"}).status_code == 403
    assert Assessment.objects.count() == 0
    focal.post(start, {"stage": "design"})
    a = Assessment.objects.get()
    url = reverse("governance:assessment", args=[a.pk])
    # another entity's focal point does not even see it; the entity's approver reads it
    assert other.get(url).status_code == 404
    assert approver.get(url).status_code == 200
    assert approver.post(url, {"a:scope.purpose": "x"}).status_code == 403
    # a draft cannot be signed off; the focal point cannot sign off
    sign = reverse("governance:assessment-sign-off", args=[a.pk])
    reviewer.post(sign, {"decision": "approve"})
    focal.post(sign, {"decision": "approve"})
    a.refresh_from_db()
    assert a.state == "draft"
    # an incomplete assessment cannot be submitted, and says what is missing
    r = focal.post(reverse("governance:assessment-submit", args=[a.pk]), follow=True)
    assert "scope.purpose: an answer is needed" in r.content.decode()
    # a second assessment cannot start while one is open
    r = focal.post(start, {"stage": "operation"}, follow=True)
    assert "already has an assessment in progress" in r.content.decode()
    assert Assessment.objects.count() == 1


def test_submitted_assessment_is_locked_and_can_be_sent_back_with_a_note(world):
    focal, reviewer = client_of(world["focal"]), client_of(world["reviewer"])
    focal.post(reverse("governance:start", args=["A000001"]), {"stage": "design"})
    a = Assessment.objects.get()
    focal.post(reverse("governance:assessment", args=[a.pk]), full_answers())
    focal.post(reverse("governance:assessment-submit", args=[a.pk]))
    r = focal.post(reverse("governance:assessment", args=[a.pk]), {"a:scope.purpose": "changed"})
    assert r.status_code == 409
    sign = reverse("governance:assessment-sign-off", args=[a.pk])
    r = reviewer.post(sign, {"decision": "return"}, follow=True)
    assert "say what should change" in r.content.decode()
    reviewer.post(sign, {"decision": "return", "note": "Add the bias test report."})
    a.refresh_from_db()
    assert a.state == "draft" and a.review_note == "Add the bias test report."


def test_bad_answers_are_named_and_nothing_is_saved(world):
    focal = client_of(world["focal"])
    focal.post(reverse("governance:start", args=["A000001"]), {"stage": "design"})
    a = Assessment.objects.get()
    before = dict(a.answers)
    url = reverse("governance:assessment", args=[a.pk])
    r = focal.post(url, {"a:harm.severity": "11", "a:harm.assessed": "maybe", "t:harm.evidence": "x", "l:harm.evidence": "ftp://nope"})  # fmt: skip
    assert r.status_code == 400
    page = r.content.decode()
    assert "harm.severity: must be a whole number from 1 to 5" in page
    assert "harm.assessed: must be yes or no" in page
    assert "harm.evidence: not a web address" in page
    a.refresh_from_db()
    assert a.answers == before
    r = focal.post(reverse("governance:assessment-action", args=[a.pk]), {"principle": "nope", "measure": "", "due_on": "soon"}, follow=True)  # fmt: skip
    text = r.content.decode()
    assert "principle: choose one of the ten principles" in text and "due date" in text
    r = focal.post(reverse("governance:start", args=["A000001"]), {"stage": "someday"})
    assert r.status_code == 302


def test_reassessment_keeps_the_history_and_starts_from_the_last_answers(world):
    first = complete(world)
    focal = client_of(world["focal"])
    focal.post(reverse("governance:start", args=["A000001"]), {"stage": "operation"})
    second = Assessment.objects.exclude(pk=first.pk).get()
    assert second.state == "draft" and second.stage == "operation"
    assert second.answers["scope.purpose"] == PUBLIC
    assert second.answers["scope.stage"] == "operation"
    first.refresh_from_db()
    assert first.state == "signed_off" and first.answers["scope.stage"] == "deployment"
    page = focal.get(reverse("governance:activity", args=["A000001"])).content.decode()
    assert page.count(reverse("governance:assessment", args=[first.pk])) == 1
    assert reverse("governance:assessment", args=[second.pk]) in page


def test_private_answers_never_appear_on_public_pages_api_or_exports(world):
    complete(world)
    anyone = Client()
    urls = [
        reverse("governance:activity", args=["A000001"]),
        reverse("governance:figures"),
        reverse("governance:figures") + "?edition=2025",
        reverse("governance:activities"),
        "/api/v1/governance.jsonl",
        "/api/v1/governance/figures",
        "/api/v1/governance/figures?edition=2025",
    ]
    for url in urls:
        body = anyone.get(url).content.decode()
        assert SECRET not in body, url
        assert "Data team" not in body, url  # owners are not published
    assert PUBLIC in anyone.get(reverse("governance:activity", args=["A000001"])).content.decode()
    public_export = exchange.export_jsonl()
    assert SECRET not in public_export and PUBLIC in public_export
    assert "reviewer@un.example" not in public_export
    # the complete copy holds everything
    assert SECRET in exchange.export_jsonl(private=True)
    # the figures count the published fairness answer and the public mitigation only
    by_id = {f.id: f for f in figures.all_figures(2025)}
    assert by_id["assessed"].rows[0].records == ("A000001",)
    coverage = {r.key: r.count for r in by_id["coverage-by-principle"].rows}
    assert coverage["fairness"] == 1 and coverage["privacy"] == 0
    risk = {r.key: r.count for r in by_id["risk-by-principle"].rows}
    assert risk["fairness"] == 1 and risk["do_no_harm"] == 0
    assert [r.label for r in by_id["mitigations"].rows] == ["Test per language"]


def test_unpublished_and_embargoed_assessments_stay_out(world):
    a = complete(world)
    Assessment.objects.filter(pk=a.pk).update(published=[])
    assert (
        PUBLIC
        not in Client().get(reverse("governance:activity", args=["A000001"])).content.decode()
    )
    by_id = {f.id: f for f in figures.all_figures()}
    assert sum(r.count for r in by_id["coverage-by-principle"].rows) == 0
    Assessment.objects.filter(pk=a.pk).update(activity=world["hidden"], published=["scope.purpose"])
    assert Client().get(reverse("governance:activity", args=["A000002"])).status_code == 404
    assert PUBLIC not in exchange.export_jsonl()
    assert figures.all_figures()[0].rows[0].count == 0


def test_export_import_round_trips_are_identical(world):
    complete(world)
    demo.load_governance_demo()
    for private in (True, False):
        first = exchange.export_jsonl(private=private)
        Assessment.objects.all().delete()
        Instrument.objects.all().delete()
        NationalPolicy.objects.all().delete()
        exchange.import_jsonl(first)
        assert exchange.export_jsonl(private=private) == first
        if not private:
            break
        # importing the same file again changes nothing
        exchange.import_jsonl(first)
        assert exchange.export_jsonl(private=True) == first
    csv_text = exchange.export_policies_csv()
    NationalPolicy.objects.all().delete()
    exchange.import_policies_csv(csv_text)
    assert exchange.export_policies_csv() == csv_text


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("not json", "line 1: not JSON"),
        ('{"type": "thing"}', "line 1: an object with \"type\""),
        ('{"type": "policy", "ref": "x", "country": "ZZZ", "name": "n", "initiative_type": "strategy"}', "country: no country 'ZZZ'"),
        ('{"type": "policy", "ref": "x", "country": "FRA", "name": "n", "initiative_type": "law"}', "initiative_type: must be one of"),
        ('{"type": "instrument", "slug": "s", "title": "t", "kind": "tool", "issuing_body": "b", "principles": ["kindness"]}', "principles: unknown code(s) kindness"),
        ('{"type": "instrument", "slug": "s", "title": "t", "kind": "tool", "issuing_body": "b", "activities": ["A999"]}', "activities: no activity A999"),
        ('{"type": "assessment", "activity": "A000001", "questionnaire_version": "0.9", "stage": "design", "state": "draft", "created_at": "2025-01-01T00:00:00+00:00", "updated_at": "2025-01-01T00:00:00+00:00"}', "there is no questionnaire version '0.9'"),
        ('{"type": "assessment", "activity": "A000001", "questionnaire_version": "2026.1", "stage": "design", "state": "draft", "answers": {"harm.severity": 7}, "created_at": "2025-01-01T00:00:00+00:00", "updated_at": "2025-01-01T00:00:00+00:00"}', "harm.severity: must be a whole number"),
        ('{"type": "assessment", "activity": "A000001", "questionnaire_version": "2026.1", "stage": "design", "state": "draft", "answers": {}, "published": ["harm.severity"], "created_at": "2025-01-01T00:00:00", "updated_at": "2025-01-01T00:00:00+00:00"}', "created_at: must say its time zone"),
    ],
)  # fmt: skip
def test_bad_import_lines_are_named_and_nothing_is_written(world, line, named):
    good = '{"type": "policy", "ref": "ok", "country": "FRA", "name": "Fine", "initiative_type": "strategy"}'
    with pytest.raises(ExchangeError) as exc:
        exchange.import_jsonl(line + "\n" + good)  # the good line is rolled back too
    assert any(named in p for p in exc.value.problems), exc.value.problems
    assert NationalPolicy.objects.count() == 0 and Instrument.objects.count() == 0
    assert Assessment.objects.count() == 0


def test_bad_policy_csv_is_named(world):
    with pytest.raises(ExchangeError, match="missing column"):
        exchange.import_policies_csv("Country,Name\nFRA,x\n")
    header = ",".join(exchange.POLICY_COLUMNS)
    row = "p1,FRA,Name,strategy,,,,,2030,2020,,Maybe,,No"
    with pytest.raises(ExchangeError) as exc:
        exchange.import_policies_csv(f"{header}\n{row}\n")
    text = " | ".join(exc.value.problems)
    assert "row 2, end_year: is before start_year" in text
    assert "row 2, evaluated: must be true or false" in text


def test_demo_is_illustrative_and_pages_show_it(client, world):
    counts = demo.load_governance_demo()
    assert counts["instruments"] == 20 and counts["national policies"] == 5
    assert all(i.illustrative for i in Instrument.objects.all())
    assert Instrument.objects.filter(slug__startswith="hlab-").count() == 7
    for url in ["/en/governance/", "/en/governance/instruments/", "/en/governance/instruments/crosswalk/principles/",
                "/en/governance/instruments/crosswalk/focus-areas/", "/en/governance/instruments/hlab-1-scientific-panel/",
                "/en/governance/policies/", "/en/governance/countries/FRA/", "/en/governance/questionnaire/",
                "/en/governance/figures/", "/en/governance/activities/?assessed=yes", "/fr/governance/"]:  # fmt: skip
        assert client.get(url).status_code == 200, url
    page = client.get("/en/governance/instruments/hlab-1-scientific-panel/").content.decode()
    assert "Illustrative record" in page and "Implementation status history" in page
    assert client.get("/en/governance/countries/ZZZ/").status_code == 404
    assert client.get("/en/governance/instruments/crosswalk/nothing/").status_code == 404
    assert client.get("/en/governance/questionnaire/?version=0.1").status_code == 404


def test_api_lists_principles_instruments_and_policies(client, world):
    demo.load_governance_demo()
    ref = client.get("/api/v1/governance/principles").json()
    assert len(ref["principles"]) == 10 and len(ref["focus_areas"]) == 3
    q = client.get("/api/v1/governance/questionnaire").json()
    assert q["version"] == questionnaire.current().version and len(q["sections"]) == 10
    assert client.get("/api/v1/governance/questionnaire?version=0.1").status_code == 404
    rows = client.get("/api/v1/governance/instruments?principle=privacy").json()
    assert rows and all("privacy" in r["principles"] for r in rows)
    one = client.get("/api/v1/governance/instruments/un-principles-ethical-ai").json()
    assert [s["body"] for s in one["steps"]] == ["HLCP", "CEB"]
    assert client.get("/api/v1/governance/instruments/nope").status_code == 404
    assert client.get("/api/v1/governance/policies?country=FRA").json()[0]["country"] == "FRA"
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/governance/figures" in schema["paths"]


def test_submission_page_shows_the_calls_setting_and_links_the_assessment(world):
    from aiatlas.governance.models import CallSetting
    from aiatlas.submissions.models import Call, Submission

    call = Call.objects.create(
        edition=Edition.objects.get(year=2025), deadline=timezone.localdate()
    )
    CallSetting.objects.create(call=call, self_assessment="required")
    sub = Submission.objects.create(
        call=call, organization=world["activity"].lead_organization, activity=world["activity"],
        record={"title": "Symptom chatbot"}, created_by=world["focal"],
    )  # fmt: skip
    page = (
        client_of(world["focal"]).get(reverse("submissions:detail", args=[sub.pk])).content.decode()
    )
    assert "Required by this call" in page
    assert reverse("governance:activity", args=["A000001"]) in page
