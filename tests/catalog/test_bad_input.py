"""Every kind of bad file gets a clear message naming what is wrong; nothing is written."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from aiatlas.catalog.exceptions import FileRejected
from aiatlas.catalog.io.schema import COLUMNS
from aiatlas.catalog.models import Activity
from aiatlas.catalog.services.importing import ImportFailed, import_activities
from tests.conftest import make_record, write_csv_rows, write_jsonl

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(tmp_path):
    """One activity already in the database, to show that bad files leave it untouched."""
    import_activities(path=write_jsonl(tmp_path / "seed.jsonl", [make_record(id="KEEP-1")]))
    return Activity.objects.get(public_id="KEEP-1")


def assert_unchanged(existing):
    assert Activity.objects.count() == 1
    fresh = Activity.objects.get(public_id="KEEP-1")
    assert (fresh.title, fresh.version) == (existing.title, existing.version)


def failed_rows(path, **kwargs):
    with pytest.raises(ImportFailed) as info:
        import_activities(path=path, **kwargs)
    return [(e.row, e.column, e.message) for e in info.value.report.errors]


def rejected(path):
    with pytest.raises(FileRejected) as info:
        list(import_activities(path=path).errors)
    return info.value.message


def csv_row(**overrides):
    from aiatlas.catalog.io.cells import record_to_cells

    record = make_record(**overrides)
    return dict(zip(COLUMNS, record_to_cells(record), strict=True))


def test_unknown_column_is_named_with_a_suggestion(tmp_path, existing):
    path = write_csv_rows(
        tmp_path / "a.csv",
        [{"titel": "x", "lead_organization": "FAO"}],
        columns=["titel", "title", "lead_organization"],
    )
    message = rejected(path)
    assert "unknown column(s): 'titel' (did you mean 'title'?)" in message
    assert_unchanged(existing)


def test_missing_required_columns_are_named(tmp_path, existing):
    path = write_csv_rows(tmp_path / "a.csv", [{"description": "x"}], columns=["description"])
    assert "missing required column(s): title, lead_organization" in rejected(path)
    assert_unchanged(existing)


def test_missing_required_values_give_row_and_column(tmp_path, existing):
    path = write_csv_rows(
        tmp_path / "a.csv", [csv_row(), csv_row(title=""), csv_row(lead_organization="")]
    )
    rows = failed_rows(path)
    assert (3, "title", "is required") in rows
    assert (4, "lead_organization", "is required") in rows
    assert_unchanged(existing)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("start_year", "twenty", "'twenty' is not a year"),
        ("end_year", "2020.5", "is not a year"),
        ("contact_public", "maybe", "'maybe' is not true or false"),
        ("kind", "spaceship", "'spaceship' is not one of"),
        ("status", "paused", "'paused' is not one of"),
    ],
)
def test_wrong_types_in_csv_are_reported(tmp_path, existing, field, value, expected):
    row = csv_row()
    row[field] = value
    rows = failed_rows(write_csv_rows(tmp_path / "a.csv", [row]))
    assert rows[0][:2] == (2, field) and expected in rows[0][2]
    assert_unchanged(existing)


def test_wrong_json_types_are_reported(tmp_path, existing):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            make_record(countries="KEN"),
            make_record(title=["a", "list"]),
            make_record(start_year=True),
        ],
    )
    rows = failed_rows(path)
    assert (1, "countries", "expected a list, got str") in rows
    assert (2, "title", "expected text, got list") in rows
    assert rows[2][:2] == (3, "start_year")
    assert_unchanged(existing)


def test_end_before_start_is_refused(tmp_path, existing):
    rows = failed_rows(
        write_jsonl(tmp_path / "a.jsonl", [make_record(start_year=2022, end_year=2020)])
    )
    assert rows == [(1, "end_year", "2020 is before start_year 2022")]


def test_duplicate_ids_in_one_file(tmp_path, existing):
    path = write_jsonl(
        tmp_path / "a.jsonl", [make_record(id="D-1"), make_record(id="D-2"), make_record(id="D-1")]
    )
    assert failed_rows(path) == [(3, "id", "duplicate id 'D-1'; row 1 has it already")]
    assert_unchanged(existing)


def test_unknown_sdg_target_goal_country_region_technology(tmp_path, existing):
    path = write_csv_rows(
        tmp_path / "a.csv",
        [
            csv_row(
                sdg_targets=[{"code": "3.99"}],
                sdg_goals=[{"code": "18"}],
                countries=["ZZZ"],
                regions=["999"],
                technologies=["telepathy"],
            )
        ],
    )
    messages = {column: message for _, column, message in failed_rows(path)}
    assert messages["sdg_targets"] == "unknown SDG target '3.99'"
    assert messages["sdg_goals"] == "unknown SDG goal '18'"
    assert "unknown country code 'ZZZ'" in messages["countries"]
    assert "unknown region '999'" in messages["regions"]
    assert "unknown technology 'telepathy'" in messages["technologies"]
    assert_unchanged(existing)


def test_malformed_sdg_cell(tmp_path, existing):
    row = csv_row()
    row["sdg_goals"] = "health"
    rows = failed_rows(write_csv_rows(tmp_path / "a.csv", [row]))
    assert rows == [(2, "sdg_goals", "'health' is not an SDG code such as 3 or 3.8")]


def test_malformed_urls_and_emails(tmp_path, existing):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            make_record(links=[{"url": "javascript:alert(1)", "label": "x"}]),
            make_record(links=[{"url": "not a url", "label": ""}]),
            make_record(contact_email="someone@"),
        ],
    )
    rows = failed_rows(path)
    assert (1, "links", "'javascript:alert(1)' is not a valid http(s) URL") in rows
    assert (2, "links", "'not a url' is not a valid http(s) URL") in rows
    assert (3, "contact_email", "'someone@' is not a valid e-mail address") in rows
    assert_unchanged(existing)


def test_csv_not_utf8_names_the_likely_encoding(tmp_path, existing):
    path = write_csv_rows(
        tmp_path / "a.csv",
        [csv_row(title="Coopération régionale énergétique pour l'Afrique de l'Ouest et centrale")],
        encoding="cp1252",
    )
    message = rejected(path)
    assert "is not UTF-8" in message and "looks like" in message
    assert "Windows-1252" in message
    assert_unchanged(existing)


def test_nul_bytes_and_control_characters(tmp_path, existing):
    (tmp_path / "a.csv").write_bytes(b"title,lead_organization\nab\x00c,FAO\n")
    assert "NUL" in rejected(tmp_path / "a.csv") or "binary" in rejected(tmp_path / "a.csv")
    rows = failed_rows(write_jsonl(tmp_path / "b.jsonl", [make_record(title="bell\x07")]))
    assert rows[0][1] == "title" and "control characters" in rows[0][2]
    assert_unchanged(existing)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("fake.xlsx", b"title,lead_organization\nx,FAO\n", "is not an XLSX workbook"),
        ("fake.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "it looks like a PDF document"),
        ("fake.csv", b"PK\x03\x04\x14\x00\x00\x00", "it looks like a ZIP archive"),
        ("fake.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00", "it looks like a PNG image"),
        ("data.txt", b"title\n", "unsupported file type 'txt'"),
        ("macro.xlsm", b"PK\x03\x04", "macro-enabled workbooks are refused"),
        ("empty.csv", b"", "is empty"),
    ],
)
def test_file_that_is_not_what_its_extension_says(tmp_path, existing, name, content, expected):
    (tmp_path / name).write_bytes(content)
    assert expected in rejected(tmp_path / name)
    assert_unchanged(existing)


def test_zip_that_is_not_a_workbook(tmp_path, existing):
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.xlsx", "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "ZIP archive but not an XLSX workbook" in rejected(tmp_path / "a.xlsx")


def test_jsonl_with_broken_lines(tmp_path, existing):
    (tmp_path / "a.jsonl").write_text(json.dumps(make_record()) + "\n{not json\n[1, 2]\n", "utf-8")
    rows = failed_rows(tmp_path / "a.jsonl")
    assert rows[0][0] == 2 and "not valid JSON" in rows[0][2]
    assert rows[1] == (3, None, "expected a JSON object, got list")
    assert_unchanged(existing)


def test_csv_row_with_wrong_number_of_cells(tmp_path, existing):
    (tmp_path / "a.csv").write_text("title,lead_organization\nok,FAO\ntoo,many,cells\n", "utf-8")
    assert failed_rows(tmp_path / "a.csv") == [(3, None, "has 3 cells; the header has 2")]


def _workbook(path, rows, sheets=("activities",)):
    workbook = Workbook()
    first = workbook.active
    first.title = sheets[0]
    for extra in sheets[1:]:
        workbook.create_sheet(extra)
    for row in rows:
        first.append(row)
    return workbook


def test_xlsx_with_formulas_is_refused_row_by_row(tmp_path, existing):
    workbook = _workbook(
        tmp_path / "a.xlsx",
        [
            ["title", "lead_organization", "start_year"],
            ["Fine", "FAO", 2020],
            ["Computed", "FAO", "=2000+20"],
        ],
    )
    workbook.save(tmp_path / "a.xlsx")
    rows = failed_rows(tmp_path / "a.xlsx")
    assert rows == [(3, None, "cell(s) C3 contain formulas; paste them as values")]
    assert_unchanged(existing)


def test_xlsx_with_merged_cells_is_refused(tmp_path, existing):
    workbook = _workbook(
        tmp_path / "a.xlsx", [["title", "lead_organization"], ["A", "FAO"], ["B", ""]]
    )
    workbook.active.merge_cells("B2:B3")
    workbook.save(tmp_path / "a.xlsx")
    assert "merged cells at B2:B3" in rejected(tmp_path / "a.xlsx")
    assert_unchanged(existing)


def test_xlsx_with_several_sheets_needs_an_activities_sheet(tmp_path, existing):
    workbook = _workbook(
        tmp_path / "a.xlsx",
        [["title", "lead_organization"], ["A", "FAO"]],
        sheets=("Sheet1", "Notes"),
    )
    workbook.save(tmp_path / "a.xlsx")
    message = rejected(tmp_path / "a.xlsx")
    assert "has 2 sheets (Sheet1, Notes)" in message and "'activities'" in message
    # with a sheet named 'activities' among others, that sheet is read
    workbook = _workbook(
        tmp_path / "b.xlsx",
        [["title", "lead_organization"], ["A", "FAO"]],
        sheets=("activities", "Notes"),
    )
    workbook.save(tmp_path / "b.xlsx")
    assert import_activities(path=tmp_path / "b.xlsx").created == 1


def test_overlong_values_are_refused(tmp_path, existing):
    rows = failed_rows(write_jsonl(tmp_path / "a.jsonl", [make_record(title="x" * 501)]))
    assert rows == [(1, "title", "is 501 characters long; at most 500 allowed")]


def test_hostile_text_is_stored_verbatim(tmp_path):
    hostile = "<script>alert('x')</script> '; DROP TABLE catalog_activity; --"
    import_activities(
        path=write_jsonl(tmp_path / "a.jsonl", [make_record(title=hostile, description=hostile)])
    )
    assert Activity.objects.get().title == hostile


def test_utf16_file_is_named(tmp_path, existing):
    (tmp_path / "a.csv").write_bytes("title,lead_organization\nx,FAO\n".encode("utf-16"))
    assert "UTF-16 text; save it as UTF-8" in rejected(tmp_path / "a.csv")
