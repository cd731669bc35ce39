"""Search exports use the catalog's writer, so CSV and XLSX carry the label columns."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from aiatlas.catalog.io.schema import EXPORT_COLUMNS
from aiatlas.catalog.services.importing import import_activities
from aiatlas.search.exports import export_file
from aiatlas.search.params import SearchParams
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_search_export_has_label_columns(tmp_path, fmt):
    import_activities(
        path=write_jsonl(tmp_path / "s.jsonl", [make_record(id="S-1", countries=["KEN"])])
    )
    path = export_file(SearchParams.from_query({"country": ["KEN"]}), fmt)
    try:
        if fmt == "csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
        else:
            workbook = load_workbook(path, read_only=True)
            rows = [list(r) for r in workbook["activities"].iter_rows(values_only=True)]
            workbook.close()
    finally:
        path.unlink()
    assert rows[0] == EXPORT_COLUMNS
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["id"] == "S-1"
    assert values["countries_names"] == "Kenya"
    assert values["sdg_goals_names"] == "Zero hunger"
