"""Vega-Lite specs (plain dicts) for the results page, with the same data as a table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aiatlas.common.charts import SCHEMA, counts, localise
from aiatlas.survey.queries import RoundComparison, StateStatus, Summary


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


def _bars(values: list[dict[str, Any]], encoding: dict[str, Any]) -> dict[str, Any]:
    """Bars of ``values`` as wide as their element."""
    return {
        "$schema": SCHEMA,
        "width": "container",
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": encoding,
    }


def summary_chart(s: Summary, index: int) -> dict[str, Any] | None:
    """The chart of one question in the shape of ``web/_charts.html``, or None for texts."""
    chart_id = f"q{index}-{s.node['name']}"
    base: dict[str, Any] = {"id": chart_id, "spec_id": f"{chart_id}-spec", "title": s.label}
    if s.kind == "choices":
        values = [{"answer": label, "count": n} for _name, label, n in s.counts]
        base.update(
            description=ngettext("%(n)s answer", "%(n)s answers", s.answered) % {"n": s.answered},
            columns=[_("Answer"), _("Responses")],
            rows=[(v["answer"], v["count"]) for v in values],
            spec=_bars(
                values,
                {
                    "y": {"field": "answer", "type": "nominal", "sort": None, "title": None},
                    "x": counts("count", _("Responses"), [n for _name, _label, n in s.counts]),
                },
            ),
        )
        localise(base["spec"])
        return base
    if s.kind == "numbers":
        values = [
            {"from": lo, "to": hi, "count": n, "range": f"{_fmt(lo)}–{_fmt(hi)}"}
            for lo, hi, n in s.bins
        ]
        base.update(
            description=ngettext("%(n)s answer; histogram", "%(n)s answers; histogram", s.answered)
            % {"n": s.answered},
            columns=[_("Range"), _("Responses")],
            rows=[(v["range"], v["count"]) for v in values],
            spec=_bars(
                values,
                {
                    "x": {
                        "field": "from",
                        "bin": {"binned": True},
                        "type": "quantitative",
                        "title": s.label,
                    },
                    "x2": {"field": "to"},
                    "y": counts("count", _("Responses"), [n for _lo, _hi, n in s.bins]),
                },
            ),
        )
        localise(base["spec"])
        return base
    return None


def _bars(values: list[dict[str, Any]], encoding: dict[str, Any]) -> dict[str, Any]:
    """Bars of ``values`` in the page's language (mirrored in Arabic: common.charts)."""
    return localise(
        {
            "$schema": SCHEMA,
            "width": "container",
            "data": {"values": values},
            "mark": {"type": "bar", "tooltip": True},
            "encoding": encoding,
        }
    )


def rate_chart(rates: list[tuple[str, float]], title: str = "") -> dict[str, Any]:
    values = [{"region": label, "rate": round(rate * 100, 1)} for label, rate in rates]
    return _bars(
        values,
        {
            "y": {"field": "region", "type": "nominal", "title": None},
            "x": {
                "field": "rate",
                "type": "quantitative",
                "title": title or _("Response rate (%)"),
                "scale": {"domain": [0, 100]},
            },
        },
    )


#: colours of the map's categories (Okabe-Ito, distinguishable with colour blindness)
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NO_DATA = "#d9d9d9"


def world_map(
    atlas_url: str,
    values: list[dict[str, str]],
    categories: list[tuple[str, str]],
    missing: str,
) -> dict[str, Any]:
    """Countries coloured by a category: ``values`` are ``{"id": m49, "name", "value"}``;
    ``categories`` (label, colour) in legend order; countries without a value get
    ``missing`` (grey). The boundaries are world-atlas 110m (Natural Earth)."""
    domain = [label for label, _c in categories] + [missing]
    colours = [c for _l, c in categories] + [NO_DATA]
    return {
        "$schema": SCHEMA,
        # the element's box (survey.css: 2 by 1, at most 28rem high) sizes the map
        "width": "container",
        "height": "container",
        "autosize": {"type": "fit", "contains": "padding"},
        "data": {"url": atlas_url, "format": {"type": "topojson", "feature": "countries"}},
        "transform": [
            {
                "lookup": "id",
                "from": {"data": {"values": values}, "key": "id", "fields": ["name", "value"]},
                "default": missing,
            },
            {"calculate": "datum.name || datum.properties.name", "as": "country"},
        ],
        "projection": {"type": "equalEarth"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
        "encoding": {
            "color": {
                "field": "value",
                "type": "nominal",
                "scale": {"domain": domain, "range": colours},
                "legend": {"orient": "bottom", "title": None, "columns": 3, "labelLimit": 260},
            },
            "tooltip": [
                {"field": "country", "type": "nominal", "title": _("Country")},
                {"field": "value", "type": "nominal", "title": _("Answer")},
            ],
        },
        "config": {"view": {"stroke": None}},
    }


def status_categories() -> list[tuple[str, str, str]]:
    """(status, label, colour) of the response map."""
    return [
        ("submitted", _("Submitted"), PALETTE[0]),
        ("draft", _("In progress"), PALETTE[1]),
        ("invited", _("Invited, not started"), PALETTE[4]),
    ]


def status_map(atlas_url: str, states: list[StateStatus]) -> dict[str, Any]:
    cats = status_categories()
    label = {k: lab for k, lab, _c in cats}
    values = [{"id": s.m49, "name": s.name, "value": label[s.status]} for s in states]
    return world_map(atlas_url, values, [(lab, c) for _k, lab, c in cats], _("Not invited"))


def comparison_chart(c: RoundComparison, earlier: str, now: str) -> dict[str, Any]:
    """Grouped bars: the share of respondents per choice in the earlier and this round."""
    values = []
    for s in c.shares:
        values.append({"answer": s.label, "round": earlier, "share": s.earlier_share, "order": 0})
        values.append({"answer": s.label, "round": now, "share": s.now_share, "order": 1})
    return _bars(
        values,
        {
            "y": {"field": "answer", "type": "nominal", "sort": None, "title": None},
            "yOffset": {"field": "round", "sort": [earlier, now]},
            "x": {
                "field": "share",
                "type": "quantitative",
                "title": _("Share of respondents"),
                "axis": {"format": ".0%"},
                "scale": {"domain": [0, 1]},
            },
            "color": {
                "field": "round",
                "type": "nominal",
                "sort": [earlier, now],
                "scale": {"range": [PALETTE[4], PALETTE[0]]},
                "legend": {"orient": "bottom", "title": None},
            },
        },
    )
