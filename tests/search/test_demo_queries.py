"""The issue's "done when" on the demo catalog: each query finds relevant activities (by
keywords alone: no vectors are computed here), and the API lists what the page lists."""

from __future__ import annotations

import pytest

from aiatlas.search.params import SearchParams
from aiatlas.search.queries import search

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo(db):
    from aiatlas.catalog.services.demo import load_demo

    load_demo(refresh=True)


def first(q: str, n: int = 5) -> list[str]:
    result = search(SearchParams.from_query({"q": [q]}), with_facets=False)
    return [h.public_id for h in result.hits[:n]]


@pytest.mark.parametrize(
    ("q", "wanted"),
    [
        ("flood forecasting", {"A000075", "A000130"}),  # flash-flood nowcasts, river flow
        ("satellites", {"A000013", "A000039", "A000077", "A000108"}),
        ("translate", {"A000071", "A000210"}),
        ("LLM chatbot", {"A000028", "A000178"}),
        ("santé maternelle", {"A000018", "A000093"}),  # French words, English records
        ("flod forcasting", {"A000075", "A000130"}),  # two typos
    ],
)
def test_demo_queries_find_relevant_activities(demo, q, wanted):
    found = first(q)
    assert wanted & set(found), (q, found)


def test_two_typos_are_corrected_and_said(demo):
    result = search(SearchParams.from_query({"q": ["satelite imagry"]}), with_facets=False)
    assert result.corrected_from == "satelite imagry"
    assert result.corrected_to and result.corrected_to != result.corrected_from
    assert {"A000013", "A000032", "A000045"} & {h.public_id for h in result.hits[:5]}
    exact = search(SearchParams.from_query({"q": ["satelite imagry"], "exact": ["1"]}))
    assert exact.corrected_from is None  # the words as typed: no correction applied
    assert exact.relaxed and exact.suggestion == "satelite imagery"  # but offered


def test_entity_acronym_and_name_find_the_entity(demo):
    by_acronym = set(first("WMO", 50))
    by_name = set(first("World Meteorological Organization", 50))
    wmo = {"A000074", "A000075", "A000076", "A000077", "A000078"}  # WMO leads these
    assert by_acronym == by_name and wmo <= by_acronym  # and co-leads or partners others


def test_snippets_render_markdown_and_mark_word_forms(demo):
    hit = search(SearchParams.from_query({"q": ["predict"]}), with_facets=False).hits
    html = next(h.snippet for h in hit if h.public_id == "A000001")
    assert "<strong>" in html and "**" not in html  # the description's Markdown, rendered
    assert "<mark>predict</mark>" in html


def test_api_lists_what_the_page_lists(demo, client):
    for q in ("flood forecasting", "satelite imagry", "santé maternelle"):
        page = client.get("/en/activities/", {"q": q, "per_page": 10})
        api = client.get("/api/v1/activities", {"q": q, "limit": 10}).json()
        ids = [item["id"] for item in api["items"]]
        assert ids, q
        html = page.content.decode()
        positions = [html.index(f"/activities/{i}/") for i in ids]
        assert positions == sorted(positions), q  # same activities, same order
        assert api["corrected_from"] == (q if q == "satelite imagry" else None)
