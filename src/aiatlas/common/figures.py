"""Counted figures that can be traced to what they count, as the initiatives and
governance apps compute theirs: every row of a :class:`Figure` lists the records it counts
(``records``), so that a page, the API and a report chapter show the same number and a
reader can follow it to its records.

Here too are what every app shows of them the same way: their API form
(:class:`FigureOut`, :func:`figure_out`) and their bar charts (:func:`bar_charts`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema

from aiatlas.common import charts


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int
    #: identifiers of the records counted (public ids, group acronyms, team names …)
    records: tuple[str, ...] = ()

    @classmethod
    def counting(cls, key: str, label: str, records: Iterable[str]) -> Row:
        """The row that counts ``records`` (listed in sorted order)."""
        found = tuple(sorted(records))
        return cls(key, label, len(found), found)


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    unit: str
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)


class FigureRowOut(Schema):
    key: str
    label: str
    count: int
    records: list[str]


class FigureOut(Schema):
    id: str
    title: str
    unit: str
    total: int
    rows: list[FigureRowOut]


def figure_out(f: Figure) -> dict[str, Any]:
    """A figure as the API answers it (:class:`FigureOut`)."""
    return {
        "id": f.id,
        "title": f.title,
        "unit": f.unit,
        "total": f.total,
        "rows": [
            {"key": r.key, "label": r.label, "count": r.count, "records": list(r.records)}
            for r in f.rows
        ],
    }


def bar_charts(prefix: str, found: Iterable[Figure]) -> list[charts.Chart]:
    """One bar chart a figure, its rows in their order; the chart's id is ``prefix-``
    and the figure's id."""
    out = []
    for f in found:
        rows = [charts.LabelCount("", r.label, r.count) for r in f.rows]
        out.append(
            charts.label_bars(
                f"{prefix}-{f.id}",
                rows,
                title=f.title,
                column=_("Value"),
                axis=str(f.unit),
                description=_("%(title)s: %(total)s in all.")
                % {"title": f.title, "total": f.total},
            )
        )
    return out
