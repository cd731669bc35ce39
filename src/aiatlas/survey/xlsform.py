"""Read an XLSForm workbook (.xlsx) into the form tree aiatlas stores, or refuse it.

``read_xlsform(data)`` returns a ``FormSpec`` dict (JSON-ready) and warnings, or raises
``FormRefused`` with every problem found, each naming its sheet, row and column. The
workbook is read cell by cell with openpyxl (so row and column numbers are exact), checked
against the subset aiatlas runs (types, expressions, names, references, cycles) and then
converted by pyxform, so an accepted form is also a valid XLSForm for ODK and Kobo.

The form tree (``spec["children"]``) holds nodes ``{"kind": "question" | "group" |
"repeat", "name", "type", "label": {lang: text}, ...}``; see ``docs/survey.md``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from aiatlas.survey import xpath
from aiatlas.survey.graph import find_cycle

MAX_BYTES = 20 * 1024 * 1024
DEFAULT_LANG = "default"

QUESTION_TYPES = {
    "text",
    "integer",
    "decimal",
    "select_one",
    "select_multiple",
    "date",
    "note",
    "acknowledge",
    "calculate",
}
ALIASES = {
    "string": "text",
    "int": "integer",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "select_one_or_other": "select_one",
    "begin_group": "begin group",
    "end_group": "end group",
    "begin_repeat": "begin repeat",
    "end_repeat": "end repeat",
}
METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
}
KNOWN_UNSUPPORTED = {
    "geopoint",
    "geotrace",
    "geoshape",
    "image",
    "audio",
    "video",
    "file",
    "barcode",
    "range",
    "rank",
    "time",
    "datetime",
    "hidden",
    "xml-external",
    "select_one_from_file",
    "select_multiple_from_file",
    "background-audio",
    "csv-external",
    "background-geopoint",
    "begin loop",
    "end loop",
}
TRANSLATABLE = {"label", "hint", "required_message", "constraint_message"}
SURVEY_COLUMNS = {
    "type",
    "name",
    "required",
    "constraint",
    "relevant",
    "choice_filter",
    "calculation",
    "appearance",
    "read_only",
    "default",
} | TRANSLATABLE
UNSUPPORTED_COLUMNS = {
    "repeat_count": "repeat_count is not supported",
    "trigger": "trigger is not supported",
    "parameters": "parameters are not supported",
}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_LANG = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$")
_TRUE = {"yes", "true", "true()", "1"}
_FALSE = {"no", "false", "false()", "0", ""}


@dataclass(frozen=True)
class FormError:
    sheet: str | None
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        if self.sheet is None:
            return f"workbook: {self.reason}"
        where = f"{self.sheet} sheet"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class FormRefused(Exception):
    def __init__(self, errors: list[FormError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


Row = tuple[int, dict[str, str]]  # (spreadsheet row number, header -> cell text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\xa0", " ").strip()


def open_workbook(data: bytes) -> dict[str, list[Row]]:
    """Sheets by lower-case name -> rows; refuse files that are not a plain .xlsx."""
    if len(data) > MAX_BYTES:
        raise FormRefused([FormError(None, None, None, "the file is larger than 20 MB")])
    if not data.startswith(b"PK"):
        raise FormRefused(
            [FormError(None, None, None, "this is not an .xlsx workbook (Excel 2007 or later)")]
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise FormRefused(
            [FormError(None, None, None, "this is not an .xlsx workbook (damaged zip)")]
        ) from None
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FormRefused(
            [
                FormError(
                    None,
                    None,
                    None,
                    "macro-enabled workbooks (.xlsm) are refused; save the "
                    "form as a plain .xlsx without macros",
                )
            ]
        )
    if "xl/workbook.xml" not in names:
        raise FormRefused([FormError(None, None, None, "this is not an .xlsx workbook")])
    from aiatlas.common.limits import (
        XLSFORM_MAX_COLUMNS,
        XLSFORM_MAX_ROWS,
        LimitExceeded,
        check_workbook,
    )

    try:  # from the sheets' declared dimensions, before a cell is read
        check_workbook(
            io.BytesIO(data),
            name="the form",
            max_rows=XLSFORM_MAX_ROWS,
            max_columns=XLSFORM_MAX_COLUMNS,
        )
    except LimitExceeded as exc:
        raise FormRefused([FormError(None, None, None, str(exc))]) from None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise FormRefused(
            [FormError(None, None, None, f"the workbook cannot be read: {exc}")]
        ) from None
    sheets: dict[str, list[Row]] = {}
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = [_cell_text(v) for v in next(rows, ())]
            header = [re.sub(r"\s+", " ", h) for h in header]
            out: list[Row] = []
            for number, values in enumerate(rows, start=2):
                cells = {
                    header[i]: _cell_text(v)
                    for i, v in enumerate(values)
                    if i < len(header) and header[i] and _cell_text(v)
                }
                if cells:
                    out.append((number, cells))
            sheets[ws.title.strip().lower()] = [(1, {h: h for h in header if h}), *out]
    finally:
        wb.close()
    return sheets


def split_column(header: str) -> tuple[str, str | None]:
    """``label::French (fr)`` -> (``label``, ``French (fr)``); ``label`` -> (label, None)."""
    base, sep, lang = header.partition("::")
    return base.strip().lower(), (lang.strip() if sep else None)


def lang_code(lang: str) -> tuple[str, str]:
    """``French (fr)`` -> (``fr``, ``French``); ``English`` -> (``English``, ``English``)."""
    m = _LANG.match(lang)
    if m:
        return m.group("code").lower(), m.group("name") or m.group("code")
    return lang, lang


def _flag(text: str) -> bool | None:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return None


class _Reader:
    def __init__(self, sheets: dict[str, list[Row]]) -> None:
        self.sheets = sheets
        self.errors: list[FormError] = []
        self.warnings: list[str] = []
        self.languages: dict[str, str] = {}  # code -> name, in column order
        self.names: dict[str, int] = {}  # question name -> row
        self.exprs: list[tuple[int, str, str, str]] = []  # row, column, text, owner name

    def err(self, sheet: str, row: int | None, column: str | None, reason: str) -> None:
        self.errors.append(FormError(sheet, row, column, reason))

    def texts(self, cells: dict[str, str], base: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for header, value in cells.items():
            b, lang = split_column(header)
            if b == base:
                code = DEFAULT_LANG if lang is None else lang_code(lang)[0]
                out[code] = value
        return out

    def scan_languages(self, header_row: dict[str, str], sheet: str) -> None:
        for header in header_row:
            base, lang = split_column(header)
            if lang is not None and base in TRANSLATABLE:
                code, name = lang_code(lang)
                self.languages.setdefault(code, name)

    # ------------------------------------------------------------- choices

    def read_choices(self) -> dict[str, list[dict[str, Any]]]:
        rows = self.sheets.get("choices")
        choices: dict[str, list[dict[str, Any]]] = {}
        if not rows:
            return choices
        header = rows[0][1]
        self.scan_languages(header, "choices")
        list_col = "list_name" if "list_name" in header else "list name"
        seen: dict[tuple[str, str], int] = {}
        for number, cells in rows[1:]:
            list_name, name = cells.get(list_col, ""), cells.get("name", "")
            if not list_name:
                self.err("choices", number, "list_name", "a choice needs a list_name")
                continue
            if not name:
                self.err("choices", number, "name", "a choice needs a name")
                continue
            if (list_name, name) in seen:
                self.err(
                    "choices",
                    number,
                    "name",
                    f"duplicate choice {name!r} in list "
                    f"{list_name!r} (first on row {seen[list_name, name]})",
                )
                continue
            seen[list_name, name] = number
            label = self.texts(cells, "label")
            if not label:
                self.err("choices", number, "label", f"choice {name!r} has no label")
            extra = {
                h: v
                for h, v in cells.items()
                if split_column(h)[0] not in {"label", "name", list_col, "media", "image"}
            }
            choices.setdefault(list_name, []).append(
                {"name": name, "label": label, "extra": extra, "row": number}
            )
        return choices

    # ------------------------------------------------------------- survey

    def read_survey(self, choices: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        rows = self.sheets["survey"]
        header = rows[0][1]
        self.scan_languages(header, "survey")
        for h in header:
            base, _ = split_column(h)
            if base in UNSUPPORTED_COLUMNS:
                self.err("survey", 1, h, UNSUPPORTED_COLUMNS[base])
            elif base not in SURVEY_COLUMNS and base not in {
                "media",
                "image",
                "audio",
                "video",
                "big-image",
            }:
                self.warnings.append(f"survey sheet, column {h}: not used by aiatlas; ignored")
        root: list[dict[str, Any]] = []
        stack: list[dict[str, Any]] = []
        for number, cells in rows[1:]:
            raw_type = re.sub(r"\s+", " ", cells.get("type", "").strip())
            if not raw_type:
                if any(k for k in cells if split_column(k)[0] != "type"):
                    self.err("survey", number, "type", "the row has no type")
                continue
            parts = raw_type.split(" ")
            low = raw_type.lower()
            kind = ALIASES.get(low, low)
            if kind in ("end group", "end repeat"):
                want = kind.split(" ")[1]
                if not stack or stack[-1]["kind"] != want:
                    self.err(
                        "survey", number, "type", f"'{raw_type}' without a matching 'begin {want}'"
                    )
                else:
                    stack.pop()
                continue
            node = self.read_row(
                number,
                cells,
                parts,
                kind,
                choices,
                inside_repeat=any(s["kind"] == "repeat" for s in stack),
            )
            if node is None:
                continue
            (stack[-1]["children"] if stack else root).append(node)
            if node["kind"] in ("group", "repeat"):
                stack.append(node)
        for open_node in stack:
            self.err(
                "survey",
                open_node["row"],
                "type",
                f"'begin {open_node['kind']}' "
                f"{open_node['name']!r} is never closed with 'end {open_node['kind']}'",
            )
        return root

    def read_row(
        self,
        number: int,
        cells: dict[str, str],
        parts: list[str],
        kind: str,
        choices: dict[str, list[dict[str, Any]]],
        inside_repeat: bool,
    ) -> dict[str, Any] | None:
        name = cells.get("name", "")
        head = ALIASES.get(parts[0].lower(), parts[0].lower())
        if kind in ("begin group", "begin repeat"):
            head = kind
        if head in METADATA_TYPES:
            self.warnings.append(
                f"survey sheet, row {number}: metadata '{head}' is not "
                "collected by aiatlas; ignored"
            )
            return None
        if head in KNOWN_UNSUPPORTED or kind in KNOWN_UNSUPPORTED:
            self.err(
                "survey", number, "type", f"question type {' '.join(parts)!r} is not supported"
            )
            return None
        if head not in QUESTION_TYPES and head not in ("begin group", "begin repeat"):
            self.err("survey", number, "type", f"unknown question type {' '.join(parts)!r}")
            return None
        if not name:
            self.err("survey", number, "name", "a name is required")
            return None
        if not _NAME.match(name):
            self.err(
                "survey",
                number,
                "name",
                f"{name!r} is not a valid name (letters, "
                "digits, _ . -; starting with a letter or _)",
            )
            return None
        if name in self.names:
            self.err(
                "survey",
                number,
                "name",
                f"duplicate name {name!r} (first on row {self.names[name]})",
            )
            return None
        self.names[name] = number
        node: dict[str, Any] = {
            "name": name,
            "row": number,
            "label": self.texts(cells, "label"),
            "hint": self.texts(cells, "hint"),
            "relevant": cells.get("relevant", ""),
        }
        if head in ("begin group", "begin repeat"):
            node["kind"] = head.split(" ")[1]
            node["children"] = []
            if head == "begin repeat" and inside_repeat:
                self.err("survey", number, "type", "repeats inside repeats are not supported")
            self.expr(number, "relevant", node["relevant"], name)
            return node
        node.update(kind="question", type=head)
        if head in ("select_one", "select_multiple"):
            rest = parts[1:]
            node["or_other"] = bool(rest) and rest[-1].lower() == "or_other"
            if node["or_other"]:
                rest = rest[:-1]
            if len(rest) != 1:
                self.err(
                    "survey",
                    number,
                    "type",
                    f"{head} needs one choice list name, e.g. '{head} yes_no'",
                )
                return None
            node["list"] = rest[0]
            if rest[0] not in choices:
                self.err(
                    "survey", number, "type", f"choice list {rest[0]!r} is not on the choices sheet"
                )
            node["choice_filter"] = cells.get("choice_filter", "")
            if node["choice_filter"]:
                self.expr(
                    number,
                    "choice_filter",
                    node["choice_filter"],
                    name,
                    columns=choices.get(rest[0], []),
                )
        elif len(parts) > 1:
            self.err("survey", number, "type", f"unknown question type {' '.join(parts)!r}")
            return None
        required = cells.get("required", "")
        flag = _flag(required)
        node["required"] = "true()" if flag else "" if flag is False else required
        node["required_message"] = self.texts(cells, "required_message")
        node["constraint"] = cells.get("constraint", "")
        node["constraint_message"] = self.texts(cells, "constraint_message")
        node["calculation"] = cells.get("calculation", "")
        node["appearance"] = cells.get("appearance", "")
        node["read_only"] = _flag(cells.get("read_only", "")) is True
        if head == "calculate" and not node["calculation"]:
            self.err("survey", number, "calculation", "a calculate row needs a calculation")
        if head not in ("calculate", "note") and not node["label"]:
            self.err("survey", number, "label", f"question {name!r} has no label")
        for column in ("required", "constraint", "relevant", "calculation"):
            if node[column] and not (column == "required" and node[column] == "true()"):
                self.expr(number, column, node[column], name)
        return node

    def expr(
        self,
        number: int,
        column: str,
        text: str,
        owner: str,
        columns: list[dict[str, Any]] | None = None,
    ) -> None:
        if not text:
            return
        try:
            tree = xpath.parse(text, allow_columns=columns is not None)
        except xpath.XPathError as exc:
            self.err("survey", number, column, str(exc))
            return
        if columns is not None:
            known = {k for c in columns for k in c["extra"]} | {"name"}
            for col in sorted(xpath.columns(tree) - known):
                self.err("survey", number, column, f"{col!r} is not a column of the choices sheet")
        self.exprs.append((number, column, text, owner))


def _walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n in nodes:
        out.append(n)
        out.extend(_walk(n.get("children", [])))
    return out


def _settings(sheets: dict[str, list[Row]]) -> dict[str, str]:
    rows = sheets.get("settings")
    return dict(rows[1][1]) if rows and len(rows) > 1 else {}


def read_xlsform(
    data: bytes, *, check_with_pyxform: bool = True
) -> tuple[dict[str, Any], list[str]]:
    """Check and convert a workbook; return (form spec, warnings) or raise FormRefused."""
    sheets = open_workbook(data)
    if "survey" not in sheets:
        found = ", ".join(sorted(sheets)) or "none"
        raise FormRefused(
            [FormError(None, None, None, f"the 'survey' sheet is missing (sheets found: {found})")]
        )
    r = _Reader(sheets)
    choices = r.read_choices()
    children = r.read_survey(choices)
    nodes = _walk(children)
    _check_references(r, nodes)
    settings = _settings(sheets)
    languages = list(r.languages) or [DEFAULT_LANG]
    has_plain = any(n["label"].get(DEFAULT_LANG) for n in nodes)
    if r.languages and has_plain:
        languages = [*languages, DEFAULT_LANG] if DEFAULT_LANG not in languages else languages
    default_language = languages[0]
    if settings.get("default_language"):
        code = lang_code(settings["default_language"])[0]
        if code in languages:
            default_language = code
        else:
            r.err("settings", 2, "default_language", f"language {code!r} has no label column")
    _check_translations(r, nodes, choices, languages)
    if r.errors:
        raise FormRefused(sorted(r.errors, key=lambda e: (e.sheet or "", e.row or 0)))
    if check_with_pyxform:
        _pyxform_check(data)
    spec: dict[str, Any] = {
        "title": settings.get("form_title") or settings.get("title") or "Survey",
        "form_id": settings.get("form_id", ""),
        "version": settings.get("version", ""),
        "languages": [{"code": c, "name": r.languages.get(c, c)} for c in languages],
        "default_language": default_language,
        "children": children,
        "choices": choices,
    }
    return spec, r.warnings


def _check_references(r: _Reader, nodes: list[dict[str, Any]]) -> None:
    by_name = {n["name"]: n for n in nodes}
    repeat_of: dict[str, str] = {}
    for n in nodes:
        if n["kind"] == "repeat":
            for c in _walk(n["children"]):
                repeat_of[c["name"]] = n["name"]
    deps: dict[str, set[str]] = {}
    for number, column, text, owner in r.exprs:
        refs = xpath.references(xpath.parse(text, allow_columns=column == "choice_filter"))
        for ref in sorted(refs):
            if ref not in by_name:
                r.err("survey", number, column, f"${{{ref}}} refers to an unknown question")
            elif ref in repeat_of and repeat_of.get(owner) != repeat_of[ref]:
                r.err(
                    "survey",
                    number,
                    column,
                    f"${{{ref}}} is inside repeat "
                    f"{repeat_of[ref]!r} and cannot be read from outside it",
                )
            elif by_name[ref]["kind"] == "group":
                r.err("survey", number, column, f"${{{ref}}} is a group, not a question")
            elif ref == owner and column in ("relevant", "calculation"):
                r.err("survey", number, column, f"{column} of {owner!r} refers to itself")
        if column in ("relevant", "calculation"):
            deps.setdefault(owner, set()).update(refs - {owner})
    cycle = find_cycle(deps)
    if cycle:
        first = by_name[cycle[0]]
        r.err(
            "survey",
            first["row"],
            "relevant/calculation",
            "circular reference: " + " -> ".join(f"${{{c}}}" for c in [*cycle, cycle[0]]),
        )


def _check_translations(
    r: _Reader,
    nodes: list[dict[str, Any]],
    choices: dict[str, list[dict[str, Any]]],
    languages: list[str],
) -> None:
    if len(languages) < 2:
        return
    for n in nodes:
        if n.get("type") == "calculate":
            continue
        missing = [c for c in languages if c != DEFAULT_LANG and n["label"] and c not in n["label"]]
        if missing:
            r.warnings.append(
                f"survey sheet, row {n['row']}: label of {n['name']!r} has no "
                f"translation for {', '.join(missing)}"
            )
    for list_name, items in choices.items():
        for c in items:
            missing = [x for x in languages if x != DEFAULT_LANG and x not in c["label"]]
            if missing:
                r.warnings.append(
                    f"choices sheet, row {c['row']}: label of {list_name}/"
                    f"{c['name']} has no translation for {', '.join(missing)}"
                )


_PYX_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")


def _pyxform_check(data: bytes) -> None:
    """A second opinion: pyxform must convert the form too (portable to ODK and Kobo)."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        convert(xlsform=io.BytesIO(data), file_type=".xlsx", warnings=[])
    except PyXFormError as exc:
        text = str(exc)
        m = _PYX_ROW.search(text)
        row = int(m.group(1)) if m else None
        sheet = "choices" if "choices" in text.lower() and "sheet" in text.lower() else "survey"
        raise FormRefused([FormError(sheet, row, None, f"pyxform: {text}")]) from None
