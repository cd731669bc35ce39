"""Search semantics, the same on SQLite and PostgreSQL: text, phrases, facets (OR within,
AND across, disjunctive counts, many-to-many counted once), sorting, bad input."""

from __future__ import annotations

import re

import pytest

from aiatlas.catalog.models import Activity
from aiatlas.catalog.services.importing import import_activities
from aiatlas.search.index import reindex
from aiatlas.search.params import InvalidSearch, SearchParams
from aiatlas.search.queries import search, search_activity_ids, snippet
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db

RECORDS = [
    make_record(
        id="S-1",
        title="Flood forecasting for river basins",
        description="Early warning of river floods with machine learning.",
        countries=["KEN", "UGA"],
        editions=[2023, 2024],
        start_year=2020,
        sdg_goals=[{"code": "13"}, {"code": "11"}],
        sdg_targets=[{"code": "13.1"}],
        partners=[{"organization": "University of Nairobi", "sector": "academia"}],
    ),
    make_record(
        id="S-2",
        title="Crop yield estimation",
        lead_organization="WFP",
        description="Satellite images estimate yields; droughts and floods included.",
        countries=["KEN"],
        editions=[2024],
        start_year=2022,
        sdg_goals=[{"code": "2"}],
        sdg_targets=[],
        partners=[{"organization": "Acme Analytics", "sector": "private_sector"}],
    ),
    make_record(
        id="S-3",
        title="Téléconsultation rurale",
        lead_organization="WHO",
        description="Une plateforme de santé numérique pour les cliniques rurales.",
        countries=["SEN"],
        editions=[2022],
        start_year=2019,
        status="completed",
        sdg_goals=[{"code": "3"}],
        sdg_targets=[{"code": "3.8"}],
        partners=[],
    ),
]


@pytest.fixture
def catalog(tmp_path):
    import_activities(path=write_jsonl(tmp_path / "s.jsonl", RECORDS))


def ids(**query):
    params = SearchParams.from_query(
        {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    )
    return sorted(h.public_id for h in search(params, with_facets=False).hits)


def test_words_are_anded_word_forms_meet_and_accents_fold(catalog):
    assert ids(q="flood") == ["S-1", "S-2"]  # "floods" in S-2: one stem
    assert ids(q="flooding") == ["S-1", "S-2"]
    assert ids(q="floods satellites") == ["S-2"]
    assert ids(q="forecasts") == ["S-1"]
    assert ids(q="teleconsultation") == ["S-3"]
    assert ids(q="SANTÉ") == ["S-3"]
    assert ids(q="cliniques rurales") == ["S-3"]  # French record, French stems
    assert ids(q="clinique rurale") == ["S-3"]


def test_partner_and_organization_names_are_searchable(catalog):
    assert ids(q="nairobi") == ["S-1"]
    assert ids(q="acme") == ["S-2"]


def test_phrase_search(catalog):
    assert ids(q='"river floods"') == ["S-1"]
    assert ids(q='"river flood"') == ["S-1"]  # word forms inside a phrase too
    assert ids(q='"floods river"', exact="1") == []


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "*",
        "NEAR(",
        "AND",
        "OR NOT",
        "'; DROP TABLE catalog_activity; --",
        'flood"',
        "(((",
        "title:flood",
        "^flood",
        "-",
        "a" * 500,
    ],
)
def test_query_syntax_is_never_passed_through(catalog, q):
    result = search(SearchParams.from_query({"q": [q]}))
    words = " ".join(re.findall(r"\w+", q))  # the query is read as its words, nothing more
    assert result.total == search(SearchParams.from_query({"q": [words]})).total
    assert Activity.objects.count() == 3


def test_overlong_query_is_refused():
    with pytest.raises(InvalidSearch, match="q is 10,000 characters long"):
        SearchParams.from_query({"q": ["x" * 10_000]})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("page", "-1", "page must be between 1"),
        ("per_page", "1000000000", "per_page must be"),
        ("page", "two", "page must be a whole number"),
        ("sort", "random", "sort must be one of"),
    ],
)
def test_bad_paging_and_sort(name, value, message):
    with pytest.raises(InvalidSearch, match=message):
        SearchParams.from_query({name: [value]})


def test_or_within_and_across_facets(catalog):
    assert ids(country=["UGA", "SEN"]) == ["S-1", "S-3"]
    assert ids(country="KEN", edition="2024") == ["S-1", "S-2"]
    assert ids(country="KEN", goal="2") == ["S-2"]
    assert ids(goal="99") == []
    assert ids(edition="not-a-year") == []


def test_facet_counts_are_disjunctive_and_count_activities_once(catalog):
    result = search(SearchParams.from_query({"country": ["KEN"]}))
    countries = {f.value: (f.count, f.selected) for f in result.facets["country"]}
    # counts of the country facet ignore its own selection: what adding a country brings
    assert countries["KEN"] == (2, True) and countries["UGA"] == (1, False)
    assert countries["SEN"] == (1, False)
    editions = {f.value: f.count for f in result.facets["edition"]}
    assert editions == {"2023": 1, "2024": 2}  # S-1 is in two editions, counted in each
    goals = {f.value: f.count for f in result.facets["goal"]}
    assert goals == {"13": 1, "11": 1, "2": 1}
    labels = {f.value: f.label for f in result.facets["goal"]}
    assert labels["13"] == "SDG 13 Climate action"
    assert result.total == 2


def test_sorting_and_paging(catalog):
    newest = search(SearchParams.from_query({"sort": ["newest"]}), with_facets=False)
    assert [h.public_id for h in newest.hits] == ["S-2", "S-1", "S-3"]
    by_title = search(
        SearchParams.from_query({"sort": ["title"], "per_page": ["2"], "page": ["2"]}),
        with_facets=False,
    )
    assert [h.public_id for h in by_title.hits] == ["S-3"] and by_title.total == 3
    assert len(search_activity_ids(SearchParams())) == 3


def test_index_follows_updates_and_reindex(catalog, tmp_path):
    import_activities(
        path=write_jsonl(
            tmp_path / "u.jsonl", [{**RECORDS[1], "title": "Locust swarm forecasting"}]
        )
    )
    assert ids(q="locust") == ["S-2"] and ids(q="crop") == []
    assert reindex() == 3
    assert ids(q="locust") == ["S-2"]


def test_snippets_escape_html_and_mark_matches():
    text = "<script>alert(1)</script> Flood maps for <b>towns</b>."
    out = snippet(text, {"flood"})
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark>Flood</mark>" in out


def test_hostile_titles_come_back_as_data(tmp_path):
    import_activities(
        path=write_jsonl(
            tmp_path / "h.jsonl",
            [make_record(title="<img src=x onerror=alert(1)> flood", description="")],
        )
    )
    hit = search(SearchParams.from_query({"q": ["flood"]})).hits[0]
    assert hit.title.startswith("<img")  # raw data; templates escape it
    assert "<img" not in hit.snippet


def _reference_counts(params):
    """Facet counts worked out from the records in plain Python, to check the engine:
    an activity counts once per value; a facet's counts leave out its own selection."""
    from aiatlas.catalog.models import Activity as A
    from aiatlas.catalog.queries import iter_activity_records
    from aiatlas.search.params import FACETS

    records = list(iter_activity_records(A.objects.all()))
    text = set(search_activity_ids(SearchParams(q=params.q))) if params.q else None
    pks = dict(A.objects.values_list("public_id", "pk"))
    orgs = {
        ref.casefold(): o.reference
        for o in __import__(
            "aiatlas.catalog.models", fromlist=["Organization"]
        ).Organization.objects.all()
        for ref in (o.acronym, o.name)
        if ref
    }

    def values(record, name):
        if name == "goal":
            return {str(g["code"]) for g in record["sdg_goals"]}
        if name == "source":
            return {g.get("source") or "" for g in record["sdg_goals"]}
        if name == "target":
            return {str(t["code"]).lower() for t in record["sdg_targets"]}
        if name == "edition":
            return {str(y) for y in record["editions"]}
        if name == "technology":
            return set(record["technologies"])
        if name == "sector":
            return {p["sector"] for p in record["partners"]}
        if name == "country":
            return set(record["countries"])
        if name == "region":
            return set(record["regions"])
        if name == "organization":
            return {record["lead_organization"], *record["co_leads"]}
        return {record[name]}

    def wanted(name):
        chosen = params.filters.get(name, ())
        if name == "organization":
            return {orgs.get(v.casefold(), v) for v in chosen}
        if name == "country":
            return {v.upper() for v in chosen}
        return set(chosen)

    def keep(record, leave_out=None):
        if text is not None and pks[record["id"]] not in text:
            return False
        return all(
            values(record, name) & wanted(name)
            for name in FACETS
            if name != leave_out and params.filters.get(name)
        )

    counts = {name: {} for name in FACETS}
    for name in FACETS:
        for record in records:
            if keep(record, name):
                for v in values(record, name):
                    counts[name][v] = counts[name].get(v, 0) + 1
    return sum(1 for r in records if keep(r)), counts


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": ["floods"]},
        {"country": ["KEN"]},
        {"country": ["KEN", "SEN"], "goal": ["13"]},
        {"q": ["floods"], "edition": ["2024"], "sector": ["academia"], "status": ["ongoing"]},
        {"goal": ["99"]},
        {"organization": ["who", "FAO"]},
    ],
)
def test_engine_counts_equal_counts_from_the_records(catalog, query):
    params = SearchParams.from_query(query)
    result = search(params)
    total, reference = _reference_counts(params)
    assert result.total == total
    for name, values in result.facets.items():
        assert {f.value: f.count for f in values if f.count} == reference[name], name


def test_many_to_many_counts_each_activity_once(tmp_path):
    import_activities(
        path=write_jsonl(
            tmp_path / "m.jsonl",
            [
                make_record(
                    id="M-1",
                    countries=["KEN", "UGA"],
                    sdg_goals=[
                        {"code": "3", "source": "submitter"},
                        {"code": "3", "source": "classifier"},
                    ],
                    partners=[
                        {"organization": "Uni A", "sector": "academia"},
                        {"organization": "Uni B", "sector": "academia"},
                    ],
                ),
                make_record(id="M-2", countries=["KEN"], sdg_goals=[{"code": "3"}], partners=[]),
            ],
        )
    )
    result = search(SearchParams())
    assert result.total == 2
    assert {f.value: f.count for f in result.facets["country"]} == {"KEN": 2, "UGA": 1}
    assert {f.value: f.count for f in result.facets["goal"]} == {"3": 2}
    assert {f.value: f.count for f in result.facets["sector"]} == {"academia": 1}
    both = search(SearchParams.from_query({"country": ["KEN", "UGA"]}))
    assert both.total == 2 and len(both.hits) == 2  # OR within a facet: M-1 listed once


def test_unknown_facet_values_find_nothing_but_keep_other_counts(catalog):
    result = search(SearchParams.from_query({"goal": ["99"], "q": ["floods"]}))
    assert result.total == 0 and result.hits == []
    assert {f.value: f.count for f in result.facets["goal"] if f.count} == {
        "13": 1,
        "11": 1,
        "2": 1,
    }
    assert [(f.value, f.selected) for f in result.facets["goal"] if f.value == "99"] == [
        ("99", True)
    ]
    assert ids(organization="NO SUCH ORG") == []
    assert ids(organization="who") == ["S-3"]  # references are case-insensitive
    assert search_activity_ids(SearchParams.from_query({"goal": ["x"]})) == []


def test_unknown_parameter_names_are_ignored(catalog):
    assert ids(q="river", utm_source="mail", facet="x") == ["S-1"]


def test_deleting_activities_leaves_no_stale_index_rows(catalog):
    from django.db import connection

    from aiatlas.search.index import index_status

    Activity.objects.filter(public_id="S-1").delete()
    assert ids(q="river") == []
    assert ids(q="floods") == ["S-2"]
    assert index_status() == {"activities": 2, "documents": 2, "missing": 0}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH 'basin'")
            assert cursor.fetchone()[0] == 0
    countries = {f.value: f.count for f in search(SearchParams()).facets["country"]}
    assert countries == {"KEN": 1, "SEN": 1}


def test_counts_follow_writes_that_send_no_signal(catalog):
    """Bulk writes (no Django signals) still move the data version: no stale counts."""
    from aiatlas.catalog.models import ActivityGoal

    before = {f.value: f.count for f in search(SearchParams()).facets["goal"]}
    s3 = Activity.objects.get(public_id="S-3")
    ActivityGoal.objects.bulk_create([ActivityGoal(activity=s3, goal_id=13, source="curator")])
    after = {f.value: f.count for f in search(SearchParams()).facets["goal"]}
    assert after["13"] == before["13"] + 1
    Activity.objects.filter(public_id="S-3").update(status="ongoing")
    status = {f.value: f.count for f in search(SearchParams()).facets["status"]}
    assert status == {"ongoing": 3}


def test_organization_facet_follows_a_renamed_organization(catalog):
    """An organization renamed without a signal (a bulk update) moves the catalog's data
    version too: the facet engine matches it by its new reference at once."""
    from aiatlas.catalog.models import Organization

    assert ids(organization="who") == ["S-3"]
    Organization.objects.filter(acronym="WHO").update(acronym="OMS-X")
    assert ids(organization="oms-x") == ["S-3"]
    values = {f.value for f in search(SearchParams()).facets["organization"]}
    assert "OMS-X" in values and "WHO" not in values


def test_sort_orders_are_the_same_on_every_database(catalog):
    by_title = search(SearchParams.from_query({"sort": ["title"]}), with_facets=False)
    assert [h.public_id for h in by_title.hits] == ["S-2", "S-1", "S-3"]  # accents folded
    ranked = search(SearchParams.from_query({"q": ["floods"]}), with_facets=False)
    assert sorted(h.public_id for h in ranked.hits) == ["S-1", "S-2"]
    assert ranked.hits[0].score >= ranked.hits[1].score > 0


def test_unbalanced_quotes_and_operators_are_words(catalog):
    assert ids(q='river floods"') == ["S-1"]
    assert ids(q='"river') == ["S-1"]
    assert ids(q="floods AND satellite") == ["S-2"]  # "and" is a common word: left out
    near = search(SearchParams(q="NEAR(floods satellite)"), with_facets=False)
    assert near.relaxed  # no record holds "near": any word, most words first
    assert [h.public_id for h in near.hits] == ["S-2", "S-1"]
    assert ids(q="flood*") == ["S-1", "S-2"]  # the star is dropped: words, no syntax


def test_reindex_and_status_commands(catalog, cli):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchdocument")
    assert ids(q="river") == []
    code, out, _ = cli("search", "status")
    assert code == 1 and "3 missing" in out
    code, out, _ = cli("search", "reindex")
    assert code == 0 and "Indexed 3 activities" in out
    assert ids(q="river") == ["S-1"]
    code, out, _ = cli("search", "status")
    assert code == 0 and "0 missing" in out


def test_documents_hold_stemmed_terms_in_four_fields():
    from aiatlas.search.index import document_text

    record = make_record(
        title="Ça va: Flood-forecasting (Kenya)",
        description="Détection précoce; **bold** ﬁne print",
        domains=["Água", "health"],
        technologies=["remote_sensing"],
        sdg_goals=[{"code": "13"}],
        partners=[{"organization": "Université X", "sector": "academia"}],
    )
    doc = document_text(record, {"FAO": "FAO Food and Agriculture Organization"})
    assert doc.title == "ca va flood forecast kenya"
    assert "remot sens" in doc.summary and "sdg13" in doc.summary.split()
    assert "bold" in doc.body and "fine" in doc.body
    assert "fao food and agricultur organ" in doc.partners
    assert "universite x" in doc.partners


@pytest.mark.parametrize("size", [0, 1, 2, 7, 5000])
def test_distinct_keys_are_numpy_unique(size):
    import numpy as np

    from aiatlas.search.engine import _distinct

    values = np.random.default_rng(size).integers(0, size * 2 + 1, size).astype(np.int64)
    assert np.array_equal(_distinct(values), np.unique(values))


def test_a_search_orders_its_matches_as_the_database_ranks_them(catalog):
    """The matches and their scores come from one pass (``match_scores``); ordered in
    memory, kept to some ids or not, they are the database's own ranking (ORDER BY score,
    then newer id), score for score."""
    import numpy as np

    from aiatlas.search.fulltext import match_ids, match_scores, ranked_ids
    from aiatlas.search.matching import TextMatch
    from aiatlas.search.querying import plan_query

    for words in ("floods", "flood forecasting kenya", "data"):
        plan = plan_query(words)
        ids, scores = match_scores(plan)
        assert sorted(ids.tolist()) == sorted(match_ids(plan).tolist())
        match = TextMatch(words, plan, ids, scores=scores)
        database = ranked_ids(plan, limit=None)
        assert match.ranked(None, None) == database
        assert match.ranked(None, 1) == database[:1]
        every = [pk for pk, _ in database]
        for among in (every, every[1:], every[::2], [], [10**9]):
            kept = match.ranked(np.array(among, dtype=np.int64), None)
            assert kept == [(pk, s) for pk, s in database if pk in set(among)]
