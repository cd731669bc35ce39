"""Read the text of a .docx safely: only the main document part (and the small document
properties) are decompressed, never the media, with size and ratio limits, no DTDs in any
encoding, and tracked changes taken as accepted.

Two views of the main part:
- :func:`document_blocks`, for aiatlas's own template: a flat list of blocks in reading
  order, ``("label", key)`` for a field's label, ``("section", heading)`` for other headings,
  ``("text", paragraph)`` for the rest; labels are found in paragraphs and in table rows;
- :func:`document_items`, for any layout: every paragraph with its style, heading level,
  list level and boldness, and every table row with the text of its cells.

Limits: a .docx of at most :data:`MAX_FILE_BYTES` (checked before the ZIP is opened), at
most :data:`MAX_ENTRIES` parts, ``word/document.xml`` at most
:data:`MAX_DOCUMENT_XML_BYTES` and inflating at most :data:`MAX_RATIO`-fold."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from aiatlas.submissions.docx_fields import match_label

#: the largest .docx accepted (pictures included); checked before unzipping
MAX_FILE_BYTES = 100 * 1024 * 1024
#: the main document part of a 2-pager is some tens of KB; 10 MB is generous
MAX_DOCUMENT_XML_BYTES = 10 * 1024 * 1024
#: a part that inflates more than this (and to over 1 MB) is treated as a zip bomb
MAX_RATIO = 200
MAX_ENTRIES = 10_000
_SMALL = 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    W + "p",
    W + "tbl",
    W + "tr",
    W + "tc",
    W + "sdt",
    W + "sdtContent",
)
_T, _TAB, _BR, _CR = W + "t", W + "tab", W + "br", W + "cr"
_DELETED = frozenset({W + "del", W + "moveFrom"})
_INSERTED = frozenset({W + "ins", W + "moveTo"})
_SKIP = frozenset(
    {
        W + "pPr",
        W + "rPr",
        W + "instrText",
        W + "delText",
        W + "tblPr",
        W + "trPr",
        W + "tcPr",
        W + "sdtPr",
        W + "tblGrid",
        W + "sectPr",
    }
)
_OFFICE_DOCUMENT = re.compile(
    rb'<Relationship[^>]*Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"'
    rb'|<Relationship[^>]*Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"'
)
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class DocxProblem(Exception):
    """This file cannot be read; the message says why."""


@dataclass
class DocumentText:
    blocks: list[tuple[str, str]] = field(default_factory=list)
    insertions: int = 0
    deletions: int = 0


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "is a PDF, not a Word .docx file; please upload the filled Word template"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "is an old Word .doc file (or a password-protected one); save it as .docx "
            "without a password"
        )
    if not head.startswith(b"PK"):
        return "is not a Word .docx file (it is not a ZIP container)"
    return None


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    if info.file_size > cap:
        raise DocxProblem(f"{info.filename} is {info.file_size:,} bytes; at most {cap:,} allowed")
    if info.file_size > _SMALL and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise DocxProblem(
            f"{info.filename} inflates {info.file_size // max(info.compress_size, 1)}"
            "-fold: refused as a possible zip bomb"
        )
    with archive.open(info) as stream:
        data = stream.read(cap + 1)  # the declared size may lie: never read past the cap
    if len(data) > cap:
        raise DocxProblem(f"{info.filename} is larger than {cap:,} bytes")
    return data


@dataclass
class DocxParts:
    document: bytes
    core: bytes | None = None  # docProps/core.xml, when present


def stream_size(stream: IO[bytes]) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def read_document_xml(stream: IO[bytes]) -> bytes:
    """The main document part of a .docx; media and other parts are never decompressed."""
    return read_parts(stream).document


def read_parts(stream: IO[bytes]) -> DocxParts:
    """The main document part and the core properties of a .docx, read within the limits."""
    size = stream_size(stream)
    if size > MAX_FILE_BYTES:
        raise DocxProblem(f"is {size:,} bytes; at most {MAX_FILE_BYTES:,} are allowed")
    problem = _sniff(stream.read(8))
    if problem:
        raise DocxProblem(problem)
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocxProblem(f"is damaged: not a valid ZIP container ({exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DocxProblem(f"holds {len(infos):,} parts; a Word file has far fewer")
        names = {info.filename: info for info in infos}
        if "word/vbaProject.bin" in names:
            raise DocxProblem("contains macros; save it as a plain .docx (without macros)")
        try:
            types = names.get("[Content_Types].xml")
            if types is None:
                raise DocxProblem("is not a Word document ([Content_Types].xml is missing)")
            if b"macroEnabled" in _read_capped(archive, types, _SMALL):
                raise DocxProblem("is a macro-enabled document; save it as a plain .docx")
            main = "word/document.xml"
            rels = names.get("_rels/.rels")
            if rels is not None:
                found = _OFFICE_DOCUMENT.search(_read_capped(archive, rels, _SMALL))
                if found:
                    main = (found.group(1) or found.group(2)).decode("utf-8", "replace")
            info = names.get(main)
            if info is None:
                raise DocxProblem(f"is not a Word document ({main} is missing)")
            document = _read_capped(archive, info, MAX_DOCUMENT_XML_BYTES)
            core_info = names.get("docProps/core.xml")
            core = _read_capped(archive, core_info, _SMALL) if core_info is not None else None
            return DocxParts(document=document, core=core)
        except RuntimeError as exc:  # encrypted entries
            raise DocxProblem(f"cannot be read ({exc})") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise DocxProblem(f"is damaged ({exc})") from None


def _paragraph_text(element: Any, out: list[str], doc: Any) -> None:
    for child in element:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag in _DELETED:
            doc.deletions += 1  # tracked deletion: the accepted text drops it
        elif tag in _SKIP:
            continue
        else:
            if tag in _INSERTED:
                doc.insertions += 1  # tracked insertion: the accepted text keeps it
            _paragraph_text(child, out, doc)


def _style(paragraph: Any) -> str:
    ppr = paragraph.find(W + "pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    return str(style.get(W + "val", "")) if style is not None else ""


def _blocks(container: Any, doc: DocumentText, out: list[tuple[str, str]]) -> None:
    for child in container:
        tag = child.tag
        if tag == _P:
            parts: list[str] = []
            _paragraph_text(child, parts, doc)
            text = "".join(parts)
            heading = _style(child).lower().startswith(("heading", "title"))
            key = match_label(text, bare=heading)
            # a heading that names no field (a section title) ends the field before it
            out.append(("label", key) if key else ("section" if heading else "text", text))
        elif tag == _TBL:
            for row in child:
                if row.tag == _TR:
                    _row(row, doc, out)
        elif tag in _DELETED:
            doc.deletions += 1
        elif tag in (_SDT, _SDT_CONTENT) or tag in _INSERTED:
            _blocks(child, doc, out)


def _row(row: Any, doc: DocumentText, out: list[tuple[str, str]]) -> None:
    cells: list[list[tuple[str, str]]] = []
    for cell in row:
        if cell.tag == _TC:
            blocks: list[tuple[str, str]] = []
            _blocks(cell, doc, blocks)
            cells.append(blocks)
    if len(cells) >= 2 and cells[0]:
        first = cells[0]
        key: str | None = None
        if len(first) == 1 and first[0][0] == "label":
            key = first[0][1]
        elif all(kind == "text" for kind, _ in first):
            key = match_label("\n".join(t for _, t in first).strip(), bare=True)
        if key:
            out.append(("label", key))
            for blocks in cells[1:]:
                out.extend(blocks)
            return
    for blocks in cells:
        out.extend(blocks)


def _decoded(xml: bytes) -> str:
    """The text of an XML part in its own encoding (BOM or the zero bytes of UTF-16/32)."""
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xef\xbb\xbf", "utf-8"),
    ):
        if xml.startswith(bom):
            return xml[len(bom) :].decode(encoding, "replace")
    head = xml[:4]
    if head.startswith(b"<\x00\x00\x00"):
        return xml.decode("utf-32-le", "replace")
    if head.startswith(b"\x00\x00\x00<"):
        return xml.decode("utf-32-be", "replace")
    if head.startswith(b"<\x00"):
        return xml.decode("utf-16-le", "replace")
    if head.startswith(b"\x00<"):
        return xml.decode("utf-16-be", "replace")
    return xml.decode("utf-8", "replace")


def parse_xml(xml: bytes) -> Any:
    """An XML part as an lxml element, refusing any DTD or entity declaration (in UTF-8,
    UTF-16 or UTF-32), never resolving entities or reaching the network."""
    from lxml import etree

    if _DTD.search(_decoded(xml)):
        raise DocxProblem("contains a DTD, which Word never writes: refused")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        load_dtd=False,
        dtd_validation=False,
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise DocxProblem(f"has a damaged document part ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise DocxProblem("contains a DTD, which Word never writes: refused")
    return root


def _body(xml: bytes) -> Any:
    body = parse_xml(xml).find(W + "body")
    if body is None:
        raise DocxProblem("is not a Word document (no document body)")
    return body


def document_blocks(xml: bytes) -> DocumentText:
    """Labels and paragraphs of a main document part, in reading order."""
    body = _body(xml)
    doc = DocumentText()
    _blocks(body, doc, doc.blocks)
    return doc


_DC = "{http://purl.org/dc/elements/1.1/}"


def core_identifier(core: bytes | None) -> str:
    """The ``dc:identifier`` of the core properties (where aiatlas notes the draft a
    2-pager was exported from), or ""."""
    if not core:
        return ""
    import defusedxml.ElementTree as SafeET

    try:
        root = SafeET.fromstring(core)
    except Exception:
        return ""
    found = root.find(_DC + "identifier")
    return (found.text or "").strip()[:200] if found is not None else ""


@dataclass
class Paragraph:
    text: str
    heading: int = 0  # 1 for Title/Heading 1, 2 for Heading 2 …; 0 for body text
    list_level: int | None = None  # 0 for a bullet, 1 for a sub-bullet …; None outside lists
    bold: bool = False  # every run with text is bold


@dataclass
class Row:
    cells: list[list[Paragraph]]


@dataclass
class DocumentItems:
    items: list[Paragraph | Row] = field(default_factory=list)
    insertions: int = 0
    deletions: int = 0


_LEVEL_STYLE = re.compile(r"^list(?:bullet|number|continue|paragraph)?(\d?)$")


def _paragraph(element: Any, doc: Any) -> Paragraph:
    parts: list[str] = []
    _paragraph_text(element, parts, doc)
    text = "".join(parts)
    style = _style(element).lower().replace(" ", "")
    heading = 0
    if style.startswith("heading"):
        digits = style[7:]
        heading = int(digits) if digits.isdigit() else 1
    elif style in {"title", "subtitle"}:
        heading = 1
    ppr = element.find(W + "pPr")
    outline = ppr.find(W + "outlineLvl") if ppr is not None else None
    if not heading and outline is not None and str(outline.get(W + "val", "")).isdigit():
        heading = int(outline.get(W + "val")) + 1
    level: int | None = None
    num = ppr.find(W + "numPr") if ppr is not None else None
    if num is not None:
        ilvl = num.find(W + "ilvl")
        raw = str(ilvl.get(W + "val", "0")) if ilvl is not None else "0"
        level = int(raw) if raw.isdigit() else 0
    else:
        match = _LEVEL_STYLE.match(style)
        if match and style != "list":
            level = max(int(match.group(1) or 1) - 1, 0)
    bold_runs = [_bold(run) for run in element.iter(W + "r") if "".join(run.itertext()).strip()]
    return Paragraph(
        text=text, heading=heading, list_level=level, bold=bool(bold_runs) and all(bold_runs)
    )


def _bold(run: Any) -> bool:
    rpr = run.find(W + "rPr")
    b = rpr.find(W + "b") if rpr is not None else None
    return b is not None and str(b.get(W + "val", "true")).lower() not in {"0", "false", "off"}


def _items(container: Any, doc: DocumentItems, out: list[Paragraph | Row]) -> None:
    for child in container:
        tag = child.tag
        if tag == _P:
            out.append(_paragraph(child, doc))
        elif tag == _TBL:
            for row in child:
                if row.tag == _TR:
                    cells: list[list[Paragraph]] = []
                    for cell in row:
                        if cell.tag == _TC:
                            inside: list[Paragraph | Row] = []
                            _items(cell, doc, inside)
                            cells.append([p for p in inside if isinstance(p, Paragraph)])
                    out.append(Row(cells))
        elif tag in _DELETED:
            doc.deletions += 1
        elif tag in (_SDT, _SDT_CONTENT) or tag in _INSERTED:
            _items(child, doc, out)


def document_items(xml: bytes) -> DocumentItems:
    """Every paragraph and table row of a main document part, in reading order."""
    body = _body(xml)
    doc = DocumentItems()
    _items(body, doc, doc.items)
    return doc
