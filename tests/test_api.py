"""The JSON API under /api/v1: filters like the web search, cursors, ETags, exports,
citations, privacy of contacts, and clear 4xx answers for bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from aiatlas.catalog.services.importing import import_activities
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def released_editions(db):
    """The editions are open but released, so the imported activities are public."""
    from tests.conftest import release_editions

    release_editions(2023, 2024)


@pytest.fixture
def api(tmp_path):
    records = [
        make_record(
            id=f"P-{i:02d}",
            title=f"Flood project {i}",
            countries=["KEN"],
            contact_email=f"person{i}@example.org",
            contact_public=(i == 0),
            sdg_goals=[{"code": "13"}],
            editions=[2024],
        )
        for i in range(5)
    ] + [
        make_record(
            id="H-1",
            title="<script>alert(1)</script> health",
            countries=["BRA"],
            sdg_goals=[{"code": "3"}],
            editions=[2023],
        )
    ]
    import_activities(path=write_jsonl(tmp_path / "a.jsonl", records))
    return Client()


def test_openapi_is_3_1(api):
    spec = api.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/activities" in spec["paths"]


def test_list_filters_and_cursor_walks_all_pages(api):
    seen, cursor = [], None
    while True:
        url = "/api/v1/activities?q=flood&country=KEN&limit=2&sort=title"
        response = api.get(url + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 5
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [f"P-{i:02d}" for i in range(5)]


@pytest.mark.parametrize(
    "query",
    [
        "cursor=xyz",
        "cursor=" + "a" * 300,
        "limit=1000000000",
        "limit=0",
        "sort=sideways",
        "q=" + "x" * 10_000,
        "page=-1&limit=-5",
    ],
)
def test_bad_parameters_are_400_with_a_message(api, query):
    response = api.get(f"/api/v1/activities?{query}")
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_cursor_of_another_search_is_refused(api):
    cursor = api.get("/api/v1/activities?q=flood&limit=1").json()["next_cursor"]
    response = api.get(f"/api/v1/activities?q=health&limit=1&cursor={cursor}")
    assert response.status_code == 400 and "another search" in response.json()["detail"]


def test_detail_hides_private_contacts(api):
    public = api.get("/api/v1/activities/P-00").json()
    private = api.get("/api/v1/activities/P-01").json()
    assert public["contact_email"] == "person0@example.org"
    assert private["contact_email"] == "" and private["contact_name"] == ""
    assert api.get("/api/v1/activities/NOPE").status_code == 404


def test_etag_and_if_none_match(api):
    first = api.get("/api/v1/sdgs")
    assert first.status_code == 200 and first["ETag"]
    again = api.get("/api/v1/sdgs", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_sdgs_in_languages_and_unknown_language(api):
    fr = api.get("/api/v1/sdgs/3?lang=fr").json()
    assert fr["colour"] == "#4C9F38" and "3.8" in [t["code"] for t in fr["targets"]]
    assert fr["title"] != api.get("/api/v1/sdgs/3").json()["title"]
    assert api.get("/api/v1/sdgs/3?lang=xx").status_code == 400
    assert api.get("/api/v1/sdgs/18").status_code == 404


def test_facets_organizations_editions(api):
    facets = api.get("/api/v1/facets?country=KEN").json()
    assert {f["value"]: f["count"] for f in facets["country"]} == {"KEN": 5, "BRA": 1}
    assert api.get("/api/v1/organizations/FAO").json()["activities"] == 6
    assert [e["year"] for e in api.get("/api/v1/editions").json()] == [2023, 2024]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_exports_of_a_search_without_private_contacts(api, fmt):
    response = api.get(f"/api/v1/activities.{fmt}?goal=13&sort=title")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "json":
        rows = json.loads(content)
        assert [r["id"] for r in rows] == [f"P-{i:02d}" for i in range(5)]
        assert rows[1]["contact_email"] == ""
    elif fmt == "csv":
        text = content.decode("utf-8-sig")
        assert "P-04" in text and "H-1" not in text and "person1@" not in text
    else:
        assert content.startswith(b"PK")


def test_citations(api):
    bib = api.get("/api/v1/activities/H-1/citation?format=bibtex").content.decode()
    assert bib.startswith("@misc{H1,") and "FAO" in bib
    csl = api.get("/api/v1/activities/H-1/citation?format=csl-json").json()
    assert csl[0]["title"].startswith("<script>")  # data, served as JSON, never as HTML
    assert api.get("/api/v1/activities/H-1/citation?format=ris").status_code == 400


def test_html_in_titles_is_json_escaped_data(api):
    response = api.get("/api/v1/activities?q=health")
    assert response["Content-Type"].startswith("application/json")
    item = response.json()["items"][0]
    assert item["title"] == "<script>alert(1)</script> health"  # data, never markup
    # the word is in the title only, so the snippet is the description, sanitised
    assert "<script" not in item["snippet"] and item["snippet"].startswith("<p>Farmers")


def test_list_has_etag_and_answers_304(api):
    first = api.get("/api/v1/activities?q=flood&country=KEN")
    assert first.status_code == 200 and first["ETag"]
    again = api.get("/api/v1/activities?q=flood&country=KEN", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    other = api.get("/api/v1/activities?q=health", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_tampered_cursor_is_400(api):
    cursor = api.get("/api/v1/activities?q=flood&limit=1").json()["next_cursor"]
    head, _, signature = cursor.rpartition(":")
    forged = head.replace(head[1], "x" if head[1] != "x" else "y", 1) + ":" + signature
    for bad in (forged, cursor[:-2], cursor + "A", "", "::", "%00"):
        response = api.get("/api/v1/activities", {"q": "flood", "limit": "1", "cursor": bad})
        if bad == "":
            assert response.status_code == 200  # no cursor: the first page
            continue
        assert response.status_code == 400, bad
        assert "cursor" in response.json()["detail"]


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR(", "AND", "'; DROP TABLE catalog_activity; --", '"unbalanced', "x" * 499]
)
def test_query_syntax_is_safe_in_the_api(api, q):
    response = api.get("/api/v1/activities", {"q": q})
    assert response.status_code == 200
    assert api.get("/api/v1/activities").json()["count"] == 6


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        ("goal=abc", "goal[0]", "valid integer"),
        ("goal=99", "goal[0]", "less than or equal to 17"),
        ("goal=3&goal=0", "goal[1]", "greater than or equal to 1"),
        ("edition=not-a-year", "edition[0]", "valid integer"),
        ("edition=1800", "edition[0]", "greater than or equal to 1950"),
        ("country=Kenya", "country[0]", "pattern"),
        ("region=Africa", "region[0]", "pattern"),
        ("target=3", "target[0]", "pattern"),
        ("status=paused", "status[0]", "'planned'"),
        ("kind=podcast", "kind[0]", "'project'"),
        ("technology=magic", "technology[0]", "'nlp'"),
        ("sector=mafia", "sector[0]", "'academia'"),
        ("source=oracle", "source[0]", "'curator'"),
        ("sort=sideways", "sort", "'relevance'"),
        ("limit=abc", "limit", "valid integer"),
        ("limit=0", "limit", "greater than or equal to 1"),
    ],
)
def test_bad_query_parameters_are_422_naming_the_parameter(api, query, field, reason):
    for path in ("/api/v1/activities", "/api/v1/facets", "/api/v1/activities.csv"):
        if path != "/api/v1/activities" and query.startswith("limit"):
            continue
        response = api.get(f"{path}?{query}")
        assert response.status_code == 422, (path, query)
        problems = response.json()["problems"]
        assert [p["field"] for p in problems] == [field]
        assert reason in problems[0]["message"] and reason in response.json()["detail"]


def test_good_query_parameters_of_every_facet_are_accepted(api):
    query = (
        "goal=13&target=13.1&target=14.a&edition=2024&status=ongoing&kind=project"
        "&technology=nlp&sector=academia&country=ken&region=002&source=submitter&sort=title"
    )
    assert api.get(f"/api/v1/activities?{query}").status_code == 200
    assert api.get("/api/v1/activities?goal=13&country=KEN").json()["count"] == 5


def test_unknown_facet_values_and_languages(api):
    assert api.get("/api/v1/activities?organization=Nobody").json()["count"] == 0
    assert api.get("/api/v1/activities?country=ZZZ").json()["count"] == 0
    response = api.get("/api/v1/facets?lang=xx")
    assert response.status_code == 400 and "unknown language" in response.json()["detail"]
    fr = api.get("/api/v1/facets?lang=fr").json()
    assert any(v["label"].startswith("ODD 13") for v in fr["goal"])  # as the UN writes it


def test_page_and_limit_out_of_range(api):
    assert api.get("/api/v1/activities?limit=1000000000").status_code == 422
    assert api.get("/api/v1/activities?limit=abc").status_code == 422
    response = api.get("/api/v1/activities?limit=-1")
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"field": "limit", "message": "Input should be greater than or equal to 1"}
    ]


def test_other_operations_check_their_parameters(api):
    response = api.get("/api/v1/organizations?kind=club")
    assert response.status_code == 422 and response.json()["problems"][0]["field"] == "kind"
    assert api.get("/api/v1/organizations?kind=un_entity").status_code == 200
    assert api.get("/api/v1/sdgs/abc").status_code == 422
    assert api.get("/api/v1/sdgs/99").status_code == 404
    assert api.get("/api/v1/submissions/abc").status_code in (401, 422)


def test_json_export_streams_every_match_in_order(api):
    response = api.get("/api/v1/activities.json?q=flood&sort=title")
    rows = json.loads(b"".join(response.streaming_content))
    assert [r["id"] for r in rows] == [f"P-{i:02d}" for i in range(5)]
    assert rows[0]["contact_email"] == "person0@example.org"  # public contact stays
    assert all(r["contact_name"] == "" for r in rows[1:])


@pytest.fixture
def token_client(db):
    from aiatlas.accounts.models import User
    from aiatlas.accounts.services import create_api_token

    user = User.objects.create_user(email="api@example.org", password="x" * 20)
    _token, secret = create_api_token(user=user, name="limits")
    return Client(headers={"authorization": f"Bearer {secret}"})


def test_an_over_large_body_is_413_in_json(token_client):
    body = json.dumps({"version": 1, "record": {"description": "x" * 6_000_000}})
    response = token_client.put("/api/v1/submissions/1", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "the request body is larger than 5.0 MB"}


@pytest.mark.parametrize("body", [b"[" * 100_000, b"\xff\xfe", b"{", b"null"])
def test_unreadable_bodies_are_4xx_in_json(token_client, body):
    response = token_client.post("/api/v1/submissions", data=body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_organizations_answer_as_the_organizations_page(api):
    """The API lists what the page lists: organizations that lead a public activity,
    with the same counts (an organization that leads nothing is on neither)."""
    from aiatlas.catalog.models import Organization
    from aiatlas.catalog.queries import organizations_with_counts

    Organization.objects.create(acronym="NOLEAD", name="Leads nothing", kind="academia")
    listed = {o["reference"]: o["activities"] for o in api.get("/api/v1/organizations").json()}
    assert listed == {o.reference: n for o, n in organizations_with_counts()}
    assert listed == {"FAO": 6}
    assert api.get("/api/v1/organizations?kind=academia").json() == []
    page = api.get("/en/organizations/").content.decode()
    assert "FAO" in page and "Leads nothing" not in page
    assert api.get("/api/v1/organizations/NOLEAD").json()["activities"] == 0


def test_an_organization_reference_is_an_acronym_before_a_name(api):
    """One organization's acronym may be another's full name: the acronym wins, on the
    page and in the API alike; a full name finds its organization otherwise."""
    from aiatlas.catalog.models import Organization

    Organization.objects.create(acronym="UNDP", name="United Nations Development Programme")
    Organization.objects.create(acronym="", name="UNDP", kind="other")
    by_acronym = api.get("/api/v1/organizations/undp").json()
    assert by_acronym["acronym"] == "UNDP" and by_acronym["name"] != "UNDP"
    fao = Organization.objects.get(acronym="FAO")
    assert api.get(f"/api/v1/organizations/{fao.name}").json()["reference"] == "FAO"
    assert api.get("/api/v1/organizations/nobody").status_code == 404
