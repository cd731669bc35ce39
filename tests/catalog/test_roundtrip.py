"""Export -> import into an empty database -> export is identical, in every format."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from aiatlas.catalog.models import Activity, Edition, EditionSnapshot, IdSequence, Organization
from aiatlas.catalog.services.exporting import export_activities
from aiatlas.catalog.services.importing import import_activities
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db

TRICKY = [
    make_record(
        title='=HYPERLINK("http://evil.example")',
        description="+1 and -1; @x",
        domains=["-dash", "semi;colon", "back\\slash", "'quoted"],
        contact_name="@admin",
        contact_public=True,
    ),
    make_record(
        title="Café ñandú — 人工智能 — الذكاء",
        description="Line one\nline two\r\n\ttab",
        partners=[
            {"organization": "Food and Agriculture Organization (FAO)", "sector": "un_entity"},
            {"organization": "Université Laval", "sector": "academia"},
        ],
        sdg_goals=[
            {"code": "2", "source": "submitter", "evidence": ""},
            {"code": "13", "source": "classifier", "evidence": "drought (mild); yes"},
            {"code": "13", "source": "curator", "evidence": ""},
        ],
        sdg_targets=[{"code": "13.a", "source": "curator", "evidence": "=SUM(A1)"}],
        links=[
            {"url": "https://example.org/a?b=c;d", "label": "Page (EN)"},
            {"url": "https://example.org/b", "label": ""},
        ],
        end_year=2025,
        editions=[2022, 2024],
    ),
    make_record(
        title="'leading apostrophe",
        description="",
        domains=[],
        partners=[],
        countries=[],
        regions=[],
        technologies=[],
        sdg_goals=[],
        sdg_targets=[],
        links=[],
        contact_name="",
        contact_email="",
        start_year=None,
        editions=[],
    ),
]


def _empty_database() -> None:
    EditionSnapshot.objects.all().delete()
    Activity.objects.all().delete()
    Edition.objects.all().delete()
    Organization.objects.all().delete()
    IdSequence.objects.all().delete()


def _xlsx_values(path):
    workbook = load_workbook(path, read_only=True)
    rows = [[c for c in row] for row in workbook["activities"].iter_rows(values_only=True)]
    workbook.close()
    return rows


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_export_import_export_is_identical(tmp_path, fmt):
    import_activities(path=write_jsonl(tmp_path / "seed.jsonl", TRICKY))
    first = tmp_path / f"first.{fmt}"
    second = tmp_path / f"second.{fmt}"
    assert export_activities(fmt=fmt, path=first) == len(TRICKY)
    _empty_database()
    report = import_activities(path=first)
    assert report.created == len(TRICKY)
    export_activities(fmt=fmt, path=second)
    if fmt == "xlsx":
        assert _xlsx_values(first) == _xlsx_values(second)
    else:
        assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_neutralises_formula_cells(tmp_path, fmt):
    import_activities(path=write_jsonl(tmp_path / "seed.jsonl", TRICKY[:1]))
    out = tmp_path / f"out.{fmt}"
    export_activities(fmt=fmt, path=out)
    if fmt == "csv":
        text = out.read_text("utf-8-sig")
        assert "'=HYPERLINK" in text and "'+1 and -1" in text and "'@admin" in text
    else:
        header, row = _xlsx_values(out)
        values = dict(zip(header, row))
        assert values["title"].startswith("'=")
        assert values["description"].startswith("'+")
        assert values["contact_name"] == "'@admin"


def test_export_filters_by_edition_organization_and_sdg(tmp_path):
    import_activities(
        path=write_jsonl(
            tmp_path / "seed.jsonl",
            [
                make_record(
                    id="F-1",
                    lead_organization="WHO",
                    editions=[2023],
                    sdg_goals=[{"code": "3"}],
                    sdg_targets=[],
                ),
                make_record(id="F-2", lead_organization="FAO", co_leads=["WHO"], editions=[2024]),
                make_record(
                    id="F-3",
                    lead_organization="FAO",
                    editions=[2024],
                    sdg_goals=[],
                    sdg_targets=[{"code": "3.8"}],
                ),
            ],
        )
    )

    def ids(**filters):
        out = tmp_path / "f.jsonl"
        export_activities(fmt="jsonl", path=out, **filters)
        return [line.split('"')[3] for line in out.read_text().splitlines()]

    assert ids(edition=2024) == ["F-2", "F-3"]
    assert ids(organization="who") == ["F-1", "F-2"]
    assert ids(sdg=3) == ["F-1", "F-3"]
    assert ids(sdg=3, edition=2024) == ["F-3"]
