"""What each page shows: one function per page that gathers its queries and charts.

Views parse the request, call one of these, and render the returned context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from aiatlas.catalog.models import Activity, Edition
from aiatlas.catalog.queries import (
    is_human_source,
    is_public,
    organization_by_ref,
    organizations_with_counts,
    snapshot_record,
)
from aiatlas.common import charts
from aiatlas.common.l10n import collation_key
from aiatlas.report.figures import Figure, Figures
from aiatlas.taxonomy.models import Goal
from aiatlas.web import editions, queries


class NotFound(LookupError):
    """The page asked for does not exist (unknown id, goal, organization or year), or is
    not public (an embargoed activity for a visitor who may not see it)."""


def _goal_chart(prefix: str, rows: list[queries.GoalCount], description: str) -> charts.Chart:
    return charts.goal_coverage(
        f"{prefix}-sdg",
        rows,
        title=_("Activities per SDG"),
        axis=_("Activities"),
        description=description,
    )


def _charts(
    goals: list[queries.GoalCount],
    orgs: list[queries.LabelCount],
    sectors: list[queries.LabelCount],
    total: int,
    prefix: str,
) -> list[charts.Chart]:
    activities = _("Activities")
    out = [
        _goal_chart(
            prefix,
            goals,
            _(
                "Bar chart: number of activities with each of the 17 SDGs, as tagged or "
                "confirmed by a person."
            ),
        ),
        charts.label_bars(
            f"{prefix}-orgs",
            orgs,
            title=_("Activities per organization (top 15)"),
            column=_("Organization"),
            axis=activities,
            description=_(
                "Bar chart: the 15 organizations leading or co-leading the most activities."
            ),
        ),
        charts.label_bars(
            f"{prefix}-sectors",
            sectors,
            title=_("Activities with partners, by sector"),
            column=_("Sector"),
            axis=_("Share of activities"),
            description=_(
                "Bar chart: share of the activities that have partners from each sector."
            ),
            share=True,
            total=total,
        ),
    ]
    return [c for c in out if c.rows]


def _trend_chart(prefix: str) -> charts.Chart:
    return charts.trend(
        f"{prefix}-trend",
        editions.trend(),
        title=_("Activities across editions"),
        column=_("Edition"),
        axis=_("Activities"),
        description=_("Line chart: number of activities in each published edition."),
    )


def _edition_view(edition: Edition, language: str, prefix: str) -> dict[str, Any]:
    """Headline figures and charts of an edition: from the snapshot when published, from
    the live public data otherwise."""
    if edition.is_published:
        figs = editions.frozen(edition)
        return {
            "figures": editions.headline(figs, language),
            "charts": _charts(
                editions.goal_counts(figs, language),
                editions.top_organizations(figs, 15),
                editions.sector_counts(figs),
                len(figs.data.records),
                prefix,
            ),
            "data_note": editions.data_note(edition, language),
            "frozen": True,
        }
    scope = queries.edition_scope(edition)
    live = queries.figures(scope)
    return {
        "figures": editions.live_headline(live),
        "charts": _charts(
            queries.goal_coverage(scope, language),
            queries.top_organizations(scope, 15),
            queries.sector_mix(scope),
            live.activities,
            prefix,
        ),
        "data_note": editions.data_note(edition, language),
        "frozen": False,
    }


def home(language: str) -> dict[str, Any]:
    edition = queries.latest_published_edition()
    context: dict[str, Any] = {"edition": edition, "editions": editions.editions_with_counts()}
    if edition is not None:
        context.update(_edition_view(edition, language, "home"))
        context["charts"].append(_trend_chart("home"))
    return context


def _published_views(act: Activity) -> list[tuple[Edition, dict[str, Any]]]:
    out = []
    for ed in sorted(act.editions.all(), key=lambda e: e.year):
        if ed.is_published:
            record = snapshot_record(ed, act.public_id)
            if record is not None:
                out.append((ed, record))
    return out


def _language_notes(texts: dict[str, Any], written: str, reader: str) -> dict[str, Any]:
    """The title and description as shown, and the small note that says which language a
    text is in when it is not the reader's ("In English") or that it is a translation
    ("Translated from French")."""
    from aiatlas.common.l10n import language_name, normalise_language

    reader = normalise_language(reader)
    # CLDR's name in the reader's language, as it stands inside a sentence ("anglais")
    original = language_name(written, reader) if written != "other" else _("another language")
    notes = {}
    for name, text in texts.items():
        note = ""
        if text.text and text.translated:
            note = _("Translated from %(language)s") % {"language": original}
        elif text.text and text.language != reader:
            note = _("In %(language)s") % {"language": original}
        notes[name] = note
    return {"texts": texts, "language_notes": notes}


def activity(public_id: str, *, user: Any = None, language: str | None = None) -> dict[str, Any]:
    """One activity's page; an embargoed activity only for ``user``s the rule
    ``catalog.view_embargoed`` lets see it (else :class:`NotFound`). The title and the
    description are shown in ``language`` when the activity has a translation into it."""
    from django.utils.translation import get_language

    from aiatlas.catalog.names import country_names, region_names
    from aiatlas.catalog.translations import shown_activity
    from aiatlas.taxonomy.texts import sort_key

    act = queries.activity_detail(public_id)
    if act is None:
        raise NotFound(public_id)
    public = is_public(act)
    if not public and not (user is not None and user.has_perm("catalog.view_embargoed", act)):
        raise NotFound(public_id)
    goals: dict[int, list[str]] = {}
    confirmed: dict[int, bool] = {}
    goal_objs = {}
    for tag in act.goal_tags.all():
        goals.setdefault(tag.goal_id, []).append(tag.get_source_display())
        confirmed[tag.goal_id] = confirmed.get(tag.goal_id, False) or is_human_source(tag.source)
        goal_objs[tag.goal_id] = tag.goal
    targets: dict[str, Any] = {}
    for ttag in sorted(act.target_tags.all(), key=lambda t: sort_key(t.target_id)):
        targets.setdefault(ttag.target_id, ttag.target)
    sectors: dict[str, list[Any]] = {}
    for partner in act.partners.all():
        sectors.setdefault(partner.get_sector_display(), []).append(partner.organization)
    reader = language or get_language() or "en"
    return {
        **_language_notes(shown_activity(act, reader), act.language, reader),
        "country_names": country_names([c.alpha3 for c in act.countries.all()], reader),
        "region_names": region_names([r.code for r in act.regions.all()], reader),
        "activity": act,
        "embargoed": not public,
        "goals": [(goal_objs[n], sources, confirmed[n]) for n, sources in sorted(goals.items())],
        "targets": list(targets.values()),
        "partners_by_sector": sorted(sectors.items(), key=lambda kv: collation_key(kv[0])),
        "editions": sorted(act.editions.all(), key=lambda e: e.year),
        "published_views": [ed for ed, _record in _published_views(act)],
        "co_leads": sorted(act.co_leads.all(), key=lambda o: collation_key(o.reference)),
        "related": _related(act.pk),
    }


def _related(activity_id: int) -> list[Any]:
    from aiatlas.search.queries import related_activities

    return related_activities(activity_id)


def activity_as_published(public_id: str, year: int, language: str) -> dict[str, Any]:
    """One activity as a published edition published it (its snapshot record)."""
    from aiatlas.catalog.public import public_record
    from aiatlas.search.queries import facet_labels

    ed = queries.edition_by_year(year)
    if ed is None or not ed.is_published:
        raise NotFound(f"{public_id} {year}")
    record = snapshot_record(ed, public_id[:64])
    if record is None:
        raise NotFound(f"{public_id} {year}")
    record = public_record(record)
    goals = {g.number: g for g in Goal.objects.all()}
    tags: dict[int, bool] = {}
    for g in record.get("sdg_goals") or []:
        n = int(g["code"])
        tags[n] = tags.get(n, False) or is_human_source(str(g.get("source")))
    sectors = facet_labels("sector", None, language)
    partners: dict[str, list[str]] = {}
    for p in record.get("partners") or []:
        partners.setdefault(sectors.get(p["sector"], p["sector"]), []).append(p["organization"])
    return {
        "edition": ed,
        "record": record,
        "goals": [(goals[n], human) for n, human in sorted(tags.items()) if n in goals],
        "partners_by_sector": sorted(partners.items()),
        "countries": facet_labels("country", record.get("countries") or [], language),
        "kind": facet_labels("kind", None, language).get(record.get("kind"), record.get("kind")),
        "status": facet_labels("status", None, language).get(
            record.get("status"), record.get("status")
        ),
        "live": queries.activity_detail(public_id[:64]) is not None,
    }


def _edition_param(year: int | None) -> Edition | None:
    if year is None:
        return None
    ed = queries.edition_by_year(year)
    if ed is None:
        raise NotFound(str(year))
    return ed


def _edition_choice(ed: Edition | None, language: str) -> dict[str, Any]:
    """What a page that may show one edition (``?edition=YEAR``) holds about it."""
    return {
        "selected_edition": ed,
        "editions": editions.editions_with_counts(),
        "data_note": editions.data_note(ed, language),
        "frozen_records": None,
    }


def _as_published(
    context: dict[str, Any],
    figs: Figures,
    fig: Figure | None,
    shown: editions.Shown,
    live_lists: tuple[str, ...],
) -> dict[str, Any]:
    """``context`` for a published edition: its figure ``fig`` (shown as ``shown``) and
    the snapshot records it counts; the lists of live data (``live_lists``) stay empty."""
    context.update({"figures": [shown], "frozen_records": editions.records_of(figs, fig)})
    context.update({name: [] for name in live_lists})
    return context


def organization(ref: str, language: str, *, year: int | None = None) -> dict[str, Any]:
    org = organization_by_ref(ref)
    if org is None:
        raise NotFound(ref)
    ed = _edition_param(year)
    context: dict[str, Any] = {"organization": org, **_edition_choice(ed, language)}
    if ed is not None and ed.is_published:
        figs = editions.frozen(ed)
        fig = editions.figure_or_none(figs, f"entities.{org.reference}.activities")
        shown = (
            editions.shown(fig, ed.year, language) if fig else editions.Shown(_("Activities"), "0")
        )
        return _as_published(context, figs, fig, shown, ("by_edition", "partners", "charts"))
    scope = queries.within_edition(queries.organization_scope(org), ed)
    profile = _goal_chart(
        "org", queries.goal_coverage(scope, language),
        _("Bar chart: this organization's activities per SDG."),
    )  # fmt: skip
    context.update(
        {
            "by_edition": queries.activities_by_edition(scope),
            "partners": queries.organization_partners(org),
            "figures": editions.live_headline(queries.figures(scope)),
            "charts": [profile] if any(r[1] != "0" for r in profile.rows) else [],
        }
    )
    return context


def organizations() -> dict[str, Any]:
    return {"organizations": organizations_with_counts()}


def goals() -> dict[str, Any]:
    return {"goals": queries.all_goals_with_counts()}


def goal(number: int, language: str, *, year: int | None = None) -> dict[str, Any]:
    g = queries.goal_by_number(number)
    if g is None:
        raise NotFound(str(number))
    ed = _edition_param(year)
    context: dict[str, Any] = {
        "goal": g,
        "goal_title": g.title(language),
        "goal_short": g.short_title(language),
        **_edition_choice(ed, language),
    }
    if ed is not None and ed.is_published:
        figs = editions.frozen(ed)
        fig = figs[f"sdg.{number}.activities"]
        shown = editions.shown(fig, ed.year, language)
        return _as_published(context, figs, fig, shown, ("targets", "activities", "charts"))
    scope = queries.within_edition(queries.goal_scope(number), ed)
    found = []
    sectors = charts.label_bars(
        "goal-sectors",
        queries.sector_mix(scope),
        title=_("Activities with partners, by sector"),
        column=_("Sector"),
        axis=_("Share of activities"),
        description=_("Bar chart: share of the activities that have partners from each sector."),
        share=True,
        total=scope.count(),
    )
    if sectors.rows:
        found.append(sectors)
    history = charts.trend(
        "goal-trend",
        editions.trend(f"sdg.{number}.activities"),
        title=_("Activities across editions"),
        column=_("Edition"),
        axis=_("Activities"),
        description=_("Line chart: activities for this SDG in each published edition."),
    )
    if history.rows:
        found.append(history)
    context.update(
        {
            "targets": [(t, t.title(language), n) for t, n in queries.goal_targets(number)],
            "activities": queries.recent_activities(scope, 20),
            "figures": editions.live_headline(queries.figures(scope)),
            "charts": found,
        }
    )
    return context


def edition(year: int, language: str) -> dict[str, Any]:
    ed = queries.edition_by_year(year)
    if ed is None:
        raise NotFound(str(year))
    context = {"edition": ed, "editions": editions.editions_with_counts()}
    context.update(_edition_view(ed, language, "edition"))
    return context


@dataclass(frozen=True)
class ResultCard:
    public_id: str
    title: str
    snippet: str
    activity: Activity | None
    #: (goal, confirmed by a person) in goal order
    goals: list[Any]
    #: the published edition whose record the card shows (None: the live record)
    edition: int | None = None
    #: the ``lang`` of the title shown (its translation's, or the language it is written in)
    title_lang: str = ""

    @property
    def url_suffix(self) -> str:
        return f"as-published/{self.edition}/" if self.edition else ""


def result_cards(
    activity_ids: list[int], hits: list[Any], language: str | None = None
) -> list[ResultCard]:
    """One card per hit; a live activity's title in the reader's ``language`` when it has
    a translation in it (``catalog.translations``), a published record's as published."""
    from aiatlas.catalog.translations import shown_activity

    cards = queries.activity_cards(activity_ids)
    goal_tags = queries.goal_tags_by_activity(activity_ids)
    goals = {g.number: g for g in Goal.objects.all()}
    out = []
    for h in hits:
        activity = cards.get(h.activity_id)
        title, title_lang = h.title, ""
        if h.edition:
            tags = [(goals[n], human) for n, human in h.goals if n in goals]
        else:
            tags = goal_tags.get(h.activity_id, [])
            if activity is not None and language:
                shown = shown_activity(activity, language)["title"]
                title = shown.text if shown.translated else title
                title_lang = shown.lang
        out.append(ResultCard(h.public_id, title, h.snippet, activity, tags, h.edition, title_lang))
    return out


def latest_edition() -> Edition | None:
    return queries.latest_published_edition()


# --- the activity list (search) -------------------------------------------------------

EXPORT_FORMATS = (("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON"))
API_ROOT = "/api/v1"
FACETS_SHOWN = 6


def facet_titles() -> dict[str, str]:
    return {
        "edition": _("Edition"),
        "goal": _("SDG"),
        "target": _("SDG target"),
        "organization": _("Organization"),
        "kind": _("Kind"),
        "status": _("Status"),
        "technology": _("Technology"),
        "sector": _("Partner sector"),
        "region": _("Region"),
        "country": _("Country"),
        "source": _("SDG tag source"),
    }


def sort_options() -> list[tuple[str, str]]:
    return [("relevance", _("Relevance")), ("newest", _("Newest")), ("title", _("Title"))]


@dataclass(frozen=True)
class FacetOption:
    name: str
    value: str
    label: str
    count: int
    selected: bool
    id: str

    @property
    def html(self) -> SafeString:
        """The option's checkbox (built here, not by an included template: a search page
        shows some two hundred of them)."""
        return format_html(
            '<li class="facet-option"><input type="checkbox" id="{}" name="{}" value="{}"{}>'
            '<label for="{}"><span dir="auto">{}</span> <span class="count">{}</span></label></li>',
            self.id,
            self.name,
            self.value,
            mark_safe(" checked") if self.selected else "",
            self.id,
            self.label,
            self.count,
        )


@dataclass(frozen=True)
class FacetGroup:
    name: str
    title: str
    shown: list[FacetOption]
    more: list[FacetOption]


@dataclass(frozen=True)
class Chip:
    facet: str
    label: str
    url: str


def _qs(query: QueryDict, **changes: list[str] | None) -> str:
    """``query`` as a URL query string ("?…") with some keys replaced or removed."""
    q = query.copy()
    if "page" not in changes:
        q.pop("page", None)  # a new filter or sort starts again at page 1
    for key, values in changes.items():
        if values is None:
            q.pop(key, None)
        else:
            q.setlist(key, values)
    encoded = q.urlencode()
    return f"?{encoded}" if encoded else "?"


def activity_list(query: QueryDict, language: str) -> dict[str, Any]:
    """Parse and run a search from the query string; raises ``InvalidSearch``."""
    from aiatlas.search.params import PAGE_SIZES, SearchParams
    from aiatlas.search.queries import search

    params = SearchParams.from_query(dict(query.lists()))
    result = search(params, language=language, with_facets=True)
    titles = facet_titles()
    groups: list[FacetGroup] = []
    labels: dict[tuple[str, str], str] = {}
    for name, title in titles.items():
        values = result.facets.get(name, [])
        options = []
        for fv in values:
            options.append(
                FacetOption(
                    name,
                    fv.value,
                    fv.label,
                    fv.count,
                    fv.selected,
                    f"f-{name}-{fv.value.encode().hex()}",
                )
            )
            labels[(name, fv.value)] = fv.label
        if not options:
            continue
        shown = [o for i, o in enumerate(options) if i < FACETS_SHOWN or o.selected]
        more = [o for i, o in enumerate(options) if i >= FACETS_SHOWN and not o.selected]
        groups.append(FacetGroup(name, title, shown, more))
    chips = []
    for name, selected in params.filters.items():
        for value in selected:
            rest = [v for v in selected if v != value]
            label = labels.get((name, value), value)
            chips.append(Chip(titles.get(name, name), label, _qs(query, **{name: rest})))
    pages = max(1, -(-result.total // params.per_page))
    original = query.copy()
    original.setlist("q", [result.corrected_from or ""])
    original.setlist("exact", ["1"])
    export_query = query.copy()
    for key in ("page", "per_page"):
        export_query.pop(key, None)
    export_qs = export_query.urlencode()
    published = {str(e.year) for e in Edition.objects.filter(status="published")}
    return {
        "params": params,
        "frozen_editions": [y for y in params.filters.get("edition", ()) if y in published],
        "result": result,
        "cards": result_cards([h.activity_id for h in result.hits], result.hits, language),
        "facet_groups": groups,
        "chips": chips,
        "clear_url": _qs(query, **{name: None for name in params.filters}, confirmed=None),
        "sort_options": sort_options(),
        "page": params.page,
        "pages": pages,
        "first_shown": (params.page - 1) * params.per_page + 1 if result.hits else 0,
        "last_shown": (params.page - 1) * params.per_page + len(result.hits),
        "prev_url": _qs(query, page=[str(params.page - 1)]) if params.page > 1 else "",
        "next_url": _qs(query, page=[str(params.page + 1)]) if params.page < pages else "",
        "page_links": [
            (n, _qs(query, page=[str(n)]))
            for n in range(max(1, params.page - 3), min(pages, params.page + 3) + 1)
        ],
        "first_url": _qs(query, page=["1"]) if params.page - 3 > 1 else "",
        "last_url": _qs(query, page=[str(pages)]) if params.page + 3 < pages else "",
        "page_sizes": PAGE_SIZES,
        # notes on what the search did with the words: a correction it applied (with a
        # link to the words as typed), one it offers, or the relaxation to any word
        "original_url": _qs(original) if result.corrected_from else "",
        "suggestion_url": _qs(query, q=[result.suggestion]) if result.suggestion else "",
        "exports": [
            (label, f"{API_ROOT}/activities.{fmt}" + (f"?{export_qs}" if export_qs else ""))
            for fmt, label in EXPORT_FORMATS
        ],
        "beside": _beside_activities(params.q if params.page == 1 else ""),
    }


def _beside_activities(q: str) -> dict[str, Any] | None:
    """Focus groups, deliverables and challenges matching the words, shown beside the
    activities (the first results page only), with their counts by type."""
    if not q.strip():
        return None
    from aiatlas.initiatives.queries import search as search_initiatives

    hits = search_initiatives(q, limit=10)
    if not hits:
        return None
    counts = {
        kind: sum(1 for h in hits if h.type == kind)
        for kind in ("group", "deliverable", "challenge")
    }
    return {"hits": hits[:6], "counts": counts, "more": len(hits) > 6}


def sitemap(base: str) -> dict[str, Any]:
    """URLs of the public pages: home, editions, SDGs, organizations, public activities and
    their published views."""
    from django.urls import reverse

    from aiatlas.catalog.models import EditionSnapshot

    urls = [base + reverse("web:home"), base + reverse("web:activity-list")]
    urls += [base + reverse("web:edition-detail", args=[e.year]) for e in Edition.objects.all()]
    urls += [base + reverse("web:goal-detail", args=[n]) for n in range(1, 18)]
    urls += [
        base + reverse("web:organization-detail", args=[o.reference])
        for o, _n in organizations_with_counts()
    ]
    public = queries.all_activities().order_by("public_id").values_list("public_id", flat=True)
    urls += [base + reverse("web:activity-detail", args=[p]) for p in public]
    frozen = EditionSnapshot.objects.filter(edition__status="published").order_by(
        "public_id", "edition__year"
    )
    urls += [
        base + reverse("web:activity-published", args=[p, y])
        for p, y in frozen.values_list("public_id", "edition__year")
    ]
    return {"urls": urls}
