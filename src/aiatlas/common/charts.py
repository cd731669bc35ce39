"""Vega-Lite specs as plain dicts, rendered in the browser by the vendored vega-embed
(the ``web/_charts.html`` template and ``web/charts.js``); every app's pages use these.

Every chart comes with its rows so the page can show the same numbers as a table (the
text alternative), and with a one-sentence description used as its accessible name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
BAR_COLOUR = "#1d5fa8"  # 6.3:1 on white


@dataclass(frozen=True)
class GoalCount:
    number: int
    label: str
    colour: str
    count: int
    #: the report figure this count is (published editions), else ""
    figure: str = ""


@dataclass(frozen=True)
class LabelCount:
    key: str
    label: str
    count: int
    figure: str = ""
    #: the figure's value as displayed (published editions), else ""
    display: str = ""


@dataclass
class Chart:
    """A chart on a page: a DOM id, its spec, and the table that says the same."""

    id: str
    title: str
    description: str
    spec: dict[str, Any]
    columns: tuple[str, str]
    rows: list[tuple[str, str]] = field(default_factory=list)
    #: the report figure behind each row (published editions), else ""
    figures: list[str] = field(default_factory=list)

    @property
    def table(self) -> list[tuple[str, str, str]]:
        """(label, value, figure id) per row."""
        ids = self.figures or [""] * len(self.rows)
        return [(label, value, fid) for (label, value), fid in zip(self.rows, ids, strict=True)]

    @property
    def spec_id(self) -> str:
        return f"{self.id}-spec"


def count_axis(values: Sequence[int]) -> dict[str, Any]:
    """Whole-number ticks: small counts get every integer, larger ones a rounded format."""
    top = max(values, default=0)
    if top <= 10:
        return {"values": list(range(top + 1)), "format": "d"}
    return {"format": "d", "tickMinStep": 1}


def counts(field_name: str, title: str, values: Sequence[int]) -> dict[str, Any]:
    """The encoding of a count axis: ``field_name`` holds the counts ``values``."""
    return {
        "field": field_name,
        "type": "quantitative",
        "title": title,
        "axis": count_axis(values),
    }


def _spec(
    description: str,
    height: int,
    values: list[dict[str, Any]],
    mark: dict[str, Any],
    encoding: dict[str, Any],
) -> dict[str, Any]:
    """A chart of ``values`` as wide as its element, in the pages' font."""
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "font": FONT,
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 220},
            "view": {"stroke": None},
        },
        "data": {"values": values},
        "mark": mark,
        "encoding": encoding,
    }


def goal_coverage(
    chart_id: str, rows: Sequence[GoalCount], *, title: str, axis: str, description: str
) -> Chart:
    """Horizontal bars, one per SDG, in the official SDG colours."""
    values: list[dict[str, Any]] = [
        {"goal": f"{r.number}. {r.label}", "n": r.count, "colour": r.colour, "order": r.number}
        for r in rows
    ]
    encoding = {
        "y": {"field": "goal", "type": "nominal", "sort": {"field": "order"}, "title": None},
        "x": counts("n", axis, [r.count for r in rows]),
        "color": {"field": "colour", "type": "nominal", "scale": None, "legend": None},
    }
    spec = _spec(description, 17 * 22, values, {"type": "bar", "tooltip": True}, encoding)
    return Chart(
        chart_id,
        title,
        description,
        spec,
        (_("SDG"), axis),
        [(v["goal"], str(v["n"])) for v in values],
        [r.figure for r in rows],
    )


def label_bars(
    chart_id: str,
    rows: Sequence[LabelCount],
    *,
    title: str,
    column: str,
    axis: str,
    description: str,
    share: bool = False,
    total: int | None = None,
) -> Chart:
    """Horizontal bars in the order given; with ``share`` the axis shows percentages of
    ``total`` (default: the sum of the rows)."""
    total = (total if total is not None else sum(r.count for r in rows)) or 1
    values: list[dict[str, Any]] = [
        {"label": r.key if r.key and not share else r.label, "n": r.count, "share": r.count / total}
        for r in rows
    ]
    field_name = "share" if share else "n"
    x: dict[str, Any] = {"field": field_name, "type": "quantitative", "title": axis}
    x["axis"] = {"format": ".0%"} if share else count_axis([r.count for r in rows])
    spec = _spec(
        description,
        max(60, 24 * len(values)),
        values,
        {"type": "bar", "color": BAR_COLOUR, "tooltip": True},
        {"y": {"field": "label", "type": "nominal", "sort": None, "title": None}, "x": x},
    )
    table = [
        (v["label"], r.display or (f"{v['n']} ({v['share']:.0%})" if share else str(v["n"])))
        for v, r in zip(values, rows, strict=True)
    ]
    return Chart(
        chart_id, title, description, spec, (column, axis), table, [r.figure for r in rows]
    )


def trend(
    chart_id: str,
    rows: Sequence[LabelCount],
    *,
    title: str,
    column: str,
    axis: str,
    description: str,
) -> Chart:
    """Activities per edition as a line with points."""
    values: list[dict[str, Any]] = [{"year": r.key, "n": r.count} for r in rows]
    encoding = {
        "x": {"field": "year", "type": "ordinal", "title": column, "axis": {"labelAngle": 0}},
        "y": counts("n", axis, [r.count for r in rows]),
    }
    mark = {"type": "line", "point": {"size": 60}, "color": BAR_COLOUR, "tooltip": True}
    spec = _spec(description, 220, values, mark, encoding)
    return Chart(
        chart_id,
        title,
        description,
        spec,
        (column, axis),
        [(v["year"], str(v["n"])) for v in values],
        [r.figure for r in rows],
    )
