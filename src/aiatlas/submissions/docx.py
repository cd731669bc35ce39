"""The 2-pager: a Word template with every field of an activity, filled exports, and the
parser that reads filled templates back (one file, many, or a ZIP of files).

Limits (bad input gets a clear message, never a crash):
- at most :data:`MAX_FILES_PER_UPLOAD` (200) Word files per upload, ZIP contents included;
- a .docx of at most :data:`MAX_FILE_BYTES` (100 MB; pictures are never decompressed, only
  ``word/document.xml``, itself at most 10 MB and inflating at most 200-fold);
- a ZIP of at most :data:`MAX_ZIP_TOTAL_BYTES` (1 GB) unpacked, no entry inflating more than
  200-fold; .docm (macros), PDFs and other files named .docx are refused.
Text is taken as written (HTML stays literal text); tracked changes are read as accepted
(insertions kept, deletions dropped) and noted. Line endings become ``\\n``.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from aiatlas.catalog.io.schema import COLUMNS, EXAMPLE_ROW, LIST_COLUMNS
from aiatlas.catalog.io.validation import RecordErrors, Vocabulary, validate_record
from aiatlas.submissions.docx_fields import SECTIONS, label_text, parse_value
from aiatlas.submissions.docx_reader import (
    MAX_FILE_BYTES,
    MAX_RATIO,
    DocxProblem,
    document_blocks,
    read_document_xml,
)
from aiatlas.submissions.exceptions import UploadRejected

MAX_FILES_PER_UPLOAD = 200

MAX_ZIP_TOTAL_BYTES = 1024 * 1024 * 1024
INSTRUCTIONS = (
    "Write each answer under its heading, then upload this file to aiatlas. Keep the "
    "headings: the key in square brackets, such as [title], lets aiatlas read your answers. "
    "Lists take one item per line. A table with the heading in the first column and the "
    "answer in the second works too. Leave a field empty when it does not apply."
)
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FieldProblem:
    field: str  # a column of the file schema; "" for the file as a whole
    message: str


@dataclass
class ParseResult:
    filename: str
    record: dict[str, Any]  # clean when there are no problems, else as read
    problems: list[FieldProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)  # each field's text as written

    @property
    def ok(self) -> bool:
        return not self.problems


def _document(record: dict[str, Any] | None, *, example: bool, reference: str = "") -> Any:
    import docx
    from docx.shared import Mm, Pt, RGBColor

    from aiatlas.submissions.twopager.names import display_paragraphs

    doc = docx.Document()
    for section in doc.sections:  # A4, the paper of the UN system
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
    doc.core_properties.title = "AI activity 2-pager"
    if reference:  # the draft it was exported from, read back on upload
        doc.core_properties.identifier = reference
    title = record.get("title") if record else ""
    doc.add_heading(f"AI activity: {title}" if title else "AI activity 2-pager", level=1)
    if not record:
        doc.add_paragraph(INSTRUCTIONS).runs[0].italic = True
    for section, fields in SECTIONS:
        doc.add_heading(section, level=2)
        for key, _label, hint in fields:
            heading = doc.add_heading(label_text(key), level=3)
            if hint and not record:
                run = heading.add_run(f" — {hint}")
                run.italic, run.bold = True, False
                run.font.size = Pt(9)
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
            value = (record or {}).get(key)
            if example and not record:
                value = EXAMPLE_ROW.get(key)
            paragraphs = display_paragraphs(key, value) if (record or example) else [""]
            style = "List Bullet" if key in LIST_COLUMNS and paragraphs else None
            for text in paragraphs or [""]:
                doc.add_paragraph(_XML_INVALID.sub("", text), style=style)
    return doc


def template_bytes() -> bytes:
    """An empty 2-pager with headings, instructions and a hint per field."""
    buffer = io.BytesIO()
    _document(None, example=False).save(buffer)
    return buffer.getvalue()


def write_template(path: Path | str) -> Path:
    """:func:`template_bytes`, written to ``path``."""
    path = Path(path)
    path.write_bytes(template_bytes())
    return path


def export_activity(
    record: dict[str, Any], *, submission_id: int | None = None, version: int | None = None
) -> bytes:
    """A filled 2-pager for one activity record (the file schema). Exported from a draft
    (``submission_id`` and ``version``), the file carries them in its core properties'
    identifier, so that uploading it again updates that draft."""
    reference = (
        f"aiatlas:submission:{submission_id}:version:{version}"
        if submission_id is not None and version is not None
        else ""
    )
    buffer = io.BytesIO()
    _document(record, example=False, reference=reference).save(buffer)
    return buffer.getvalue()


def _source(source: Path | str | bytes | IO[bytes]) -> tuple[str, IO[bytes]]:
    if isinstance(source, bytes):
        return "document.docx", io.BytesIO(source)
    if isinstance(source, str | Path):
        return Path(source).name, open(source, "rb")
    return str(getattr(source, "name", "") or "document.docx"), source


def parse_docx(
    source: Path | str | bytes | IO[bytes],
    *,
    vocabulary: Vocabulary | None = None,
    filename: str | None = None,
) -> ParseResult:
    """Every field of a filled 2-pager, each problem listed with its field."""
    name, stream = _source(source)
    name = filename or name
    try:
        if name.lower().endswith(".docm"):
            return _refused(name, "macro-enabled Word files (.docm) are refused; save as .docx")
        try:
            doc = document_blocks(read_document_xml(stream))
        except DocxProblem as exc:
            return _refused(name, f"{name} {exc}")
    finally:
        if isinstance(source, str | Path):
            stream.close()
    return parse_blocks(name, doc, vocabulary=vocabulary)


def parse_blocks(name: str, doc: Any, *, vocabulary: Vocabulary | None = None) -> ParseResult:
    """:func:`parse_docx` on the blocks of a document already read."""
    from aiatlas.submissions.twopager.names import normalise, normalise_paragraphs

    values: dict[str, list[str]] = {}
    problems: list[FieldProblem] = []
    current: str | None = None
    for kind, text in doc.blocks:
        if kind == "label":
            if text in values:
                problems.append(FieldProblem(text, "appears twice; the first one was used"))
                current = None
            else:
                current = text
                values[text] = []
        elif kind == "section":
            current = None
        elif current is not None:
            values[current].append(text)
    if vocabulary is None:
        from aiatlas.catalog.services.storage import load_vocabulary

        vocabulary = load_vocabulary()
    raw: dict[str, Any] = {}
    for key in COLUMNS:
        if key in values:
            raw[key] = normalise(
                key,
                parse_value(key, normalise_paragraphs(key, values[key])),
                countries=vocabulary.countries,
            )
        else:
            raw[key] = [] if key in LIST_COLUMNS else ""
            problems.append(
                FieldProblem(key, f"not found: keep the heading “{label_text(key)}” in the file")
            )
    notes = []
    if doc.insertions or doc.deletions:
        notes.append(
            f"tracked changes were read as accepted ({doc.insertions} insertion(s) kept, "
            f"{doc.deletions} deletion(s) dropped)"
        )
    try:
        record = validate_record(raw, vocabulary)
    except RecordErrors as exc:
        problems.extend(FieldProblem(column or "", message) for column, message in exc.errors)
        record = raw
    written = {k: "\n".join(t for t in lines if t.strip()) for k, lines in values.items()}
    return ParseResult(filename=name, record=record, problems=problems, notes=notes, raw=written)


def _refused(name: str, message: str) -> ParseResult:
    return ParseResult(filename=name, record={}, problems=[FieldProblem("", message)])


def _spool(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
    with archive.open(info) as stream:
        copied = 0
        while chunk := stream.read(1024 * 1024):
            copied += len(chunk)
            if copied > MAX_FILE_BYTES:
                spool.close()
                raise UploadRejected(f"{info.filename} is larger than {MAX_FILE_BYTES:,} bytes")
            spool.write(chunk)
    spool.seek(0)
    return spool


def _zip_members(name: str, stream: IO[bytes]) -> list[tuple[str, zipfile.ZipFile, Any]]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRejected(f"{name} is not a valid ZIP file") from None
    members = []
    total = 0
    for info in archive.infolist():
        base = info.filename.rsplit("/", 1)[-1]
        if info.is_dir() or info.filename.startswith("__MACOSX/") or base.startswith((".", "~$")):
            continue
        total += info.file_size
        if info.file_size > MAX_FILE_BYTES or total > MAX_ZIP_TOTAL_BYTES:
            raise UploadRejected(
                f"{name} unpacks to more than allowed ({MAX_FILE_BYTES:,} bytes per file, "
                f"{MAX_ZIP_TOTAL_BYTES:,} in all): refused as a possible zip bomb"
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UploadRejected(
                f"{name}: {info.filename} inflates more than {MAX_RATIO}-fold: refused as a "
                "possible zip bomb"
            )
        members.append((info.filename, archive, info))
    return members


def _upload_items(files: Iterable[Any]) -> list[tuple[str, Any]]:
    """The files of an upload, a .zip opened into its members: ("file", (name, stream)) or
    ("zip", (name, archive, info)). Raises :class:`UploadRejected` when there are more
    Word files than one upload may hold (or the ZIP is unusable)."""
    items: list[tuple[str, Any]] = []
    for item in files:
        if isinstance(item, tuple):
            name, data = item
        else:
            name, data = str(getattr(item, "name", "upload")), item
        stream: IO[bytes] = io.BytesIO(data) if isinstance(data, bytes) else data
        if name.lower().endswith(".zip"):
            items.extend(("zip", m) for m in _zip_members(name, stream))
        else:
            items.append(("file", (name, stream)))
    words = [i for i in items if not (i[0] == "zip" and not _is_word(i[1][0]))]
    if len(words) > MAX_FILES_PER_UPLOAD:
        raise UploadRejected(
            f"{len(words)} files in one upload; at most {MAX_FILES_PER_UPLOAD} are allowed — "
            "upload them in smaller batches"
        )
    return items


def parse_upload(
    files: Iterable[tuple[str, bytes | IO[bytes]] | Any],
    *,
    vocabulary: Vocabulary | None = None,
) -> list[ParseResult]:
    """One parse result per Word file: ``files`` are (name, bytes or file) pairs or uploaded
    files; a .zip counts as the files inside it. Raises :class:`UploadRejected` for an upload
    that cannot be used as a whole (too many files, a zip bomb, a broken ZIP)."""
    items = _upload_items(files)
    if vocabulary is None and items:
        from aiatlas.catalog.services.storage import load_vocabulary

        vocabulary = load_vocabulary()
    results: list[ParseResult] = []
    for kind, payload in items:
        if kind == "file":
            name, stream = payload
            if not _is_word(name):
                results.append(
                    _refused(name, f"{name} is not a Word .docx file (or a .zip of them)")
                )
                continue
            results.append(parse_docx(stream, vocabulary=vocabulary, filename=name))
            continue
        name, archive, info = payload
        if not _is_word(name):
            results.append(_refused(name, f"{name} (in the ZIP) is not a Word .docx file; skipped"))
            continue
        if name.lower().endswith(".docm"):
            results.append(_refused(name, "macro-enabled Word files (.docm) are refused"))
            continue
        spool = _spool(archive, info)
        with spool:
            results.append(parse_docx(spool, vocabulary=vocabulary, filename=name))
    return results


def _is_word(name: str) -> bool:
    return name.lower().endswith((".docx", ".docm"))


def read_upload_files(files: Iterable[Any], *, vocabulary: Vocabulary | None = None) -> list[Any]:
    """Like :func:`parse_upload`, but each Word file read by the 2-pager reader of every
    layout (:func:`aiatlas.submissions.twopager.reader.read_twopager`): one result per file,
    with every project found."""
    from aiatlas.submissions.twopager.reader import TwoPagerRead, read_twopager

    items = _upload_items(files)
    results: list[Any] = []
    for kind, payload in items:
        if kind == "file":
            name, stream = payload
            if not _is_word(name):
                message = f"{name} is not a Word .docx file (or a .zip of them)"
                results.append(TwoPagerRead(filename=name, refused=message))
                continue
            results.append(read_twopager(stream, filename=name, vocabulary=vocabulary))
            continue
        name, archive, info = payload
        if not _is_word(name):
            message = f"{name} (in the ZIP) is not a Word .docx file; skipped"
            results.append(TwoPagerRead(filename=name, refused=message))
            continue
        with _spool(archive, info) as spool:
            results.append(read_twopager(spool, filename=name, vocabulary=vocabulary))
    return results
