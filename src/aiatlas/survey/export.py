"""Export submitted responses: CSV (one row per response; repeats in a second CSV) and
XLSX (both as sheets). Contacts are never exported; choice names, not labels, are written
so files stay stable across languages. Cells that a spreadsheet would run as formulas are
prefixed with an apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from aiatlas.common.exchange import xlsx
from aiatlas.survey.form import Form, Node
from aiatlas.survey.models import Survey
from aiatlas.survey.queries import Row, iter_rows

BASE = ["country_alpha3", "country", "region", "ministry", "submitted_at"]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _cell(node: Node, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return value


def _columns(form: Form, nodes: list[Node]) -> list[tuple[str, Node, str | None]]:
    """(column, question, choice) — a select_multiple gets one 0/1 column per choice."""
    cols: list[tuple[str, Node, str | None]] = []
    for q in nodes:
        if q["type"] in ("note",):
            continue
        cols.append((q["name"], q, None))
        if q.get("or_other"):
            cols.append((f"{q['name']}_other", q, "_other"))
        if q["type"] == "select_multiple":
            names = [c["name"] for c in form.choices(q)] + (["other"] if q.get("or_other") else [])
            cols.extend((f"{q['name']}/{n}", q, n) for n in names)
    return cols


def _values(cols: list[tuple[str, Node, str | None]], answers: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    for _col, q, choice in cols:
        v = answers.get(q["name"])
        if choice == "_other":
            out.append(_safe(answers.get(f"{q['name']}_other", "")))
        elif choice is not None:
            out.append(1 if isinstance(v, list) and choice in v else 0 if v is not None else "")
        else:
            out.append(_safe(_cell(q, v)))
    return out


def _main_columns(form: Form) -> list[tuple[str, Node, str | None]]:
    return _columns(form, [q for q in form.questions if form.repeat_of(q["name"]) is None])


def _base(row: Row) -> list[Any]:
    return [
        row.alpha3,
        row.country,
        row.region,
        _safe(row.ministry),
        row.submitted_at.isoformat() if row.submitted_at else "",
    ]


def response_table(survey: Survey) -> Iterator[list[Any]]:
    form = Form(survey.form)
    cols = _main_columns(form)
    yield BASE + [c for c, _q, _n in cols]
    for row in iter_rows(survey):
        yield _base(row) + _values(cols, row.answers)


def repeat_table(survey: Survey) -> Iterator[list[Any]]:
    """One row per repeat instance: the repeat's name, the instance number, its answers."""
    form = Form(survey.form)
    per: list[tuple[Node, list[tuple[str, Node, str | None]]]] = []
    header = ["country_alpha3", "repeat", "index"]
    for rep in form.repeats:
        qs = [q for q in form.questions if form.repeat_of(q["name"]) == rep["name"]]
        cols = _columns(form, qs)
        per.append((rep, cols))
        header += [c for c, _q, _n in cols if c not in header]
    yield header
    for row in iter_rows(survey):
        for rep, cols in per:
            for i, inst in enumerate(row.answers.get(rep["name"], []) or [], start=1):
                values = dict(zip([c for c, _q, _n in cols], _values(cols, inst), strict=True))
                yield [row.alpha3, rep["name"], i] + [values.get(h, "") for h in header[3:]]


def to_csv(rows: Iterator[list[Any]]) -> Iterator[str]:
    """CSV text in pieces (UTF-8 with BOM so spreadsheets read accents)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    yield "\ufeff"
    for i, row in enumerate(rows):
        writer.writerow(row)
        if i % 500 == 499:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def to_xlsx(survey: Survey) -> bytes:
    """Responses and repeats as two sheets (openpyxl write-only: flat memory per row)."""
    return xlsx((("responses", response_table(survey)), ("repeats", repeat_table(survey))))


# ---------------------------------------------------------------- the Kobo layout


def _submissions(survey: Survey) -> Iterator[Any]:
    from aiatlas.survey.interop import Submission, submission_uuid

    for row in iter_rows(survey):
        yield Submission(
            row.alpha3, submission_uuid(survey.pk, row.alpha3), row.submitted_at, row.answers
        )


def _main_name(survey: Survey) -> str:
    return str(survey.form.get("form_id") or f"survey-{survey.pk}")


def kobo_csv(survey: Survey) -> Iterator[str]:
    """The main table in the layout of a KoboToolbox CSV export (``;``-separated, group
    paths joined by ``/``, select_multiple as names and one 0/1 column per choice)."""
    from aiatlas.survey.interop import kobo_tables

    tables = kobo_tables(Form(survey.form), _main_name(survey), _submissions(survey))
    _name, rows = next(tables)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    for row in rows:
        writer.writerow(row)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def kobo_xlsx(survey: Survey) -> bytes:
    """The main table and one sheet per repeat (``_index``, ``_parent_index``), as
    KoboToolbox lays out its XLSX export; reads back in through ``survey import``."""
    from aiatlas.survey.interop import kobo_tables

    return xlsx(kobo_tables(Form(survey.form), _main_name(survey), _submissions(survey)))
