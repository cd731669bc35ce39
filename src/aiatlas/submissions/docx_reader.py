"""Read the text of a .docx safely: only the main document part is decompressed (never
the media), with size and ratio limits, no DTDs, and tracked changes taken as accepted.

The result is a flat list of blocks in reading order: ``("label", key)`` for a field's
label, ``("section", heading)`` for other headings, ``("text", paragraph)`` for the rest;
labels are found in paragraphs and in table rows (``Title | the value``)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from aiatlas.submissions.docx_fields import match_label

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


def read_document_xml(stream: IO[bytes]) -> bytes:
    """The main document part of a .docx; media and other parts are never decompressed."""
    stream.seek(0)
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
            return _read_capped(archive, info, MAX_DOCUMENT_XML_BYTES)
        except RuntimeError as exc:  # encrypted entries
            raise DocxProblem(f"cannot be read ({exc})") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise DocxProblem(f"is damaged ({exc})") from None


def _paragraph_text(element: Any, out: list[str], doc: DocumentText) -> None:
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


def document_blocks(xml: bytes) -> DocumentText:
    """Labels and paragraphs of a main document part, in reading order."""
    from lxml import etree

    if b"<!DOCTYPE" in xml or b"<!doctype" in xml:
        raise DocxProblem("contains a DTD, which Word never writes: refused")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise DocxProblem(f"has a damaged document part ({exc})") from None
    body = root.find(W + "body")
    doc = DocumentText()
    if body is None:
        raise DocxProblem("is not a Word document (no document body)")
    _blocks(body, doc, doc.blocks)
    return doc
