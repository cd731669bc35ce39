"""A conformance corpus of small XLSForms written for aiatlas (not copied from elsewhere):
each entry is a workbook built with openpyxl (or xlwt for .xls) and what aiatlas must do
with it: run it, or refuse it naming the one unsupported feature."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

YN = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]


@dataclass
class Case:
    name: str
    survey: list[list[Any]]
    choices: list[list[Any]] = field(default_factory=lambda: [row[:] for row in YN])
    settings: list[list[Any]] | None = None
    refused: str = ""  # the substring of the refusal; empty: the form runs
    xls: bool = False
    media: dict[str, bytes] = field(default_factory=dict)
    sheet_names: tuple[str, str, str] = ("survey", "choices", "settings")
    extra: dict[str, list[list[Any]]] = field(default_factory=dict)


def _h(*cols: str) -> list[str]:
    return list(cols)


CASES: list[Case] = [
    Case(
        "text and numbers",
        [
            _h("type", "name", "label"),
            ["text", "a", "A"],
            ["integer", "b", "B"],
            ["decimal", "c", "C"],
        ],
    ),
    Case(
        "aliases: string, int, select one from",
        [
            _h("type", "name", "label"),
            ["string", "a", "A"],
            ["int", "b", "B"],
            ["select one from yn", "c", "C"],
            ["select all that apply from yn", "d", "D"],
        ],
    ),
    Case(
        "upper-case sheet and columns",
        [_h("TYPE", "NAME", "LABEL"), ["text", "a", "A"], ["select_one yn", "b", "B"]],
        choices=[["LIST_NAME", "NAME", "LABEL"], ["yn", "yes", "Yes"], ["yn", "no", "No"]],
        sheet_names=("SURVEY", "CHOICES", "SETTINGS"),
    ),
    Case(
        "single-colon language columns",
        [_h("type", "name", "label:english", "label:french"), ["text", "a", "Name", "Nom"]],
    ),
    Case(
        "double-colon language with codes",
        [
            _h("type", "name", "label::English (en)", "label::Français (fr)", "hint::English (en)"),
            ["text", "a", "Name", "Nom", "h"],
        ],
        settings=[["form_title", "default_language"], ["T", "English (en)"]],
    ),
    Case(
        "dates and times",
        [
            _h("type", "name", "label"),
            ["date", "d", "D"],
            ["time", "t", "T"],
            ["dateTime", "dt", "DT"],
        ],
    ),
    Case(
        "note, acknowledge, trigger type",
        [
            _h("type", "name", "label"),
            ["note", "n", "Read this"],
            ["acknowledge", "a", "OK?"],
            ["trigger", "t", "OK?"],
        ],
    ),
    Case("or_other", [_h("type", "name", "label"), ["select_one yn or_other", "a", "A"]]),
    Case(
        "choice filter",
        [
            _h("type", "name", "label", "choice_filter"),
            ["select_one region", "r", "Region", ""],
            ["select_one country", "c", "Country", "region = ${r}"],
        ],
        choices=[
            ["list_name", "name", "label", "region"],
            ["region", "af", "Africa", ""],
            ["region", "eu", "Europe", ""],
            ["country", "ke", "Kenya", "af"],
            ["country", "fr", "France", "eu"],
        ],
    ),
    Case(
        "select from CSV file",
        [_h("type", "name", "label"), ["select_one_from_file places.csv", "p", "Place"]],
        media={"places.csv": b"name,label\ngva,Geneva\nnbo,Nairobi\n"},
    ),
    Case("rank", [_h("type", "name", "label"), ["rank yn", "r", "Order"]]),
    Case(
        "range with parameters",
        [
            _h("type", "name", "label", "parameters"),
            ["range", "r", "Score", "start=0 end=10 step=2"],
        ],
    ),
    Case(
        "calculate and indexed-repeat",
        [
            _h("type", "name", "label", "calculation"),
            ["begin repeat", "r", "R", ""],
            ["text", "x", "X", ""],
            ["end repeat", "", "", ""],
            ["calculate", "first_x", "", "indexed-repeat(${x}, ${r}, 1)"],
            ["calculate", "n", "", "count(${r})"],
        ],
    ),
    Case(
        "jr:choice-name",
        [
            _h("type", "name", "label", "calculation"),
            ["select_one yn", "a", "A", ""],
            ["calculate", "a_label", "", "jr:choice-name(${a}, '${a}')"],
            ["note", "show", "You said ${a_label}", ""],
        ],
    ),
    Case(
        "trigger column",
        [
            _h("type", "name", "label", "calculation", "trigger"),
            ["integer", "a", "A", "", ""],
            ["integer", "b", "B", "${a} * 2", "${a}"],
        ],
    ),
    Case(
        "groups and field-list",
        [
            _h("type", "name", "label", "appearance"),
            ["begin group", "g", "G", "field-list"],
            ["text", "a", "A", ""],
            ["begin group", "h", "H", ""],
            ["text", "b", "B", ""],
            ["end group", "", "", ""],
            ["end group", "", "", ""],
        ],
    ),
    Case(
        "nested repeats with repeat_count",
        [
            _h("type", "name", "label", "repeat_count"),
            ["integer", "n", "How many?", ""],
            ["begin repeat", "outer", "Outer", "${n}"],
            ["text", "o", "O", ""],
            ["begin repeat", "inner", "Inner", ""],
            ["text", "i", "I", ""],
            ["end repeat", "", "", ""],
            ["end repeat", "", "", ""],
        ],
    ),
    Case(
        "file, image, geopoint",
        [
            _h("type", "name", "label"),
            ["file", "f", "Policy"],
            ["image", "i", "Photo"],
            ["geopoint", "g", "Where?"],
        ],
    ),
    Case(
        "metadata rows",
        [
            _h("type", "name", "label"),
            ["start", "start", ""],
            ["end", "end", ""],
            ["today", "today", ""],
            ["deviceid", "deviceid", ""],
            ["text", "a", "A"],
        ],
    ),
    Case(
        "settings sheet",
        [_h("type", "name", "label"), ["text", "a", "A"]],
        settings=[["form_title", "form_id", "version"], ["My form", "my_form", "2024"]],
    ),
    Case(
        ".xls workbook",
        [
            _h("type", "name", "label:English (en)", "label:French (fr)"),
            ["select_one yn", "a", "A", "A fr"],
            ["text", "b", "B", "B fr"],
        ],
        choices=[
            ["list_name", "name", "label:English (en)", "label:French (fr)"],
            ["yn", "yes", "Yes", "Oui"],
            ["yn", "no", "No", "Non"],
        ],
        xls=True,
    ),
    Case(
        ".xls with upper-case headers",
        [_h("TYPE", "NAME", "LABEL"), ["integer", "a", "A"]],
        xls=True,
    ),
    Case(
        "barcode (device only)",
        [_h("type", "name", "label"), ["barcode", "b", "Scan"]],
        refused="'barcode' is not supported",
    ),
    Case(
        "audio (device only)",
        [_h("type", "name", "label"), ["audio", "a", "Record"]],
        refused="'audio' is not supported",
    ),
    Case(
        "geoshape",
        [_h("type", "name", "label"), ["geoshape", "s", "Area"]],
        refused="'geoshape' is not supported",
    ),
    Case(
        "pulldata",
        [
            _h("type", "name", "label", "calculation"),
            ["calculate", "c", "", "pulldata('f', 'a', 'b', 'c')"],
        ],
        refused="function 'pulldata' is not supported",
    ),
    Case(
        "select_one_external",
        [_h("type", "name", "label"), ["select_one_external yn", "e", "E"]],
        refused="external choices",
        extra={"external_choices": [["list_name", "name", "label"], ["yn", "yes", "Yes"]]},
    ),
    Case(
        "same name in two groups",
        [
            _h("type", "name", "label"),
            ["begin group", "g", "G"],
            ["text", "a", "A"],
            ["end group", "", ""],
            ["begin group", "h", "H"],
            ["text", "a", "A"],
            ["end group", "", ""],
        ],
        refused="is used twice",
    ),
]


def build(case: Case) -> bytes:
    sheets = [(case.sheet_names[0], case.survey), (case.sheet_names[1], case.choices)]
    if case.settings:
        sheets.append((case.sheet_names[2], case.settings))
    sheets.extend(case.extra.items())
    if case.xls:
        import xlwt

        book = xlwt.Workbook()
        for title, rows in sheets:
            ws = book.add_sheet(title)
            for r, row in enumerate(rows):
                for col, value in enumerate(row):
                    if value not in ("", None):
                        ws.write(r, col, value)
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
