"""The report's content, computed once from the frozen edition and shared by the PDF and
the web version: texts, executive summary, charts, one chapter per entity, indexes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from aiatlas.catalog import names
from aiatlas.catalog.choices import ActivityKind, ActivityStatus, OrganizationKind
from aiatlas.catalog.models import Country, Region, Technology
from aiatlas.common.l10n import collated, collation_key
from aiatlas.report.charts import ReportChart, report_charts
from aiatlas.report.figures import Figures
from aiatlas.report.models import EditionReportText
from aiatlas.report.snapshots import EditionData, EntityInfo, entity_infos, load_edition
from aiatlas.report.summary import Reference, Sentence, figure_references, summary_paragraphs
from aiatlas.taxonomy.models import Goal
from aiatlas.taxonomy.texts import goal_label, sort_key


@dataclass(frozen=True)
class GoalBadge:
    number: int
    colour: str
    title: str
    #: "SDG 13", "ODD 13" … in the report's language
    label: str = ""


@dataclass
class Entry:
    """One activity as the report shows it."""

    record: dict[str, Any]
    anchor: str
    kind: str
    status: str
    years: str
    goals: list[GoalBadge]
    targets: list[str]
    partners: list[tuple[str, list[str]]]
    countries: list[str]
    regions: list[str]
    technologies: list[str]
    contact: tuple[str, str] | None

    @property
    def public_id(self) -> str:
        return str(self.record["id"])

    @property
    def title(self) -> str:
        return str(self.record["title"])

    @property
    def language(self) -> str:
        """The language the record's title and description are written in ("en" for
        records frozen before the field existed)."""
        return str(self.record.get("language") or "en")


@dataclass
class Chapter:
    entity: EntityInfo
    anchor: str
    entries: list[Entry]
    goal_counts: list[tuple[GoalBadge, int]]
    partner_count: int
    country_count: int
    status_counts: list[tuple[str, int]]


@dataclass
class ExtraTable:
    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class ExtraChapter:
    """An optional chapter another app adds to the report (:func:`register_chapter`),
    computed by that app: paragraphs, tables and charts, after the entities' chapters."""

    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[ExtraTable] = field(default_factory=list)
    charts: list[ReportChart] = field(default_factory=list)
    #: where the numbers come from (a sentence), and a link to see them live
    note: str = ""
    link: str = ""

    @property
    def anchor(self) -> str:
        return f"x-{self.id}"


#: (year, language) -> the chapter, or None when it has nothing to say for the edition
ChapterProvider = Callable[[int, str], "ExtraChapter | None"]
_PROVIDERS: list[ChapterProvider] = []


def register_chapter(provider: ChapterProvider) -> None:
    """Another app adds an optional chapter (apps register in their ``ready``, so the
    report imports none of them)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def extra_chapters(year: int, language: str) -> list[ExtraChapter]:
    """The other apps' chapters, their charts fitted to ``language`` here, as the
    report's own are (numbers in the locale's format, mirrored in Arabic)."""
    from aiatlas.common.charts import localise

    chapters = [c for c in (p(year, language) for p in _PROVIDERS) if c is not None]
    for chapter in chapters:
        for chart in chapter.charts:
            localise(chart.spec, language)
    return chapters


@dataclass
class ReportContent:
    data: EditionData
    figures: Figures
    language: str
    foreword: str
    introduction: str
    summary: list[list[Sentence]]
    charts: list[ReportChart]
    chapters: list[Chapter]
    sdg_index: list[tuple[GoalBadge, list[Entry]]] = field(default_factory=list)
    country_index: list[tuple[str, list[Entry]]] = field(default_factory=list)
    #: the figures the summary cites, numbered for the annex "How the figures were computed"
    references: list[Reference] = field(default_factory=list)
    #: the edition's data licence (an ``opendata.Licence``)
    licence: Any = None
    #: optional chapters of other apps (``register_chapter``)
    extra: list[ExtraChapter] = field(default_factory=list)

    @property
    def all_charts(self) -> list[ReportChart]:
        """The summary's charts and those of the optional chapters (rendered for the PDF)."""
        return [*self.charts, *(c for x in self.extra for c in x.charts)]

    def reference(self, figure_id: str) -> Reference:
        return next(r for r in self.references if r.figure.id == figure_id)

    @property
    def year(self) -> int:
        return self.data.year


def years(record: dict[str, Any]) -> str:
    start, end = record.get("start_year"), record.get("end_year")
    if start and end:
        return f"{start}–{end}" if start != end else str(start)
    if start:
        return _("since %(year)s") % {"year": start}
    if end:
        return _("until %(year)s") % {"year": end}
    return ""


def default_introduction(year: int) -> str:
    return _(
        "This report presents the artificial intelligence activities that entities of the "
        "United Nations system reported for the %(year)s edition. Every figure in the "
        "executive summary is computed from the published (frozen) edition; its mark, such "
        'as [F1], leads to the annex "How the figures were computed", and each can be '
        "reproduced from the database with `aiatlas report figure ID --edition %(year)s`. "
        "The file `data.csv` holds every activity of the edition."
    ) % {"year": year}


class _Vocab:
    def __init__(self, language: str) -> None:
        self.goals = {
            g.number: GoalBadge(
                g.number, g.colour, g.short_title(language) or g.title(language),
                goal_label(g.number, language),
            )
            for g in Goal.objects.all()
        }  # fmt: skip
        self.countries = {
            code: names.country_name(code, language, english)
            for code, english in Country.objects.values_list("alpha3", "name")
        }
        self.regions = {
            code: names.region_name(code, language, english)
            for code, english in Region.objects.values_list("code", "name")
        }
        self.techs = {
            key: names.technology_name(key, language)
            for key in Technology.objects.values_list("key", flat=True)
        }
        self.kinds = {k: names.kind_name(k, language) for k in ActivityKind.values}
        self.statuses = {k: names.status_name(k, language) for k in ActivityStatus.values}
        self.sectors = {k: names.sector_name(k, language) for k in OrganizationKind.values}


def _entry(record: dict[str, Any], anchor: str, v: _Vocab) -> Entry:
    goal_numbers = sorted({int(g["code"]) for g in record.get("sdg_goals") or []})
    by_sector: dict[str, list[str]] = defaultdict(list)
    for p in record.get("partners") or []:
        by_sector[str(p.get("sector") or "other")].append(str(p["organization"]))
    partners = [(v.sectors.get(s, s), by_sector[s]) for s in v.sectors if s in by_sector]
    contact = None
    if record.get("contact_public") and (record.get("contact_name") or record.get("contact_email")):
        contact = (str(record.get("contact_name") or ""), str(record.get("contact_email") or ""))
    return Entry(
        record=record,
        anchor=anchor,
        kind=v.kinds.get(record.get("kind") or "", record.get("kind") or ""),
        status=v.statuses.get(record.get("status") or "", record.get("status") or ""),
        years=years(record),
        goals=[v.goals.get(n, GoalBadge(n, "#777777", "")) for n in goal_numbers],
        targets=sorted({str(t["code"]) for t in record.get("sdg_targets") or []}, key=sort_key),
        partners=partners,
        countries=collated(v.countries.get(c, c) for c in record.get("countries") or []),
        regions=collated(v.regions.get(c, c) for c in record.get("regions") or []),
        technologies=[v.techs.get(t, t) for t in record.get("technologies") or []],
        contact=contact,
    )


def frozen_entity_infos(year: int, references: set[str]) -> dict[str, EntityInfo]:
    """The lead organizations as the edition named them when it was published; live names
    only for editions published before names were frozen."""
    from aiatlas.report.models import EditionEntity

    out = {
        e.reference: EntityInfo(e.reference, e.name, e.acronym, e.kind, e.website)
        for e in EditionEntity.objects.filter(edition__year=year, reference__in=references)
    }
    missing = references - out.keys()
    if missing:
        out.update(entity_infos(missing))
    return out


def _licence(year: int) -> Any:
    from aiatlas.report.opendata import edition_licence

    return edition_licence(year)


def build_content(year: int, *, language: str = "en") -> ReportContent:
    """Everything the report shows for a published edition."""
    data = load_edition(year)
    figures = Figures(data)
    texts = EditionReportText.objects.filter(edition__year=year).first()
    summary = summary_paragraphs(figures)
    v = _Vocab(language)
    by_lead: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in data.records:
        by_lead[str(record["lead_organization"])].append(record)
    infos = frozen_entity_infos(year, set(by_lead))
    chapters: list[Chapter] = []
    sdg_index: dict[int, list[Entry]] = defaultdict(list)
    country_index: dict[str, list[Entry]] = defaultdict(list)
    n = 0
    for ref in sorted(by_lead, key=lambda r: (collation_key(infos[r].name), r)):
        entries = []
        for record in sorted(by_lead[ref], key=lambda r: (collation_key(str(r["title"])), r["id"])):
            n += 1
            entry = _entry(record, f"a{n}", v)
            entries.append(entry)
            for g in entry.goals:
                sdg_index[g.number].append(entry)
            for c in record.get("countries") or []:
                country_index[v.countries.get(c, c)].append(entry)
        goal_n: dict[int, int] = defaultdict(int)
        statuses: dict[str, int] = defaultdict(int)
        partners: set[str] = set()
        countries: set[str] = set()
        for e in entries:
            for g in e.goals:
                goal_n[g.number] += 1
            statuses[e.status] += 1
            partners.update(p["organization"] for p in e.record.get("partners") or [])
            countries.update(e.record.get("countries") or [])
        chapters.append(
            Chapter(
                entity=infos[ref],
                anchor=f"e{len(chapters) + 1}",
                entries=entries,
                goal_counts=[(v.goals[g], goal_n[g]) for g in sorted(goal_n) if g in v.goals],
                partner_count=len(partners),
                country_count=len(countries),
                status_counts=sorted(statuses.items(), key=lambda kv: (-kv[1], kv[0])),
            )
        )
    return ReportContent(
        data=data,
        figures=figures,
        language=language,
        foreword=texts.foreword if texts else "",
        introduction=(texts.introduction if texts and texts.introduction.strip()
                      else default_introduction(year)),
        summary=summary,
        references=figure_references(summary),
        licence=_licence(year),
        charts=report_charts(figures, language),
        chapters=chapters,
        sdg_index=[(v.goals[g], sdg_index[g]) for g in sorted(sdg_index) if g in v.goals],
        country_index=sorted(country_index.items(), key=lambda kv: collation_key(kv[0])),
        extra=extra_chapters(year, language),
    )  # fmt: skip
