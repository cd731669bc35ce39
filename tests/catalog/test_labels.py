"""CSV and XLSX exports carry output-only label columns beside the codes; import ignores
them, whatever they say; JSON Lines and templates hold codes only."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from aiatlas.catalog.io.schema import COLUMNS, EXPORT_COLUMNS, LABEL_COLUMNS
from aiatlas.catalog.models import Activity
from aiatlas.catalog.services.exporting import export_activities, write_template
from aiatlas.catalog.services.importing import import_activities
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db

RECORD = make_record(
    id="L-1",
    kind="focus_group",
    status="completed",
    partners=[
        {"organization": "=Acme", "sector": "private_sector"},
        {"organization": "Makerere University", "sector": "academia"},
    ],
    countries=["KEN", "UGA"],
    regions=["002"],
    technologies=["computer_vision", "nlp"],
    sdg_goals=[
        {"code": "2", "source": "submitter", "evidence": ""},
        {"code": "13", "source": "classifier", "evidence": "drought"},
        {"code": "13", "source": "curator", "evidence": ""},
    ],
)


def _csv_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_header_puts_each_label_column_after_its_code_column():
    for code, label in LABEL_COLUMNS.items():
        assert EXPORT_COLUMNS.index(label) == EXPORT_COLUMNS.index(code) + 1
    assert [c for c in EXPORT_COLUMNS if c in COLUMNS] == COLUMNS


def test_csv_export_has_english_label_columns(tmp_path):
    import_activities(path=write_jsonl(tmp_path / "seed.jsonl", [RECORD]))
    out = tmp_path / "out.csv"
    export_activities(fmt="csv", path=out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == EXPORT_COLUMNS
    (row,) = _csv_rows(out)
    assert row["countries"] == "KEN; UGA"
    assert row["countries_names"] == "Kenya; Uganda"
    assert row["regions_names"] == "Africa"
    assert row["technologies"] == "nlp; computer_vision"  # the controlled list's order
    assert row["technologies_names"] == "Natural language processing; Computer vision"
    assert row["kind_name"] == "Focus group"
    assert row["status_name"] == "Completed"
    assert row["sdg_goals_names"] == "Zero hunger; Climate action"
    # partner names are free text, so the label cell is neutralised like the code cell
    assert row["partners"] == "'=Acme (private_sector); Makerere University (academia)"
    assert row["partners_names"] == "'=Acme (Private sector); Makerere University (Academia)"


def test_xlsx_export_has_label_columns(tmp_path):
    import_activities(path=write_jsonl(tmp_path / "seed.jsonl", [RECORD]))
    out = tmp_path / "out.xlsx"
    export_activities(fmt="xlsx", path=out)
    workbook = load_workbook(out)
    sheet = workbook["activities"]
    header = [c.value for c in sheet[1]]
    assert header == EXPORT_COLUMNS
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["countries_names"] == "Kenya; Uganda"
    assert values["status_name"] == "Completed"
    label_header = sheet.cell(row=1, column=header.index("countries_names") + 1)
    assert label_header.font.i and not sheet.cell(row=1, column=1).font.i
    workbook.close()


def test_jsonl_export_holds_codes_only(tmp_path):
    import_activities(path=write_jsonl(tmp_path / "seed.jsonl", [RECORD]))
    out = tmp_path / "out.jsonl"
    export_activities(fmt="jsonl", path=out)
    assert list(json.loads(out.read_text())) == COLUMNS


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_has_no_label_columns(tmp_path, fmt):
    out = tmp_path / f"template.{fmt}"
    write_template(fmt=fmt, path=out)
    if fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            assert next(csv.reader(fh)) == COLUMNS
    else:
        workbook = load_workbook(out, read_only=True)
        assert list(next(workbook["activities"].iter_rows(values_only=True))) == COLUMNS
        workbook.close()


def test_import_ignores_label_columns_that_disagree_with_the_codes(tmp_path):
    import_activities(path=write_jsonl(tmp_path / "seed.jsonl", [RECORD]))
    out = tmp_path / "out.csv"
    export_activities(fmt="csv", path=out)
    rows = _csv_rows(out)
    rows[0].update(
        countries_names="Atlantis; =1+1",
        regions_names="",
        technologies_names="quantum telepathy",
        kind_name="not a kind",
        status_name="Planned",
        partners_names="Nobody (nowhere)",
        sdg_goals_names="SDG 99",
    )
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    Activity.objects.all().delete()
    report = import_activities(path=edited)
    assert report.created == 1 and report.error_count == 0
    again = tmp_path / "again.csv"
    export_activities(fmt="csv", path=again)
    assert again.read_bytes() == out.read_bytes()


def test_import_accepts_some_label_columns_in_any_order(tmp_path):
    path = tmp_path / "few.csv"
    path.write_text(
        "countries_names,title,lead_organization,countries,status_name\r\n"
        "Narnia,Flood maps,FAO,KEN,Ongoing\r\n",
        encoding="utf-8",
    )
    report = import_activities(path=path)
    assert report.created == 1
    activity = Activity.objects.get()
    assert [c.pk for c in activity.countries.all()] == ["KEN"]


def test_import_refuses_a_label_column_given_twice(tmp_path):
    from aiatlas.catalog.exceptions import FileRejected

    path = tmp_path / "twice.csv"
    path.write_text(
        "title,lead_organization,countries_names,countries_names\r\nA,FAO,x,y\r\n",
        encoding="utf-8",
    )
    with pytest.raises(FileRejected, match="given twice: countries_names"):
        import_activities(path=path)
