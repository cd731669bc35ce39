"""``catalog.index_queries``: what the catalog publishes to the indexes beside it (the
search's facet engine) — its rows as tuples and a data version that every write moves."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from aiatlas.catalog import index_queries
from aiatlas.catalog.models import Activity, Edition, EditionSnapshot, Organization
from aiatlas.catalog.services.importing import import_activities
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db


EMPTY = ("partners", "countries", "regions", "technologies", "sdg_goals", "sdg_targets")


@pytest.fixture
def two(tmp_path):
    records = [
        make_record(
            id="Q-1",
            title="Flood maps",
            lead_organization="WFP",
            co_leads=["WHO"],
            countries=["KEN", "UGA"],
            regions=["002"],
            technologies=["nlp"],
            editions=[2024],
            start_year=2021,
            sdg_goals=[{"code": "13", "source": "curator"}],
            sdg_targets=[{"code": "13.1"}],
            partners=[{"organization": "Uni Q", "sector": "academia"}],
        ),
        make_record(
            id="Q-2",
            title="Crop yields",
            lead_organization="WHO",
            editions=[2023],
            **{k: [] for k in EMPTY},
        ),
    ]
    import_activities(path=write_jsonl(tmp_path / "q.jsonl", records))
    return {a.public_id: a.pk for a in Activity.objects.all()}


def test_rows_are_the_catalog_as_tuples(two):
    q1, q2 = two["Q-1"], two["Q-2"]
    rows = {r[4]: r for r in index_queries.activity_rows()}
    assert rows["Q-1"][0] == q1 and rows["Q-1"][3] == 2021 and rows["Q-1"][5] == "Flood maps"
    assert index_queries.goal_tags() == [(q1, 13, "curator")]
    assert [(a, t) for a, t, _ in index_queries.target_tags()] == [(q1, "13.1")]
    assert sorted(index_queries.links("country")) == [(q1, "KEN"), (q1, "UGA")]
    assert index_queries.links("region") == [(q1, "002")]
    assert index_queries.links("technology") == [(q1, "nlp")]
    assert index_queries.links("sector") == [(q1, "academia")]
    assert sorted(index_queries.organization_refs()) == sorted(
        [(q1, "WFP"), (q1, "WHO"), (q2, "WHO")]
    )
    years = dict(Edition.objects.values_list("pk", "year"))
    assert sorted((a, years[e]) for a, e in index_queries.open_edition_links()) == [
        (q1, 2024),
        (q2, 2023),
    ]
    assert index_queries.published_snapshots() == []


def test_a_published_edition_is_read_from_its_snapshots(two):
    edition = Edition.objects.get(year=2023)
    EditionSnapshot.objects.create(
        edition=edition, activity_id=two["Q-2"], public_id="Q-2", record={"id": "Q-2"}
    )
    Edition.objects.filter(pk=edition.pk).update(status="published")
    assert [a for a, _ in index_queries.open_edition_links()] == [two["Q-1"]]
    snap = index_queries.published_snapshots()
    assert [(s[2], s[3], s[4]) for s in snap] == [(2023, two["Q-2"], {"id": "Q-2"})]


WRITES = {
    "activity": lambda: Activity.objects.filter(public_id="Q-2").update(title="Other"),
    "goal tag": lambda: Activity.objects.get(public_id="Q-1").goal_tags.all().delete(),
    "country": lambda: Activity.objects.get(public_id="Q-1").countries.clear(),
    "co-lead": lambda: Activity.objects.get(public_id="Q-1").co_leads.clear(),
    "partner": lambda: Activity.objects.get(public_id="Q-1").partners.update(sector="other"),
    "organization": lambda: Organization.objects.filter(acronym="WFP").update(name="W F P"),
    "edition": lambda: Edition.objects.filter(year=2024).update(title="2024 again"),
    "release time": lambda: Edition.objects.filter(year=2024).update(release_at=timezone.now()),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_moves_the_data_version(two, write):
    before = index_queries.data_version()
    WRITES[write]()
    assert index_queries.data_version() != before


def test_raw_sql_moves_the_data_version_too(two):
    before = index_queries.data_version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_activity SET kind = kind")
    assert index_queries.data_version() != before
    assert index_queries.data_version() == index_queries.data_version()  # reads change nothing
