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
from aiatlas.web import charts, queries
from aiatlas.web.queries import Scope


class NotFound(LookupError):
    """The page asked for does not exist (unknown id, goal, organization or year)."""


def _charts(scope: Scope, language: str, prefix: str, *, with_trend: bool) -> list[charts.Chart]:
    activities = _("Activities")
    out = [
        charts.goal_coverage(
            f"{prefix}-sdg",
            queries.goal_coverage(scope, language),
            title=_("Activities per SDG"),
            axis=activities,
            description=_("Bar chart: number of activities tagged with each of the 17 SDGs."),
        ),
        charts.label_bars(
            f"{prefix}-orgs",
            queries.top_organizations(scope, 15),
            title=_("Activities per organization (top 15)"),
            column=_("Organization"),
            axis=activities,
            description=_("Bar chart: the 15 lead organizations with the most activities."),
        ),
        charts.label_bars(
            f"{prefix}-sectors",
            queries.sector_mix(scope),
            title=_("Partners by sector"),
            column=_("Sector"),
            axis=_("Share of partnerships"),
            description=_("Bar chart: share of partnerships by the partner's sector."),
            share=True,
        ),
    ]
    if with_trend:
        out.append(
            charts.trend(
                f"{prefix}-trend",
                queries.trend(scope),
                title=_("Activities across editions"),
                column=_("Edition"),
                axis=activities,
                description=_("Line chart: number of activities in each edition."),
            )
        )
    return [c for c in out if c.rows]


def home(language: str) -> dict[str, Any]:
    edition = queries.latest_published_edition()
    context: dict[str, Any] = {"edition": edition, "editions": queries.editions_with_counts()}
    if edition is not None:
        scope = queries.edition_scope(edition)
        context["figures"] = queries.figures(scope)
        context["charts"] = _charts(scope, language, "home", with_trend=False)
        context["charts"].append(
            charts.trend(
                "home-trend",
                queries.trend(),
                title=_("Activities across editions"),
                column=_("Edition"),
                axis=_("Activities"),
                description=_("Line chart: number of activities in each edition."),
            )
        )
    return context


def activity(public_id: str) -> dict[str, Any]:
    act = queries.activity_detail(public_id)
    if act is None:
        raise NotFound(public_id)
    goals: dict[int, list[str]] = {}
    goal_objs = {}
    for tag in act.goal_tags.all():
        goals.setdefault(tag.goal_id, []).append(tag.get_source_display())
        goal_objs[tag.goal_id] = tag.goal
    targets: dict[str, Any] = {}
    for ttag in act.target_tags.all():
        targets.setdefault(ttag.target_id, ttag.target)
    sectors: dict[str, list[Any]] = {}
    for partner in act.partners.all():
        sectors.setdefault(partner.get_sector_display(), []).append(partner.organization)
    return {
        "activity": act,
        "goals": [(goal_objs[n], sources) for n, sources in sorted(goals.items())],
        "targets": list(targets.values()),
        "partners_by_sector": sorted(sectors.items()),
        "editions": sorted(act.editions.all(), key=lambda e: e.year),
        "co_leads": sorted(act.co_leads.all(), key=lambda o: o.reference.casefold()),
    }


def organization(ref: str, language: str) -> dict[str, Any]:
    org = queries.organization_by_ref(ref)
    if org is None:
        raise NotFound(ref)
    scope = queries.organization_scope(org)
    profile = charts.goal_coverage(
        "org-sdg",
        queries.goal_coverage(scope, language),
        title=_("SDG profile"),
        axis=_("Activities"),
        description=_("Bar chart: this organization's activities per SDG."),
    )
    return {
        "organization": org,
        "by_edition": queries.activities_by_edition(scope),
        "partners": queries.organization_partners(org),
        "figures": queries.figures(scope),
        "charts": [profile] if any(r[1] != "0" for r in profile.rows) else [],
    }


def organizations() -> dict[str, Any]:
    return {"organizations": queries.organizations_with_counts()}


def goals() -> dict[str, Any]:
    return {"goals": queries.all_goals_with_counts()}


def goal(number: int, language: str) -> dict[str, Any]:
    g = queries.goal_by_number(number)
    if g is None:
        raise NotFound(str(number))
    scope = queries.goal_scope(number)
    found = []
    sectors = charts.label_bars(
        "goal-sectors",
        queries.sector_mix(scope),
        title=_("Partners by sector"),
        column=_("Sector"),
        axis=_("Share of partnerships"),
        description=_("Bar chart: share of partnerships by the partner's sector."),
        share=True,
    )
    if sectors.rows:
        found.append(sectors)
    history = charts.trend(
        "goal-trend",
        queries.trend(scope),
        title=_("Activities across editions"),
        column=_("Edition"),
        axis=_("Activities"),
        description=_("Line chart: number of activities for this SDG in each edition."),
    )
    if history.rows:
        found.append(history)
    figures = queries.figures(scope)
    return {
        "goal": g,
        "goal_title": g.title(language),
        "goal_short": g.short_title(language),
        "targets": [(t, t.title(language), n) for t, n in queries.goal_targets(number)],
        "activities": queries.recent_activities(scope, 20),
        "figures": figures,
        "charts": found,
    }


def edition(year: int, language: str) -> dict[str, Any]:
    ed = queries.edition_by_year(year)
    if ed is None:
        raise NotFound(str(year))
    scope = queries.edition_scope(ed)
    return {
        "edition": ed,
        "figures": queries.figures(scope),
        "charts": _charts(scope, language, "edition", with_trend=False),
        "editions": queries.editions_with_counts(),
    }


@dataclass(frozen=True)
class ResultCard:
    public_id: str
    title: str
    snippet: str
    activity: Activity | None
    goals: list[Any]


def result_cards(activity_ids: list[int], hits: list[Any]) -> list[ResultCard]:
    cards = queries.activity_cards(activity_ids)
    goal_tags = queries.goal_tags_by_activity(activity_ids)
    return [
        ResultCard(
            h.public_id,
            h.title,
            h.snippet,
            cards.get(h.activity_id),
            goal_tags.get(h.activity_id, []),
        )
        for h in hits
    ]


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
            '<label for="{}">{} <span class="count">{}</span></label></li>',
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
    from aiatlas.search.params import SearchParams
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
    export_query = query.copy()
    for key in ("page", "per_page"):
        export_query.pop(key, None)
    export_qs = export_query.urlencode()
    return {
        "params": params,
        "result": result,
        "cards": result_cards([h.activity_id for h in result.hits], result.hits),
        "facet_groups": groups,
        "chips": chips,
        "clear_url": _qs(query, **{name: None for name in params.filters}),
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
        "exports": [
            (label, f"{API_ROOT}/activities.{fmt}" + (f"?{export_qs}" if export_qs else ""))
            for fmt, label in EXPORT_FORMATS
        ],
    }
