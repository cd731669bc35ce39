"""Focus groups, initiatives and challenges: pages, API, figures, search, the lossless
all-or-nothing exchange and what stays private."""

from __future__ import annotations

import json

import pytest

from aiatlas.initiatives import figures, queries
from aiatlas.initiatives.models import Challenge, Deliverable, Group, MeetingDocument
from aiatlas.initiatives.services import demo, exchange

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    return demo.load_initiatives_demo()


def test_demo_loads_the_real_groups_with_their_partners_and_succession(loaded):
    assert loaded == {"groups": 7, "challenges": 1}
    fg = Group.objects.get(acronym="FG-AI4H")
    assert {o.acronym for o in fg.partners.all()} == {"ITU", "WHO"}
    assert Group.objects.get(acronym="GI-AI4H").predecessor == fg
    assert all(g.illustrative for g in Group.objects.all())


def test_group_page_shows_timeline_structure_and_hides_restricted_links(client, loaded):
    page = client.get("/en/initiatives/FG-AI4H/").content.decode()
    assert "ITU-T Focus Group on Artificial Intelligence for Health" in page
    assert "Illustrative record" in page
    assert page.index("2018-07-20") < page.index("2023-09-30")  # the life in date order
    assert "D.WG1-01" in page and "Data and benchmarking" in page
    assert "GI-AI4H" in page  # continued by
    restricted = MeetingDocument.objects.filter(public=False).first()
    assert restricted.title in page and restricted.url not in page
    assert "restricted" in page
    # acronyms are case-insensitive in URLs; unknown ones are a 404 page
    assert client.get("/en/initiatives/fg-ai4h/").status_code == 200
    assert client.get("/en/initiatives/NOPE/").status_code == 404


def test_private_contact_never_appears_on_pages_api_or_export(client, loaded):
    Group.objects.filter(acronym="FG-AI4H").update(contact_email="secret-chair@example.org")
    for url in ["/en/initiatives/FG-AI4H/", "/api/v1/initiatives/groups/FG-AI4H",
                "/api/v1/initiatives.jsonl"]:  # fmt: skip
        assert b"secret-chair@example.org" not in client.get(url).content, url
    Group.objects.filter(acronym="FG-AI4H").update(contact_public=True)
    assert b"secret-chair@example.org" in client.get("/en/initiatives/FG-AI4H/").content


def test_leaderboard_ranks_ties_together_and_unscored_last(loaded):
    regional = Challenge.objects.get().rounds.get(level="regional")
    board = queries.leaderboard(regional)
    assert [(s.rank, s.team) for s in board] == [
        (1, "Team Alpha"), (2, "Team Beta"), (2, "Team Gamma"), (None, "Team Delta"),
    ]  # fmt: skip


def test_challenge_page_and_api_show_the_same_leaderboard(client, loaded):
    page = client.get("/en/initiatives/challenges/ai-ml-5g-demo/").content.decode()
    assert "Network traffic prediction" in page and "ITU-T Y.3172" in page
    data = client.get("/api/v1/initiatives/challenges/ai-ml-5g-demo").json()
    first = data["rounds"][0]["leaderboard"][0]
    assert first == {"rank": 1, "team": "Team Alpha", "category": "Students",
                     "countries": ["KEN", "UGA"], "problem": "PS-01", "score": 0.912,
                     "repository": "https://example.org/alpha"}  # fmt: skip
    assert client.get("/api/v1/initiatives/challenges/nope").status_code == 404


def test_deliverables_are_searchable_and_faceted(client, loaded):
    page = client.get("/en/initiatives/deliverables/?q=benchmarking").content.decode()
    assert "D.WG1-01" in page and "D.A-01" not in page
    page = client.get("/en/initiatives/deliverables/?kind=guideline").content.decode()
    assert "Regulatory checklist" in page and "Glossary" not in page
    facets = queries.deliverable_facets(queries.deliverables())
    assert dict(facets["status"]) == {"approved": 4, "transferred": 1}
    # a bad filter value is ignored, not an error
    assert client.get("/en/initiatives/deliverables/?kind=<x>&year=abcd").status_code == 200


def test_search_finds_groups_deliverables_and_challenges(client, loaded):
    kinds = {h.type for h in queries.search("illustrative")}
    assert kinds == {"deliverable", "challenge"}
    assert [h.subtitle for h in queries.search("road safety")] == ["AI4RS"]
    page = client.get("/en/initiatives/?q=agriculture").content.decode()
    assert "FG-AI4A" in page and "2 matches" in page


def test_figures_are_traceable_and_the_api_gives_the_same(client, loaded):
    status = figures.groups_by_status()
    assert {r.key: r.count for r in status.rows} == {"active": 2, "closed": 5}
    closed = next(r for r in status.rows if r.key == "closed")
    assert "FG-AI4H" in closed.records and len(closed.records) == closed.count
    per_year = figures.deliverables_per_year()
    assert per_year.total == Deliverable.objects.exclude(approved_on=None).count()
    api = {f["id"]: f for f in client.get("/api/v1/initiatives/figures").json()}
    assert api["groups-by-status"]["total"] == 7
    teams = api["challenge-teams-by-region"]
    assert sum(r["count"] for r in teams["rows"]) >= 4
    page = client.get("/en/initiatives/figures/").content.decode()
    assert "Groups by status" in page and "Show the data as a table" in page


def test_jsonl_round_trip_is_identical(loaded):
    first = exchange.export_jsonl()
    Group.objects.all().delete()
    Challenge.objects.all().delete()
    result = exchange.import_jsonl(first)
    assert (result.groups, result.challenges) == (7, 1)
    assert exchange.export_jsonl() == first


def test_deliverables_csv_round_trip(loaded):
    text = exchange.export_deliverables_csv()
    Deliverable.objects.all().delete()
    assert exchange.import_deliverables_csv(text) == 5
    assert exchange.export_deliverables_csv() == text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "line 1: not JSON"),
        ('{"type": "thing"}', 'line 2: an object with "type"'),
        ('{"type": "group", "acronym": "X", "name": "X", "kind": "club"}', "kind: must be one of"),
        (
            '{"type": "group", "acronym": "X", "name": "X", "kind": "focus_group", '
            '"milestones": [{"kind": "established", "date": "2020-13-01"}]}',
            "date: must be a date",
        ),
        (
            '{"type": "group", "acronym": "X", "name": "X", "kind": "focus_group", '
            '"partners": ["NOBODY"]}',
            "no organization 'NOBODY'",
        ),
        (
            '{"type": "challenge", "slug": "c", "title": "C", "year": 2024, '
            '"rounds": [{"name": "R", "level": "final", "starts_on": "2024-01-01", '
            '"ends_on": "2024-02-01", "entries": [{"team": "Ghosts", "score": "1"}]}]}',
            "entry of unknown team 'Ghosts'",
        ),
        (
            '{"type": "challenge", "slug": "c", "title": "C", "year": -3}',
            "year: must be a whole number",
        ),
    ],
)
def test_bad_lines_are_refused_by_name_and_nothing_is_written(loaded, line, message):
    before = exchange.export_jsonl()
    good = json.dumps(demo.records()[6])  # AI4RS, valid
    with pytest.raises(exchange.ExchangeError) as caught:
        exchange.import_jsonl(good + "\n" + line + "\n" if line.startswith("{") else line)
    assert any(message in p for p in caught.value.problems), caught.value.problems
    assert exchange.export_jsonl() == before


def test_command_export_import_and_errors(cli, loaded, tmp_path):
    out = tmp_path / "all.jsonl"
    code, text, err = cli("initiatives", "export", str(out))
    assert code == 0, err
    code, text, err = cli("initiatives", "import", str(out))
    assert code == 0 and "7 groups, 1 challenges" in text
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "group"}\n')
    code, _, err = cli("initiatives", "import", str(bad))
    assert code != 0 and "nothing was imported" in err and "acronym: is required" in err
    code, _, err = cli("initiatives", "import", str(tmp_path / "missing.jsonl"))
    assert code != 0 and "no such file" in err
    xlsx = tmp_path / "d.xlsx"
    assert cli("initiatives", "export", str(xlsx))[0] == 0 and xlsx.stat().st_size > 0


def test_activity_links_show_on_the_group_page(client, loaded, cli, tmp_path):
    from tests.conftest import make_record, release_editions, write_jsonl

    release_editions(2024)
    cli(
        "import",
        str(write_jsonl(tmp_path / "a.jsonl", [make_record(title="Health AI benchmarks")])),
    )
    from aiatlas.catalog.models import Activity

    activity = Activity.objects.get(title="Health AI benchmarks")
    Group.objects.get(acronym="FG-AI4H").activities.add(activity)
    page = client.get("/en/initiatives/FG-AI4H/").content.decode()
    assert "Health AI benchmarks" in page


def test_the_activity_search_shows_matching_groups_deliverables_and_challenges(client, loaded):
    page = client.get("/en/activities/?q=agriculture").content.decode()
    assert 'id="search-beside"' in page and "FG-AI4A" in page
    assert "/en/initiatives/?q=agriculture" in page
    assert 'id="search-beside"' not in client.get("/en/activities/?q=zzzzqqq").content.decode()
    assert 'id="search-beside"' not in client.get("/en/activities/").content.decode()
