"""Size limits of what users send, checked before anything is parsed.

- ``check_upload_size(name, size, kind)``: one uploaded file against the limit of its kind
  (a Word 2-pager, a ZIP of them, a spreadsheet import, an XLSForm).
- ``check_workbook(source, ...)``: an .xlsx from its metadata only — the ZIP directory
  (how large each part inflates to) and each sheet's declared ``<dimension ref=…>`` — so
  a 16 KB file that declares 1,048,576 rows × 1,024 columns is refused at once instead of
  being walked cell by cell.

Both raise :class:`LimitExceeded` (a ValueError) whose message names the file and the
limit; callers turn it into their own refusal (a form error, a 400, a CLI exit code)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO

from aiatlas.common.errors import InvalidInput

MB = 1024 * 1024
#: the largest file accepted per upload kind, in bytes
MAX_UPLOAD_BYTES: dict[str, int] = {
    "docx": 20 * MB,  # one 2-pager
    "zip": 100 * MB,  # a ZIP of 2-pagers
    "xlsx": 100 * MB,  # an activity import
    "csv": 200 * MB,
    "jsonl": 200 * MB,
    "xlsform": 20 * MB,  # a questionnaire
}
#: what a whole request body may hold besides files (Django's DATA_UPLOAD_MAX_MEMORY_SIZE)
MAX_REQUEST_FIELDS_BYTES = 5 * MB
#: the largest size an .xlsx may inflate to, and the largest ratio of any of its parts
MAX_WORKBOOK_INFLATED = 500 * MB
MAX_INFLATE_RATIO = 200
#: declared sheet sizes: XLSForms are small; activity imports have 22 columns
XLSFORM_MAX_ROWS, XLSFORM_MAX_COLUMNS = 20_000, 500
IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS = 1_048_576, 100
#: a declared area this many times larger than the sheet's XML is an inflated used range
MAX_CELLS_PER_BYTE = 50
_SMALL_AREA = 1_000_000

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


class LimitExceeded(InvalidInput, ValueError):
    """A file is larger (or declares more) than allowed; the message says which limit."""


def human(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size / 1024:,.0f} KB"


def check_upload_size(name: str, size: int | None, kind: str) -> None:
    """Refuse a file over its kind's limit, from the size the upload declared."""
    limit = MAX_UPLOAD_BYTES[kind]
    if size is not None and size > limit:
        raise LimitExceeded(f"{name} is {human(size)}; at most {human(limit)} are allowed")


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def parse_dimension(ref: str) -> tuple[int, int] | None:
    """``A1:AMJ1048576`` -> (1048576 rows, 1024 columns); None when it cannot be read."""
    last = ref.strip().split(":")[-1]
    match = _REF.match(last)
    if not match:
        return None
    return int(match.group(2)), _column_number(match.group(1))


def _declared(archive: zipfile.ZipFile, member: str) -> tuple[int, int] | None:
    """A sheet's declared dimension, read from the start of its XML (it comes before the
    cells) through the safe parser, whatever the part's encoding."""
    from aiatlas.common.safexml import UnsafeXml, iterparse, local_name

    try:
        with archive.open(member) as stream:
            for _event, element in iterparse(stream, events=("start",)):
                name = local_name(element.tag)
                if name == "dimension":
                    return parse_dimension(str(element.get("ref", "")))
                if name == "sheetData":
                    return None
    except UnsafeXml as exc:
        raise LimitExceeded(f"{member}: {exc}") from None
    return None


def check_workbook(
    source: str | Path | IO[bytes],
    *,
    name: str = "the workbook",
    max_rows: int,
    max_columns: int,
) -> None:
    """Refuse an .xlsx whose parts inflate too far or whose sheets declare more rows or
    columns than allowed, before openpyxl reads a cell. A file that is not a ZIP is left
    to the caller's own checks."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        infos = archive.infolist()
        inflated = sum(i.file_size for i in infos)
        if inflated > MAX_WORKBOOK_INFLATED:
            raise LimitExceeded(
                f"{name} inflates to {human(inflated)}; at most "
                f"{human(MAX_WORKBOOK_INFLATED)} are allowed"
            )
        for info in infos:
            if info.file_size > MB and info.file_size > MAX_INFLATE_RATIO * max(
                info.compress_size, 1
            ):
                raise LimitExceeded(
                    f"{name}: {info.filename} inflates more than {MAX_INFLATE_RATIO}-fold; "
                    "refused as a possible ZIP bomb"
                )
        for info in infos:
            member = info.filename
            if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                continue
            declared = _declared(archive, member)
            if declared is None:
                continue
            rows, columns = declared
            sheet = member.rsplit("/", 1)[-1].removesuffix(".xml")
            if rows > max_rows or columns > max_columns:
                raise LimitExceeded(
                    f"{name}, {sheet}: it declares {rows:,} rows × {columns:,} columns; at "
                    f"most {max_rows:,} rows and {max_columns:,} columns are allowed. If the "
                    "sheet is smaller, delete the empty rows and columns after the data and "
                    "save it again"
                )
            area = rows * columns
            if area > _SMALL_AREA and area > MAX_CELLS_PER_BYTE * max(info.file_size, 1):
                raise LimitExceeded(
                    f"{name}, {sheet}: it declares {rows:,} rows × {columns:,} columns but "
                    f"holds only {human(info.file_size)} of cells; delete the empty rows and "
                    "columns after the data and save it again"
                )
