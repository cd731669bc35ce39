"""Cell text of CSV and XLSX files <-> the structured values of a record.

Lists are separated by ``;`` (``\\;`` is a literal semicolon, ``\\\\`` a backslash);
qualifiers go in parentheses at the end of an item. Cells that a spreadsheet would run
as a formula are neutralised with a leading apostrophe on export and restored on import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from aiatlas.catalog.choices import OrganizationKind
from aiatlas.catalog.io.schema import (
    COLUMNS,
    INTEGER_COLUMNS,
    LABEL_COLUMN_NAMES,
    LIST_COLUMNS,
)

_FORMULA_START = frozenset("=+-@\t\r")
_SECTORS = frozenset(OrganizationKind.values)


def _is_escaped_formula(text: str) -> bool:
    return len(text) > 1 and text[0] == "'" and (text[1] in _FORMULA_START or text[1] == "'")


def neutralise(text: str) -> str:
    """Make a cell safe to open in a spreadsheet; :func:`restore` undoes it exactly."""
    if text and (text[0] in _FORMULA_START or _is_escaped_formula(text)):
        return "'" + text
    return text


def restore(text: str) -> str:
    return text[1:] if _is_escaped_formula(text) else text


def join_list(items: list[str]) -> str:
    return "; ".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(cell: str) -> list[str]:
    if "\\" not in cell:
        return [q for p in cell.split(";") if (q := p.strip())]
    items: list[str] = []
    buf: list[str] = []
    chars = iter(cell)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            buf.append(nxt if nxt in {";", "\\"} else "\\" + nxt)
        elif ch == ";":
            items.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    items.append("".join(buf).strip())
    return [i for i in items if i]


_QUALIFIED = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$", re.DOTALL)
_TAG = re.compile(
    r"^(?:sdg\s*|goal\s*|target\s*)?([0-9]{1,2}(?:\.[0-9a-zA-Z]{1,2})?)\s*(?:\((.*)\))?$",
    re.DOTALL | re.IGNORECASE,
)
_LINK = re.compile(r"^(\S+)(?:\s+\((.*)\))?$", re.DOTALL)


def _format_tag(tag: dict[str, Any]) -> str:
    source = tag.get("source") or "submitter"
    evidence = tag.get("evidence") or ""
    if evidence:
        return f"{tag['code']} ({source}: {evidence})"
    if source != "submitter":
        return f"{tag['code']} ({source})"
    return str(tag["code"])


def _parse_tag(item: str) -> dict[str, Any] | str:
    match = _TAG.match(item.strip())
    if not match:
        return f"{item!r} is not an SDG code such as 3 or 3.8"
    code, qualifier = match.groups()
    source, evidence = "submitter", ""
    if qualifier is not None:
        source, _, evidence = qualifier.partition(":")
        source = source.strip().lower()
        # the writer puts one space after the colon; every other character is evidence
        evidence = evidence[1:] if evidence[:1] == " " else evidence
    return {"code": code.lower(), "source": source, "evidence": evidence}


def _parse_partner(item: str) -> dict[str, Any]:
    match = _QUALIFIED.match(item)
    if match:
        sector = match.group(2).strip().lower().replace(" ", "_").replace("-", "_")
        if sector in _SECTORS:
            return {"organization": match.group(1).strip(), "sector": sector}
    return {"organization": item.strip(), "sector": None}


def _parse_link(item: str) -> dict[str, Any]:
    match = _LINK.match(item.strip())
    if not match:
        return {"url": item.strip(), "label": ""}
    return {"url": match.group(1), "label": match.group(2) or ""}


def record_to_cells(record: dict[str, Any]) -> list[str | int | None]:
    """One row of cells for CSV/XLSX, neutralised against formula injection."""
    out: list[str | int | None] = []
    for column in COLUMNS:
        value = record.get(column)
        if column in INTEGER_COLUMNS:
            out.append(value if value is not None else None)
            continue
        if column == "partners":
            text = join_list([f"{p['organization']} ({p['sector']})" for p in value or []])
        elif column in {"sdg_goals", "sdg_targets"}:
            text = join_list([_format_tag(t) for t in value or []])
        elif column == "links":
            text = join_list(
                [
                    f"{lk['url']} ({lk['label']})" if lk.get("label") else lk["url"]
                    for lk in value or []
                ]
            )
        elif column == "editions":
            text = join_list([str(y) for y in value or []])
        elif column in LIST_COLUMNS:
            text = join_list([str(v) for v in value or []])
        elif column == "contact_public":
            text = "true" if value else "false"
        else:
            text = "" if value is None else str(value)
        out.append(neutralise(text))
    return out


def _plain_list(cell: str) -> list[str]:
    return split_list(cell)


_CELL_PARSERS: dict[str, Callable[[str], Any]] = {
    "partners": lambda cell: [_parse_partner(i) for i in split_list(cell)],
    "sdg_goals": lambda cell: [_parse_tag(i) for i in split_list(cell)],
    "sdg_targets": lambda cell: [_parse_tag(i) for i in split_list(cell)],
    "links": lambda cell: [_parse_link(i) for i in split_list(cell)],
    **{
        c: _plain_list
        for c in LIST_COLUMNS
        if c not in {"partners", "sdg_goals", "sdg_targets", "links"}
    },
}


def cells_to_record(row: dict[str, str]) -> dict[str, Any]:
    """The structured values of one CSV/XLSX row (still to be validated). Label columns
    are output only and dropped here, whatever they say: the code columns are the truth."""
    record: dict[str, Any] = {}
    parsers = _CELL_PARSERS
    for column, raw in row.items():
        if column in LABEL_COLUMN_NAMES:
            continue
        cell = raw[1:] if raw[:1] == "'" and _is_escaped_formula(raw) else raw
        parser = parsers.get(column)
        record[column] = parser(cell) if parser is not None and cell else ([] if parser else cell)
    return record


def parse_cell(column: str, text: str) -> Any:
    """The structured value of one cell of ``column`` (lists split, qualifiers read)."""
    parser = _CELL_PARSERS.get(column)
    if parser is None:
        return text
    return parser(text) if text else []
