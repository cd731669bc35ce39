"""The executive summary: sentences from translatable templates with figures filled in.

A template names its slots in braces: ``{edition}`` takes plain text, a slot given a
:class:`Figure` becomes that figure's value followed by a small bracketed reference mark
(``[F3]``), numbered by first appearance. The mark leads to the annex "How the figures were
computed" (id, what it counts, record count, link to the search), in the web report and
the PDF alike; the text itself stays free of queries and footnotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from aiatlas.report.figures import Figure, Figures
from aiatlas.taxonomy.texts import goal_label

SLOT = re.compile(r"\{([a-z0-9_]+)\}")

Part = str | Figure


@dataclass(frozen=True)
class Sentence:
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.display for p in self.parts)

    @property
    def figures(self) -> list[Figure]:
        return [p for p in self.parts if isinstance(p, Figure)]


def sentence(template: str, **slots: str | Figure) -> Sentence:
    parts: list[Part] = []
    pos = 0
    for m in SLOT.finditer(template):
        if m.start() > pos:
            parts.append(template[pos : m.start()])
        parts.append(slots[m[1]])
        pos = m.end()
    if pos < len(template):
        parts.append(template[pos:])
    # merge neighbouring text so renderers see whole runs
    merged: list[Part] = []
    for p in parts:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + p
        else:
            merged.append(p)
    return Sentence(tuple(merged))


@dataclass(frozen=True)
class Reference:
    """A figure the summary cites, with its number in the annex."""

    number: int
    figure: Figure

    @property
    def mark(self) -> str:
        return reference_mark(self.number)

    @property
    def anchor(self) -> str:
        return f"fig-{self.mark[1:-1]}"

    @property
    def records(self) -> int:
        return len(self.figure.public_ids)


def reference_mark(number: int) -> str:
    """The mark after a figure in the text: bracketed, so it never reads as an exponent."""
    return f"[F{number}]"


def figure_references(paragraphs: list[list[Sentence]]) -> list[Reference]:
    """Every figure the summary cites, once, numbered in order of first appearance (the
    one numbering the web report and the PDF share)."""
    seen: dict[str, Reference] = {}
    for paragraph in paragraphs:
        for sent in paragraph:
            for fig in sent.figures:
                if fig.id not in seen:
                    seen[fig.id] = Reference(len(seen) + 1, fig)
    return list(seen.values())


def _top(figs: list[Figure], n: int) -> list[Figure]:
    nonzero = [f for f in figs if f.value]
    return sorted(nonzero, key=lambda f: (-f.value, f.id))[:n]


def _listing(items: list[tuple[str, Figure]], template: str) -> Sentence | None:
    """One sentence naming up to three items with their figures."""
    if not items:
        return None
    slots: dict[str, str | Figure] = {}
    pieces = []
    for i, (name, fig) in enumerate(items):
        slots[f"name{i}"] = name
        slots[f"fig{i}"] = fig
        pieces.append(f"{{name{i}}} ({{fig{i}}})")
    joined = pieces[0] if len(pieces) == 1 else ", ".join(pieces[:-1]) + _(" and ") + pieces[-1]
    return sentence(template.replace("{list}", joined), **slots)


SUMMARY_SECTORS = ["un_entity", "government", "academia", "private_sector", "civil_society"]


def summary_paragraphs(figures: Figures) -> list[list[Sentence]]:
    """The executive summary as paragraphs of sentences."""
    data = figures.data
    year = str(data.year)
    total = figures["activities.total"]
    if not total.value:
        return [[sentence(_("The {edition} edition holds no activities."), edition=year)]]
    paragraphs: list[list[Sentence]] = []
    entities = figures["entities.total"]
    first = [
        sentence(
            ngettext(
                "In the {edition} edition, {entities} UN entity reported {activities} AI "
                "activities.",
                "In the {edition} edition, {entities} UN entities reported {activities} AI "
                "activities.",
                int(entities.value),
            ),
            edition=year, entities=entities, activities=total,
        )
    ]  # fmt: skip
    if data.previous is not None:
        first.append(
            sentence(
                _("{new} of these entities reported for the first time."),
                new=figures["entities.new"],
            )
        )
        first.append(
            sentence(
                _(
                    "Compared with the {previous} edition, the number of activities changed by "
                    "{change} and the number of reporting entities by {entities}."
                ),
                previous=str(data.previous.year),
                change=figures["change.activities"],
                entities=figures["change.entities"],
            )
        )
    paragraphs.append(first)

    goals = [figures[f"sdg.{g}.activities"] for g in range(1, 18)]
    covered = sum(1 for f in goals if f.value)
    sdg = [
        sentence(
            _("{tagged} activities are linked to at least one SDG, and {covered} of the 17 "
              "goals are addressed."),
            tagged=figures["sdg.tagged.activities"], covered=str(covered),
        )
    ]  # fmt: skip
    top_goals = [(goal_label(_name(f), get_language()), f) for f in _top(goals, 3)]
    listed = _listing(top_goals, _("The goals addressed most often are {list}."))
    if listed:
        sdg.append(listed)
    paragraphs.append(sdg)

    partners = [
        sentence(
            _("{share} of the activities involve partners."),
            share=figures["partners.any.share"],
        )
    ]
    slots: dict[str, str | Figure] = {
        s: figures[f"partners.sector.{s}.share"] for s in SUMMARY_SECTORS
    }
    partners.append(
        sentence(
            _(
                "Shares of activities with partners from other UN entities: {un_entity}; "
                "governments: {government}; academia: {academia}; the private sector: "
                "{private_sector}; civil society: {civil_society}."
            ),
            **slots,
        )
    )
    paragraphs.append(partners)

    places: list[Sentence] = [
        sentence(
            _("The activities name {countries} countries."), countries=figures["countries.total"]
        )
    ]
    region_figs = [figures[f] for f in _ids(figures, "regions.")]
    top_regions = [(_name(f), f) for f in _top(region_figs, 3)]
    listed = _listing(top_regions, _("The regions named most often are {list}."))
    if listed:
        places.append(listed)
    paragraphs.append(places)

    tech_figs = [figures[f] for f in _ids(figures, "technology.")]
    top_tech = [(_name(f), f) for f in _top(tech_figs, 3)]
    listed = _listing(top_tech, _("The technologies used most often are {list}."))
    if listed:
        paragraphs.append([listed])

    paragraphs.append(
        [
            sentence(
                _("{ongoing} activities are ongoing, {completed} completed, {planned} planned "
                  "and {discontinued} discontinued."),
                ongoing=figures["status.ongoing"], completed=figures["status.completed"],
                planned=figures["status.planned"], discontinued=figures["status.discontinued"],
            )
        ]
    )  # fmt: skip
    return paragraphs


def _ids(figures: Figures, prefix: str) -> list[str]:
    from aiatlas.report.figures import figure_ids

    return [f for f in figure_ids(figures.data) if f.startswith(prefix)]


def _name(fig: Figure) -> str:
    """What a figure counts, named in the active language: a region or a technology by
    ``catalog.names``, a goal by its number."""
    import re

    from django.utils.translation import get_language

    from aiatlas.catalog import names

    region = re.fullmatch(r"regions\.(\d{3})\.activities", fig.id)
    if region:
        return names.region_name(region[1], get_language())
    tech = re.fullmatch(r"technology\.([a-z_]+)\.activities", fig.id)
    if tech:
        return names.technology_name(tech[1], get_language())
    return str(fig.details.get("name") or fig.label)
