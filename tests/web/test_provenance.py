"""Provenance of SDG tags: official figures count tags confirmed by a person; a figure that
includes machine suggestions says so; machine-only tags look different on public pages and
one search control leaves them out; goal + source filter the tag itself. And the activity
page's "as published" view."""

from __future__ import annotations

import pytest
from django.test import Client

from aiatlas.report.figures import Figures
from aiatlas.report.snapshots import load_edition
from aiatlas.search.params import InvalidSearch, SearchParams
from aiatlas.search.queries import search


def _ids(**query: list[str]) -> list[str]:
    return sorted(h.public_id for h in search(SearchParams.from_query(query)).hits)


def _counts(facet: str, **query: list[str]) -> dict[str, int]:
    return {f.value: f.count for f in search(SearchParams.from_query(query)).facets[facet]}


def test_official_sdg_figures_count_confirmed_tags_only(published: None) -> None:
    figs = Figures(load_edition(2024))
    # A000003 (submitter) and A000006 (curator) on SDG 9; A000001 and A000004 only by the
    # classifier
    assert figs["sdg.9.activities"].public_ids == ("A000003", "A000006")
    assert figs["sdg.9.activities.any"].public_ids == (
        "A000001",
        "A000003",
        "A000004",
        "A000006",
    )
    assert "machine suggestions" in figs["sdg.9.activities.any"].label
    assert "machine" not in figs["sdg.9.activities"].label
    assert ("confirmed", "1") in figs["sdg.9.activities"].search


def test_goal_and_source_filter_the_same_tag(published: None) -> None:
    # A000001 has a submitter tag (SDG 2) and a classifier tag (SDG 9): goal 9 + submitter
    # does not find it, because its goal-9 tag came from the classifier
    assert _ids(edition=["2024"], goal=["9"], source=["submitter"]) == ["A000003"]
    assert _ids(edition=["2024"], goal=["9"], source=["classifier"]) == [
        "A000001",
        "A000004",
        "A000006",
    ]
    assert _ids(edition=["2024"], goal=["9"], source=["curator"]) == ["A000006"]
    # the source facet under goal 9 counts the goal-9 tags by source
    assert _counts("source", edition=["2024"], goal=["9"]) == {
        "classifier": 3,
        "submitter": 1,
        "curator": 1,
    }
    # the goal facet under source classifier counts the classifier's tags by goal
    assert _counts("goal", edition=["2024"], source=["classifier"]) == {"9": 3}


def test_confirmed_control_leaves_machine_tags_out(published: None) -> None:
    assert _ids(edition=["2024"], goal=["9"]) == ["A000001", "A000003", "A000004", "A000006"]
    assert _ids(edition=["2024"], goal=["9"], confirmed=["1"]) == ["A000003", "A000006"]
    assert _counts("goal", edition=["2024"], confirmed=["1"])["9"] == 2
    assert "classifier" not in _counts("source", edition=["2024"], confirmed=["1"])
    # without a goal, the control changes what counts, not which activities match
    assert len(_ids(edition=["2024"], confirmed=["1"])) == 5


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_confirmed_control_refuses_other_values(value: str, client: Client) -> None:
    with pytest.raises(InvalidSearch, match="confirmed"):
        SearchParams.from_query({"confirmed": [value]})
    # the API's typed query parameters answer 422 naming the parameter
    response = client.get(f"/api/v1/activities?confirmed={value}")
    assert response.status_code == 422 and "confirmed" in response.content.decode()


def test_machine_only_tags_look_suggested_on_pages(client: Client, published: None) -> None:
    page = client.get("/en/activities/A000004/").content.decode()
    assert page.count("sdg-badge-suggested") == 1  # SDG 9, the classifier's only
    assert "suggested" in page and "not confirmed by a person" in page
    # a goal the curator confirmed is solid even when the classifier also suggested it
    assert "sdg-badge-suggested" not in client.get("/en/activities/A000006/").content.decode()
    cards = client.get("/en/activities/?edition=2024&goal=9").content.decode()
    assert "sdg-badge-suggested" in cards
    assert 'name="confirmed"' in cards


def test_as_published_view_keeps_the_published_record(client: Client, published: None) -> None:
    from aiatlas.catalog.queries import activity_record
    from aiatlas.catalog.services.activities import save_activity

    record = activity_record("A000003")
    assert record is not None
    save_activity(record={**record, "title": "Renamed after publishing"})
    live = client.get("/en/activities/A000003/").content.decode()
    assert "Renamed after publishing" in live
    assert "/en/activities/A000003/as-published/2024/" in live
    frozen = client.get("/en/activities/A000003/as-published/2024/").content.decode()
    assert "Flood mapping from satellites" in frozen and "Renamed" not in frozen
    assert "As published in 2024" in frozen
    # search filtered to 2024 lists the published title and links to the published view
    cards = client.get("/en/activities/?edition=2024&goal=13").content.decode()
    assert "Flood mapping from satellites" in cards
    assert "/en/activities/A000003/as-published/2024/" in cards
    # and the citation cites the published record
    bib = client.get("/api/v1/activities/A000003/citation").content.decode()
    assert "Flood mapping from satellites" in bib and "as-published/2024/" in bib


def test_open_edition_page_says_it_reads_live_data(client: Client, published: None) -> None:
    assert "Live data" in client.get("/en/editions/2025/").content.decode()
    page = client.get("/en/editions/2024/").content.decode()
    assert "As published in edition 2024" in page and "Live data" not in page
