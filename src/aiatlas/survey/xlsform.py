"""Read an XLSForm workbook (.xlsx or .xls) through pyxform into the form tree aiatlas runs.

``read_xlsform(data, media=...)`` returns a ``FormSpec`` dict (JSON-ready) and the warnings,
or raises ``FormRefused`` with every problem found, each naming its sheet, row and column.

The workbook is first checked from its metadata only (size, the ZIP directory and each
sheet's declared dimensions, or the size of an .xls), so an oversized or inflated file is
refused before a cell is read. Then pyxform reads it — every header alias, language column
(``label::French (fr)``, ``label:english``), upper-case sheet or column names, the settings
sheet and its warnings are pyxform's — and converts it to its JSON survey and to the XForm
XML (kept for download). aiatlas then turns pyxform's survey into its own tree and refuses,
at the row where they are used, the few features it does not run (``UNSUPPORTED``, listed in
``docs/survey.md``).

The form tree (``spec["children"]``) holds nodes ``{"kind": "question" | "group" |
"repeat", "name", "type", "label": {lang: text}, ...}``; see ``docs/survey.md``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from aiatlas.survey import xpath
from aiatlas.survey.form import walk
from aiatlas.survey.graph import find_cycle

MAX_BYTES = 20 * 1024 * 1024
#: an .xls cannot declare more than 65,536 rows, but xlrd reads it whole: cap its size
MAX_XLS_BYTES = 8 * 1024 * 1024
#: what the sheets of an .xlsx may inflate to (a 1,000-question form in six languages
#: is about 2 MB of sheet XML)
MAX_SHEET_XML = 24 * 1024 * 1024
MAX_MEDIA_BYTES = 5 * 1024 * 1024  # one CSV of choices (select_one_from_file)
DEFAULT_LANG = "default"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: pyxform's type -> ours
TYPES = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "dateTime": "datetime",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "rank": "rank",
    "range": "range",
    "note": "note",
    "acknowledge": "acknowledge",
    "trigger": "acknowledge",
    "calculate": "calculate",
    "hidden": "hidden",
    "file": "file",
    "photo": "image",
    "image": "image",
    "geopoint": "geopoint",
}
#: pyxform's (bind type, control tag) -> the type of TYPES that behaves the same
_BY_BIND = {
    ("string", "input"): "text",
    ("int", "input"): "integer",
    ("decimal", "input"): "decimal",
    ("date", "input"): "date",
    ("time", "input"): "time",
    ("dateTime", "input"): "dateTime",
    ("geopoint", "input"): "geopoint",
    ("string", "trigger"): "acknowledge",
}


def pyxform_alias(ptype: str) -> tuple[str | None, dict[str, Any]]:
    """Another name pyxform accepts for a type we run ("gps", "location", "datetime",
    "phone number", "percentage", "q int", "add text prompt" …): the type it behaves as,
    from pyxform's own question type dictionary, and the bind it implies (the digits-only
    constraint of "phone number", the 0–100 of "percentage"), else (None, {})."""
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    spec = QUESTION_TYPE_DICT.get(ptype)
    if not spec:
        return None, {}
    bind = dict(spec.get("bind") or {})
    control = spec.get("control") or {}
    kind = bind.pop("type", "string" if control.get("tag") == "trigger" else None)
    if kind == "binary" and control.get("tag") == "upload":
        alias = "image" if str(control.get("mediatype", "")).startswith("image") else None
    else:
        alias = _BY_BIND.get((str(kind), str(control.get("tag"))))
    if alias is None or control.get("appearance"):
        return None, {}
    return alias, {k: v for k, v in bind.items() if k in ("constraint", "required")}


#: collected by devices, not by a web form: left out with a warning
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
    "uri:email",
    "uri:phonenumber",
    "uri:deviceid",
    "uri:subscriberid",
    "uri:simserial",
    "uri:username",
}
#: the features aiatlas refuses, with the reason the refusal gives (docs/survey.md)
UNSUPPORTED: dict[str, str] = {
    "barcode": "scanning a barcode needs a device camera",
    "audio": "recording audio needs a device",
    "video": "recording video needs a device",
    "background-audio": "background audio recording needs a device",
    "background-geopoint": "background location needs a device",
    "start-geopoint": "the device's location at the start needs a device",
    "xml-external": "external XML instances are not supported",
    "csv-external": "external CSV instances (pulldata) are not supported",
    "osm": "OpenStreetMap questions need ODK Collect",
    "geotrace": "drawing a line on a map is not supported (geopoint is)",
    "geoshape": "drawing an area on a map is not supported (geopoint is)",
    "select one external": "external choices (select_one_external) are served to devices "
    "only; use choice_filter",
    "loop": "'begin loop' is not supported; use a repeat",
}
_TRUE = {"yes", "true", "true()", "1"}
_FALSE = {"no", "false", "false()", "0", ""}
_PYX_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_PARENT_REF = re.compile(r"(?<![\w$}])\.\./([A-Za-z_][\w.\-]*)")
_LANG = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$")
#: language names written without a code (``label:english``), in English and in themselves
_LANG_NAMES = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "arabic": "ar",
    "العربية": "ar",
    "russian": "ru",
    "русский": "ru",
    "chinese": "zh",
    "中文": "zh",
    "portuguese": "pt",
    "português": "pt",
    "swahili": "sw",
    "german": "de",
    "deutsch": "de",
    "italian": "it",
    "hindi": "hi",
    "indonesian": "id",
    "turkish": "tr",
}


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


def _refuse(reason: str) -> FormRefused:
    return FormRefused([FormError(None, None, None, reason)])


# ---------------------------------------------------------------- the file


def sniff(data: bytes) -> str:
    """``.xlsx`` or ``.xls`` after the checks that need no cell; else FormRefused."""
    if len(data) > MAX_BYTES:
        raise _refuse("the file is larger than 20 MB")
    if data.startswith(_XLS_MAGIC):
        if len(data) > MAX_XLS_BYTES:
            raise _refuse(
                f"the .xls workbook is larger than {MAX_XLS_BYTES // (1024 * 1024)} MB; "
                "save it as .xlsx"
            )
        return ".xls"
    if not data.startswith(b"PK"):
        raise _refuse("this is not an Excel workbook (.xlsx or .xls)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise _refuse("this is not an Excel workbook (a damaged .xlsx)") from None
    names = {i.filename for i in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _refuse(
            "macro-enabled workbooks (.xlsm) are refused; save the form as a plain "
            ".xlsx without macros"
        )
    if "xl/workbook.xml" not in names:
        raise _refuse("this is not an Excel workbook (.xlsx or .xls)")
    sheet_xml = sum(
        i.file_size
        for i in infos
        if i.filename.startswith("xl/worksheets/") or i.filename == "xl/sharedStrings.xml"
    )
    if sheet_xml > MAX_SHEET_XML:
        raise _refuse(
            f"the sheets inflate to {sheet_xml // (1024 * 1024)} MB; an XLSForm needs far "
            "less. Delete the empty rows and columns after the data and save it again"
        )
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
        raise _refuse(str(exc)) from None
    return ".xlsx"


def open_workbook(data: bytes) -> Any:
    """The workbook as pyxform reads it (sheets by lower-case name -> row dicts)."""
    file_type = sniff(data)
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import get_xlsform

    try:
        return get_xlsform(io.BytesIO(data), file_type=file_type)
    except PyXFormError as exc:
        raise _refuse(f"the workbook cannot be read: {exc}") from None
    except Exception as exc:  # xlrd and openpyxl raise many kinds on damaged files
        raise _refuse(f"the workbook cannot be read: {type(exc).__name__}: {exc}") from None


# ---------------------------------------------------------------- languages


def lang_code(lang: str) -> tuple[str, str]:
    """``French (fr)`` -> (``fr``, ``French``); ``english`` -> (``en``, ``english``);
    another name stays itself."""
    m = _LANG.match(lang)
    if m:
        return m.group("code").lower(), m.group("name") or m.group("code")
    return _LANG_NAMES.get(lang.strip().lower(), lang.strip()), lang.strip()


def _flag(text: Any) -> bool | None:
    low = str(text).strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return None


# ---------------------------------------------------------------- pyxform's tree -> ours


class _Converter:
    def __init__(self, book: Any, media: dict[str, bytes]) -> None:
        self.errors: list[FormError] = []
        self.warnings: list[str] = []
        self.media = media
        self.languages: dict[str, str] = {}  # code -> name, in order of appearance
        self.rows = _row_numbers(book, "survey")
        self.choice_rows = _choice_rows(book)
        self.names: dict[str, int | None] = {}
        self.choices: dict[str, list[dict[str, Any]]] = {}
        self.exprs: list[tuple[int | None, str, str, str]] = []  # row, column, text, owner
        self.noted: set[str] = set()
        self.last_row: int | None = None

    def err(self, row: int | None, column: str | None, reason: str, sheet: str = "survey") -> None:
        self.errors.append(FormError(sheet, row, column, reason))

    def warn_once(self, key: str, text: str) -> None:
        if key not in self.noted:
            self.noted.add(key)
            self.warnings.append(text)

    def texts(self, value: Any) -> dict[str, str]:
        if value is None or value == "":
            return {}
        if not isinstance(value, dict):
            return {DEFAULT_LANG: str(value)}
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang in ("image", "audio", "video", "big-image"):
                continue
            code = DEFAULT_LANG if lang == DEFAULT_LANG else lang_code(lang)[0]
            self.languages.setdefault(code, lang_code(lang)[1] if code != DEFAULT_LANG else code)
            if text not in (None, ""):
                out[code] = str(text)
        return out

    def expression(self, row: int | None, column: str, text: str, owner: str) -> str:
        text = _PARENT_REF.sub(lambda m: "${" + m.group(1) + "}", str(text or "").strip())
        if not text:
            return ""
        try:
            tree = xpath.parse(text, allow_columns=column == "choice_filter")
        except xpath.XPathError as exc:
            self.err(row, column, str(exc))
            return ""
        del tree
        self.exprs.append((row, column, text, owner))
        return text

    def children(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            node = self.element(item)
            if node is not None:
                out.append(node)
        return out

    def element(self, item: dict[str, Any]) -> dict[str, Any] | None:
        ptype, name = str(item.get("type", "")), str(item.get("name", ""))
        rows = self.rows.get(name)
        generated = not rows  # pyxform made it (``x_other`` of or_other, ``r_count``)
        row = rows.pop(0) if rows else self.last_row
        self.last_row = row
        control, bind = item.get("control") or {}, item.get("bind") or {}
        if ptype == "group" and control.get("bodyless"):
            return None  # pyxform's meta group (instanceID)
        if ptype in METADATA_TYPES or ptype.startswith("uri:"):
            self.warnings.append(
                f"survey sheet, row {row}: metadata '{ptype}' is not collected by aiatlas; ignored"
            )
            return None
        if ptype in UNSUPPORTED:
            self.err(row, "type", f"'{ptype}' is not supported: {UNSUPPORTED[ptype]}")
            return None
        if ptype not in TYPES and ptype not in ("group", "repeat"):
            alias, defaults = pyxform_alias(ptype)
            if alias is None:
                self.err(row, "type", f"question type {ptype!r} is not supported")
                return None
            ptype, bind = alias, {**defaults, **bind}
        if name in self.names:
            first = self.names[name]
            self.err(
                row,
                "name",
                f"the name {name!r} is used twice (first on row {first}); aiatlas needs "
                "each name once in the form",
            )
            return None
        self.names[name] = row
        if item.get("media"):
            self.warn_once("media", "survey sheet: images, audio and video in labels are not shown")
        node: dict[str, Any] = {
            "name": name,
            "row": row,
            "label": self.texts(item.get("label")),
            "hint": self.texts(item.get("hint")),
            "relevant": self.expression(row, "relevant", bind.get("relevant", ""), name),
            "appearance": str(control.get("appearance", "")),
        }
        if generated:
            node["generated"] = True
        if ptype in ("group", "repeat"):
            node["kind"] = ptype
            if ptype == "repeat":
                count = control.get("jr:count", "")
                node["repeat_count"] = self.expression(row, "repeat_count", count, name)
            node["children"] = self.children(item.get("children", []))
            return node
        qtype = TYPES[ptype]
        node.update(kind="question", type=qtype, or_other=False)
        is_select = qtype in ("select_one", "select_multiple", "rank")
        if is_select and not self.select(node, item, row):
            return None
        required = bind.get("required", "")
        flag = _flag(required)
        node["required"] = (
            "true()"
            if flag
            else ""
            if flag is False
            else self.expression(row, "required", required, name)
        )
        node["required_message"] = self.texts(bind.get("jr:requiredMsg"))
        node["constraint"] = self.expression(row, "constraint", bind.get("constraint", ""), name)
        node["constraint_message"] = self.texts(bind.get("jr:constraintMsg"))
        node["calculation"] = self.expression(row, "calculation", bind.get("calculate", ""), name)
        node["read_only"] = _flag(bind.get("readonly", "")) is True
        node["default"] = str(item.get("default", "") or "")
        node["parameters"] = {str(k): str(v) for k, v in (item.get("parameters") or {}).items()}
        trigger = item.get("trigger") or []
        node["trigger"] = [
            str(t) for t in (trigger if isinstance(trigger, list | tuple) else [trigger])
        ]
        if qtype == "range":
            self.range_parameters(node, row)
        if qtype == "calculate" and not str(bind.get("calculate", "")).strip():
            self.err(row, "calculation", "a calculate row needs a calculation")
        return node

    def range_parameters(self, node: dict[str, Any], row: int | None) -> None:
        p = node["parameters"]
        try:
            start, end = float(p.get("start", 1)), float(p.get("end", 10))
            step = float(p.get("step", 1))
        except ValueError:
            self.err(row, "parameters", "range start, end and step must be numbers")
            return
        if step == 0 or (end - start) / step < 0 or (end - start) / step > 10_000:
            self.err(row, "parameters", "range needs a step that goes from start to end")
            return
        node["range"] = {"start": start, "end": end, "step": step}

    def select(self, node: dict[str, Any], item: dict[str, Any], row: int | None) -> bool:
        itemset = str(item.get("itemset") or item.get("list_name") or "")
        if re.search(r"\.(csv|xml|geojson)$", itemset, re.I):
            if not itemset.lower().endswith(".csv"):
                self.err(row, "type", f"choices from {itemset!r}: only CSV files are supported")
                return False
            if not self.file_choices(itemset, row):
                return False
            node["list"] = f"file:{itemset}"
        else:
            items = item.get("choices") or []
            key = itemset
            if key in self.choices and self.choices[key] != self._choices(key, items):
                key = f"{itemset}+{name_suffix(items)}"
            self.choices.setdefault(key, self._choices(itemset, items))
            node["list"] = key
        node["choice_filter"] = self.expression(
            row, "choice_filter", item.get("choice_filter", ""), node["name"]
        )
        if node["choice_filter"]:
            known = {k for c in self.choices.get(node["list"], []) for k in c["extra"]}
            tree = xpath.parse(node["choice_filter"], allow_columns=True)
            for col in sorted(xpath.columns(tree) - known - {"name", "label"}):
                self.err(row, "choice_filter", f"{col!r} is not a column of the choices sheet")
        return True

    def _choices(self, list_name: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for c in items:
            name = str(c.get("name", ""))
            out.append(
                {
                    "name": name,
                    "label": self.texts(c.get("label")),
                    "extra": {
                        str(k): str(v)
                        for k, v in c.items()
                        if k not in ("name", "label", "media") and not isinstance(v, dict)
                    },
                    "row": self.choice_rows.get((list_name, name)),
                }
            )
        return out

    def file_choices(self, filename: str, row: int | None) -> bool:
        key = f"file:{filename}"
        if key in self.choices:
            return True
        data = self.media.get(filename)
        if data is None:
            self.err(
                row,
                "type",
                f"the choices come from {filename!r}: load that CSV file with the form",
            )
            return False
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.err(row, "type", f"{filename} is not UTF-8 text")
            return False
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip() for h in reader.fieldnames or []]
        if "name" not in header:
            self.err(row, "type", f"{filename} needs a 'name' column (and a label column)")
            return False
        items = []
        for n, rec in enumerate(reader, start=2):
            rec = {(k or "").strip(): (v or "").strip() for k, v in rec.items()}
            if not rec.get("name"):
                continue
            label: dict[str, str] = {}
            for k, v in rec.items():
                base, _sep, lg = k.partition("::")
                if base.strip().lower() == "label" and v:
                    label[lang_code(lg.strip())[0] if lg.strip() else DEFAULT_LANG] = v
            items.append(
                {
                    "name": rec["name"],
                    "label": label or {DEFAULT_LANG: rec["name"]},
                    "extra": {k: v for k, v in rec.items() if not k.lower().startswith("label")},
                    "row": n,
                }
            )
        self.choices[key] = items
        return True


def name_suffix(items: list[dict[str, Any]]) -> str:
    return "other" if any(str(c.get("name")) == "other" for c in items) else str(len(items))


def _rows_of(book: Any, sheet: str) -> list[dict[str, Any]]:
    data = getattr(book, sheet, None)
    if data is None and isinstance(book, dict):
        data = book.get(sheet)
    return list(data or [])


def _value(row: dict[str, Any], *keys: str) -> str:
    for k, v in row.items():
        if str(k).strip().lower() in keys:
            return str(v).strip()
    return ""


def _row_numbers(book: Any, sheet: str) -> dict[str, list[int]]:
    """Question name -> its spreadsheet rows in order (pyxform keeps empty rows, so a
    row's number is its index + 2)."""
    out: dict[str, list[int]] = {}
    for i, row in enumerate(_rows_of(book, sheet), start=2):
        name = _value(row, "name", "value")
        kind = _value(row, "type").lower()
        if name and not kind.startswith("end"):
            out.setdefault(name, []).append(i)
    return out


def _choice_rows(book: Any) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for i, row in enumerate(_rows_of(book, "choices"), start=2):
        key = (_value(row, "list_name", "list name"), _value(row, "name", "value"))
        out.setdefault(key, i)
    return out


# ---------------------------------------------------------------- the whole form


def _pyxform_error(exc: Exception, book: Any) -> FormRefused:
    text = str(exc).strip()
    m = _PYX_ROW.search(text)
    row = int(m.group(1)) if m else None
    low = text.lower()
    sheet = (
        "choices"
        if "on the 'choices' sheet" in low
        else "settings"
        if "on the 'settings' sheet" in low
        else "survey"
    )
    column = None
    if row is None:  # "Unknown question type 'txet'": find the cell that holds the value
        for quoted in re.findall(r"'([^']+)'", text):
            for i, cells in enumerate(_rows_of(book, sheet), start=2):
                hit = [k for k, v in cells.items() if str(v).strip() == quoted]
                if hit:
                    row, column = i, str(hit[0])
                    break
            if row is not None:
                break
    text = _PYX_ROW.sub("", text).strip()
    return FormRefused([FormError(sheet, row, column, f"pyxform: {text}")])


def convert_workbook(data: bytes) -> tuple[dict[str, Any], str, list[str], Any]:
    """(pyxform's JSON survey, the XForm XML, pyxform's warnings, the workbook dict)."""
    book = open_workbook(data)
    sheet_names = [str(s) for s in (getattr(book, "sheet_names", None) or [])]
    if not _rows_of(book, "survey"):
        found = ", ".join(sorted(s.lower() for s in sheet_names)) or "none"
        raise _refuse(f"the 'survey' sheet is missing or empty (sheets found: {found})")
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.xls2json import workbook_to_json

    warnings: list[str] = []
    try:
        pyx = workbook_to_json(
            workbook_dict=book,
            form_name=None,
            fallback_form_name=getattr(book, "fallback_form_name", None),
            default_language=None,
            warnings=warnings,
        )
        survey = create_survey_element_from_dict(pyx)
        xml = survey.to_xml(validate=False, pretty_print=True, warnings=warnings)
    except Exception as exc:  # PyXFormError, and pyxform's own bugs on odd input
        raise _pyxform_error(exc, book) from None
    return pyx, xml, warnings, book


def read_xlsform(
    data: bytes, *, media: dict[str, bytes] | None = None, **_ignored: Any
) -> tuple[dict[str, Any], list[str]]:
    """Check and convert a workbook; return (form spec, warnings) or raise FormRefused.

    ``media``: files the form refers to (``select_one_from_file countries.csv``), by name.
    """
    pyx, xml, pyx_warnings, book = convert_workbook(data)
    for name, blob in (media or {}).items():
        if len(blob) > MAX_MEDIA_BYTES:
            raise _refuse(f"{name} is larger than {MAX_MEDIA_BYTES // (1024 * 1024)} MB")
    conv = _Converter(book, media or {})
    children = conv.children(pyx.get("children", []))
    nodes = walk(children)
    _check_references(conv, nodes)
    if _rows_of(book, "entities"):
        conv.warnings.append("entities sheet: entity lists (ODK Central) are ignored")
    for key in ("title",):
        conv.texts(pyx.get(key))
    languages = [c for c in conv.languages if c != DEFAULT_LANG]
    if DEFAULT_LANG in conv.languages or not languages:
        labelled_default = any(DEFAULT_LANG in n.get("label", {}) for n in nodes)
        if labelled_default or not languages:
            languages.append(DEFAULT_LANG)
    default_language = languages[0]
    wanted = str(pyx.get("default_language") or "")
    if wanted and wanted != DEFAULT_LANG:
        code = lang_code(wanted)[0]
        if code in languages:
            default_language = code
        else:
            conv.err(2, "default_language", f"language {code!r} has no label column", "settings")
    _check_translations(conv, nodes, languages)
    if conv.errors:
        raise FormRefused(sorted(conv.errors, key=lambda e: (e.sheet or "", e.row or 0)))
    settings = (_rows_of(book, "settings") or [{}])[0]
    spec: dict[str, Any] = {
        "title": str(pyx.get("title") or "") or "Survey",
        "form_id": str(pyx.get("id_string") or ""),
        "version": str(pyx.get("version") or _value(settings, "version") or ""),
        "languages": [{"code": c, "name": conv.languages.get(c, c)} for c in languages],
        "default_language": default_language,
        "children": children,
        "choices": conv.choices,
        "xform": xml,
    }
    warnings = [_pyxform_warning(w) for w in pyx_warnings] + conv.warnings
    return spec, list(dict.fromkeys(warnings))


def _pyxform_warning(text: str) -> str:
    m = _PYX_ROW.search(text)
    rest = _PYX_ROW.sub("", text).strip()
    return f"survey sheet, row {m.group(1)}: {rest}" if m else rest


def _check_references(conv: _Converter, nodes: list[dict[str, Any]]) -> None:
    by_name = {n["name"]: n for n in nodes}
    deps: dict[str, set[str]] = {}
    for row, column, text, owner in conv.exprs:
        refs = xpath.references(xpath.parse(text, allow_columns=column == "choice_filter"))
        for ref in sorted(refs):
            if ref not in by_name:
                conv.err(row, column, f"${{{ref}}} refers to a question aiatlas does not run")
            elif by_name[ref]["kind"] == "group":
                conv.err(row, column, f"${{{ref}}} is a group, not a question")
            elif ref == owner and column in ("relevant", "calculation"):
                conv.err(row, column, f"{column} of {owner!r} refers to itself")
        if column in ("relevant", "calculation"):
            deps.setdefault(owner, set()).update(refs - {owner})
    cycle = find_cycle(deps)
    if cycle:
        first = by_name[cycle[0]]
        conv.err(
            first["row"],
            "relevant/calculation",
            "circular reference: " + " -> ".join(f"${{{c}}}" for c in [*cycle, cycle[0]]),
        )


def _check_translations(conv: _Converter, nodes: list[dict[str, Any]], langs: list[str]) -> None:
    real = [c for c in langs if c != DEFAULT_LANG]
    if len(real) < 2:
        return
    for n in nodes:
        if n.get("type") in ("calculate", "hidden") or not n["label"] or n.get("generated"):
            continue
        missing = [c for c in real if c not in n["label"]]
        if missing:
            conv.warnings.append(
                f"survey sheet, row {n['row']}: label of {n['name']!r} has no "
                f"translation for {', '.join(missing)}"
            )
    for list_name, items in conv.choices.items():
        for c in items:
            missing = [x for x in real if x not in c["label"]]
            if missing and c["name"] != "other":
                conv.warnings.append(
                    f"choices sheet, row {c['row']}: label of {list_name}/"
                    f"{c['name']} has no translation for {', '.join(missing)}"
                )
