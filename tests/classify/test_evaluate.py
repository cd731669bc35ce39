"""Reading labelled CSVs and computing metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiatlas.classify.evaluate import BadDataset, Row, metrics, read_rows, report


def write(path: Path, content: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(content.encode(encoding))
    return path


def test_read_rows_valid(tmp_path: Path) -> None:
    path = write(
        tmp_path / "ok.csv",
        'id,text,sdg,label\n1,"Clean water, for all",6,True\n2,Solar power,7,false\n',
    )
    rows = read_rows(path)
    assert rows == [Row("1", "Clean water, for all", 6, True), Row("2", "Solar power", 7, False)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,text,label\n1,x,True\n", "missing column(s) sdg"),
        ("id,text,sdg,label\n1,water,6,maybe\n", "line 2, column label"),
        ("id,text,sdg,label\n1,water,6,True\n2,peace,18,True\n", "line 3, column sdg"),
        ("id,text,sdg,label\n1,water,six,True\n", "column sdg"),
        ("id,text,sdg,label\n1,,6,True\n", "column text"),
        ("id,text,sdg,label\n1,water,6\n", "wrong number of fields"),
        ("id,text,sdg,label\n", "no rows"),
    ],
)
def test_read_rows_bad_csv_names_row_and_column(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(BadDataset, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_rows(write(tmp_path / "bad.csv", content))


def test_read_rows_non_utf8_names_line(tmp_path: Path) -> None:
    content = "id,text,sdg,label\n1,eau propre,6,True\n2,santé,3,True\n"
    path = write(tmp_path / "latin1.csv", content, encoding="latin-1")
    with pytest.raises(BadDataset, match="line 3 is not UTF-8"):
        read_rows(path)


def test_read_rows_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadDataset, match="cannot read"):
        read_rows(tmp_path / "nope.csv")


def test_metrics_counts() -> None:
    m = metrics([True, True, False, False], [True, False, True, False])
    assert (m.accuracy, m.precision, m.recall, m.f1) == (0.5, 0.5, 0.5, 0.5)


def test_report_mean_is_unweighted_over_sdgs() -> None:
    rows = [Row("1", "a", 1, True), Row("2", "b", 1, False), Row("3", "c", 2, True)]
    per = report(rows, [True, True, True])
    assert [m.sdg for m in per] == [1, 2, 0]
    assert per[-1].accuracy == pytest.approx((0.5 + 1.0) / 2)
