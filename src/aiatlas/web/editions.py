"""What the public pages show of an edition: for a published edition every number is a
figure of the report's registry (``aiatlas.report.figures``, computed from the snapshot),
so the edition page, the home page, the SDG and organization pages, the API and the report
show the same numbers; for an open edition the live, public data (``web.queries``), with a
note that says so."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aiatlas.catalog.choices import EditionStatus, OrganizationKind
from aiatlas.catalog.models import Edition
from aiatlas.common.charts import GoalCount, LabelCount
from aiatlas.report.exceptions import UnknownFigure
from aiatlas.report.figures import SECTORS, Figure, Figures, figure_ids
from aiatlas.report.links import figure_url
from aiatlas.report.snapshots import load_edition
from aiatlas.taxonomy.models import Goal
from aiatlas.web import queries
from aiatlas.web.queries import Scope

#: the headline figures of an edition, in the order shown
HEADLINE = (
    "activities.total",
    "entities.total",
    "countries.total",
    "partners.total",
    "sdg.covered",
)


@dataclass(frozen=True)
class Shown:
    """One number on a page: its label, its value as displayed, and for a published
    edition the figure id and the page that says how it was computed."""

    label: str
    value: str
    figure: str = ""
    url: str = ""


def frozen(edition: Edition) -> Figures:
    """The figures of a published edition (from its snapshot)."""
    return Figures(load_edition(edition.year))


def figure_or_none(figures: Figures, figure_id: str) -> Figure | None:
    try:
        return figures[figure_id]
    except UnknownFigure:
        return None


def records_of(figures: Figures, fig: Figure | None) -> list[dict[str, Any]]:
    """The frozen records behind a figure (none for a missing figure), in public-id order."""
    ids = set(fig.public_ids) if fig else set()
    return [r for r in figures.data.records if r["id"] in ids]


def shown(fig: Figure, year: int, language: str, label: str | None = None) -> Shown:
    return Shown(
        label or fig.label, fig.display, fig.id, figure_url(year, fig.id, language=language)
    )


def headline(figures: Figures, language: str) -> list[Shown]:
    year = figures.data.year
    return [shown(figures[fid], year, language) for fid in HEADLINE]


def live_headline(f: queries.Figures) -> list[Shown]:
    return [
        Shown(_("Activities"), f"{f.activities:,}"),
        Shown(_("Reporting entities"), f"{f.organizations:,}"),
        Shown(_("Countries named"), f"{f.countries:,}"),
        Shown(_("Partners"), f"{f.partners:,}"),
        Shown(_("SDGs covered"), f"{f.goals:,}"),
    ]


def data_note(edition: Edition | None, language: str) -> dict[str, Any]:
    """The sentence that says where a page's numbers come from."""
    if edition is not None and edition.is_published:
        when = date_format(edition.published_at, "DATE_FORMAT") if edition.published_at else ""
        text = _(
            "As published in edition %(year)s%(when)s: these figures are read from the frozen "
            "records of the edition and match its report. SDG figures count tags confirmed "
            "by a person."
        ) % {"year": edition.year, "when": f" ({when})" if when else ""}
        return {"live": False, "text": text}
    return {
        "live": True,
        "text": _(
            "Live data: these figures count the public activities as they are now and change "
            "as activities are added and edited. SDG figures count tags confirmed by a person."
        ),
    }


# --- the charts' rows --------------------------------------------------------------------


def goal_counts(figures: Figures, language: str) -> list[GoalCount]:
    goals = {g.number: g for g in Goal.objects.all()}
    out = []
    for n in range(1, 18):
        fig = figures[f"sdg.{n}.activities"]
        g = goals[n]
        out.append(GoalCount(n, g.short_title(language), g.colour, int(fig.value), fig.id))
    return out


def entity_ids(figures: Figures) -> list[str]:
    return [
        f
        for f in figure_ids(figures.data)
        if f.startswith("entities.") and f.endswith(".activities")
    ]


def top_organizations(figures: Figures, limit: int = 15) -> list[LabelCount]:
    figs = sorted(
        (figures[f] for f in entity_ids(figures)),
        key=lambda f: (-f.value, str(f.details.get("name", "")).casefold()),
    )[:limit]
    return [
        LabelCount(str(f.details["name"]), str(f.details["name"]), int(f.value), f.id) for f in figs
    ]


def sector_counts(figures: Figures) -> list[LabelCount]:
    """Activities with partners from each sector: the ``partners.sector.S.share`` figures."""
    labels = dict(OrganizationKind.choices)
    figs = [figures[f"partners.sector.{s}.share"] for s in SECTORS]
    rows = [
        LabelCount(s, str(labels[s]), int(f.details["matching"]), f.id, f.display)
        for s, f in zip(SECTORS, figs, strict=True)
        if f.details["matching"]
    ]
    return sorted(rows, key=lambda r: (-r.count, r.key))


def trend(figure_id: str = "activities.total") -> list[LabelCount]:
    """A figure across the published editions, oldest first (default: the activities)."""
    out = []
    for edition in Edition.objects.filter(status=EditionStatus.PUBLISHED).order_by("year"):
        fig = frozen(edition)[figure_id]
        out.append(LabelCount(str(edition.year), edition.title, int(fig.value), fig.id))
    return out


def edition_counts() -> dict[int, int]:
    """Activities per edition (edition id -> count): a published edition's
    ``activities.total`` figure, an open edition's public activities."""
    counts = queries.open_edition_counts()
    for edition in Edition.objects.filter(status=EditionStatus.PUBLISHED):
        counts[edition.pk] = int(frozen(edition)["activities.total"].value)
    return counts


def editions_with_counts() -> list[tuple[Edition, int]]:
    counts = edition_counts()
    return [(e, counts.get(e.pk, 0)) for e in Edition.objects.order_by("-year")]


def live_scope(edition: Edition | None) -> Scope:
    return queries.all_activities() if edition is None else queries.edition_scope(edition)
