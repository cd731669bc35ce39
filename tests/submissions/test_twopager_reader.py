"""The 2-pager reader: layouts, loose values, states, safety limits and the CLI."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aiatlas.catalog.services.storage import load_vocabulary
from aiatlas.submissions import docx_reader
from aiatlas.submissions.docx import export_activity, template_bytes
from aiatlas.submissions.twopager.reader import AMBIGUOUS, NOT_FOUND, READ, read_twopager
from tests.conftest import make_record

pytestmark = pytest.mark.django_db


def _doc(lines):
    import docx

    doc = docx.Document()
    for style, text in lines:
        if style.startswith("h"):
            doc.add_heading(text, level=int(style[1]))
        else:
            doc.add_paragraph(text, style=style or None)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


PUBLISHED = [
    ("h1", "United Nations Activities on Artificial Intelligence"),
    ("h2", "1. AI for Health Diagnostics"),
    ("", "Helps nurses read chest X-rays."),
    ("List Bullet", "Project Type/Output: Software tool"),
    ("List Bullet", "Project Status: Ongoing"),
    ("List Bullet", "Project Start Year: December 2023"),
    ("List Bullet", "Project End Year: Open-ended"),
    ("List Bullet", "Project Domain: Health"),
    (
        "List Bullet",
        "Related Sustainable Development Goals (SDGs): SDG 3 – Good Health and Well-being; "
        "SDG 4 – Quality Education",
    ),
    ("List Bullet", "Partnership(s)/Collaborator(s):"),
    ("List Bullet 2", "UN Partners: WHO, UNICEF"),
    ("List Bullet 2", "Government: Ministry of Health of Kenya"),
    ("List Bullet 2", "Academia: Makerere University"),
    ("List Bullet 2", "Private Sector: ScanCo"),
    ("List Bullet 2", "Civil Society: Health Watch"),
    ("List Bullet 2", "Others: Open Imaging Group"),
    ("List Bullet 2", "Links: https://example.org/diagnostics"),
    ("h2", "2. Skills for Young People"),
    ("List Bullet", "Project Status: completed"),
    ("List Bullet", "Project Start Year: 2021–2024"),
    ("List Bullet", "Countries: Korea, Narnia, Kenya"),
    ("List Bullet", "Related SDGs: quality education, bananas"),
]


def test_published_layout_reads_every_bullet_field_per_project():
    result = read_twopager(_doc(PUBLISHED), vocabulary=load_vocabulary())
    assert [p.heading for p in result.projects] == [
        "AI for Health Diagnostics",
        "Skills for Young People",
    ]
    first = result.projects[0].fields
    assert first["description"].value == "Helps nurses read chest X-rays."
    assert first["output_type"].value == "Software tool"
    assert (first["status"].value, first["start_year"].value) == ("ongoing", 2023)
    assert first["end_year"].state == READ and first["end_year"].value is None
    assert [t["code"] for t in first["sdg_goals"].value] == ["3", "4"]
    assert first["partners"].value == [
        {"organization": "WHO", "sector": "un_entity"},
        {"organization": "UNICEF", "sector": "un_entity"},
        {"organization": "Ministry of Health of Kenya", "sector": "government"},
        {"organization": "Makerere University", "sector": "academia"},
        {"organization": "ScanCo", "sector": "private_sector"},
        {"organization": "Health Watch", "sector": "civil_society"},
        {"organization": "Open Imaging Group", "sector": "other"},
    ]
    assert first["links"].value == [{"url": "https://example.org/diagnostics", "label": ""}]
    assert first["technologies"].state == NOT_FOUND


def test_loose_values_that_cannot_be_told_apart_are_ambiguous_with_the_text():
    second = read_twopager(_doc(PUBLISHED), vocabulary=load_vocabulary()).projects[1].fields
    assert (second["start_year"].value, second["end_year"].value) == (2021, 2024)
    countries = second["countries"]
    assert countries.state == AMBIGUOUS and countries.value == ["KEN"]
    assert "Korea" in countries.message and "Narnia" in countries.message
    goals = second["sdg_goals"]
    assert goals.state == AMBIGUOUS and [t["code"] for t in goals.value] == ["4"]
    assert goals.raw == "quality education, bananas"
    # an ambiguous list keeps what was read; the record holds no ambiguous scalar
    record = read_twopager(_doc(PUBLISHED)).projects[1].record()
    assert record["countries"] == ["KEN"] and "status" in record


def test_project_n_headings_and_field_tables_are_read():
    import docx

    doc = docx.Document()
    doc.add_paragraph().add_run("Project 1: Flood alerts").bold = True
    table = doc.add_table(rows=0, cols=2)
    for label, value in [("Project Status", "Ongoing"), ("Project Start Year", "June 2022")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_paragraph().add_run("Project 2: Crop forecasts").bold = True
    doc.add_paragraph("• Project Status: Discontinued")
    buffer = io.BytesIO()
    doc.save(buffer)
    result = read_twopager(buffer.getvalue())
    assert [p.heading for p in result.projects] == ["Flood alerts", "Crop forecasts"]
    assert result.projects[0].fields["start_year"].value == 2022
    assert result.projects[1].fields["status"].value == "discontinued"


def test_own_template_is_read_as_one_project_with_every_field():
    result = read_twopager(export_activity(make_record()), vocabulary=load_vocabulary())
    assert result.layout == "aiatlas template" and len(result.projects) == 1
    fields = result.projects[0].fields
    assert fields["countries"].value == ["KEN", "UGA"] and fields["countries"].state == READ
    assert fields["id"].state == NOT_FOUND  # empty


def test_word_template_is_a4_with_names_and_its_sdg_line_takes_names():
    import docx

    doc = docx.Document(io.BytesIO(template_bytes()))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    exported = docx.Document(io.BytesIO(export_activity(make_record())))
    text = "\n".join(p.text for p in exported.paragraphs)
    assert "Kenya" in text and "Uganda" in text and "KEN" not in text
    assert "Makerere University (Academia)" in text and "2 – Zero hunger" in text
    assert "Computer vision" in text and "Ongoing" in text
    for paragraph in exported.paragraphs:
        if paragraph.text == "2 – Zero hunger":
            paragraph.text = "Climate Action"
    buffer = io.BytesIO()
    exported.save(buffer)
    result = read_twopager(buffer.getvalue(), vocabulary=load_vocabulary())
    assert [t["code"] for t in result.projects[0].fields["sdg_goals"].value] == ["13"]


def test_loosely_written_sdg_in_a_draft_does_not_break_the_word_export():
    record = make_record(sdg_goals=["SDG 11 – Sustainable Cities..."], countries=["Kenya"])
    data = export_activity(record)
    assert data[:2] == b"PK"
    fields = read_twopager(data, vocabulary=load_vocabulary()).projects[0].fields
    assert [t["code"] for t in fields["sdg_goals"].value] == ["11"]


def _with_document(xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(export_activity(make_record())))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = xml if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8"])
def test_document_xml_with_a_dtd_is_refused_in_any_encoding(encoding):
    xml = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
        '<!DOCTYPE w:document [<!ENTITY big "xxxxxxxxxx">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&big;</w:t></w:r></w:p></w:body></w:document>"
    ).encode(encoding)
    result = read_twopager(_with_document(xml))
    assert "DTD" in result.refused and not result.projects


def test_docx_over_the_limit_is_refused_before_unzipping(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_FILE_BYTES", 1000)
    result = read_twopager(b"PK" + b"\0" * 2000, filename="big.docx")
    assert "at most 1,000 are allowed" in result.refused


def test_cli_prints_each_field_with_its_state(tmp_path, capsys):
    path = tmp_path / "published.docx"
    path.write_bytes(_doc(PUBLISHED))
    call_command("twopager", "read", str(path), "--json")
    data = json.loads(capsys.readouterr().out)
    assert next(p["heading"] for p in data["projects"]) == "AI for Health Diagnostics"
    states = {f["field"]: f["state"] for f in data["projects"][1]["fields"]}
    assert states["countries"] == "ambiguous" and states["kind"] == "not found"
    call_command("twopager", "read", str(path))
    out = capsys.readouterr().out
    assert "AI for Health Diagnostics" in out and "ambiguous" in out and "not found" in out


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"%PDF-1.7", "is a PDF"), (b"hello", "not a ZIP"), (None, "DTD")],
)
def test_cli_refuses_bad_files_with_one_line_and_status_1(tmp_path, data, message):
    path = tmp_path / "bad.docx"
    if data is None:
        data = _with_document(b'<?xml version="1.0"?><!DOCTYPE x><x/>')
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message) as error:
        call_command("twopager", "read", str(path))
    assert error.value.returncode == 1 and "\n" not in str(error.value)
