"""Vega-Lite specs as plain dicts, rendered in the browser by the vendored vega-embed
(the ``web/_charts.html`` template and ``web/charts.js``); every app's pages use these.

Every chart comes with its rows so the page can show the same numbers as a table (the
text alternative), and with a one-sentence description used as its accessible name.

Every spec is fitted to a language by :func:`localise` (the active one by default): its
numbers in the locale's separators and percent sign (as ``common.l10n`` writes them on the
pages), and, for a right-to-left language, mirrored: a bar chart's categories on the right
and its bars growing leftward, a line chart's first value on the right, the legend in
reverse order, and each label a right-to-left isolate in which codes and Latin names
(``3.b``, ``WHO``) are left-to-right isolates, so that the bidi algorithm neither shows
``b.3`` nor moves their punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from aiatlas.common import l10n

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


#: Unicode's directional isolates: right-to-left, left-to-right, and the end of either
RLI, LRI, PDI = "\u2067", "\u2066", "\u2069"
#: a code or a Latin name inside a label: 3.b, A000123, WHO, AI/ML, "Sub-Saharan Africa" —
#: the words of a name stay one left-to-right run, in their order (a bare number is left
#: alone: it takes the direction around it)
_LATIN_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-/&'(), ]*[0-9A-Za-z)]|[A-Za-z]")


def number_locale(language: str | None) -> dict[str, Any]:
    """The d3-format locale of ``language`` (Vega's ``config.locale.number``): Babel's
    decimal and group separators and percent sign, with the Latin digits the pages use."""
    loc = l10n.babel_locale(language)
    symbols = loc.number_symbols.get("latn", loc.number_symbols)
    sample = l10n.format_percent(0.25, language)
    percent = sample[2:] if sample.startswith("25") else str(symbols["percentSign"])
    return {
        "decimal": str(symbols["decimal"]),
        "thousands": str(symbols["group"]),
        "grouping": [3],
        "currency": ["", ""],
        "percent": percent,
    }


def isolate_label(text: Any) -> str:
    """A label for a right-to-left chart: a right-to-left isolate, its codes and Latin
    names left-to-right isolates inside it."""
    inner = _LATIN_RUN.sub(lambda m: m[0] if m[0].isdigit() else f"{LRI}{m[0]}{PDI}", str(text))
    return f"{RLI}{inner}{PDI}"


def _axis(encoding: dict[str, Any], orient: str) -> None:
    if encoding.get("axis", {}) is None:
        return
    encoding["axis"] = {**(encoding.get("axis") or {}), "orient": orient}


def _tooltip(spec: dict[str, Any]) -> None:
    """A mark's ``tooltip: true`` would show the data's field names (``n``, ``label``) as
    English keys: the tooltip shows the value alone instead, as its axis formats it."""
    mark, encoding = spec.get("mark"), spec.get("encoding", {})
    if not (isinstance(mark, dict) and mark.get("tooltip") is True) or "tooltip" in encoding:
        return
    value = next(  # the measured value: quantitative, not the bins of a histogram
        (
            encoding[c]
            for c in ("x", "y")
            if (encoding.get(c) or {}).get("type") == "quantitative" and "bin" not in encoding[c]
        ),
        None,
    )
    if value is None or "field" not in value:
        return
    tip = {"field": value["field"], "type": "quantitative"}
    if (value.get("axis") or {}).get("format"):
        tip["format"] = value["axis"]["format"]
    mark["tooltip"] = {"content": "encoding"}
    encoding["tooltip"] = tip


def localise(spec: dict[str, Any], language: str | None = None) -> dict[str, Any]:
    """``spec`` (changed in place, and returned) in ``language`` (default: the active
    one): the locale's number format, and for a right-to-left language the mirrored
    geometry described at the top of this module. ``usermeta.dir`` says which."""
    language = language or get_language()
    rtl = l10n.is_rtl(language)
    spec.setdefault("config", {})["locale"] = {"number": number_locale(language)}
    _tooltip(spec)
    spec["usermeta"] = {**spec.get("usermeta", {}), "dir": "rtl" if rtl else "ltr"}
    if not rtl:
        return spec
    # Arabic glyphs reach further below the line than Vega measures: room for the axis title
    spec.setdefault("padding", {"left": 5, "right": 5, "top": 5, "bottom": 10})
    encoding = spec.get("encoding", {})
    x, y = encoding.get("x", {}), encoding.get("y", {})
    labels: list[str] = []
    if y.get("type") == "nominal" and x.get("type") == "quantitative":
        # horizontal bars: values grow leftward from the categories on the right
        x["scale"] = {**(x.get("scale") or {}), "reverse": True}
        _axis(y, "right")
        labels.append(y["field"])
    elif x.get("type") in {"nominal", "ordinal"} and y.get("type") == "quantitative":
        # a line or columns: the first category on the right, the value axis there too
        x["scale"] = {**(x.get("scale") or {}), "reverse": True}
        _axis(y, "right")
        labels.append(x["field"])
    colour = encoding.get("color") or {}
    if colour.get("legend"):
        # the legend in reading order: the order of its entries reversed, each keeping
        # its colour
        sort, scale = colour.get("sort"), colour.get("scale") or {}
        if isinstance(sort, list) and isinstance(scale.get("range"), list):
            colour["sort"] = sort[::-1]
            scale["range"] = scale["range"][: len(sort)][::-1]
        colour["legend"] = {**colour["legend"], "direction": "horizontal"}
    values = (spec.get("data") or {}).get("values") or []
    for row in values:
        for name in labels:
            if isinstance(row.get(name), str):
                row[name] = isolate_label(row[name])
    return spec


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


def _chart(
    chart_id: str,
    title: str,
    description: str,
    spec: dict[str, Any],
    columns: tuple[str, str],
    table: list[tuple[str, str]],
    rows: Sequence[GoalCount] | Sequence[LabelCount],
    language: str | None,
) -> Chart:
    """The chart of ``spec`` fitted to ``language`` (:func:`localise`), with its table and
    the report figure behind each of its ``rows``."""
    localise(spec, language)
    return Chart(chart_id, title, description, spec, columns, table, [r.figure for r in rows])


def goal_coverage(
    chart_id: str,
    rows: Sequence[GoalCount],
    *,
    title: str,
    axis: str,
    description: str,
    language: str | None = None,
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
    table = [(v["goal"], str(v["n"])) for v in values]
    return _chart(chart_id, title, description, spec, (_("SDG"), axis), table, rows, language)


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
    language: str | None = None,
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
    return _chart(chart_id, title, description, spec, (column, axis), table, rows, language)


def trend(
    chart_id: str,
    rows: Sequence[LabelCount],
    *,
    title: str,
    column: str,
    axis: str,
    description: str,
    language: str | None = None,
) -> Chart:
    """Activities per edition as a line with points."""
    values: list[dict[str, Any]] = [{"year": r.key, "n": r.count} for r in rows]
    encoding = {
        "x": {"field": "year", "type": "ordinal", "title": column, "axis": {"labelAngle": 0}},
        "y": counts("n", axis, [r.count for r in rows]),
    }
    mark = {"type": "line", "point": {"size": 60}, "color": BAR_COLOUR, "tooltip": True}
    spec = _spec(description, 220, values, mark, encoding)
    table = [(v["year"], str(v["n"])) for v in values]
    return _chart(chart_id, title, description, spec, (column, axis), table, rows, language)
