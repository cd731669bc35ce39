"""Loading XLSForms: the demo form, translations kept, and every refused construct named
by sheet, row and column."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from aiatlas.survey.demo import DEMO_XLSX
from aiatlas.survey.form import Form
from aiatlas.survey.xlsform import FormRefused, read_xlsform
from tests.survey.conftest import EN, FR, SMALL_CHOICES, c, make_xlsx, q


def refused(data: bytes) -> list[str]:
    with pytest.raises(FormRefused) as exc:
        read_xlsform(data)
    return [str(e) for e in exc.value.errors]


def test_demo_form_loads_with_pages_and_languages() -> None:
    spec, warnings = read_xlsform(DEMO_XLSX.read_bytes())
    form = Form(spec)
    assert form.languages == ["en", "fr"]
    assert spec["default_language"] == "en"
    assert [p.name for p in form.pages] == [
        "respondent",
        "strategy",
        "governance",
        "capacity",
        "initiatives",
        "closing",
    ]
    inputs = [x for x in form.questions if x["type"] not in ("note", "calculate")]
    assert len(inputs) >= 25
    assert all("or_other" in w for w in warnings)  # pyxform's only remark on the demo


def test_demo_form_keeps_every_translation() -> None:
    """No lost translations: every label, hint and message cell of the workbook is kept."""
    from openpyxl import load_workbook

    spec, _w = read_xlsform(DEMO_XLSX.read_bytes())
    form = Form(spec)
    ws = load_workbook(DEMO_XLSX, read_only=True)["survey"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    kept = 0
    for values in rows[1:]:
        cells = dict(zip(header, values, strict=False))
        if not cells.get("name"):
            continue
        node = form.by_name[cells["name"]]
        for col, value in cells.items():
            if value and "::" in col:
                base, lang = col.split("::")
                code = lang[lang.index("(") + 1 : -1]
                assert node[base][code] == value, (cells["name"], col)
                kept += 1
    assert kept > 100
    lead = form.by_name["lead_ministry"]
    assert form.text(lead["label"], "fr").startswith("Quel ministère")
    assert form.choices(lead)[0]["label"]["fr"].startswith("Ministère du numérique")


def test_small_form_parses_groups_repeat_and_or_other(small_xlsx: bytes) -> None:
    spec, _w = read_xlsform(small_xlsx)
    form = Form(spec)
    assert [p.name for p in form.pages] == ["p1", "inits"]
    assert "other" in [c["name"] for c in form.choices(form.by_name["lead"])]
    assert form.by_name["lead_other"]["relevant"] == "selected(${lead}, 'other')"
    assert form.repeat_of("init_name") == "inits"
    assert form.by_name["year"]["constraint_message"]["fr"].startswith("Indiquez")


def test_missing_translation_is_a_warning_not_a_loss() -> None:
    rows = [
        {"type": "text", "name": "a", EN: "A", FR: "A fr"},
        {"type": "text", "name": "b", EN: "B only in English"},
    ]
    spec, warnings = read_xlsform(make_xlsx(rows))
    assert spec["children"][1]["label"] == {"en": "B only in English"}
    assert any("row 3" in w and "'b'" in w and "fr" in w for w in warnings)
    assert Form(spec).text(spec["children"][1]["label"], "fr") == "B only in English"


def base(*rows: dict[str, Any]) -> bytes:
    return make_xlsx([q("text", "first"), *rows], SMALL_CHOICES)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [q("text", "x", relevant="pulldata('a', 'b', 'c', ${first})")],
            "survey sheet, row 3, column relevant: function 'pulldata' is not supported",
        ),
        (
            [q("barcode", "code")],
            "survey sheet, row 3, column type: 'barcode' is not supported: scanning a "
            "barcode needs a device camera",
        ),
        ([q("geotrace", "line")], "survey sheet, row 3, column type: 'geotrace' is not supported"),
        ([q("txet", "x")], "survey sheet, row 3, column type: pyxform: Unknown question type"),
        ([q("text", "first")], "survey sheet, row 3: pyxform: On the 'survey' sheet, the 'name'"),
        (
            [q("text", "x", relevant="${nowhere} = 1")],
            "survey sheet, row 3: pyxform: On the 'survey' sheet, the 'relevant' value is invalid",
        ),
        (
            [q("integer", "x", constraint=". > ")],
            "survey sheet, row 3, column constraint: the expression ends too early",
        ),
        ([q("select_one nolist", "x")], "survey sheet, row 3: pyxform: List name not in choices"),
        (
            [q("text", "x", relevant="/data/first = 'a'")],
            "survey sheet, row 3, column relevant: paths such as /data/q are not supported",
        ),
        (
            [q("select_one yn", "x", choice_filter="color = 'red'")],
            "survey sheet, row 3, column choice_filter: 'color' is not a column of the "
            "choices sheet",
        ),
        (
            [{"type": "begin group", "name": "g", EN: "G", FR: "G"}],
            "survey sheet, row 3: pyxform: Unmatched 'begin_group'",
        ),
        ([{"type": "end repeat"}], "survey sheet, row 3: pyxform: Unmatched 'end_repeat'"),
        (
            [q("text", "bad name")],
            "survey sheet, row 3: pyxform: On the 'survey' sheet, the 'name'",
        ),
        (
            [
                q("calculate", "c1", calculation="${c2} + 1"),
                q("calculate", "c2", calculation="${c1} + 1"),
            ],
            "circular reference: ${c1} -> ${c2} -> ${c1}",
        ),
        (
            [q("text", "x", relevant="${y} = 'a'"), q("text", "y", relevant="${x} = 'b'")],
            "column relevant/calculation: circular reference",
        ),
        ([q("text", "x", relevant="${x} = 'a'")], "relevant of 'x' refers to itself"),
        (
            [
                {"type": "begin group", "name": "g", EN: "G", FR: "G"},
                q("text", "first"),
                {"type": "end group"},
            ],
            "survey sheet, row 4, column name: the name 'first' is used twice (first on row 2)",
        ),
        (
            [q("select_one_from_file places.csv", "place")],
            "survey sheet, row 3, column type: the choices come from 'places.csv': load that "
            "CSV file with the form",
        ),
        (
            [q("select_one_from_file places.xml", "place")],
            "survey sheet, row 3, column type: choices from 'places.xml': only CSV files",
        ),
        (
            [
                {"type": "begin loop over yn", "name": "lp", EN: "L", FR: "L"},
                q("text", "t"),
                {"type": "end loop"},
            ],
            "survey sheet, row 3, column type: 'loop' is not supported",
        ),
    ],
)
def test_refused_construct_names_sheet_row_column(
    rows: list[dict[str, Any]], expected: str
) -> None:
    errors = refused(base(*rows))
    assert any(expected in e for e in errors), errors


def test_our_own_refusals_are_reported_at_once() -> None:
    errors = refused(base(q("barcode", "a"), q("text", "z", relevant="foo(1)"), q("video", "v")))
    assert len(errors) == 3


def test_missing_survey_sheet_is_refused() -> None:
    data = make_xlsx([{"list_name": "x"}])
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    wb["survey"].title = "questions"
    wb.create_sheet("notes")
    buf = io.BytesIO()
    wb.save(buf)
    assert refused(buf.getvalue()) == [
        "workbook: the 'survey' sheet is missing or empty (sheets found: notes, questions)"
    ]


def test_file_that_is_not_a_workbook_is_refused() -> None:
    assert "not an Excel workbook" in refused(b"type,name\ntext,a\n")[0]
    assert "not an Excel workbook" in refused(b"PK\x03\x04 broken zip")[0]
    assert "cannot be read" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)[0]


def test_macro_enabled_workbook_is_refused(small_xlsx: bytes) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(small_xlsx)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\x00macro")
    assert "macro-enabled" in refused(buf.getvalue())[0]


def test_duplicate_choice_is_refused_on_its_row() -> None:
    data = make_xlsx([q("select_one yn", "a")], [c("yn", "yes"), c("yn", "yes")])
    assert refused(data)[0].startswith("choices sheet, row 3: pyxform: On the 'choices' sheet")


def test_metadata_types_are_ignored_with_a_warning() -> None:
    spec, warnings = read_xlsform(make_xlsx([{"type": "start", "name": "start"}, q("text", "a")]))
    assert [n["name"] for n in spec["children"]] == ["a"]
    assert any("metadata 'start'" in w for w in warnings)


def test_the_xform_pyxform_made_is_kept(small_xlsx: bytes) -> None:
    spec, _ = read_xlsform(small_xlsx)
    assert spec["title"] == "Small survey"
    assert spec["xform"].lstrip().startswith("<?xml") and "<h:html" in spec["xform"]
