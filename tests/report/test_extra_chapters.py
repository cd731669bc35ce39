"""Other apps' report chapters get the report's chart treatment in the reader's language."""

from __future__ import annotations

import pytest

from aiatlas.report import content
from aiatlas.report.charts import count_bars
from aiatlas.report.content import ExtraChapter, extra_chapters


def _chapter(year: int, language: str) -> ExtraChapter:
    chart = count_bars("chart-x", "Counts", "Counts per principle.", "Assessments",
                       [("1. Do no harm", 3), ("2. Defined purpose", 1)])  # fmt: skip
    return ExtraChapter(id="x", title="X", charts=[chart])


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content, "_PROVIDERS", [_chapter])


@pytest.mark.usefixtures("provider")
def test_an_extra_chapters_charts_are_mirrored_in_arabic() -> None:
    (chapter,) = extra_chapters(2024, "ar")
    spec = chapter.charts[0].spec
    assert spec["usermeta"]["dir"] == "rtl"
    assert spec["encoding"]["x"]["scale"]["reverse"] is True
    assert spec["encoding"]["y"]["axis"]["orient"] == "right"


@pytest.mark.usefixtures("provider")
def test_an_extra_chapters_charts_stay_left_to_right_in_english() -> None:
    (chapter,) = extra_chapters(2024, "en")
    spec = chapter.charts[0].spec
    assert spec["usermeta"]["dir"] == "ltr"
    assert "reverse" not in (spec["encoding"]["x"].get("scale") or {})
