"""What the initiatives pages show beyond one query: leaderboards and the figure charts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from aiatlas.common import charts
from aiatlas.common.figures import bar_charts
from aiatlas.initiatives import figures, queries


def leaderboards(challenge: Any) -> list[tuple[Any, list[queries.Standing]]]:
    return [(r, queries.leaderboard(r)) for r in challenge.rounds.all()]


def figure_charts() -> list[charts.Chart]:
    return bar_charts("initiatives", figures.all_figures())


def deliverable_facets(rows: Any, chosen: dict[str, str]) -> list[dict[str, Any]]:
    """The facet lists of the deliverables page: heading, and (value, label, count,
    chosen) per value."""
    from aiatlas.initiatives.choices import DeliverableKind, DeliverableStatus

    labels = {"kind": dict(DeliverableKind.choices), "status": dict(DeliverableStatus.choices)}
    headings = {
        "kind": _("Type"),
        "status": _("Status"),
        "group": _("Group"),
        "year": _("Year approved"),
    }
    return [
        {
            "name": name,
            "heading": headings[name],
            "values": [
                (value, labels.get(name, {}).get(value, value), n, chosen.get(name) == value)
                for value, n in counts
            ],
        }
        for name, counts in queries.deliverable_facets(rows).items()
    ]
