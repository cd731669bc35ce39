"""The report's charts as Vega-Lite specs: one spec per chart serves both the web page
(vega-embed, interactive) and the PDF (rendered to SVG by vl-convert, vector graphics).
Each is fitted to the report's language by ``common.charts.localise`` (its number format;
in Arabic mirrored, right to left)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from aiatlas.common.charts import localise
from aiatlas.report.figures import SECTORS, Figure, Figures, figure_ids
from aiatlas.taxonomy.models import Goal

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
BAR_COLOUR = "#1d5fa8"
PDF_WIDTH = 430
PDF_FONT = "Libertinus Serif"


@dataclass
class ReportChart:
    id: str
    title: str
    description: str
    spec: dict[str, Any]
    #: (label, shown value, figure id) — the same numbers as a table
    rows: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def spec_id(self) -> str:
        return f"{self.id}-spec"

    def web_spec(self) -> dict[str, Any]:
        spec = copy.deepcopy(self.spec)
        spec["width"] = "container"
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
        return spec

    def pdf_spec(self) -> dict[str, Any]:
        spec = copy.deepcopy(self.spec)
        spec["width"] = PDF_WIDTH
        spec["config"]["font"] = PDF_FONT
        spec["background"] = "white"
        return spec


def _bars(description: str, values: list[dict[str, Any]], x: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "description": description,
        "height": max(40, 20 * len(values)),
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
            "x": x,
            "color": {"field": "colour", "type": "nominal", "scale": None, "legend": None},
        },
        "config": {
            "font": "system-ui, sans-serif",
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 320},
            "view": {"stroke": None},
        },
    }


def sdg_chart(figures: Figures, language: str) -> ReportChart:
    goals = {g.number: g for g in Goal.objects.all()}
    values, rows = [], []
    for n in range(1, 18):
        fig = figures[f"sdg.{n}.activities"]
        goal = goals.get(n)
        label = f"{n}. {goal.short_title(language) or goal.title(language)}" if goal else str(n)
        colour = goal.colour if goal else BAR_COLOUR
        values.append({"label": label, "n": fig.value, "colour": colour})
        rows.append((label, fig.display, fig.id))
    title = _("Activities per SDG")
    x = {"field": "n", "type": "quantitative", "title": _("Activities"),
         "axis": {"tickMinStep": 1}}  # fmt: skip
    return ReportChart("chart-sdg", title, _("Activities linked to each of the 17 SDGs."),
                       _bars(title, values, x), rows)  # fmt: skip


def _figure_bars(
    chart_id: str,
    title: str,
    description: str,
    items: list[tuple[str, str]],
    figures: Figures,
    *,
    share: bool = False,
) -> ReportChart:
    """One bar per (label, figure id): the figure's value, as a share of activities (the
    figure is a percentage) or as a count."""
    values, rows = [], []
    for label, fid in items:
        fig = figures[fid]
        value = {"share": fig.value / 100} if share else {"n": fig.value}
        values.append({"label": label, **value, "colour": BAR_COLOUR})
        rows.append((label, fig.display, fid))
    if share:
        x = {"field": "share", "type": "quantitative", "title": _("Share of activities"),
             "axis": {"format": ".0%"}, "scale": {"domain": [0, 1]}}  # fmt: skip
    else:
        x = {"field": "n", "type": "quantitative", "title": _("Activities"),
             "axis": {"tickMinStep": 1}}  # fmt: skip
    return ReportChart(chart_id, title, description, _bars(title, values, x), rows)


def count_bars(
    chart_id: str, title: str, description: str, axis: str, rows: list[tuple[str, int]]
) -> ReportChart:
    """A bar per (label, count), for the optional chapters of other apps: the same spec
    as the report's own charts (web and PDF)."""
    values = [{"label": label, "n": n, "colour": BAR_COLOUR} for label, n in rows]
    top = max((n for _label, n in rows), default=0)
    # whole numbers on the axis, however small the counts
    ticks = {"tickMinStep": 1, "format": "d", "tickCount": max(1, min(top, 10))}
    x = {"field": "n", "type": "quantitative", "title": axis, "axis": ticks,
         "scale": {"domainMin": 0, "domainMax": max(top, 1)}}  # fmt: skip
    shown = [(label, str(n), "") for label, n in rows]
    return ReportChart(chart_id, title, description, _bars(title, values, x), shown)


def report_charts(figures: Figures, language: str) -> list[ReportChart]:
    from aiatlas.catalog.choices import OrganizationKind

    data = figures.data
    if not data.records:
        return []
    sectors = [(str(OrganizationKind(s).label), f"partners.sector.{s}.share") for s in SECTORS]
    ids = figure_ids(data)
    regions = sorted(
        (figures[f] for f in ids if f.startswith("regions.")), key=lambda f: (-f.value, f.id)
    )
    techs = sorted(
        (figures[f] for f in ids if f.startswith("technology.")), key=lambda f: (-f.value, f.id)
    )
    from aiatlas.catalog.names import region_name, technology_name

    def key(f: Figure) -> str:  # "regions.002.activities" -> "002"
        return f.id.split(".")[1]

    charts = [
        sdg_chart(figures, language),
        _figure_bars("chart-sectors", _("Partners by sector"),
                     _("Share of activities with at least one partner from each sector."),
                     sectors, figures, share=True),
        _figure_bars("chart-regions", _("Regions"), _("Activities naming each region."),
                     [(region_name(key(f), language, str(f.details.get("name", ""))), f.id)
                      for f in regions[:15]], figures),
        _figure_bars("chart-technologies", _("Technologies"),
                     _("Activities using each technology."),
                     [(technology_name(key(f), language), f.id) for f in techs], figures),
    ]  # fmt: skip
    for chart in charts:  # numbers in the report's language; mirrored in Arabic
        localise(chart.spec, language)
    return charts


def render_svg(chart: ReportChart) -> str:
    """The chart as an SVG document (vector), rendered offline by vl-convert."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(chart.pdf_spec()))
