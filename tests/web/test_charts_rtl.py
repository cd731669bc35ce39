"""Charts in the reader's language: numbers in the locale's format, and in Arabic the
geometry mirrored (categories on the right, bars growing leftward, legend reversed) with
each label a bidi isolate; checked on the spec and on the SVG that vl-convert draws (the
PDF's renderer)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from aiatlas.common import charts
from aiatlas.common.charts import LRI, PDI, RLI

ROWS = [
    charts.LabelCount("", "الصحة الجيدة", 30),
    charts.LabelCount("", "المقصد 3.b", 12),
    charts.LabelCount("", "التعليم", 3),
]


def _bars(language: str, **kw: object) -> charts.Chart:
    with translation.override(language):
        return charts.label_bars("c", ROWS, title="t", column="c", axis="n", description="d", **kw)  # type: ignore[arg-type]


def test_an_arabic_bar_chart_is_mirrored_and_its_labels_isolated() -> None:
    spec = _bars("ar").spec
    assert spec["usermeta"]["dir"] == "rtl"
    assert spec["encoding"]["x"]["scale"]["reverse"] is True
    assert spec["encoding"]["y"]["axis"]["orient"] == "right"
    labels = [v["label"] for v in spec["data"]["values"]]
    assert labels[1] == f"{RLI}المقصد {LRI}3.b{PDI}{PDI}"
    assert all(label.startswith(RLI) for label in labels)
    # the table beside the chart keeps the plain labels
    assert _bars("ar").rows[1][0] == "المقصد 3.b"


def test_a_left_to_right_chart_is_not_mirrored() -> None:
    spec = _bars("fr").spec
    assert spec["usermeta"]["dir"] == "ltr"
    assert "scale" not in spec["encoding"]["x"]
    assert "orient" not in spec["encoding"]["y"].get("axis", {})
    assert spec["data"]["values"][1]["label"] == "المقصد 3.b"
    # the tooltip shows the value alone, not the data's (English) field names
    assert spec["mark"]["tooltip"] == {"content": "encoding"}
    assert spec["encoding"]["tooltip"] == {"field": "n", "type": "quantitative", "format": "d"}


@pytest.mark.parametrize(
    ("language", "decimal", "thousands", "percent"),
    [("en", ".", ",", "%"), ("fr", ",", "\u202f", "\xa0%"), ("ar", ".", ",", "%"),
     ("ru", ",", "\xa0", "\xa0%"), ("zh-hans", ".", ",", "%")],
)  # fmt: skip
def test_numbers_follow_the_locale(language, decimal, thousands, percent) -> None:
    number = _bars(language).spec["config"]["locale"]["number"]
    assert (number["decimal"], number["thousands"], number["percent"]) == (
        decimal,
        thousands,
        percent,
    )


def test_the_legend_of_an_arabic_chart_reads_right_to_left() -> None:
    spec = {
        "data": {"values": [{"answer": "نعم", "round": "2024", "share": 0.5}]},
        "encoding": {
            "y": {"field": "answer", "type": "nominal"},
            "x": {"field": "share", "type": "quantitative"},
            "color": {
                "field": "round",
                "sort": ["2023", "2024"],
                "scale": {"range": ["#aaa", "#000"]},
                "legend": {"orient": "bottom"},
            },
        },
    }
    charts.localise(spec, "ar")
    colour = spec["encoding"]["color"]
    # the entries reversed, each keeping its colour
    assert colour["sort"] == ["2024", "2023"] and colour["scale"]["range"] == ["#000", "#aaa"]


def test_the_svg_of_an_arabic_chart_has_the_mirrored_geometry() -> None:
    """In the drawing: every bar ends at the right edge of the plot and the longest
    reaches furthest left; the category labels stand right of the bars."""
    vl_convert = pytest.importorskip("vl_convert")

    def draw(language: str) -> tuple[list[tuple[float, float]], list[float]]:
        spec = dict(_bars(language).spec, width=400)
        svg = vl_convert.vegalite_to_svg(spec)
        bar = r'aria-roledescription="bar"[^>]*d="M(-?[\d.]+),[\d.]+h([\d.]+)'
        bars = [(float(x), float(w)) for x, w in re.findall(bar, svg)]
        axes = re.findall(r'aria-label="Y-axis[^"]*"><g transform="translate\((-?[\d.]+),', svg)
        return bars, [float(a) for a in axes]

    bars, y_axis = draw("ar")
    assert len(bars) == 3
    rights = {round(x + w) for x, w in bars}
    assert len(rights) == 1, bars  # one common baseline on the right
    assert min(x for x, _w in bars) == bars[0][0]  # the longest (30) reaches furthest left
    assert y_axis and y_axis[0] >= max(x + w for x, w in bars) - 1
    ltr, ltr_axis = draw("en")
    assert {round(x) for x, _w in ltr} == {0}  # in English all bars start at the left
    assert ltr_axis and ltr_axis[0] <= 1
