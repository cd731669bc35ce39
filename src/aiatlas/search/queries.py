"""Search: hits with snippets, the total and facet counts.

Facet counts are disjunctive: the counts of a facet apply the text and every other facet's
selection but not its own, so that they say what choosing one more value (OR) would add.
An activity counts once per value, however many links it has (two countries: once in each
country; tagged SDG 3 by the submitter and the classifier: once under SDG 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from aiatlas.common.l10n import collation_key
from aiatlas.search.engine import Engine, Mask, Subset, engine
from aiatlas.search.filters import resolved_values
from aiatlas.search.fulltext import match_ids, ranked_ids
from aiatlas.search.matching import TextMatch, fused_order, match_text
from aiatlas.search.params import FACETS, FacetValue, Hit, SearchParams, SearchResult
from aiatlas.search.querying import Plan, relaxed
from aiatlas.search.snippets import snippet, snippet_source

#: values listed per facet (selected values are always listed as well)
FACET_LIMIT = 50


def search(
    params: SearchParams,
    *,
    language: str = "en",
    with_facets: bool = True,
    with_hits: bool = True,
) -> SearchResult:
    """One page of hits for ``params`` (none without ``with_hits``), the total, and
    (``with_facets``) every facet."""
    eng = engine()
    query = _text(eng, params)
    masks = _masks(eng, params, query)
    full = _combine(eng, masks, None, edition="edition" in masks)
    matching = eng.representatives(full) if _multi(params) else full
    total = int(np.count_nonzero(matching))
    counts = _counts(eng, masks, params, full) if with_facets else {}
    offset = (params.page - 1) * params.per_page
    ranked: list[tuple[int, float]] = []
    if offset < total and with_hits:
        ranked = _page(eng, query, masks, matching, params.sort, params.per_page, offset)
    return SearchResult(
        params=params,
        total=total,
        hits=_hits(eng, ranked, query),
        facets=_facets(eng, params, _to_values(eng, counts), language) if with_facets else {},
        corrected_from=query.corrected_from if query else None,
        corrected_to=query.q if query and query.corrected_from else None,
        suggestion=query.suggestion if query else None,
        relaxed=bool(query and query.relaxed),
    )


def _text(eng: Engine, params: SearchParams) -> TextMatch | None:
    """The text match of the search (None without a text query)."""
    if not params.q.strip():
        return None
    found = match_text(params.q, eng.memo, exact=params.exact)
    return None if found.plan.empty else found


@dataclass(frozen=True)
class Row:
    """One matching activity as a search shows it: its live record (``snapshot`` None) or
    the snapshot record of a published edition."""

    activity_id: int | None
    snapshot: int | None


def search_rows(params: SearchParams) -> list[Row]:
    """Every matching activity, in result order (for exports)."""
    eng = engine()
    query = _text(eng, params)
    masks = _masks(eng, params, query)
    matching = _matching(eng, masks, params)
    return [_row(eng, row) for row, _ in _page(eng, query, masks, matching, params.sort, None, 0)]


def search_activity_ids(params: SearchParams) -> list[int]:
    """Every matching activity id, in result order."""
    return [r.activity_id for r in search_rows(params) if r.activity_id is not None]


def count_activities(params: SearchParams) -> int:
    eng = engine()
    matching = _matching(eng, _masks(eng, params, _text(eng, params)), params)
    return int(np.count_nonzero(matching))


def facet_counts(params: SearchParams, *, language: str = "en") -> dict[str, list[FacetValue]]:
    """Every facet's values with their (disjunctive) counts, labelled in ``language``."""
    return search(params, language=language, with_facets=True, with_hits=False).facets


def _row(eng: Engine, row: int) -> Row:
    if eng.is_snapshot(row):
        key = int(eng.row_keys[row])
        return Row(key if key < eng.live_size else None, int(eng.snapshot_pk[row - eng.live_size]))
    return Row(row, None)


# -- masks and order -----------------------------------------------------------------------
#
# A search is a mask over rows. Without an edition filter the universe is the visible live
# rows; with one, every visible row (the edition column then picks the snapshot rows of a
# published edition and the live rows of an open one). The goal and source facets are one
# condition on the SDG tags themselves ("goal:source" pairs), so goal 9 + source submitter
# finds the activities whose goal-9 tag came from a submitter; ``confirmed`` keeps only the
# sources of a person for goals, targets and sources.

TAGGED = ("goal", "source")


def _sources(params: SearchParams, *, own: bool = True) -> list[str] | None:
    """The tag sources that count (None: every source), with the source selection when
    ``own``."""
    from aiatlas.catalog.choices import TagSource
    from aiatlas.catalog.queries import HUMAN_SOURCES

    allowed = list(TagSource.values)
    if params.confirmed:
        allowed = [s for s in allowed if s in HUMAN_SOURCES]
    chosen = params.filters.get("source", ()) if own else ()
    if chosen:
        allowed = [s for s in allowed if s in chosen]
    if not params.confirmed and not chosen:
        return None
    return allowed


def _tag_keys(eng: Engine, goals: list[str] | None, sources: list[str]) -> list[str]:
    col = eng.columns["tag"]
    wanted = set(sources)
    return [
        k
        for k in col.keys
        if k.split(":", 1)[1] in wanted and (goals is None or k.split(":", 1)[0] in goals)
    ]


def _masks(eng: Engine, params: SearchParams, query: TextMatch | None) -> dict[str, Mask]:
    """One boolean mask over rows per condition: the text, the SDG tags, each facet."""
    masks: dict[str, Mask] = {}
    if query is not None:
        ids = query.ids
        by_key = np.zeros(eng.size, dtype=np.bool_)
        by_key[ids[ids < eng.size]] = True
        masks["text"] = by_key[eng.row_keys]
    goals = params.filters.get("goal", ())
    sources = _sources(params)
    if goals or params.filters.get("source"):
        wanted = [str(k) for k in resolved_values("goal", goals)] if goals else None
        if sources is None:
            masks["tags"] = eng.columns["goal"].mask(eng.size, wanted or [])
        else:
            masks["tags"] = eng.columns["tag"].mask(eng.size, _tag_keys(eng, wanted, sources))
    for name in FACETS:
        values = params.filters.get(name, ())
        if not values or name in TAGGED:
            continue
        if name == "target" and params.confirmed:
            keys = _target_tag_keys(eng, [str(k) for k in resolved_values(name, values)], params)
            masks[name] = eng.columns["target_tag"].mask(eng.size, keys)
        else:
            masks[name] = eng.columns[name].mask(eng.size, _engine_keys(name, values))
    return masks


def _target_tag_keys(eng: Engine, targets: list[str] | None, params: SearchParams) -> list[str]:
    allowed = set(_sources(params, own=False) or [])
    return [
        k
        for k in eng.columns["target_tag"].keys
        if k.rsplit(":", 1)[1] in allowed and (targets is None or k.rsplit(":", 1)[0] in targets)
    ]


def _engine_keys(name: str, values: tuple[str, ...]) -> list[str]:
    """The keys of the engine's column that a facet's URL values stand for."""
    if name == "organization":
        from aiatlas.catalog.queries import canonical_refs

        return list(dict.fromkeys([*canonical_refs(values).values(), *values]))
    return [str(k) for k in resolved_values(name, values)]


def _combine(eng: Engine, masks: dict[str, Mask], leave_out: str | None, *, edition: bool) -> Mask:
    """AND of every mask but ``leave_out``'s over the universe (every visible row when
    ``edition`` (an edition filter applies), else the visible live rows)."""
    out = (eng.visible if edition else eng.live).copy()
    for name, mask in masks.items():
        if name != leave_out:
            out &= mask
    return out


def _multi(params: SearchParams) -> bool:
    """Whether one activity may match through several rows (several editions chosen)."""
    return len(params.filters.get("edition", ())) > 1


def _matching(eng: Engine, masks: dict[str, Mask], params: SearchParams) -> Mask:
    """The matching rows, one per activity."""
    mask = _combine(eng, masks, None, edition="edition" in masks)
    return eng.representatives(mask) if _multi(params) else mask


@dataclass
class _Among:
    """The rows a facet is counted over: a mask and, unless one activity may match through
    several rows (several editions chosen, counted by distinct activity), its rows to count
    (:meth:`Engine.subset`)."""

    mask: Mask
    sub: Subset | None


def _among(eng: Engine, mask: Mask, *, edition: bool, multi: bool) -> _Among:
    return _Among(mask, None if multi else eng.subset(mask, edition=edition))


def _counts(
    eng: Engine, masks: dict[str, Mask], params: SearchParams, matching: Mask
) -> dict[str, dict[str, int]]:
    """Disjunctive counts of every facet: distinct activities per value (``matching``: every
    matching row; an activity matching through rows of several editions counts under the
    values of each)."""
    edition = "edition" in masks
    multi = _multi(params)
    counts: dict[str, dict[str, int]] = {}
    everything = _among(eng, matching, edition=edition, multi=multi)
    tags_out = everything
    if "tags" in masks:
        tags_out = _among(
            eng, _combine(eng, masks, "tags", edition=edition), edition=edition, multi=multi
        )
    for name in FACETS:
        if name == "edition":  # one row per activity and edition
            mask = _combine(eng, masks, "edition", edition=True)
            counts[name] = eng.tally(name, eng.subset(mask, edition=True))
            continue
        if name in TAGGED:
            counts[name] = _tag_counts(eng, name, params, tags_out)
            continue
        among = everything
        if name in masks:
            mask = _combine(eng, masks, name, edition=edition)
            among = _among(eng, mask, edition=edition, multi=multi)
        if name == "target" and params.confirmed:
            counts[name] = _group_count(eng, "target_tag", among, _sources(params, own=False), None)
        else:
            counts[name] = _count(eng, name, among)
    return counts


def _count(eng: Engine, name: str, among: _Among) -> dict[str, int]:
    """Distinct activities per value of facet column ``name``."""
    if among.sub is not None:
        return eng.tally(name, among.sub)
    return eng.columns[name].count(among.mask, eng.row_keys)


def _tag_counts(eng: Engine, name: str, params: SearchParams, among: _Among) -> dict[str, int]:
    """Counts of the goal or source facet over the tags themselves: goal values count the
    tags of the chosen sources, source values the tags of the chosen goals."""
    goals = params.filters.get("goal", ())
    if name == "goal":
        sources = _sources(params)
        if sources is None:
            return _count(eng, "goal", among)
        return _group_count(eng, "tag", among, sources, None)
    wanted = [str(k) for k in resolved_values("goal", goals)] if goals else None
    sources = _sources(params, own=False)
    return _group_count(eng, "tag", among, sources, wanted, by_source=True)


def _group_count(
    eng: Engine,
    column: str,
    among: _Among,
    sources: list[str] | None,
    codes: list[str] | None,
    *,
    by_source: bool = False,
) -> dict[str, int]:
    """Distinct activities per code (or per source) of a "code:source" column, keeping the
    pairs whose source is in ``sources`` (all when None) and code in ``codes``."""
    col = eng.columns[column]
    groups: dict[str, int] = {}
    group_of = np.zeros(len(col.keys), dtype=np.int64)
    keep = np.zeros(len(col.keys), dtype=np.bool_)
    for i, key in enumerate(col.keys):
        code, source = key.rsplit(":", 1)
        if (sources is None or source in sources) and (codes is None or code in codes):
            keep[i] = True
        group = source if by_source else code
        group_of[i] = groups.setdefault(group, len(groups))
    if among.sub is not None:
        return eng.tally_groups(column, among.sub, keep, group_of, list(groups))
    return col.grouped(among.mask, keep, group_of, list(groups), eng.row_keys)


def _page(
    eng: Engine,
    query: TextMatch | None,
    masks: dict[str, Mask],
    matching: Mask,
    sort: str,
    limit: int | None,
    offset: int,
) -> list[tuple[int, float]]:
    """(row, score) in result order, from ``offset`` (all when ``limit`` is None)."""
    if sort == "relevance" and query is not None:
        rows = np.flatnonzero(matching)
        keys = eng.row_keys[rows]
        by_key = dict(zip(keys.tolist(), rows.tolist(), strict=True))
        fuse = bool(query.semantic) or query.relaxed
        end = None if limit is None or fuse else offset + limit
        # every keyword match is in (no filter, nothing embargoed): no need to pick them
        everything = not query.semantic and len(by_key) == len(query.keyword)
        keyword = query.ranked(None if everything else keys, end)
        ranked = fused_order(query, keyword, by_key.keys())
        stop = None if limit is None else offset + limit
        return [(by_key[k], score) for k, score in ranked[offset:stop] if k in by_key]
    ordered = eng.ordered(matching, sort)
    end = None if limit is None else offset + limit
    return [(int(row), 0.0) for row in ordered[offset:end]]


# -- counting ------------------------------------------------------------------------------


def _to_values(eng: Engine, counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Database keys -> the values used in URLs (edition id -> year)."""
    if counts.get("edition"):
        names = _value_names(eng, "edition")
        counts["edition"] = {names[k]: n for k, n in counts["edition"].items() if k in names}
    return counts


def _value_names(eng: Engine, name: str) -> dict[str, str]:
    """Edition id -> year (remembered with the engine)."""
    memo = eng.memo
    key = ("values", name)
    if key not in memo:
        from aiatlas.catalog.models import Edition

        memo[key] = {str(pk): str(year) for pk, year in Edition.objects.values_list("pk", "year")}
    return memo[key]  # type: ignore[no-any-return]


# -- facet values --------------------------------------------------------------------------


def _facets(
    eng: Engine, params: SearchParams, counts: dict[str, dict[str, int]], language: str
) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        found = counts.get(name, {})
        selected = _selected(name, params.filters.get(name, ()))
        order = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = order[:FACET_LIMIT]
        listed = {v for v, _ in shown}
        shown += [(v, found.get(v, 0)) for v in selected if v not in listed]
        labels = _labels(eng, name, language)
        values = [
            FacetValue(value=v, label=labels.get(v, v), count=n, selected=v in selected)
            for v, n in shown
        ]
        values.sort(key=lambda f: (-f.count, collation_key(f.label)))
        facets[name] = values
    return facets


def _selected(name: str, values: tuple[str, ...]) -> list[str]:
    """Selected values in the spelling the counts use (country codes upper case …)."""
    if name == "country":
        return [v.upper() for v in values]
    if name == "target":
        return [v.lower() for v in values]
    if name == "organization":
        from aiatlas.catalog.queries import canonical_refs

        canonical = canonical_refs(values)
        return list(dict.fromkeys(canonical.get(v.casefold(), v) for v in values))
    return list(values)


def _labels(eng: Engine, name: str, language: str) -> dict[str, str]:
    """Labels of a facet's values (remembered with the engine: reference data and the
    organizations change rarely)."""
    if name in ("target", "organization", "edition"):
        return {}  # the values are their own labels
    memo = eng.memo
    key = ("labels", name, language)
    if key not in memo:
        memo[key] = facet_labels(name, None, language)
    return memo[key]  # type: ignore[no-any-return]


def facet_labels(name: str, values: list[str] | None, language: str = "en") -> dict[str, str]:
    """Human-readable labels of facet values, in ``language`` (``catalog.names``: CLDR
    names of countries and regions, the interface's translations of the coded lists)."""
    from aiatlas.catalog import names
    from aiatlas.catalog.choices import (
        TECHNOLOGIES,
        ActivityKind,
        ActivityStatus,
        OrganizationKind,
        TagSource,
    )
    from aiatlas.taxonomy.texts import goal_label

    if name == "goal":
        from aiatlas.taxonomy.models import Goal

        goals = Goal.objects.all()
        if values is not None:
            goals = goals.filter(
                number__in=[int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 4]
            )
        return {
            str(g.number): f"{goal_label(g.number, language)} {g.short_title(language)}"
            for g in goals
        }
    if name in ("target", "organization", "edition"):
        return {v: v for v in values or []}
    if name in ("country", "region"):
        from aiatlas.catalog.models import Country, Region

        model, key, name_of = {
            "country": (Country, "alpha3", names.country_name),
            "region": (Region, "code", names.region_name),
        }[name]
        rows = model.objects.all()
        if values is not None:
            rows = rows.filter(**{f"{key}__in": values})
        return {
            code: name_of(code, language, english)
            for code, english in rows.values_list(key, "name")
        }
    lookups = {
        "status": (ActivityStatus.values, names.status_name),
        "kind": (ActivityKind.values, names.kind_name),
        "sector": (OrganizationKind.values, names.sector_name),
        "technology": ([k for k, _label in TECHNOLOGIES], names.technology_name),
        "source": (TagSource.values, names.source_name),
    }
    if name not in lookups:
        return {}
    keys, label = lookups[name]
    return {k: label(k, language) for k in keys}


# -- hits and snippets ---------------------------------------------------------------------


def _hits(eng: Engine, ranked: list[tuple[int, float]], query: TextMatch | None) -> list[Hit]:
    from aiatlas.catalog.models import Activity, EditionSnapshot
    from aiatlas.catalog.queries import is_human_source

    live = [row for row, _ in ranked if not eng.is_snapshot(row)]
    rows: dict[int, tuple[str, str, str]] = {
        pk: (public_id, title, description)
        for pk, public_id, title, description in Activity.objects.filter(pk__in=live).values_list(
            "pk", "public_id", "title", "description"
        )
    }
    snaps = {
        int(eng.snapshot_pk[row - eng.live_size]): row for row, _ in ranked if eng.is_snapshot(row)
    }
    frozen: dict[int, tuple[int, dict[str, Any]]] = {
        snaps[pk]: (year, record)
        for pk, year, record in EditionSnapshot.objects.filter(pk__in=list(snaps)).values_list(
            "pk", "edition__year", "record"
        )
    }
    words = query.plan.terms if query is not None else set()
    out = []
    for row, score in ranked:
        if row in frozen:
            year, record = frozen[row]
            key = int(eng.row_keys[row])
            title, description = (
                str(record.get("title") or ""),
                str(record.get("description") or ""),
            )
            goals: dict[int, bool] = {}
            for g in record.get("sdg_goals") or []:
                number = int(g["code"])
                goals[number] = goals.get(number, False) or is_human_source(str(g.get("source")))
            out.append(
                Hit(
                    activity_id=key if key < eng.live_size else 0,
                    public_id=str(record.get("id") or ""),
                    title=title,
                    snippet=snippet(snippet_source(title, description, words), words),
                    score=score,
                    edition=int(year),
                    goals=tuple(sorted(goals.items())),
                )
            )
        elif row in rows:
            public_id, title, description = rows[row]
            out.append(
                Hit(
                    activity_id=row,
                    public_id=public_id,
                    title=title,
                    snippet=snippet(snippet_source(title, description, words), words),
                    score=score,
                )
            )
    return out


# -- related activities --------------------------------------------------------------------


@dataclass(frozen=True)
class Related:
    public_id: str
    title: str
    organization: str
    #: "meaning" (nearest stored vectors) or "words" (the title's words, keyword fallback)
    method: str


def related_activities(activity_id: int, *, limit: int = 5) -> list[Related]:
    """Public activities nearest in meaning to this one, across entities and editions
    (stored vectors); without its vector, those sharing most words of its title."""
    from aiatlas.catalog.models import Activity
    from aiatlas.search import vectors

    eng = engine()

    def public(pk: int) -> bool:
        return pk != activity_id and 0 <= pk < eng.live_size and bool(eng.live[pk])

    found = vectors.neighbours(activity_id)
    if found is not None:
        ids, sims = found
        picked = [int(ids[i]) for i in np.argsort(-sims) if public(int(ids[i]))][:limit]
        method = "meaning"
    else:
        title = Activity.objects.filter(pk=activity_id).values_list("title", flat=True).first()
        match = match_text(title or "", eng.memo, exact=True) if title else None
        picked = []
        if match is not None and not match.plan.empty:
            loose = relaxed(match.plan) or match.plan
            ranked = ranked_ids(loose, limit=limit * 4 + 1)
            hits = {pk: 0 for pk, _ in ranked}
            for group in loose.groups:
                for pk in match_ids(Plan((group,))).tolist():
                    if pk in hits:
                        hits[pk] += 1
            ordered = sorted(ranked, key=lambda kv: -hits[kv[0]])
            picked = [pk for pk, _ in ordered if public(pk)][:limit]
        method = "words"
    rows = {
        pk: (public_id, title, acronym or name)
        for pk, public_id, title, acronym, name in Activity.objects.filter(
            pk__in=picked
        ).values_list(
            "pk", "public_id", "title", "lead_organization__acronym", "lead_organization__name"
        )
    }
    return [Related(*rows[pk], method) for pk in picked if pk in rows]


__all__ = [
    "count_activities",
    "facet_counts",
    "facet_labels",
    "related_activities",
    "search",
    "search_activity_ids",
    "search_rows",
    "snippet",
]
