"""Size and dimension limits, checked before a file is parsed, and the safe XML parser."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from aiatlas.common.limits import (
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_ROWS,
    LimitExceeded,
    check_upload_size,
    check_workbook,
    parse_dimension,
)
from aiatlas.common.safexml import UnsafeXml, fromstring
from tests.survey.conftest import make_xlsx, q

HUGE = "A1:AMJ1048576"  # 1,048,576 rows x 1,024 columns: every cell Excel has


def _redeclare(data: bytes, ref: str, *, encoding: str = "utf-8") -> bytes:
    """The workbook with each sheet's declared dimension replaced (and its XML re-encoded)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', part.decode())
                if encoding != "utf-8":
                    text = text.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
                    if 'encoding="' not in text[:100]:
                        text = f'<?xml version="1.0" encoding="{encoding.upper()}"?>' + text
                part = text.encode(encoding)
            dst.writestr(info, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.fixture
def small_form() -> bytes:
    return make_xlsx([q("text", "name"), q("integer", "age")])


def test_dimension_refs_are_read():
    assert parse_dimension(HUGE) == (1_048_576, 1_024)
    assert parse_dimension("B2") == (2, 2)
    assert parse_dimension("$A$1:$C$10") == (10, 3)
    assert parse_dimension("nonsense") is None


def test_xlsform_declaring_every_cell_is_refused_before_a_cell_is_read(small_form):
    from aiatlas.survey.xlsform import FormRefused, open_workbook

    bomb = _redeclare(small_form, HUGE)
    assert len(bomb) < 16 * 1024
    with pytest.raises(FormRefused, match=r"1,048,576 rows × 1,024 columns"):
        open_workbook(bomb)
    assert open_workbook(small_form)  # the honest form still loads


def test_dimension_is_found_in_a_utf16_sheet(small_form):
    from aiatlas.survey.xlsform import FormRefused, open_workbook

    bomb = _redeclare(small_form, HUGE, encoding="utf-16")
    with pytest.raises(FormRefused, match="1,048,576 rows"):
        open_workbook(bomb)


def test_inflated_used_range_is_refused_even_within_the_row_limit(small_form):
    # 1,000,000 rows x 20 columns is within the import's limits, but 16 KB cannot hold it
    with pytest.raises(LimitExceeded, match="holds only"):
        check_workbook(
            io.BytesIO(_redeclare(small_form, "A1:T1000000")),
            max_rows=IMPORT_MAX_ROWS,
            max_columns=IMPORT_MAX_COLUMNS,
        )


def test_catalog_xlsx_import_refuses_a_declared_bomb(tmp_path: Path, small_form):
    from aiatlas.catalog.io.readers import FileRejected, read_xlsx

    path = tmp_path / "activities.xlsx"
    path.write_bytes(_redeclare(small_form, HUGE))
    with pytest.raises(FileRejected, match="1,024 columns"):
        list(read_xlsx(path))


def test_zip_bomb_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    with pytest.raises(LimitExceeded, match="fold"):
        check_workbook(io.BytesIO(out.getvalue()), max_rows=10, max_columns=10)


def test_upload_size_is_checked_per_kind():
    check_upload_size("a.docx", 20 * 1024 * 1024, "docx")
    with pytest.raises(LimitExceeded, match=r"a.docx is 200.0 MB; at most 20.0 MB"):
        check_upload_size("a.docx", 200 * 1024 * 1024, "docx")
    with pytest.raises(LimitExceeded, match=r"at most 20\.0 MB"):
        check_upload_size("form.xlsx", 21 * 1024 * 1024, "xlsform")
    check_upload_size("batch.zip", 90 * 1024 * 1024, "zip")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_xml_with_a_dtd_is_refused_whatever_its_encoding(encoding):
    doc = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
        '<!DOCTYPE lol [<!ENTITY lol "lol">]><w:document>&lol;</w:document>'
    )
    data = doc.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    elif encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    # refused for the DTD or, where expat cannot read the encoding (UTF-32), as unreadable
    with pytest.raises(
        UnsafeXml, match=r"document type or entities|encoding that cannot|malformed"
    ):
        fromstring(data)


def test_good_xml_parses_and_bad_xml_is_a_clear_error():
    assert fromstring("<a><b>x</b></a>".encode("utf-16")).find("b").text == "x"
    with pytest.raises(UnsafeXml, match="malformed"):
        fromstring(b"<a><b></a>")
