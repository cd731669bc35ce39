"""The 2-pager round trip and every bad input of an upload."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from lxml import etree

from aiatlas.catalog.io.schema import COLUMNS, EXAMPLE_ROW
from aiatlas.catalog.io.validation import validate_record
from aiatlas.catalog.services.storage import load_vocabulary
from aiatlas.submissions.docx import (
    MAX_FILES_PER_UPLOAD,
    export_activity,
    parse_docx,
    parse_upload,
    write_template,
)
from aiatlas.submissions.exceptions import UploadRejected
from tests.catalog.test_roundtrip import TRICKY
from tests.conftest import make_record

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
HOSTILE = make_record(
    id="A000042",
    title=SCRIPT,
    description=f"{SCRIPT}\n<b>bold</b> &amp; [title] ; \\ \t tab",
    output_type=SCRIPT,
    domains=[SCRIPT, "a;b"],
    co_leads=[SCRIPT],
    partners=[{"organization": SCRIPT, "sector": "civil_society"}],
    sdg_goals=[{"code": "3", "source": "curator", "evidence": SCRIPT}],
    links=[{"url": "https://example.org/x", "label": SCRIPT}],
    contact_name=SCRIPT,
    contact_public=True,
)


@pytest.fixture
def vocab():
    return load_vocabulary()


def _expected(record, vocab):
    clean = validate_record(record, vocab)
    clean["description"] = clean["description"].replace("\r\n", "\n").replace("\r", "\n")
    return clean


@pytest.mark.parametrize("record", [*TRICKY, make_record(), dict(EXAMPLE_ROW), HOSTILE])
def test_export_then_parse_gives_the_same_record(record, vocab):
    result = parse_docx(export_activity(record), vocabulary=vocab)
    assert result.problems == []
    assert result.record == _expected(record, vocab)
    assert list(result.record) == COLUMNS


def test_html_and_javascript_stay_literal_text(vocab):
    result = parse_docx(export_activity(HOSTILE), vocabulary=vocab)
    assert result.record["title"] == SCRIPT
    assert result.record["partners"][0]["organization"] == SCRIPT


def test_template_has_every_field_and_parses_back_empty(tmp_path, vocab):
    path = write_template(tmp_path / "2-pager.docx")
    result = parse_docx(path, vocabulary=vocab)
    assert {p.field for p in result.problems} == {"title", "lead_organization"}
    assert all("required" in p.message for p in result.problems)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    for column in COLUMNS:
        assert f"[{column}]" in text
    assert "square brackets" in text  # the instructions


def _docx_bytes(doc):
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_fields_in_a_table_are_read(vocab):
    import docx

    doc = docx.Document()
    doc.add_heading("Our activity", 1)
    table = doc.add_table(rows=0, cols=2)
    rows = [
        ("Title", ["Flood alerts"]),
        ("Lead organization:", ["WMO"]),
        ("Description [description]", ["Line one", "line two"]),
        ("Countries", ["KEN", "UGA"]),
        ("SDG targets", ["13.1 (curator: early warning)"]),
        ("start_year", ["2022"]),
        ("Contact may be shown publicly", ["yes"]),
        ("Partners", ["Makerere University (academia)"]),
    ]
    for label, values in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = values[0]
        for more in values[1:]:
            cells[1].add_paragraph(more)
    result = parse_docx(_docx_bytes(doc), vocabulary=vocab)
    record = result.record
    assert {p.field for p in result.problems} == {
        c
        for c in COLUMNS
        if c
        not in {
            "title",
            "lead_organization",
            "description",
            "countries",
            "sdg_targets",
            "start_year",
            "contact_public",
            "partners",
        }
    }
    assert all("not found" in p.message for p in result.problems)
    assert record["title"] == "Flood alerts" and record["lead_organization"] == "WMO"
    assert record["description"] == "Line one\nline two"
    assert record["countries"] == ["KEN", "UGA"] and record["start_year"] == 2022
    assert record["sdg_targets"][0]["evidence"] == "early warning"
    assert record["partners"] == [{"organization": "Makerere University", "sector": "academia"}]


def test_exported_fields_moved_into_a_table_still_parse(vocab):
    import docx

    record = make_record(title="Moved into a table")
    source = docx.Document(io.BytesIO(export_activity(record)))
    doc = docx.Document()
    table = doc.add_table(rows=0, cols=2)
    paragraphs = source.paragraphs
    i = 0
    while i < len(paragraphs):
        text = paragraphs[i].text
        if text.endswith("]") and "[" in text:
            cells = table.add_row().cells
            cells[0].text = text
            values = []
            i += 1
            while i < len(paragraphs) and not (paragraphs[i].style.name.startswith("Heading")):
                values.append(paragraphs[i].text)
                i += 1
            cells[1].text = values[0] if values else ""
            for more in values[1:]:
                cells[1].add_paragraph(more)
        else:
            i += 1
    result = parse_docx(_docx_bytes(doc), vocabulary=vocab)
    assert result.problems == []
    assert result.record == _expected(record, vocab)


def _rewrite_document(data, change):
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = change(content)
            target.writestr(info, content)
    return out.getvalue()


def test_tracked_changes_are_read_as_accepted_and_noted(vocab):
    def change(xml):
        root = etree.fromstring(xml)
        for paragraph in root.iter(W + "p"):
            if "".join(paragraph.itertext()) == "Crop disease detection from phone photos":
                deleted = etree.SubElement(paragraph, W + "del")
                etree.SubElement(etree.SubElement(deleted, W + "r"), W + "delText").text = " OLD"
                inserted = etree.SubElement(paragraph, W + "ins")
                etree.SubElement(etree.SubElement(inserted, W + "r"), W + "t").text = " (pilot)"
        return etree.tostring(root)

    data = _rewrite_document(export_activity(make_record()), change)
    result = parse_docx(data, vocabulary=vocab)
    assert result.problems == []
    assert result.record["title"] == "Crop disease detection from phone photos (pilot)"
    assert "tracked changes" in result.notes[0] and "1 deletion" in result.notes[0]


def test_pdf_named_docx_is_refused_clearly(vocab):
    result = parse_docx(b"%PDF-1.7\n...", vocabulary=vocab, filename="report.docx")
    assert result.problems[0].field == "" and "is a PDF" in result.problems[0].message
    assert result.record == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just some text, not a zip", "not a ZIP container"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Word .doc"),
        (b"PK\x03\x04 broken", "damaged"),
        (b"", "not a ZIP container"),
    ],
)
def test_files_that_are_not_docx_are_refused(data, message, vocab):
    result = parse_docx(data, vocabulary=vocab, filename="x.docx")
    assert not result.ok and message in result.problems[0].message


def test_zip_that_is_not_a_word_document_is_refused(vocab):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    result = parse_docx(out.getvalue(), vocabulary=vocab)
    assert "not a Word document" in result.problems[0].message


def test_macro_enabled_documents_are_refused(vocab):
    data = export_activity(make_record())
    by_name = parse_upload([("m.docm", data)], vocabulary=vocab)[0]
    assert "macro" in by_name.problems[0].message
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/vbaProject.bin", b"\0" * 100)
    hidden = parse_docx(out.getvalue(), vocabulary=vocab, filename="innocent.docx")
    assert "macros" in hidden.problems[0].message


def test_document_xml_bomb_is_refused(vocab):
    def change(xml):
        return xml + b" " * (30 * 1024 * 1024)

    data = _rewrite_document(export_activity(make_record()), change)
    assert len(data) < 1024 * 1024
    result = parse_docx(data, vocabulary=vocab)
    assert "at most" in result.problems[0].message or "bomb" in result.problems[0].message


def test_dtd_in_document_is_refused(vocab):
    def change(xml):
        decl, _, rest = xml.partition(b"?>")
        return decl + b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + rest

    result = parse_docx(_rewrite_document(export_activity(make_record()), change), vocabulary=vocab)
    assert "DTD" in result.problems[0].message


def test_zip_bomb_upload_is_refused_before_extracting(vocab):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.docx", export_activity(make_record()))
        archive.writestr("bomb.docx", b"\0" * (60 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(UploadRejected, match="zip bomb"):
        parse_upload([("upload.zip", out.getvalue())], vocabulary=vocab)


def test_docx_with_50_mb_of_images_reads_only_the_text(tmp_path, vocab):
    path = tmp_path / "pictures.docx"
    source = zipfile.ZipFile(io.BytesIO(export_activity(make_record())))
    with source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for n in range(5):
            target.writestr(f"word/media/image{n}.png", os.urandom(10 * 1024 * 1024))
    assert path.stat().st_size > 50 * 1024 * 1024
    result = parse_docx(path, vocabulary=vocab)  # its memory: benchmarks/bench_limits.py
    assert result.problems == [] and result.record["title"].startswith("Crop disease")


def test_too_many_files_in_one_upload_are_refused(vocab):
    data = export_activity(make_record())
    files = [(f"f{n}.docx", data) for n in range(500)]
    with pytest.raises(UploadRejected, match=f"500 files.*at most {MAX_FILES_PER_UPLOAD}"):
        parse_upload(files, vocabulary=vocab)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(MAX_FILES_PER_UPLOAD + 1):
            archive.writestr(f"f{n}.docx", data)
    with pytest.raises(UploadRejected, match="201 files"):
        parse_upload([("many.zip", out.getvalue())], vocabulary=vocab)


def test_upload_of_one_many_and_zipped_files(vocab):
    good = export_activity(make_record(title="Good"))
    bad = export_activity(make_record(title="x" * 600, start_year=None))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("batch/one.docx", good)
        archive.writestr("batch/two.docx", bad)
        archive.writestr("batch/notes.txt", "hello")
        archive.writestr("__MACOSX/batch/._one.docx", "junk")
        archive.writestr("batch/", "")
    results = parse_upload(
        [("single.docx", good), ("upload.zip", io.BytesIO(out.getvalue())), ("cv.pdf", b"%PDF")],
        vocabulary=vocab,
    )
    names = [r.filename for r in results]
    assert names == ["single.docx", "batch/one.docx", "batch/two.docx", "batch/notes.txt", "cv.pdf"]
    assert results[0].ok and results[1].ok and results[0].record["title"] == "Good"
    assert results[2].problems == [
        results[2].problems[0].__class__("title", "is 600 characters long; at most 500 allowed")
    ]
    assert "not a Word .docx" in results[3].problems[0].message
    assert "not a Word .docx" in results[4].problems[0].message


def test_broken_zip_upload_is_refused(vocab):
    with pytest.raises(UploadRejected, match="not a valid ZIP"):
        parse_upload([("x.zip", b"not a zip")], vocabulary=vocab)


def test_unparseable_values_and_missing_headings_are_listed_by_field(vocab):
    def change(xml):
        return xml.replace(b"Kind [kind]", b"Sort of thing").replace(b">2021<", b">twenty<")

    data = _rewrite_document(export_activity(make_record()), change)
    result = parse_docx(data, vocabulary=vocab)
    by_field = {p.field: p.message for p in result.problems}
    assert "not found" in by_field["kind"]
    assert "not a year" in by_field["start_year"]
    assert result.record["title"] == "Crop disease detection from phone photos"


def test_over_long_fields_are_reported(vocab):
    record = make_record(description="d" * 100_001, contact_name="n" * 201)
    from aiatlas.submissions.docx import export_activity as export

    result = parse_docx(export(record), vocabulary=vocab)
    fields = {p.field for p in result.problems}
    assert fields == {"description", "contact_name"}
