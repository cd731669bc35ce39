"""The language of an activity's text and the translations of its title and description:
import, validation, storage, export, search and the activity page."""

from __future__ import annotations

import csv

import pytest

from aiatlas.catalog.io.schema import COLUMNS
from aiatlas.catalog.models import Activity
from aiatlas.catalog.queries import activity_record
from aiatlas.catalog.services.importing import ImportFailed, import_activities
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_of_the_thread():
    """Requests to /fr/ … activate their language in this thread; leave it as found."""
    from django.utils import translation

    yield
    translation.deactivate()


FRENCH = make_record(
    id="A000101",
    title="Détection des maladies du manioc",
    description="Les agriculteurs photographient les feuilles.",
    language="fr",
    title_en="Cassava mosaic warnings",
    description_en="Farmers photograph the leaves.",
    title_zh="木薯病害检测",
    editions=[],  # in no edition: public
)


def test_language_and_translations_survive_a_csv_round_trip(tmp_path) -> None:
    from aiatlas.catalog.services.exporting import export_activities

    import_activities(path=write_jsonl(tmp_path / "in.jsonl", [FRENCH]))
    act = Activity.objects.get(public_id="A000101")
    assert act.language == "fr"
    assert act.translations == {
        "en": {"title": "Cassava mosaic warnings", "description": "Farmers photograph the leaves."},
        "zh-hans": {"title": "木薯病害检测"},
    }
    record = activity_record("A000101")
    assert record is not None
    assert (record["language"], record["title_en"], record["title_zh"]) == (
        "fr", "Cassava mosaic warnings", "木薯病害检测",
    )  # fmt: skip
    assert record["title_fr"] == "" and record["description_zh"] == ""
    out = tmp_path / "out.csv"
    export_activities(path=out, fmt="csv")
    with out.open(encoding="utf-8-sig") as handle:
        row = next(csv.DictReader(handle))
    assert row["language"] == "fr" and row["title_zh"] == "木薯病害检测"
    assert all(column in row for column in COLUMNS)
    Activity.objects.all().delete()
    import_activities(path=out)
    assert activity_record("A000101") == record


def test_a_file_without_the_language_column_is_english(tmp_path) -> None:
    plain = {k: v for k, v in make_record(id="A000102").items() if k in COLUMNS[:22]}
    import_activities(path=write_jsonl(tmp_path / "in.jsonl", [plain]))
    assert Activity.objects.get(public_id="A000102").language == "en"
    assert Activity.objects.get(public_id="A000102").translations == {}


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"language": "klingon"}, "language", "'klingon' is not one of en, fr, es, ar, ru"),
        ({"language": "fr", "title_fr": "Même titre"}, "title_fr", "written in fr"),
        ({"title_es": "x" * 501}, "title_es", "at most 500 allowed"),
        ({"description_ar": "bad\x00text"}, "description_ar", "control characters"),
    ],
)
def test_bad_language_or_translation_is_named(tmp_path, overrides, column, message) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [make_record(id="A000103", **overrides)])
    with pytest.raises(ImportFailed) as info:
        import_activities(path=path)
    errors = [(e.column, e.message) for e in info.value.report.errors]
    assert any(c == column and message in m for c, m in errors), errors
    assert not Activity.objects.filter(public_id="A000103").exists()


@pytest.mark.parametrize("spelling", ["zh", "zh-Hans", "Chinese", "ZH_HANS"])
def test_language_spellings_are_understood(tmp_path, spelling) -> None:
    import_activities(
        path=write_jsonl(tmp_path / "in.jsonl", [make_record(id="A000104", language=spelling)])
    )
    assert Activity.objects.get(public_id="A000104").language == "zh-hans"


def test_search_finds_an_activity_by_its_translated_title(tmp_path) -> None:
    from aiatlas.search.params import SearchParams
    from aiatlas.search.queries import search

    other = make_record(id="A000105", editions=[])
    import_activities(path=write_jsonl(tmp_path / "in.jsonl", [FRENCH, other]))

    def hits(q: str) -> list[str]:
        params = SearchParams.from_query({"q": [q]})
        return [h.public_id for h in search(params, with_facets=False).hits]

    assert hits("manioc") == ["A000101"]
    assert hits("mosaic warnings") == ["A000101"]  # the English translation
    assert "A000101" in hits("photograph leaves")  # a translated description is body text


def test_activity_page_shows_the_visitors_language_and_says_which_language(
    client, tmp_path
) -> None:
    import_activities(path=write_jsonl(tmp_path / "in.jsonl", [FRENCH]))
    english = client.get("/en/activities/A000101/").content.decode()
    assert '<h1 dir="auto" lang="en">Cassava mosaic warnings</h1>' in english
    assert 'id="title-language">Translated from French<' in english
    assert 'lang="en">' in english and "Farmers photograph the leaves." in english
    french = client.get("/fr/activities/A000101/").content.decode()
    assert '<h1 dir="auto" lang="fr">Détection des maladies du manioc</h1>' in french
    assert 'id="title-language"' not in french
    russian = client.get("/ru/activities/A000101/").content.decode()
    assert '<h1 dir="auto" lang="fr">Détection des maladies du manioc</h1>' in russian
    assert 'id="title-language"' in russian  # "in French", in Russian
    chinese = client.get("/zh-hans/activities/A000101/").content.decode()
    assert '<h1 dir="auto" lang="zh">木薯病害检测</h1>' in chinese
    # no Chinese description: the French one, marked French
    assert 'lang="fr">' in chinese and 'id="description-language"' in chinese


def test_activity_page_names_countries_and_goals_in_the_visitors_language(client, tmp_path) -> None:
    record = make_record(
        id="A000106",
        editions=[],
        countries=["TUV", "TUR", "KEN"],
        sdg_targets=[
            {"code": c, "source": "submitter", "evidence": ""} for c in ("2.b", "2.4", "2.a")
        ],
    )
    import_activities(path=write_jsonl(tmp_path / "in.jsonl", [record]))
    english = client.get("/en/activities/A000106/").content.decode()
    assert "Kenya, Türkiye, Tuvalu" in english
    at = {c: english.index(f"<strong><bdi>{c}</bdi></strong>") for c in ("2.4", "2.a", "2.b")}
    assert at["2.4"] < at["2.a"] < at["2.b"]
    french = client.get("/fr/activities/A000106/").content.decode()
    assert "Kenya, Turquie, Tuvalu" in french
    assert "ODD 2" in french and "SDG 2" not in french


def test_search_cards_show_the_title_in_the_visitors_language(client, tmp_path) -> None:
    """A result card shows the translation in the visitor's language when there is one,
    marked with its language; else the title as written, marked with the language it is
    written in."""
    import_activities(path=write_jsonl(tmp_path / "in.jsonl", [FRENCH]))
    chinese = client.get("/zh-hans/activities/?q=manioc").content.decode()
    assert 'lang="zh"><a href="/zh-hans/activities/A000101/" dir="auto">木薯病害检测</a>' in chinese
    english = client.get("/en/activities/?q=manioc").content.decode()
    assert (
        ">Cassava mosaic warnings</a>" in english
        and "Détection" not in english.split('class="card-title"', 1)[1].split("</h3>", 1)[0]
    )
    russian = client.get("/ru/activities/?q=manioc").content.decode()
    assert (
        'lang="fr"><a href="/ru/activities/A000101/" dir="auto">Détection des maladies' in russian
    )
