"""Stream rows out of CSV, XLSX and JSON Lines files, refusing files that are not what
they claim to be with a message that says what they look like."""

from __future__ import annotations

import codecs
import csv
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aiatlas.catalog.exceptions import FileRejected, RowError
from aiatlas.catalog.io.cells import cells_to_record
from aiatlas.catalog.io.schema import (
    COLUMNS,
    LABEL_COLUMN_NAMES,
    REQUIRED_COLUMNS,
    suggest_column,
)

FORMATS = ("csv", "xlsx", "jsonl")
CSV_FIELD_LIMIT = 1_000_000  # characters in one cell
_CHUNK = 1 << 20

#: what a row reader yields: its row number, and the record or the errors of that row
Row = tuple[int, dict[str, Any] | None, list[RowError]]


def detect_format(path: Path, declared: str | None = None) -> str:
    fmt = (declared or path.suffix.lstrip(".")).lower()
    if fmt in {"json", "ndjson"}:
        fmt = "jsonl"
    if fmt in {"xlsm", "xltm"}:
        raise FileRejected(f"{path.name}: macro-enabled workbooks are refused; save as .xlsx")
    if fmt not in FORMATS:
        raise FileRejected(
            f"{path.name}: unsupported file type {fmt or '(none)'!r}; use .csv, .xlsx or .jsonl"
        )
    return fmt


def _looks_like(head: bytes) -> str | None:
    signatures = {
        b"\xff\xfe": "UTF-16 text; save it as UTF-8",
        b"\xfe\xff": "UTF-16 text; save it as UTF-8",
        b"PK\x03\x04": "a ZIP archive (such as .xlsx or .docx)",
        b"%PDF": "a PDF document",
        b"\xd0\xcf\x11\xe0": "an old Office file (.xls or .doc)",
        b"\x89PNG": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image",
        b"\x1f\x8b": "a gzip archive",
        b"SQLite format 3": "a SQLite database",
    }
    for magic, what in signatures.items():
        if head.startswith(magic):
            return what
    if b"\x00" in head:
        return "a binary file"
    return None


def _check_text_file(path: Path, fmt: str) -> None:
    """Refuse binary files and text that is not UTF-8, naming the likely encoding."""
    with path.open("rb") as fh:
        head = fh.read(4096)
        what = _looks_like(head)
        if what:
            raise FileRejected(f"{path.name} is not a {fmt.upper()} file: it looks like {what}")
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        while chunk := fh.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise FileRejected(_not_utf8_message(path, offset + exc.start)) from None
            if b"\x00" in chunk:
                raise FileRejected(f"{path.name} contains NUL bytes: it is not a text file")
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileRejected(_not_utf8_message(path, offset)) from None


def _not_utf8_message(path: Path, offset: int) -> str:
    from charset_normalizer import from_bytes

    with path.open("rb") as fh:
        fh.seek(max(0, offset - 2000))
        sample = fh.read(64_000)
    best = from_bytes(sample).best()
    guess = ""
    if best is not None:
        # among encodings that read these bytes the same way, name the one people use most
        same = set(best.could_be_from_charset) | {best.encoding}
        common = [
            "utf_16",
            "cp1252",
            "latin_1",
            "cp1251",
            "gb18030",
            "big5",
            "shift_jis",
            "cp1256",
            "cp1250",
            "mac_roman",
        ]
        name = next((c for c in common if c in same), best.encoding)
        labels = {
            "cp1252": "Windows-1252 (Western European)",
            "latin_1": "ISO-8859-1 (Latin-1)",
            "cp1251": "Windows-1251 (Cyrillic)",
            "cp1256": "Windows-1256 (Arabic)",
            "cp1250": "Windows-1250 (Central European)",
            "utf_16": "UTF-16",
        }
        guess = f"; it looks like {labels.get(name, name)}"
    return (
        f"{path.name} is not UTF-8 (first bad byte at offset {offset:,}){guess}. "
        "Save it as 'CSV UTF-8' and import it again"
    )


def check_header(header: list[str], source: str) -> list[str]:
    columns = [h.strip().lower() if isinstance(h, str) else "" for h in header]
    problems = []
    # label columns (countries_names …) are known but output only: the rows drop them
    unknown = [c for c in columns if c not in COLUMNS and c not in LABEL_COLUMN_NAMES]
    if unknown:
        hints = []
        for c in unknown:
            suggestion = suggest_column(c)
            hints.append(f"{c!r}" + (f" (did you mean {suggestion!r}?)" if suggestion else ""))
        problems.append(f"unknown column(s): {', '.join(hints)}")
    dupes = sorted({c for c in columns if c and columns.count(c) > 1})
    if dupes:
        problems.append(f"column(s) given twice: {', '.join(dupes)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append(f"missing required column(s): {', '.join(missing)}")
    if problems:
        raise FileRejected(
            f"{source}: " + "; ".join(problems) + f". Known columns: {', '.join(COLUMNS)}"
        )
    return columns


def read_csv(path: Path) -> Iterator[Row]:
    _check_text_file(path, "csv")
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise FileRejected(f"{path.name} is empty: it has no header row") from None
        except csv.Error as exc:
            raise FileRejected(f"{path.name}: the header row cannot be read ({exc})") from None
        columns = check_header(header, path.name)
        width = len(columns)
        row_number = 1
        while True:
            row_number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                msg = str(exc)
                if "field larger than field limit" in msg:
                    msg = f"a cell is longer than {CSV_FIELD_LIMIT:,} characters"
                yield row_number, None, [RowError(row_number, None, msg)]
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != width:
                yield (
                    row_number,
                    None,
                    [RowError(row_number, None, f"has {len(cells)} cells; the header has {width}")],
                )
                continue
            yield row_number, cells_to_record(dict(zip(columns, cells, strict=True))), []


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[str]:
    """Merged ranges of a sheet, found by streaming its XML (openpyxl's read-only mode
    does not report them)."""
    import re

    ranges: list[str] = []
    pattern = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([^\"]+)\"")
    tail = b""
    with archive.open(sheet_path) as fh:
        while chunk := fh.read(_CHUNK):
            data = tail + chunk
            ranges.extend(m.decode() for m in pattern.findall(data))
            tail = data[-200:]
            # a match that straddles the boundary is found again in the tail; dedupe below
    return sorted(set(ranges))


def read_xlsx(path: Path) -> Iterator[Row]:
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head.startswith(b"PK\x03\x04"):
        what = _looks_like(head) or "a text file"
        raise FileRejected(f"{path.name} is not an XLSX workbook: it looks like {what}")
    try:
        archive = zipfile.ZipFile(path)
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise FileRejected(
            f"{path.name} is not an XLSX workbook: the ZIP archive is damaged"
        ) from None
    if "xl/workbook.xml" not in names:
        raise FileRejected(f"{path.name} is a ZIP archive but not an XLSX workbook")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FileRejected(f"{path.name} contains macros; save it as a plain .xlsx workbook")
    from aiatlas.common.limits import (
        IMPORT_MAX_COLUMNS,
        IMPORT_MAX_ROWS,
        LimitExceeded,
        check_workbook,
    )

    try:  # from the sheets' declared dimensions, before a cell is read
        check_workbook(
            path, name=path.name, max_rows=IMPORT_MAX_ROWS, max_columns=IMPORT_MAX_COLUMNS
        )
    except LimitExceeded as exc:
        archive.close()
        raise FileRejected(str(exc)) from None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise FileRejected(f"{path.name}: the workbook cannot be read ({exc})") from None
    try:
        sheets = workbook.sheetnames
        if "activities" in sheets:
            name = "activities"
        elif len(sheets) == 1:
            name = sheets[0]
        else:
            raise FileRejected(
                f"{path.name} has {len(sheets)} sheets ({', '.join(sheets)}) and none is named "
                "'activities'; name the sheet to import 'activities' or keep one sheet"
            )
        sheet = workbook[name]
        sheet_index = sheets.index(name)
        sheet_xml = _sheet_path(archive, sheet_index)
        merged = _merged_ranges(archive, sheet_xml) if sheet_xml else []
        if merged:
            raise FileRejected(
                f"{path.name}, sheet {name!r}: merged cells at {', '.join(merged[:10])}; "
                "unmerge them so each value sits in its own cell"
            )
        rows = sheet.iter_rows()
        try:
            header_cells = next(rows)
        except StopIteration:
            raise FileRejected(
                f"{path.name}, sheet {name!r} is empty: it has no header row"
            ) from None
        header = [_cell_text(c.value) for c in header_cells]
        while header and not header[-1]:
            header.pop()
        columns = check_header(header, f"{path.name}, sheet {name!r}")
        width = len(columns)
        for row_number, cells in enumerate(rows, start=2):
            values = list(cells)
            formulas = [
                f"{getattr(c, 'coordinate', '?')}"
                for c in values
                if getattr(c, "data_type", "") == "f"
            ]
            texts = [_cell_text(c.value) for c in values]
            if not any(t.strip() for t in texts):
                continue
            if formulas:
                yield (
                    row_number,
                    None,
                    [
                        RowError(
                            row_number,
                            None,
                            f"cell(s) {', '.join(formulas)} contain formulas; paste them as values",
                        )
                    ],
                )
                continue
            extra = [t for t in texts[width:] if t.strip()]
            if extra:
                yield (
                    row_number,
                    None,
                    [RowError(row_number, None, f"has values beyond the {width} header columns")],
                )
                continue
            texts = (texts + [""] * width)[:width]
            yield row_number, cells_to_record(dict(zip(columns, texts, strict=True))), []
    finally:
        workbook.close()
        archive.close()


def _sheet_path(archive: zipfile.ZipFile, index: int) -> str | None:
    """The XML part of the index-th sheet, following the workbook's relationships."""
    import re

    workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    ids = re.findall(r"<(?:\w+:)?sheet\b[^>]*\br:id=\"([^\"]+)\"", workbook)
    if index >= len(ids):
        return None
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        if f'Id="{ids[index]}"' in rel:
            target = re.search(r'Target="([^"]+)"', rel)
            if target:
                t = target.group(1).lstrip("/")
                return t if t.startswith("xl/") else f"xl/{t}"
    return None


def read_jsonl(path: Path) -> Iterator[Row]:
    _check_text_file(path, "jsonl")
    with path.open("r", encoding="utf-8-sig") as fh:
        for line_number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield (
                    line_number,
                    None,
                    [RowError(line_number, None, f"not valid JSON ({exc.msg})")],
                )
                continue
            if not isinstance(value, dict):
                yield (
                    line_number,
                    None,
                    [
                        RowError(
                            line_number, None, f"expected a JSON object, got {type(value).__name__}"
                        )
                    ],
                )
                continue
            yield line_number, value, []


def read_rows(path: Path, fmt: str) -> Iterator[Row]:
    if not path.is_file():
        raise FileRejected(f"{path}: no such file")
    readers = {"csv": read_csv, "xlsx": read_xlsx, "jsonl": read_jsonl}
    return readers[fmt](path)
