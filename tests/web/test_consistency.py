"""One truth per edition: every figure of the report's registry (generated from
``figure_ids``, never a hand list) equals the same figure on every surface that shows it —
the edition page, the home page (latest edition), the SDG and organization pages filtered
to the edition, search totals and facet counts filtered to it, the API and export row
counts — and they all stay equal after activities are edited, the classifier tags again,
new rows are imported and a new submission is approved."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client

from aiatlas.report.figures import Figure, Figures, figure_ids
from aiatlas.report.snapshots import load_edition
from aiatlas.search.params import SearchParams
from aiatlas.search.queries import search
from tests.web.conftest import PUBLISHED_YEARS, approve_new_submission, import_records

FIGURE = re.compile(r'data-figure="([^"]+)">(?:<a [^>]*>)?([^<]*)')
#: figures whose records a search filter does not list exactly (checked otherwise)
NOT_A_SEARCH = ("entities.new", "change.")


def page_figures(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return dict(FIGURE.findall(response.content.decode()))


def _filters(fig: Figure) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """(search query with the edition and the confirmed control, the other filters)."""
    base: dict[str, list[str]] = {}
    rest = []
    for name, value in fig.search:
        if name in ("edition", "confirmed"):
            base.setdefault(name, []).append(value)
        else:
            rest.append((name, value))
    return base, rest


def matching(fig: Figure) -> int:
    return int(fig.details.get("matching", len(fig.public_ids)))


def check_edition(client: Client, year: int, expected: dict[str, Figure], latest: bool) -> None:
    ids = list(expected)
    # the report's figures, computed again from the snapshot
    again = Figures(load_edition(year))
    for fid in ids:
        assert again[fid].value == expected[fid].value, fid
        assert again[fid].public_ids == expected[fid].public_ids, fid
    # the edition page, and the home page for the latest edition
    pages = [f"/en/editions/{year}/"] + (["/en/"] if latest else [])
    for url in pages:
        shown = page_figures(client, url)
        assert {"activities.total", "entities.total", "sdg.covered"} <= set(shown), url
        assert {f"sdg.{g}.activities" for g in range(1, 18)} <= set(shown), url
        for fid, text in shown.items():
            if fid in expected:  # the home trend also shows other editions' totals
                assert text == expected[fid].display, (url, fid)
    # the API
    api = {f["id"]: f for f in client.get(f"/api/v1/editions/{year}/figures").json()}
    assert list(api) == ids
    for fid in ids:
        assert api[fid]["display"] == expected[fid].display, fid
        assert api[fid]["records"] == len(expected[fid].public_ids), fid
    editions = {e["year"]: e for e in client.get("/api/v1/editions").json()}
    assert editions[year]["activities"] == expected["activities.total"].value
    # every figure on every page, search, facet and export that shows it
    facets_of: dict[str, Any] = {}  # facet counts per base query (edition, confirmed)

    def facet_counts(base: dict[str, list[str]]) -> tuple[Any, Any]:
        key = urlencode(base, doseq=True)
        if key not in facets_of:
            facets_of[key] = (
                search(SearchParams.from_query(base)).facets,
                client.get(f"/api/v1/facets?{key}").json(),
            )
        return facets_of[key]

    for fid in ids:
        fig = expected[fid]
        base, rest = _filters(fig)
        if re.fullmatch(r"sdg\.\d+\.activities", fid):
            goal = fid.split(".")[1]
            shown = page_figures(client, f"/en/sdgs/{goal}/?edition={year}")
            assert shown[fid] == fig.display, fid
        if re.fullmatch(r"entities\..+\.activities", fid):
            ref = str(fig.details["name"])
            shown = page_figures(client, f"/en/organizations/{ref}/?edition={year}")
            assert shown[fid] == fig.display, fid
        if fid.startswith(NOT_A_SEARCH):
            continue
        if fid == "sdg.covered":
            counts = facet_counts(base)[0]["goal"]
            assert sum(1 for f in counts if f.count) == fig.value
            continue
        if not rest and fid != "activities.total":
            continue  # the figure's records are not one search's (sdg.tagged, totals)
        query = {**base}
        for name, value in rest:
            query.setdefault(name, []).append(value)
        result = search(SearchParams.from_query(query), with_facets=False)
        assert result.total == matching(fig), fid
        if rest:  # the facet count of the same value, without selecting it
            name, value = rest[0]
            facets, api_facets = facet_counts(base)
            counts = {f.value: f.count for f in facets[name]}
            assert counts.get(value, 0) == matching(fig), fid
            from_api = {f["value"]: f["count"] for f in api_facets[name]}
            assert from_api.get(value, 0) == matching(fig), fid
        if not matching(fig):
            continue  # the search found nothing (checked above); nothing to export
        exported = client.get(f"/api/v1/activities.json?{urlencode(query, doseq=True)}")
        rows = json.loads(b"".join(exported.streaming_content))
        assert sorted(r["id"] for r in rows) == sorted(fig.public_ids), fid
        listed = client.get(f"/api/v1/activities?{urlencode(query, doseq=True)}").json()
        assert listed["count"] == matching(fig), fid


def check_all(client: Client, expected: dict[int, dict[str, Figure]]) -> None:
    for year in PUBLISHED_YEARS:
        check_edition(client, year, expected[year], latest=year == max(PUBLISHED_YEARS))


@pytest.fixture
def expected(published: None) -> dict[int, dict[str, Figure]]:
    out = {}
    for year in PUBLISHED_YEARS:
        figs = Figures(load_edition(year))
        out[year] = {fid: figs[fid] for fid in figure_ids(figs.data)}
    return out


def test_every_figure_is_the_same_on_every_surface(
    client: Client, expected: dict[int, dict[str, Figure]], tmp_path: Path
) -> None:
    from aiatlas.catalog.queries import activity_record
    from aiatlas.catalog.services.activities import save_activity

    assert expected[2024]["sdg.9.activities"].value != expected[2024]["sdg.9.activities.any"].value
    check_all(client, expected)

    # editing activities of published editions changes their live records only
    record = activity_record("A000003")
    assert record is not None
    record.update(
        title="Flood mapping, edited after publishing",
        partners=[],
        countries=["FRA"],
        sdg_goals=[{"code": "9", "source": "curator", "evidence": ""}],
    )
    save_activity(record=record)
    check_all(client, expected)

    # the classifier tags every activity again (suggestions stored after publishing)
    call_command("sdg", "tag", stdout=open("/dev/null", "w"))  # noqa: SIM115
    check_all(client, expected)

    # new rows and changed rows come in through an import
    changed = activity_record("A000004")
    assert changed is not None
    import_records(
        tmp_path,
        [
            {**changed, "sdg_goals": [{"code": "17", "source": "submitter", "evidence": ""}]},
            {**changed, "id": "A000050", "title": "A 2025 activity", "editions": [2025]},
        ],
    )
    check_all(client, expected)

    # a focal point's new activity is approved into the open 2025 edition
    approve_new_submission(2025)
    check_all(client, expected)
