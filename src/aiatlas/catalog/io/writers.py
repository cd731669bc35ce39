"""Write activity records as CSV, XLSX or JSON Lines, streaming."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from aiatlas.catalog.io.cells import record_to_cells
from aiatlas.catalog.io.schema import COLUMNS


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """CSV, UTF-8 with a byte-order mark so that spreadsheets read it as UTF-8."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        writer.writerow(["" if v is None else v for v in record_to_cells(record)])
        count += 1
    return count


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps({c: record.get(c) for c in COLUMNS}, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def write_xlsx(records: Iterable[dict[str, Any]], path: Path) -> int:
    """XLSX in write-only mode (rows are streamed to disk), sheet ``activities``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("activities")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for record in records:
        row = []
        for value in record_to_cells(record):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never let a string be read back as a formula
            row.append(cell)
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count


def write_records(records: Iterable[dict[str, Any]], fmt: str, path: Path) -> int:
    if fmt == "xlsx":
        return write_xlsx(records, path)
    with path.open("w", encoding="utf-8", newline="") as out:
        if fmt == "csv":
            return write_csv(records, out)
        return write_jsonl(records, out)


def template_records() -> Iterator[dict[str, Any]]:
    from aiatlas.catalog.io.schema import EXAMPLE_ROW

    yield dict(EXAMPLE_ROW)
