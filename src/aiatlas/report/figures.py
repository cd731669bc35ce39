"""Every figure of the executive summary as a named, registered query over the frozen
snapshot records of a published edition (and the previous published edition for changes).

This module owns every edition figure: the web pages (edition, home, SDG and organization
pages filtered to a published edition), the API and the report all compute them here.
SDG figures count only tags that a person gave or confirmed (``catalog.queries.
HUMAN_SOURCES``); the ``sdg.N.activities.any`` family, which includes the classifier's
suggestions, says so in its label.

A figure id names one query (``activities.total``, ``sdg.3.activities``,
``partners.sector.academia.share`` …). Each figure carries its value, a description of the
query that produced it and the public ids of the records behind it, so that
``aiatlas report figure ID --edition YEAR`` reproduces it from the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from aiatlas.catalog.choices import ActivityKind, ActivityStatus, OrganizationKind
from aiatlas.catalog.models import Country, Region, Technology
from aiatlas.catalog.queries import is_human_source
from aiatlas.report.exceptions import UnknownFigure
from aiatlas.report.snapshots import EditionData

Record = dict[str, Any]
Predicate = Callable[[Record], bool]


@dataclass(frozen=True)
class Figure:
    id: str
    label: str
    value: int | float
    display: str
    #: the query: the rows read and the condition applied to each record
    query: str
    public_ids: tuple[str, ...]
    #: facet filters of the catalog search that lists the same activities (live data)
    search: tuple[tuple[str, str], ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Family:
    pattern: re.Pattern[str]
    compute: Callable[[EditionData, re.Match[str]], Figure]
    ids: Callable[[EditionData], list[str]]


REGISTRY: list[Family] = []


def register(
    pattern: str, ids: Callable[[EditionData], list[str]]
) -> Callable[[Callable[[EditionData, re.Match[str]], Figure]], Callable[..., Figure]]:
    def wrap(fn: Callable[[EditionData, re.Match[str]], Figure]) -> Callable[..., Figure]:
        REGISTRY.append(Family(re.compile(pattern + r"\Z"), fn, ids))
        return fn

    return wrap


# --- helpers ---------------------------------------------------------------------------


def _goals(record: Record) -> set[str]:
    """The SDGs of a record that a person gave or confirmed."""
    return {
        str(g["code"])
        for g in record.get("sdg_goals") or []
        if is_human_source(str(g.get("source") or ""))
    }


def _goals_any(record: Record) -> set[str]:
    """Every SDG of a record, machine suggestions included."""
    return {str(g["code"]) for g in record.get("sdg_goals") or []}


def _orgs(record: Record) -> set[str]:
    """The lead and the co-leads of a record."""
    return {str(record["lead_organization"]), *(str(o) for o in record.get("co_leads") or [])}


#: the search control that leaves machine-only SDG tags out
CONFIRMED = ("confirmed", "1")
HUMAN = "source is a person: submitter or curator, not classifier"


def _sectors(record: Record) -> set[str]:
    return {str(p.get("sector") or "") for p in record.get("partners") or []}


_PLAIN_COUNT = re.compile(r"\d{1,3}(,\d{3})*")
_PLAIN_SHARE = re.compile(r"\d+(\.\d+)?%")
#: a change from the previous edition: "+2 (+4%)", "-1,204 (-12%)", "0 (0%)", "+3"
_CHANGE = re.compile(r"(?P<sign>[+-]?)(?P<n>\d{1,3}(?:,\d{3})*)(?: \((?P=sign)(?P<p>\d+)%\))?")


def display_in(fig: Figure, language: str | None) -> str:
    """A figure's value written as ``language`` writes numbers ("1 234", "25 %", "٪25");
    ``display`` (English) for the figures that are not a plain count or share."""
    from aiatlas.common.l10n import format_number, format_percent, normalise_language

    if normalise_language(language) == "en":
        return fig.display
    if _PLAIN_COUNT.fullmatch(fig.display):
        return format_number(int(fig.display.replace(",", "")), language)
    if _PLAIN_SHARE.fullmatch(fig.display):
        share = Decimal(fig.display[:-1]) / 100
        digits = len(fig.display[:-1].partition(".")[2])
        return format_percent(float(share), language, digits)
    change = _CHANGE.fullmatch(fig.display)
    if change:
        sign = change["sign"]
        text = sign + format_number(int(change["n"].replace(",", "")), language)
        if change["p"] is not None:
            text += f" ({sign}{format_percent(int(change['p']) / 100, language)})"
        return text
    return fig.display


def _fmt_int(n: int) -> str:
    return f"{n:,}"


def percent(n: int, total: int) -> Decimal:
    if not total:
        return Decimal(0)
    return (Decimal(100) * n / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _fmt_pct(p: Decimal) -> str:
    return f"{p.quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def _where(data: EditionData, condition: str) -> str:
    return f"{data.query}; keep each record where {condition}"


def _ed(data: EditionData, *pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("edition", str(data.year)), *pairs)


def _count(
    data: EditionData,
    fid: str,
    label: str,
    condition: str,
    pred: Predicate,
    search: Iterable[tuple[str, str]] = (),
    name: str = "",
) -> Figure:
    ids = tuple(r["id"] for r in data.records if pred(r))
    details: dict[str, Any] = {"total": len(data.records)}
    if name:
        details["name"] = name
    return Figure(
        fid,
        label,
        len(ids),
        _fmt_int(len(ids)),
        _where(data, condition) + "; count the records",
        ids,
        _ed(data, *search),
        details,
    )


def _listing(
    data: EditionData,
    fid: str,
    label: str,
    field: str,
    facet: str,
    code: str,
    names: dict[str, str],
    unknown: str,
) -> Figure:
    """Activities whose record lists ``code`` in ``field`` (regions, countries,
    technologies), searchable by the facet ``facet``. ``names`` names the codes there
    are (another code raises ``unknown``); ``label`` holds ``%(<facet>)s`` for the name."""
    if code not in names:
        raise UnknownFigure(unknown)
    name = names[code]
    return _count(
        data, fid, label % {facet: name}, f"'{code}' in record['{field}']",
        lambda r: code in (r.get(field) or []), [(facet, code)], name,
    )  # fmt: skip


def _being(data: EditionData, fid: str, label: str, field: str, key: str, keys: Any) -> Figure:
    """Activities whose record's ``field`` (status, kind) is ``key``, one of the choices
    ``keys``; ``label`` holds ``%(<field>)s`` for the choice's label."""
    if key not in keys.values:
        raise UnknownFigure(f"unknown {field} {key!r}; one of: {', '.join(keys.values)}")
    return _count(
        data, fid, label % {field: keys(key).label}, f"record['{field}'] == '{key}'",
        lambda r: r.get(field) == key, [(field, key)],
    )  # fmt: skip


def _share(
    data: EditionData,
    fid: str,
    label: str,
    condition: str,
    pred: Predicate,
    search: Iterable[tuple[str, str]] = (),
) -> Figure:
    ids = tuple(r["id"] for r in data.records if pred(r))
    total = len(data.records)
    p = percent(len(ids), total)
    query = _where(data, condition) + (
        "; share = matching records / all records of the edition, in percent"
    )
    details = {"matching": len(ids), "total": total, "percent": str(p)}
    return Figure(fid, label, float(p), _fmt_pct(p), query, ids, _ed(data, *search), details)


def _labels(model: Any, key: str, label: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in model.objects.values_list(key, label)}


def _present(data: EditionData, field_name: str) -> list[str]:
    return sorted({str(v) for r in data.records for v in r.get(field_name) or []})


def _distinct(
    data: EditionData, fid: str, label: str, key: str, values: list[str], how: str, ids: Any
) -> Figure:
    """How many distinct ``values`` (listed under ``key``) the records name; ``how`` says
    what was counted."""
    return Figure(
        fid, label, len(values), _fmt_int(len(values)), f"{data.query}; {how}", tuple(ids),
        _ed(data), {key: values},
    )  # fmt: skip


# --- the figures -----------------------------------------------------------------------


@register(r"activities\.total", lambda d: ["activities.total"])
def activities_total(data: EditionData, m: re.Match[str]) -> Figure:
    return _count(data, m[0], _("Activities"), "True (every record)", lambda r: True)


@register(r"entities\.total", lambda d: ["entities.total"])
def entities_total(data: EditionData, m: re.Match[str]) -> Figure:
    leads = sorted({r["lead_organization"] for r in data.records}, key=str.casefold)
    return _distinct(
        data, m[0], _("Reporting entities"), "entities", leads,
        "count the distinct values of record['lead_organization']",
        (r["id"] for r in data.records),
    )  # fmt: skip


@register(r"entities\.new", lambda d: ["entities.new"])
def entities_new(data: EditionData, m: re.Match[str]) -> Figure:
    new = sorted(
        {r["lead_organization"] for r in data.records} - data.earlier_leads, key=str.casefold
    )
    ids = tuple(r["id"] for r in data.records if r["lead_organization"] in new)
    return Figure(
        m[0],
        _("Entities reporting for the first time"),
        len(new),
        _fmt_int(len(new)),
        f"{data.query}; distinct record['lead_organization'] that lead no record of any "
        f"earlier published edition (EditionSnapshot.objects.filter(edition__year__lt="
        f"{data.year}, edition__status='published')); count them",
        ids,
        _ed(data, *(("organization", o) for o in new)),
        {"entities": new},
    )


def _change(data: EditionData, fid: str, label: str, now: int, before: int, what: str) -> Figure:
    assert data.previous is not None
    diff = now - before
    p = percent(abs(diff), before) if before else Decimal(0)
    sign = "+" if diff > 0 else "-" if diff < 0 else ""
    display = f"{sign}{abs(diff):,}" + (f" ({sign}{_fmt_pct(p)})" if before else "")
    prev_ids = {r["id"] for r in data.previous.records}
    now_ids = {r["id"] for r in data.records}
    return Figure(
        fid,
        label,
        diff,
        display,
        f"({what} of {data.query}) minus ({what} of "
        f"{data.previous.query}); percent of the earlier value",
        tuple(r["id"] for r in data.records),
        _ed(data),
        {
            "current": now,
            "previous": before,
            "previous_edition": data.previous.year,
            "added": sorted(now_ids - prev_ids),
            "dropped": sorted(prev_ids - now_ids),
        },
    )


def _change_ids(name: str) -> Callable[[EditionData], list[str]]:
    return lambda d: [name] if d.previous is not None else []


@register(r"change\.activities", _change_ids("change.activities"))
def change_activities(data: EditionData, m: re.Match[str]) -> Figure:
    if data.previous is None:
        raise UnknownFigure(f"edition {data.year} has no earlier published edition to compare")
    return _change(
        data, m[0], _("Change in activities"), len(data.records),
        len(data.previous.records), "the number of records",
    )  # fmt: skip


@register(r"change\.entities", _change_ids("change.entities"))
def change_entities(data: EditionData, m: re.Match[str]) -> Figure:
    if data.previous is None:
        raise UnknownFigure(f"edition {data.year} has no earlier published edition to compare")
    now = len({r["lead_organization"] for r in data.records})
    before = len({r["lead_organization"] for r in data.previous.records})
    return _change(
        data, m[0], _("Change in reporting entities"), now, before,
        "the number of distinct record['lead_organization']",
    )  # fmt: skip


def _goal(m: re.Match[str]) -> str:
    goal = str(int(m["goal"]))
    if not 1 <= int(goal) <= 17:
        raise UnknownFigure(f"there is no SDG {goal}")
    return goal


@register(
    r"sdg\.(?P<goal>\d{1,2})\.activities", lambda d: [f"sdg.{g}.activities" for g in range(1, 18)]
)
def sdg_activities(data: EditionData, m: re.Match[str]) -> Figure:
    goal = _goal(m)
    return _count(
        data, m[0], _("Activities on SDG %(goal)s") % {"goal": goal},
        f"'{goal}' in {{g['code'] for g in record['sdg_goals'] if g's {HUMAN}}}",
        lambda r: goal in _goals(r), [("goal", goal), CONFIRMED], goal,
    )  # fmt: skip


@register(
    r"sdg\.(?P<goal>\d{1,2})\.activities\.any",
    lambda d: [f"sdg.{g}.activities.any" for g in range(1, 18)],
)
def sdg_activities_any(data: EditionData, m: re.Match[str]) -> Figure:
    goal = _goal(m)
    return _count(
        data, m[0],
        _("Activities on SDG %(goal)s, including machine suggestions") % {"goal": goal},
        f"'{goal}' in {{g['code'] for g in record['sdg_goals']}} (any tag source, the "
        "classifier's suggestions included)",
        lambda r: goal in _goals_any(r), [("goal", goal)], goal,
    )  # fmt: skip


@register(r"sdg\.tagged\.activities", lambda d: ["sdg.tagged.activities"])
def sdg_tagged(data: EditionData, m: re.Match[str]) -> Figure:
    return _count(
        data, m[0], _("Activities with at least one SDG"),
        f"some tag of record['sdg_goals'] whose {HUMAN}",
        lambda r: bool(_goals(r)), [CONFIRMED],
    )  # fmt: skip


@register(r"sdg\.covered", lambda d: ["sdg.covered"])
def sdg_covered(data: EditionData, m: re.Match[str]) -> Figure:
    goals = sorted({g for r in data.records for g in _goals(r)}, key=int)
    return Figure(
        m[0],
        _("SDGs covered"),
        len(goals),
        _fmt_int(len(goals)),
        f"{data.query}; count the distinct g['code'] of record['sdg_goals'] whose {HUMAN}",
        tuple(r["id"] for r in data.records if _goals(r)),
        _ed(data, CONFIRMED),
        {"goals": goals},
    )


SECTORS = [k for k, _label in OrganizationKind.choices]


@register(r"partners\.any\.share", lambda d: ["partners.any.share"])
def partners_any(data: EditionData, m: re.Match[str]) -> Figure:
    return _share(
        data, m[0], _("Activities with partners"), "record['partners'] is not empty",
        lambda r: bool(r.get("partners")),
    )  # fmt: skip


def _sector(m: re.Match[str]) -> str:
    if m["sector"] not in SECTORS:
        raise UnknownFigure(f"unknown sector {m['sector']!r}; one of: {', '.join(SECTORS)}")
    return m["sector"]


@register(
    r"partners\.sector\.(?P<sector>[a-z_]+)\.share",
    lambda d: [f"partners.sector.{s}.share" for s in SECTORS],
)
def partners_sector_share(data: EditionData, m: re.Match[str]) -> Figure:
    return _with_partners_from(data, m, _share)


@register(
    r"partners\.sector\.(?P<sector>[a-z_]+)\.activities",
    lambda d: [f"partners.sector.{s}.activities" for s in SECTORS],
)
def partners_sector_count(data: EditionData, m: re.Match[str]) -> Figure:
    return _with_partners_from(data, m, _count)


def _with_partners_from(data: EditionData, m: re.Match[str], measure: Any) -> Figure:
    """The activities with a partner of one sector, as a share or a count (``measure``)."""
    sector = _sector(m)
    label = _("Activities with partners from: %(sector)s") % {
        "sector": OrganizationKind(sector).label
    }
    return measure(
        data, m[0], label, f"'{sector}' in {{p['sector'] for p in record['partners']}}",
        lambda r: sector in _sectors(r), [("sector", sector)],
    )  # fmt: skip


def _place_figures(
    field: str, kind: str, code: str, model: Any, key: str, title: str, unknown: str
) -> None:
    """Register ``<field>.<code>.activities``: the activities in one place of ``model``
    (``key`` its code column), titled ``title`` (a message id with ``%(<kind>)s``)."""

    def figure(data: EditionData, m: re.Match[str]) -> Figure:
        return _listing(
            data, m[0], _(title), field, kind, m["code"],
            _labels(model, key, "name"), unknown % m["code"],
        )  # fmt: skip

    def ids(data: EditionData) -> list[str]:
        return [f"{field}.{c}.activities" for c in _present(data, field)]

    register(rf"{field}\.(?P<code>{code})\.activities", ids)(figure)


_place_figures(
    "regions", "region", r"\d{3}", Region, "code",
    gettext_noop("Activities in %(region)s"), "there is no UN M49 region %s",
)  # fmt: skip


@register(r"partners\.total", lambda d: ["partners.total"])
def partners_total(data: EditionData, m: re.Match[str]) -> Figure:
    names = sorted(
        {str(p["organization"]) for r in data.records for p in r.get("partners") or []},
        key=str.casefold,
    )
    return _distinct(
        data, m[0], _("Partners"), "partners", names,
        "count the distinct p['organization'] of record['partners']",
        (r["id"] for r in data.records if r.get("partners")),
    )  # fmt: skip


def _entity_refs(data: EditionData) -> list[str]:
    return sorted({o for r in data.records for o in _orgs(r)}, key=str.casefold)


@register(
    r"entities\.(?P<ref>.+)\.activities",
    lambda d: [f"entities.{ref}.activities" for ref in _entity_refs(d)],
)
def entity_activities(data: EditionData, m: re.Match[str]) -> Figure:
    ref = m["ref"]
    if ref not in _entity_refs(data):
        raise UnknownFigure(f"{ref!r} leads or co-leads no activity of edition {data.year}")
    return _count(
        data, m[0], _("Activities led or co-led by %(organization)s") % {"organization": ref},
        f"'{ref}' is record['lead_organization'] or in record['co_leads']",
        lambda r: ref in _orgs(r), [("organization", ref)], ref,
    )  # fmt: skip


@register(r"countries\.total", lambda d: ["countries.total"])
def countries_total(data: EditionData, m: re.Match[str]) -> Figure:
    codes = _present(data, "countries")
    return _distinct(
        data, m[0], _("Countries named"), "countries", codes,
        "count the distinct codes in record['countries']",
        (r["id"] for r in data.records if r.get("countries")),
    )  # fmt: skip


_place_figures(
    "countries", "country", "[A-Z]{3}", Country, "alpha3",
    gettext_noop("Activities in %(country)s"), "there is no country %s",
)  # fmt: skip


@register(
    r"technology\.(?P<key>[a-z_]+)\.activities",
    lambda d: [f"technology.{k}.activities" for k in _labels(Technology, "key", "label")],
)
def technology_activities(data: EditionData, m: re.Match[str]) -> Figure:
    key, labels = m["key"], _labels(Technology, "key", "label")
    return _listing(
        data, m[0], _("Activities using %(technology)s"), "technologies", "technology", key,
        labels, f"unknown technology {key!r}; one of: {', '.join(labels)}",
    )  # fmt: skip


STATUSES = [k for k, _label in ActivityStatus.choices]
KINDS = [k for k, _label in ActivityKind.choices]


@register(r"status\.(?P<key>[a-z_]+)", lambda d: [f"status.{s}" for s in STATUSES])
def status_activities(data: EditionData, m: re.Match[str]) -> Figure:
    label = _("Activities with status: %(status)s")
    return _being(data, m[0], label, "status", m["key"], ActivityStatus)


@register(r"kind\.(?P<key>[a-z_]+)\.activities", lambda d: [f"kind.{k}.activities" for k in KINDS])
def kind_activities(data: EditionData, m: re.Match[str]) -> Figure:
    label = _("Activities of kind: %(kind)s")
    return _being(data, m[0], label, "kind", m["key"], ActivityKind)


# --- access ----------------------------------------------------------------------------


def compute_figure(data: EditionData, figure_id: str) -> Figure:
    for family in REGISTRY:
        match = family.pattern.match(figure_id)
        if match:
            return family.compute(data, match)
    raise UnknownFigure(
        f"unknown figure {figure_id!r}; `aiatlas report figures --edition YEAR` lists them"
    )


def figure_ids(data: EditionData) -> list[str]:
    return [fid for family in REGISTRY for fid in family.ids(data)]


class Figures:
    """The figures of one edition, computed once each on first use."""

    def __init__(self, data: EditionData) -> None:
        self.data = data
        self._cache: dict[str, Figure] = {}
        self._all: list[Figure] | None = None

    def __getitem__(self, figure_id: str) -> Figure:
        if figure_id not in self._cache:
            self._cache[figure_id] = compute_figure(self.data, figure_id)
        return self._cache[figure_id]

    def all(self) -> list[Figure]:
        """Every figure of the edition, listed once (the list reads the database)."""
        if self._all is None:
            self._all = [self[fid] for fid in figure_ids(self.data)]
        return self._all
