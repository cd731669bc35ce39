"""What the apps' lossless, all-or-nothing file exchanges share (initiatives, governance;
the survey's workbooks too).

An import reads every line (or row) first, checks each field with a :class:`Checker`
that collects every problem with its place, and writes nothing when any is wrong
(:class:`ExchangeError` lists them). Exports write JSON Lines with sorted keys, so that
an export, imported into an empty database and exported again, gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction


class ExchangeError(Exception):
    """The file cannot be imported; ``problems`` lists each (where, message)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(problems[:5]))
        self.problems = problems


def either(options: Iterable[str]) -> str:
    """``a, b or c``: the options of a message."""
    *rest, last = options
    return f"{', '.join(rest)} or {last}" if rest else last


# --- writing files --------------------------------------------------------------------


def iso(value: date | datetime | None) -> str | None:
    """A date, or a date and time, in ISO 8601; ``None`` for none."""
    return value.isoformat() if value else None


def jsonl(records: Iterable[dict[str, Any]]) -> str:
    """The records as JSON Lines, keys sorted (the same records give the same bytes)."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)


def csv_text(columns: list[str], rows: Iterable[dict[str, str]]) -> str:
    """The rows as CSV with a header of ``columns``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def xlsx(sheets: Iterable[tuple[str, Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook of one sheet per (name, rows), written row by row (openpyxl's
    write-only mode: flat memory)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading files --------------------------------------------------------------------


def read_file(path: Path) -> str:
    """A file's text (UTF-8, with or without a byte order mark)."""
    try:
        return path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExchangeError([f"{path.name}: not UTF-8 text (byte {exc.start})"]) from exc


def csv_rows(text: str, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file with their row numbers (the header is row 1); a header
    without every one of ``columns`` is refused."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise ExchangeError([f"header: missing column(s) {', '.join(missing)}"])
    return list(enumerate(reader, start=2))


Writer = Callable[["Checker", dict[str, Any]], None]


def import_lines(
    text: str,
    writers: Mapping[str, Writer],
    *,
    names: tuple[str, ...],
    finish: Callable[[], list[str]] | None = None,
) -> dict[str, int]:
    """Import JSON Lines in one transaction, all or nothing.

    Each line is an object whose ``"type"`` is a key of ``writers``; its writer checks it
    with a :class:`Checker` named after the line (its first non-empty key of ``names``)
    and writes it when the checker found nothing wrong. ``finish`` runs after every line
    and returns more problems. Returns how many lines of each type were imported; any
    problem rolls everything back and raises :class:`ExchangeError` listing them all."""
    lines = _read_lines(text, tuple(writers))
    counts = dict.fromkeys(writers, 0)
    problems: list[str] = []
    with transaction.atomic():
        for n, data in lines:
            label = next((data[k] for k in names if data.get(k)), data["type"])
            checker = Checker(f"line {n} ({label})")
            writers[data["type"]](checker, data)
            problems += checker.problems
            counts[data["type"]] += 1
        if finish is not None:
            problems += finish()
        if problems:
            raise ExchangeError(problems)  # leaving the block rolls the lines back
    return counts


def import_rows(
    text: str, columns: list[str], write: Callable[[Checker, dict[str, str]], None]
) -> int:
    """Import the rows of a CSV file in one transaction, all or nothing.

    The header must hold every one of ``columns``. ``write`` checks each row with a
    :class:`Checker` named after the row and writes it when the checker found nothing
    wrong. Returns how many rows were imported; any problem rolls everything back and
    raises :class:`ExchangeError` listing them all."""
    rows = csv_rows(text, columns)
    problems: list[str] = []
    with transaction.atomic():
        for n, row in rows:
            checker = Checker(f"row {n}")
            write(checker, row)
            problems += checker.problems
        if problems:
            raise ExchangeError(problems)  # leaving the block rolls the rows back
    return len(rows)


def _read_lines(text: str, types: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    out, problems = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not JSON ({exc.msg})")
            continue
        if not isinstance(data, dict) or data.get("type") not in types:
            expected = either(f'"{t}"' for t in types)
            problems.append(f'line {n}: an object with "type": {expected} is expected')
            continue
        out.append((n, data))
    if problems:
        raise ExchangeError(problems)
    return out


# --- checking values ------------------------------------------------------------------


@dataclass
class Checker:
    """Checks the fields of one line or row, collecting a problem per wrong field; each
    check returns a usable value even when it fails, so that every field is checked."""

    where: str
    problems: list[str] = field(default_factory=list)

    def fail(self, name: str, message: str) -> None:
        self.problems.append(f"{self.where}, {name}: {message}")

    def text(
        self, data: dict[str, Any], name: str, *, required: bool = False, max_len: int = 500
    ) -> str:
        value = data.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(name, "must be text")
            return ""
        if required and not value.strip():
            self.fail(name, "is required")
        if len(value) > max_len:
            self.fail(name, f"is longer than {max_len} characters")
        return value

    def choice(
        self, data: dict[str, Any], name: str, options: Any, default: str | None = None
    ) -> str:
        value = data.get(name, default)
        if value not in options.values:
            allowed = ", ".join(options.values)
            self.fail(name, f"must be one of {allowed}, not {value!r}")
            return str(options.values[0])
        return str(value)

    def _absent(self, value: Any, name: str, required: bool, message: str) -> bool:
        """Whether ``value`` is missing (none, or empty text); a required one fails with
        ``message``."""
        if value not in (None, ""):
            return False
        if required:
            self.fail(name, message)
        return True

    def day(self, data: dict[str, Any], name: str, *, required: bool = False) -> date | None:
        value = data.get(name)
        if self._absent(value, name, required, "is required (YYYY-MM-DD)"):
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(name, f"must be a date YYYY-MM-DD, not {value!r}")
            return None

    def moment(self, data: dict[str, Any], name: str, *, required: bool = False) -> datetime | None:
        """A date and time in ISO 8601 that says its time zone."""
        value = data.get(name)
        if self._absent(value, name, required, "is required (ISO date and time)"):
            return None
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(name, f"must be an ISO date and time, not {value!r}")
            return None
        if parsed.tzinfo is None:
            self.fail(name, "must say its time zone (e.g. +00:00)")
        return parsed

    def number(self, data: dict[str, Any], name: str, *, required: bool = False) -> int | None:
        value = data.get(name)
        if self._absent(value, name, required, "is required"):
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(name, f"must be a whole number, 0 or more, not {value!r}")
            return None
        return value

    def flag(self, data: dict[str, Any], name: str) -> bool:
        value = data.get(name, False)
        if not isinstance(value, bool):
            self.fail(name, "must be true or false")
            return False
        return value

    def _list_of(self, data: dict[str, Any], name: str, kind: type, message: str) -> list[Any]:
        """The list ``data[name]`` (none: empty) when each of its values is a ``kind``, else
        empty and a failure with ``message``."""
        value = data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
            self.fail(name, message)
            return []
        return value

    def strings(self, data: dict[str, Any], name: str) -> list[str]:
        return list(self._list_of(data, name, str, "must be a list of texts"))

    def items(self, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
        return self._list_of(data, name, dict, "must be a list of objects")

    def all_found(self, name: str, wanted: Iterable[str], found: Iterable[str], what: str) -> None:
        """Fails ``name`` when a value of ``wanted`` is not among ``found``: ``what`` is the
        message with ``{}`` for the missing values."""
        missing = set(wanted) - set(found)
        if missing:
            self.fail(name, what.format(", ".join(sorted(missing))))
