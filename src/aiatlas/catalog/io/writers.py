"""Write activity records as CSV, XLSX or JSON Lines, streaming.

CSV and XLSX exports carry, right after each coded column, an output-only column with the
English names of its codes (``countries`` -> ``countries_names``); import ignores them.
JSON Lines is the machine format and holds codes only.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from aiatlas.catalog.io.cells import record_to_cells
from aiatlas.catalog.io.schema import COLUMNS, EXPORT_COLUMNS

if TYPE_CHECKING:
    from aiatlas.catalog.io.labels import CodeLabels


def _header(labels: CodeLabels | None) -> list[str]:
    return EXPORT_COLUMNS if labels is not None else COLUMNS


def _cells(record: dict[str, Any], labels: CodeLabels | None) -> list[str | int | None]:
    cells = record_to_cells(record)
    if labels is None:
        return cells
    from aiatlas.catalog.io.labels import labelled_cells

    return labelled_cells(record, cells, labels)


def write_csv(
    records: Iterable[dict[str, Any]], out: IO[str], labels: CodeLabels | None = None
) -> int:
    """CSV, UTF-8 with a byte-order mark so that spreadsheets read it as UTF-8; with
    ``labels``, a label column after each coded column."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_header(labels))
    count = 0
    for record in records:
        writer.writerow(["" if v is None else v for v in _cells(record, labels)])
        count += 1
    return count


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps({c: record.get(c) for c in COLUMNS}, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def write_xlsx(
    records: Iterable[dict[str, Any]], path: Path, labels: CodeLabels | None = None
) -> int:
    """XLSX in write-only mode (rows are streamed to disk), sheet ``activities``; with
    ``labels``, a label column (grey header) after each coded column."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from aiatlas.catalog.io.schema import LABEL_COLUMN_NAMES

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("activities")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    grey = Font(bold=True, italic=True, color="FF6B6B6B")
    header = []
    for name in _header(labels):
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = grey if name in LABEL_COLUMN_NAMES else bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for record in records:
        row = []
        for value in _cells(record, labels):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never let a string be read back as a formula
            row.append(cell)
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count


def write_records(
    records: Iterable[dict[str, Any]], fmt: str, path: Path, *, labels: bool = True
) -> int:
    """Write ``records`` as ``fmt``; CSV and XLSX get the label columns unless ``labels``
    is false (templates and generated input files)."""
    names: CodeLabels | None = None
    if labels and fmt in ("csv", "xlsx"):
        from aiatlas.catalog.queries import code_labels

        names = code_labels()
    if fmt == "xlsx":
        return write_xlsx(records, path, names)
    with path.open("w", encoding="utf-8", newline="") as out:
        if fmt == "csv":
            return write_csv(records, out, names)
        return write_jsonl(records, out)


def template_records() -> Iterator[dict[str, Any]]:
    from aiatlas.catalog.io.schema import EXAMPLE_ROW

    yield dict(EXAMPLE_ROW)
