"""Responses in the shapes KoboToolbox and ODK Central export them, read and written
without the database (the import service stores what :func:`read_export` returns).

Read: CSV (``,`` ``;`` or tab, UTF-8 with or without BOM), XLSX (every sheet a table) and
the ZIP of ODK Central (its CSV files). Column names are a question's name, or its group
path joined by ``/`` (Kobo) or ``-`` (ODK Central); submission metadata (``_uuid``,
``KEY``, ``_submission_time``, ``SubmissionDate``, ``meta/instanceID`` …) is recognised,
select_multiple answers are space-separated choice names, and repeat groups are further
tables linked to their parent row by ``_parent_index`` (Kobo) or ``PARENT_KEY`` (ODK).

Write: the Kobo layout (main table, one sheet per repeat with ``_index`` and
``_parent_index``), so a file exported here reads back in through the same path.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from aiatlas.survey import engine
from aiatlas.survey.form import Form, Node

#: at most this many rows per table and bytes per unpacked file (a ZIP is read member by member)
MAX_ROWS = 20_000
MAX_UNPACKED = 40 * 1024 * 1024
#: the column the aiatlas export writes the Member State in (ISO alpha-3)
MEMBER_STATE = "_member_state"

_META = {
    # KoboToolbox
    "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
    "_submitted_by", "__version__", "_tags", "_index", "_parent_table_name", "_parent_index",
    "_submission__id", "_submission__uuid", "_submission__submission_time",
    "_submission__validation_status", "_submission__notes", "_submission__status",
    "_submission__submitted_by", "_submission___version__", "_submission__tags",
    "_attachments", "_geolocation", "_xform_id_string", "_version_", "_media_all_received",
    "_total_media", "_media_count", "formhub/uuid", "meta/instanceid", "meta/rootuuid",
    "meta/deprecatedid", "meta/instancename",
    # ODK Central
    "submissiondate", "key", "parent_key", "submitterid", "submittername",
    "attachmentspresent", "attachmentsexpected", "status", "reviewstate", "deviceid",
    "edits", "formversion", "instanceid", "meta-instanceid", "meta-instancename",
    "meta-audit", "isvalidated",
    # metadata questions (ignored by aiatlas when a form is loaded)
    "start", "end", "today", "username", "simserial", "subscriberid", "phonenumber",
    "audit", "email",
}  # fmt: skip
_GEO_PARTS = {"latitude", "longitude", "altitude", "precision", "accuracy"}
_KOBO_GEO = re.compile(r"^_(.+)_(latitude|longitude|altitude|precision)$", re.IGNORECASE)


@dataclass
class Table:
    """One CSV file or one sheet: ``rows`` are dicts by column; row numbers start at 2."""

    source: str  # file name, or "file.xlsx, sheet S"
    name: str  # the file's stem or the sheet's name
    header: list[str]
    rows: list[dict[str, Any]]

    def where(self, row: int, column: str = "") -> str:
        if column:
            return _("%(source)s, row %(row)d, column %(col)s") % {
                "source": self.source,
                "row": row,
                "col": column,
            }
        return _("%(source)s, row %(row)d") % {"source": self.source, "row": row}


@dataclass
class Imported:
    """One submission read from an export: where it came from and its answers."""

    where: str
    country: str  # the value of the Member State column, as written
    answers: dict[str, Any]
    submitted_at: dt.datetime | None
    key: str


@dataclass
class ExportRead:
    layout: str  # "kobo" or "odk"
    submissions: list[Imported] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- reading files


def _text(data: bytes, source: str) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("%(source)s: not a text file") % {"source": source})


def _csv_table(data: bytes, source: str, name: str) -> Table:
    text = _text(data, source)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    rows = []
    for i, row in enumerate(reader):
        if i >= MAX_ROWS:
            raise ValueError(
                _("%(source)s: more than %(n)d rows") % {"source": source, "n": MAX_ROWS}
            )
        if any(cell.strip() for cell in row):
            rows.append({"_row": i + 2, **dict(zip(header, row, strict=False))})
    return Table(source, name, header, rows)


def _xlsx_tables(data: bytes, source: str) -> list[Table]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValueError(_("%(source)s: not an .xlsx workbook") % {"source": source}) from None
    tables = []
    try:
        for ws in wb.worksheets:
            it = ws.iter_rows(values_only=True)
            header = [str(h).strip() if h is not None else "" for h in next(it, ())]
            while header and not header[-1]:
                header.pop()
            rows = []
            for i, values in enumerate(it):
                if i >= MAX_ROWS:
                    raise ValueError(
                        _("%(source)s: more than %(n)d rows") % {"source": source, "n": MAX_ROWS}
                    )
                cells = dict(zip(header, values, strict=False))
                if any(v not in (None, "") for v in cells.values()):
                    rows.append({"_row": i + 2, **cells})
            if header:
                sheet = _("%(file)s, sheet %(sheet)s") % {"file": source, "sheet": ws.title}
                tables.append(Table(sheet, ws.title, header, rows))
    finally:
        wb.close()
    return tables


def read_tables(files: Iterable[tuple[str, bytes]]) -> list[Table]:
    """Every table of the files: ``(file name, bytes)``; ValueError names a bad file."""
    tables: list[Table] = []
    for filename, data in files:
        lower = filename.lower()
        stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if data[:4] == b"PK\x03\x04" and lower.endswith(".zip"):
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
            except zipfile.BadZipFile:
                raise ValueError(_("%(source)s: not a ZIP file") % {"source": filename}) from None
            for info in archive.infolist():
                if info.is_dir() or not info.filename.lower().endswith(".csv"):
                    continue
                if info.file_size > MAX_UNPACKED:
                    raise ValueError(
                        _("%(source)s: %(member)s is too large")
                        % {"source": filename, "member": info.filename}
                    )
                member = info.filename.rsplit("/", 1)[-1]
                tables.append(
                    _csv_table(
                        archive.read(info), f"{filename}: {member}", member.rsplit(".", 1)[0]
                    )
                )
        elif data[:4] == b"PK\x03\x04":
            tables.extend(_xlsx_tables(data, filename))
        elif lower.endswith((".csv", ".txt")):
            tables.append(_csv_table(data, filename, stem))
        else:
            raise ValueError(
                _("%(source)s: give a .csv, .xlsx or .zip export") % {"source": filename}
            )
    return tables


# ---------------------------------------------------------------- columns and values


def _is_meta(column: str) -> bool:
    low = column.strip().lower()
    return low in _META or low.startswith(("meta/", "meta-", "formhub/", "_submission_"))


@dataclass
class _Columns:
    """What each column of a table is: a question, the Member State, or ignored."""

    questions: dict[str, Node] = field(default_factory=dict)  # column -> question
    country: str = ""
    unknown: list[str] = field(default_factory=list)


def _candidates(column: str) -> list[str]:
    """Names a column may stand for, longest first: ``grp/q``, ``grp-q`` -> ``q``."""
    out = [column]
    slash = column.split("/")
    out += ["/".join(slash[i:]) for i in range(1, len(slash))]
    dash = slash[-1].split("-")
    out += ["-".join(dash[i:]) for i in range(1, len(dash))]
    return list(dict.fromkeys(out))


def _question(form: Form, column: str) -> Node | None:
    for name in _candidates(column):
        node = form.by_name.get(name)
        if node is not None and node["kind"] == "question":
            return node
    return None


def _derived(form: Form, column: str) -> bool:
    """A column derived from another: a select_multiple's 0/1 column per choice, or a
    geopoint's latitude, longitude, altitude or accuracy."""
    if "/" in column:
        head, tail = column.rsplit("/", 1)
        node = _question(form, head)
        if node is not None and node["type"] == "select_multiple":
            return tail in {c["name"] for c in form.choices(node)} | {"other"}
    m = _KOBO_GEO.match(column) or _KOBO_GEO.match(column.rsplit("/", 1)[-1])
    if m:
        node = _question(form, m.group(1))
        return node is not None and node["type"] == "geopoint"
    if "-" in column:
        head, tail = column.rsplit("-", 1)
        node = _question(form, head)
        return tail.lower() in _GEO_PARTS and node is not None and node["type"] == "geopoint"
    return False


def _columns(form: Form, table: Table, scope: str | None, country_q: str) -> _Columns:
    cols = _Columns()
    for column in table.header:
        if not column:
            continue
        node = _question(form, column)
        names = _candidates(column)
        if scope is None and not cols.country and (country_q in names or column == MEMBER_STATE):
            cols.country = column
        if node is not None and form.repeat_of(node["name"]) == scope:
            cols.questions[column] = node
        elif _is_meta(column) or column == MEMBER_STATE or _derived(form, column):
            continue
        elif node is not None:
            cols.unknown.append(column)  # a question of another repeat: wrong table
        elif scope is None and column == cols.country:
            continue
        else:
            cols.unknown.append(column)
    return cols


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _value(form: Form, node: Node, raw: Any) -> tuple[Any, str | None]:
    """The stored answer for one cell, or an error; the server's own parser decides."""
    text = _cell_text(raw)
    if text == "":
        return None, None
    if text[:1] == "'" and text[1:2] in _FORMULA:
        text = text[1:]  # the apostrophe an export puts before a formula-like text
    qtype = node["type"]
    if qtype in ("file", "image"):
        return None, None  # the file itself is not in the export; see the warning
    if qtype in ("calculate", "hidden", "note"):
        return text, None
    if qtype == "datetime" and "T" in text:
        text = text.replace("Z", "+00:00")
        with contextlib.suppress(ValueError):
            text = dt.datetime.fromisoformat(text).isoformat(timespec="minutes")
    if qtype == "time" and len(text) > 5 and text[2:3] == ":":
        text = text[:8].split("+")[0]
    value, error = engine.parse_value(node, text.split() if qtype in engine.MULTI else [text])
    if error:
        return None, error
    if qtype in ("select_one", "select_multiple", "rank"):
        allowed = {c["name"] for c in form.choices(node)} | (
            {"other"} if node.get("or_other") else set()
        )
        wrong = [v for v in engine._as_list(value) if v not in allowed]
        if wrong:
            return None, _("%(value)s is not a choice of this question") % {
                "value": " ".join(wrong)
            }
    return value, None


def _moment(raw: Any) -> dt.datetime | None:
    if isinstance(raw, dt.datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=dt.UTC)
    text = _cell_text(raw).replace("Z", "+00:00")
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _get(row: dict[str, Any], *names: str) -> Any:
    lower = {k.lower(): v for k, v in row.items() if isinstance(k, str)}
    for n in names:
        v = lower.get(n.lower())
        if v not in (None, ""):
            return v
    return None


# ---------------------------------------------------------------- tables to submissions


def _layout(table: Table) -> str:
    low = {h.lower() for h in table.header}
    return "odk" if {"key", "submissiondate", "parent_key"} & low else "kobo"


def _is_child(table: Table) -> bool:
    low = {h.lower() for h in table.header}
    return bool({"parent_key", "_parent_index"} & low)


def _repeat_for(form: Form, table: Table, main_name: str) -> str | None:
    """The repeat a child table holds: by its name (``Form-repeat``, a sheet named after
    the repeat, cut at 31 characters), else by the questions among its columns."""
    names = [str(r["name"]) for r in form.repeats]
    stem = table.name
    if stem.startswith(main_name + "-"):
        stem = stem[len(main_name) + 1 :]
    stem = stem.split("~")[0]
    for cand in (stem, *_candidates(stem)):
        if cand in names:
            return cand
        for n in names:
            if len(cand) == 31 and n[:31] == cand:
                return n
    votes: dict[str, int] = {}
    for column in table.header:
        node = _question(form, column)
        rep = form.repeat_of(node["name"]) if node else None
        if rep:
            votes[rep] = votes.get(rep, 0) + 1
    return max(votes, key=lambda k: votes[k]) if votes else None


def read_export(form: Form, tables: list[Table], country_q: str) -> tuple[ExportRead, list[str]]:
    """The submissions in ``tables`` and every problem found (empty: all can be stored)."""
    problems: list[str] = []
    mains = [t for t in tables if not _is_child(t)]
    if len(mains) != 1:
        problems.append(
            _("Give one main table (without _parent_index or PARENT_KEY); found %(n)d: %(names)s")
            % {"n": len(mains), "names": ", ".join(t.source for t in mains) or "—"}
        )
        return ExportRead("kobo"), problems
    main = mains[0]
    out = ExportRead(_layout(main))
    cols = _columns(form, main, None, country_q)
    if not cols.country:
        problems.append(
            _("%(source)s: no column %(col)s names the Member State")
            % {"source": main.source, "col": country_q}
        )
    problems += [
        _("%(source)s, column %(col)s: no question of the form has this name here")
        % {"source": main.source, "col": c}
        for c in cols.unknown
    ]
    if any(q["type"] in ("file", "image") for q in cols.questions.values()):
        out.warnings.append(_("Uploaded files are not in the export: file questions stay empty."))
    # boxes by key: the answers dict of each main row and repeat instance
    boxes: dict[tuple[str, str], dict[str, Any]] = {}
    for row in main.rows:
        answers: dict[str, Any] = {}
        wrong: set[str] = set()
        for column, node in cols.questions.items():
            value, error = _value(form, node, row.get(column))
            if error:
                problems.append(f"{main.where(row['_row'], column)}: {error}")
                wrong.add(column)
            elif value is not None:
                answers[node["name"]] = value
        key = _cell_text(_get(row, "KEY", "meta/instanceID", "_uuid", "instanceID"))
        index = _cell_text(_get(row, "_index", "_id")) or str(row["_row"] - 1)
        boxes[("", index)] = answers
        if key:
            boxes[("", key)] = answers
        country = _cell_text(row.get(cols.country)) if cols.country else ""
        if cols.country in wrong:
            country = ""  # its problem is named once, as the question's
        elif cols.country and not country:
            problems.append(f"{main.where(row['_row'], cols.country)}: " + _("no Member State"))
        out.submissions.append(
            Imported(
                main.where(row["_row"]),
                country,
                answers,
                _moment(_get(row, "_submission_time", "SubmissionDate")),
                key or index,
            )
        )
    # child tables, outer repeats first so an inner instance finds its parent
    children = []
    for t in tables:
        if t is main:
            continue
        rep = _repeat_for(form, t, main.name)
        if rep is None:
            problems.append(
                _("%(source)s: no repeat of the form matches this table") % {"source": t.source}
            )
            continue
        children.append((len(form.repeat_path(rep)), rep, t))
    for _depth, rep, t in sorted(children, key=lambda c: c[0]):
        outer = form.repeat_of(rep) or ""
        cols_r = _columns(form, t, rep, country_q)
        problems += [
            _("%(source)s, column %(col)s: no question of the repeat %(rep)s has this name")
            % {"source": t.source, "col": c, "rep": rep}
            for c in cols_r.unknown
        ]
        for row in t.rows:
            parent_key = _cell_text(_get(row, "PARENT_KEY"))
            parent_index = _cell_text(_get(row, "_parent_index"))
            parent = None
            if parent_key:
                parent = boxes.get((outer, parent_key))
            elif parent_index:
                parent = boxes.get((outer, parent_index))
            if parent is None:
                problems.append(
                    f"{t.where(row['_row'])}: "
                    + _("its parent row %(key)s is not in the export")
                    % {"key": parent_key or parent_index or "—"}
                )
                continue
            inst: dict[str, Any] = {}
            for column, node in cols_r.questions.items():
                value, error = _value(form, node, row.get(column))
                if error:
                    problems.append(f"{t.where(row['_row'], column)}: {error}")
                elif value is not None:
                    inst[node["name"]] = value
            parent.setdefault(rep, []).append(inst)
            key = _cell_text(_get(row, "KEY"))
            index = _cell_text(_get(row, "_index"))
            for k in (key, index):
                if k:
                    boxes[(rep, k)] = inst
    return out, problems


# ---------------------------------------------------------------- writing (Kobo layout)


def _path(form: Form, node: Node) -> str:
    """``group/…/name``: the Kobo column of a question (groups and repeats around it)."""
    return "/".join([str(a["name"]) for a in form.ancestors(node["name"])] + [node["name"]])


def _export_columns(form: Form, scope: str | None) -> list[tuple[str, Node, str | None]]:
    cols: list[tuple[str, Node, str | None]] = []
    for q in form.questions:
        if form.repeat_of(q["name"]) != scope or q["type"] == "note":
            continue
        path = _path(form, q)
        cols.append((path, q, None))
        if q["type"] == "select_multiple":
            names = [c["name"] for c in form.choices(q)] + (["other"] if q.get("or_other") else [])
            cols.extend((f"{path}/{n}", q, n) for n in names)
    return cols


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in _FORMULA:
        return "'" + value
    return value


def _out(node: Node, choice: str | None, value: Any) -> Any:
    if choice is not None:
        return "" if value is None else int(isinstance(value, list) and choice in value)
    if value is None:
        return ""
    if isinstance(value, dict):  # an uploaded file
        return str(value.get("name") or "")
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    # free text could start a formula in a spreadsheet; numbers and points cannot
    return _safe(value) if node["type"] in ("text", "calculate", "hidden") else value


@dataclass
class Submission:
    """What the Kobo layout needs of one stored response."""

    alpha3: str
    uuid: str
    submitted_at: dt.datetime | None
    answers: dict[str, Any]


def submission_uuid(survey_id: int, alpha3: str) -> str:
    """A stable ``_uuid`` per survey and Member State (the same file on every export)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"aiatlas:survey:{survey_id}:{alpha3}"))


def kobo_tables(
    form: Form, main_name: str, submissions: Iterable[Submission]
) -> Iterator[tuple[str, list[list[Any]]]]:
    """(sheet name, rows with header) of the main table, then one per repeat."""
    subs = list(submissions)
    cols = _export_columns(form, None)
    main: list[list[Any]] = [
        [c for c, _q, _n in cols] + [MEMBER_STATE, "_id", "_uuid", "_submission_time", "_index"]
    ]
    for i, s in enumerate(subs, start=1):
        when = (
            s.submitted_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
            if s.submitted_at
            else ""
        )
        main.append(
            [_out(q, n, s.answers.get(q["name"])) for _c, q, n in cols]
            + [s.alpha3, i, s.uuid, when, i]
        )
    yield main_name[:31], main
    for rep in form.repeats:
        outer = form.repeat_of(rep["name"])
        parent_table = outer or main_name
        rcols = _export_columns(form, rep["name"])
        rows: list[list[Any]] = [
            [c for c, _q, _n in rcols]
            + ["_index", "_parent_table_name", "_parent_index", "_submission__uuid"]
        ]
        counter = 0
        for i, s in enumerate(subs, start=1):
            for parent_index, box in _parents(form, outer, s.answers, i):
                for inst in box.get(rep["name"], []) or []:
                    counter += 1
                    inst["__index"] = counter  # read by the inner repeat's rows
                    rows.append(
                        [_out(q, n, inst.get(q["name"])) for _c, q, n in rcols]
                        + [counter, parent_table[:31], parent_index, s.uuid]
                    )
        yield rep["name"][:31], rows


def _parents(
    form: Form, outer: str | None, answers: dict[str, Any], index: int
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(the parent's ``_index``, its answers) for the instances of a repeat inside ``outer``."""
    if outer is None:
        yield index, answers
        return
    grand = form.repeat_of(outer)
    for _i, box in _parents(form, grand, answers, index):
        for inst in box.get(outer, []) or []:
            yield int(inst.get("__index", 0)), inst
