"""Generated draft bodies through the submissions API: every answer is a 2xx or a 4xx
with a reason (never a 5xx), nothing malformed is stored, and every page that shows the
stored record (the draft page in English and French, the review page, the Word export)
renders."""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiatlas.accounts.models import Role, User
from aiatlas.accounts.services import create_api_token
from aiatlas.catalog.models import Edition, Organization
from aiatlas.catalog.services.storage import load_vocabulary
from aiatlas.submissions.models import Call, State, Submission
from aiatlas.submissions.records import EDITABLE_FIELDS, clean_draft

pytestmark = pytest.mark.django_db
API = "/api/v1/submissions"
EXAMPLES = int(os.environ.get("AIATLAS_FUZZ_EXAMPLES", "2000"))

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "x" * 501, "x" * 2_001, "a\x00b", "<script>alert(1)</script>"]),
)
goal_code = st.one_of(st.integers(-3, 20), st.sampled_from(["1", "17", "18", "0", "SDG 11", "3.8"]))
target_code = st.sampled_from(["3.8", "14.a", "11.5", "99.9", "3", "", "17.19"])
tag = st.fixed_dictionaries(
    {"code": goal_code},
    optional={
        "source": st.sampled_from(["submitter", "classifier", "curator", "oracle"]),
        "evidence": text,
    },
)
target_tag = st.fixed_dictionaries({"code": target_code}, optional={"source": st.just("curator")})
# values of the right shape for each field (some with unknown codes), else anything
shaped = {
    "kind": st.sampled_from(["project", "initiative", "podcast", "Focus Group"]),
    "title": text,
    "description": text,
    "output_type": text,
    "status": st.sampled_from(["ongoing", "planned", "paused"]),
    "start_year": st.one_of(st.integers(1900, 2200), st.just("2024")),
    "end_year": st.one_of(st.integers(1940, 2110), st.none()),
    "domains": st.lists(text, max_size=5),
    "co_leads": st.lists(st.sampled_from(["UNDP", "WHO", "", "x" * 400]), max_size=3),
    "partners": st.lists(
        st.fixed_dictionaries(
            {"organization": text},
            optional={"sector": st.sampled_from(["academia", "government", "mafia", None])},
        ),
        max_size=3,
    ),
    "countries": st.lists(st.sampled_from(["KEN", "UGA", "ken", "XXX", "Kenya", ""]), max_size=4),
    "regions": st.lists(st.sampled_from(["002", "2", "Africa", "999", "Atlantis"]), max_size=3),
    "technologies": st.lists(
        st.sampled_from(["nlp", "computer_vision", "Speech", "magic", ""]), max_size=3
    ),
    "sdg_goals": st.lists(tag, max_size=4),
    "sdg_targets": st.lists(target_tag, max_size=3),
    "links": st.lists(
        st.fixed_dictionaries(
            {"url": st.sampled_from(["https://example.org/a", "not a url", "ftp://x.org", ""])},
            optional={"label": text},
        ),
        max_size=3,
    ),
    "contact_name": text,
    "contact_email": st.sampled_from(["a@example.org", "not-an-address", ""]),
    "contact_public": st.one_of(st.booleans(), st.sampled_from(["yes", "maybe", 1])),
    "language": st.sampled_from(["en", "fr", "zh-hans", "other", "Klingon", ""]),
    **{
        f"{name}_{code}": text
        for name in ("title", "description")
        for code in ("en", "fr", "es", "ar", "ru", "zh")
    },
}
field_value = {name: st.one_of(shaped[name], json_value) for name in EDITABLE_FIELDS}
record = st.one_of(
    st.fixed_dictionaries({}, optional=field_value),
    st.fixed_dictionaries({}, optional=shaped),
    st.dictionaries(st.sampled_from([*EDITABLE_FIELDS, "id", "editions", "zzz"]), json_value),
    json_value,
)


@pytest.fixture
def world(db):
    who = Organization.objects.create(acronym="WHO", name="World Health Organization")
    edition = Edition.objects.create(year=2025, title="UN Activities on AI 2025", status="open")
    call = Call.objects.create(edition=edition, deadline=timezone.localdate() + timedelta(days=9))
    focal = User.objects.create_user(email="focal@who.example", password="x" * 20)
    focal.role = Role.FOCAL_POINT
    focal.save()
    focal.organizations.set([who])
    reviewer = User.objects.create_user(email="rev@example.org", password="x" * 20)
    reviewer.role = Role.REVIEWER
    reviewer.save()
    _token, secret = create_api_token(user=focal, name="fuzz")
    api = Client(headers={"authorization": f"Bearer {secret}"})
    pages, review = Client(), Client()
    pages.force_login(focal)
    review.force_login(reviewer)
    draft = Submission.objects.create(call=call, organization=who, created_by=focal)
    in_review = Submission.objects.create(
        call=call, organization=who, created_by=focal, state=State.IN_REVIEW
    )
    return {
        "api": api,
        "pages": pages,
        "review": review,
        "call": call,
        "who": who,
        "draft": draft,
        "in_review": in_review,
        "vocabulary": load_vocabulary(),
        "counts": {},
        "rendered": set(),
    }


def _send(client: Client, method: str, url: str, body: object):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def _assert_renders(world, record) -> None:
    """Every page that shows a stored record, for the focal point and the reviewer."""
    draft, in_review = world["draft"], world["in_review"]
    Submission.objects.filter(pk=in_review.pk).update(record=record)
    pages = [
        (world["pages"], f"/en/submissions/{draft.pk}/"),
        (world["pages"], f"/fr/submissions/{draft.pk}/"),
        (world["pages"], f"/en/submissions/{draft.pk}/activity.docx"),
        (world["review"], f"/en/submissions/{in_review.pk}/"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, record, response.content[:500])


_FUZZ = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
_BODIES = {
    "body": record,
    "create": st.booleans(),
    "extra": st.sampled_from([{}, {"organization": 1}]),
}


@pytest.mark.slow  # about 50 s of CPU; minutes on a busy machine
@settings(max_examples=EXAMPLES, **_FUZZ)
@given(**_BODIES)
def test_generated_draft_bodies_never_break_the_api_or_the_pages(world, body, create, extra):
    _check_body(world, body, create, extra)


@settings(max_examples=200, **_FUZZ)
@given(**_BODIES)
def test_generated_draft_bodies_quick_run(world, body, create, extra):
    """The same check with fewer examples, in every test run."""
    _check_body(world, body, create, extra)


def _check_body(world, body, create, extra) -> None:
    counts = world["counts"]
    draft = Submission.objects.get(pk=world["draft"].pk)
    if create:
        payload = {"call": world["call"].pk, "organization": world["who"].pk, "record": body}
        response = _send(world["api"], "post", API, payload)
    else:
        payload = {"version": draft.version, "record": body, **extra}
        response = _send(world["api"], "put", f"{API}/{draft.pk}", payload)
    counts[response.status_code] = counts.get(response.status_code, 0) + 1
    assert response.status_code in (200, 201, 422), response.content[:500]
    answer = response.json()
    if response.status_code == 422:
        assert answer["detail"] and answer["problems"]
        assert Submission.objects.get(pk=draft.pk).version == draft.version  # nothing stored
        return
    stored = Submission.objects.get(pk=answer["id"]).record
    assert stored == answer["record"]
    # what is stored is clean: the validator gives it back unchanged
    again, problems = clean_draft(stored, organization="", vocabulary=world["vocabulary"])
    assert problems == [] and again == stored
    if create:
        Submission.objects.filter(pk=answer["id"]).delete()
        Submission.objects.filter(pk=draft.pk).update(record=stored)
    key = json.dumps(stored, sort_keys=True)
    if key not in world["rendered"]:  # each distinct stored record, on every page once
        world["rendered"].add(key)
        _assert_renders(world, stored)


def test_the_fuzz_run_saw_both_answers(world):
    """A smaller run of the same generator that reports what it saw: both accepted and
    refused bodies (so the big run above is not only refusals)."""
    seen: dict[int, int] = {}

    @settings(max_examples=150, deadline=None, derandomize=True, database=None)
    @given(body=record)
    def run(body):
        draft = Submission.objects.get(pk=world["draft"].pk)
        response = _send(
            world["api"], "put", f"{API}/{draft.pk}", {"version": draft.version, "record": body}
        )
        seen[response.status_code] = seen.get(response.status_code, 0) + 1

    run()
    assert set(seen) == {200, 422}, seen
    assert seen[200] >= 15 and seen[422] >= 15, seen


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"domains": 5}, ["record.domains"]),
        ({"sdg_goals": 1}, ["record.sdg_goals"]),
        ({"sdg_goals": [{"code": 99}]}, ["sdg_goals"]),
        ({"sdg_goals": [{"code": {"x": 1}}]}, ["record.sdg_goals[0].code"]),
        ({"sdg_goals": [{"code": "18"}]}, ["sdg_goals"]),
        ({"sdg_targets": [{"code": "3.99"}]}, ["sdg_targets"]),
        ({"countries": ["XXX"]}, ["countries"]),
        ({"regions": ["Atlantis"]}, ["regions"]),
        ({"technologies": ["magic"]}, ["technologies"]),
        ({"partners": [{"organization": "Uni", "sector": "mafia"}]}, ["record.partners[0].sector"]),
        ({"title": "x" * 501}, ["record.title"]),
        ({"start_year": 1800}, ["record.start_year"]),
        ({"start_year": 2024, "end_year": 2020}, ["end_year"]),
        ({"lead_organization": "FAO"}, ["record.lead_organization"]),
        ({"title": "nul \x00 inside"}, ["title"]),
    ],
)
def test_malformed_draft_is_422_with_the_reason_per_field(world, body, fields):
    draft = world["draft"]
    response = _send(world["api"], "put", f"{API}/{draft.pk}", {"version": 1, "record": body})
    assert response.status_code == 422, response.content
    assert [p["field"] for p in response.json()["problems"]] == fields
    created = _send(
        world["api"],
        "post",
        API,
        {"call": world["call"].pk, "organization": world["who"].pk, "record": body},
    )
    assert created.status_code == 422
    assert Submission.objects.count() == 2
    assert Submission.objects.get(pk=draft.pk).version == 1


@pytest.mark.parametrize("title", ["", "   ", None])
def test_a_blank_title_stays_blank(world, title):
    draft = world["draft"]
    body = {"title": title, "countries": ["KEN"]}
    response = _send(world["api"], "put", f"{API}/{draft.pk}", {"version": 1, "record": body})
    assert response.status_code == 200, response.content
    assert response.json()["record"] == {"title": "", "countries": ["KEN"]}


def test_good_draft_is_stored_typed(world):
    draft = world["draft"]
    body = {
        "title": "  Flood maps  ",
        "start_year": "2024",
        "countries": ["ken", "UGA"],
        "sdg_goals": [{"code": 13}],
        "technologies": ["Speech"],
    }
    response = _send(world["api"], "put", f"{API}/{draft.pk}", {"version": 1, "record": body})
    assert response.status_code == 200, response.content
    assert response.json()["record"] == {
        "title": "  Flood maps  ",  # free text keeps its whitespace (lossless round trip)
        "start_year": 2024,
        "countries": ["KEN", "UGA"],
        "technologies": ["speech"],
        "sdg_goals": [{"code": "13", "source": "submitter", "evidence": ""}],
    }
