"""Vega-Lite specs (plain dicts) for the results page, with the same data as a table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aiatlas.survey.queries import Summary

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


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
            spec={
                "$schema": SCHEMA,
                "width": "container",
                "data": {"values": values},
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "y": {"field": "answer", "type": "nominal", "sort": None, "title": None},
                    "x": {
                        "field": "count",
                        "type": "quantitative",
                        "title": _("Responses"),
                        "axis": {"tickMinStep": 1},
                    },
                },
            },
        )
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
            spec={
                "$schema": SCHEMA,
                "width": "container",
                "data": {"values": values},
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "x": {
                        "field": "from",
                        "bin": {"binned": True},
                        "type": "quantitative",
                        "title": s.label,
                    },
                    "x2": {"field": "to"},
                    "y": {
                        "field": "count",
                        "type": "quantitative",
                        "title": _("Responses"),
                        "axis": {"tickMinStep": 1},
                    },
                },
            },
        )
        return base
    return None


def rate_chart(rates: list[tuple[str, float]]) -> dict[str, Any]:
    values = [{"region": label, "rate": round(rate * 100, 1)} for label, rate in rates]
    return {
        "$schema": SCHEMA,
        "width": "container",
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "region", "type": "nominal", "title": None},
            "x": {
                "field": "rate",
                "type": "quantitative",
                "title": _("Response rate (%)"),
                "scale": {"domain": [0, 100]},
            },
        },
    }
