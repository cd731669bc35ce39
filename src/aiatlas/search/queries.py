"""Search: hits with snippets, the total and facet counts.

Facet counts are disjunctive: the counts of a facet apply the text and every other facet's
selection but not its own, so that they say what choosing one more value (OR) would add.
An activity counts once per value, however many links it has (two countries: once in each
country; tagged SDG 3 by the submitter and the classifier: once under SDG 3).
"""

from __future__ import annotations

import html
import re

import numpy as np

from aiatlas.search.engine import Engine, Mask, engine
from aiatlas.search.filters import ranked_text_ids, resolved_values, text_ids
from aiatlas.search.params import FACETS, FacetValue, Hit, SearchParams, SearchResult
from aiatlas.search.text import TextQuery, fold_word, parse_query

#: values listed per facet (selected values are always listed as well)
FACET_LIMIT = 50
SNIPPET_WORDS = 32
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def search(params: SearchParams, *, language: str = "en", with_facets: bool = True) -> SearchResult:
    """One page of hits for ``params``, the total, and (``with_facets``) every facet."""
    eng = engine()
    query = parse_query(params.q)
    masks = _masks(eng, params, query)
    matching = _combine(eng, masks, leave_out=None)
    total = int(np.count_nonzero(eng.exists if matching is None else matching))
    counts: dict[str, dict[str, int]] = {}
    if with_facets:
        for name in FACETS:
            mask = _combine(eng, masks, leave_out=name) if name in masks else matching
            counts[name] = eng.columns[name].count(mask)
    offset = (params.page - 1) * params.per_page
    ranked: list[tuple[int, float]] = []
    if offset < total:
        ranked = _page(eng, query, masks, matching, params.sort, params.per_page, offset)
    return SearchResult(
        params=params,
        total=total,
        hits=_hits(ranked, params),
        facets=_facets(params, _to_values(counts), language) if with_facets else {},
    )


def search_activity_ids(params: SearchParams) -> list[int]:
    """Every matching activity id, in result order (for exports)."""
    eng = engine()
    query = parse_query(params.q)
    masks = _masks(eng, params, query)
    matching = _combine(eng, masks, leave_out=None)
    return [pk for pk, _ in _page(eng, query, masks, matching, params.sort, None, 0)]


def count_activities(params: SearchParams) -> int:
    eng = engine()
    matching = _combine(eng, _masks(eng, params, parse_query(params.q)), leave_out=None)
    return int(np.count_nonzero(eng.exists if matching is None else matching))


def facet_counts(params: SearchParams, *, language: str = "en") -> dict[str, list[FacetValue]]:
    """Every facet's values with their (disjunctive) counts, labelled in ``language``."""
    return search(params, language=language, with_facets=True).facets


# -- masks and order -----------------------------------------------------------------------


def _masks(eng: Engine, params: SearchParams, query: TextQuery) -> dict[str, Mask]:
    """One boolean mask over activity ids per condition: the text and each facet."""
    masks: dict[str, Mask] = {}
    if not query.empty:
        ids = text_ids(query)
        mask = np.zeros(eng.size, dtype=np.bool_)
        mask[ids[ids < eng.size]] = True
        masks["text"] = mask
    for name in FACETS:
        values = params.filters.get(name, ())
        if values:
            keys = [str(k) for k in resolved_values(name, values)]
            masks[name] = eng.columns[name].mask(eng.size, keys)
    return masks


def _combine(eng: Engine, masks: dict[str, Mask], leave_out: str | None) -> Mask | None:
    """AND of every mask but ``leave_out``'s; None stands for every activity."""
    used = [m for name, m in masks.items() if name != leave_out]
    if not used:
        return None
    out = eng.exists.copy()
    for mask in used:
        out &= mask
    return out


def _page(
    eng: Engine,
    query: TextQuery,
    masks: dict[str, Mask],
    matching: Mask | None,
    sort: str,
    limit: int | None,
    offset: int,
) -> list[tuple[int, float]]:
    """(activity id, score) in result order, from ``offset`` (all when ``limit`` is None)."""
    if sort == "relevance" and not query.empty:
        only = None
        if matching is not None and len(masks) > 1:  # facets narrow the text matches
            only = [int(i) for i in np.flatnonzero(matching)]
        return ranked_text_ids(query, only, limit=limit, offset=offset)
    ordered = eng.ordered(eng.exists if matching is None else matching, sort)
    end = None if limit is None else offset + limit
    return [(int(pk), 0.0) for pk in ordered[offset:end]]


# -- counting ------------------------------------------------------------------------------


def _to_values(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Database keys -> the values used in URLs (edition id -> year, organization id ->
    reference)."""
    for name in ("edition", "organization"):
        if counts.get(name):
            names = _value_names(name)
            counts[name] = {names[k]: n for k, n in counts[name].items() if k in names}
    return counts


def _value_names(name: str) -> dict[str, str]:
    """Edition id -> year, organization id -> reference (remembered with the engine)."""
    memo = engine().memo
    key = ("values", name)
    if key not in memo:
        from aiatlas.catalog.models import Edition, Organization

        if name == "edition":
            memo[key] = {
                str(pk): str(year) for pk, year in Edition.objects.values_list("pk", "year")
            }
        else:
            memo[key] = {
                str(pk): acronym or org_name
                for pk, acronym, org_name in Organization.objects.values_list(
                    "pk", "acronym", "name"
                )
            }
    return memo[key]  # type: ignore[no-any-return]


# -- facet values --------------------------------------------------------------------------


def _facets(
    params: SearchParams, counts: dict[str, dict[str, int]], language: str
) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        found = counts.get(name, {})
        selected = _selected(name, params.filters.get(name, ()))
        order = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = order[:FACET_LIMIT]
        listed = {v for v, _ in shown}
        shown += [(v, found.get(v, 0)) for v in selected if v not in listed]
        labels = _labels(name, language)
        values = [
            FacetValue(value=v, label=labels.get(v, v), count=n, selected=v in selected)
            for v, n in shown
        ]
        values.sort(key=lambda f: (-f.count, f.label.casefold()))
        facets[name] = values
    return facets


def _selected(name: str, values: tuple[str, ...]) -> list[str]:
    """Selected values in the spelling the counts use (country codes upper case …)."""
    if name == "country":
        return [v.upper() for v in values]
    if name == "target":
        return [v.lower() for v in values]
    if name == "organization":
        from django.db.models import Q

        from aiatlas.catalog.models import Organization

        q = Q()
        for ref in values:
            q |= Q(acronym__iexact=ref) | Q(name__iexact=ref)
        known = {ref.casefold(): ref for ref in values}
        for acronym, org_name in Organization.objects.filter(q).values_list("acronym", "name"):
            canonical = acronym or org_name
            for spelling in (acronym, org_name):
                if spelling and spelling.casefold() in known:
                    known[spelling.casefold()] = canonical
        return list(dict.fromkeys(known.values()))
    return list(values)


def _labels(name: str, language: str) -> dict[str, str]:
    """Labels of a facet's values (remembered with the engine: reference data and the
    organizations change rarely)."""
    if name in ("target", "organization", "edition"):
        return {}  # the values are their own labels
    memo = engine().memo
    key = ("labels", name, language)
    if key not in memo:
        memo[key] = facet_labels(name, None, language)
    return memo[key]  # type: ignore[no-any-return]


def facet_labels(name: str, values: list[str] | None, language: str = "en") -> dict[str, str]:
    """Human-readable labels of facet values, in ``language`` where the data has them."""
    from aiatlas.catalog.choices import (
        TECHNOLOGIES,
        ActivityKind,
        ActivityStatus,
        OrganizationKind,
        TagSource,
    )

    if name == "goal":
        from aiatlas.taxonomy.models import Goal

        goals = Goal.objects.all()
        if values is not None:
            goals = goals.filter(
                number__in=[int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 4]
            )
        return {str(g.number): f"SDG {g.number} {g.short_title(language)}" for g in goals}
    if name in ("target", "organization", "edition"):
        return {v: v for v in values or []}
    if name == "country":
        from aiatlas.catalog.models import Country

        countries = Country.objects.all()
        if values is not None:
            countries = countries.filter(alpha3__in=values)
        return dict(countries.values_list("alpha3", "name"))
    if name == "region":
        from aiatlas.catalog.models import Region

        regions = Region.objects.all()
        if values is not None:
            regions = regions.filter(code__in=values)
        return dict(regions.values_list("code", "name"))
    choices: dict[str, dict[str, str]] = {
        "status": {k: str(v) for k, v in ActivityStatus.choices},
        "kind": {k: str(v) for k, v in ActivityKind.choices},
        "sector": {k: str(v) for k, v in OrganizationKind.choices},
        "technology": dict(TECHNOLOGIES),
        "source": {k: str(v) for k, v in TagSource.choices},
    }
    return choices.get(name, {})


# -- hits and snippets ---------------------------------------------------------------------


def _hits(ranked: list[tuple[int, float]], params: SearchParams) -> list[Hit]:
    from aiatlas.catalog.models import Activity

    rows = {
        pk: (public_id, title, description)
        for pk, public_id, title, description in Activity.objects.filter(
            pk__in=[pk for pk, _ in ranked]
        ).values_list("pk", "public_id", "title", "description")
    }
    words = parse_query(params.q).all_words
    return [
        Hit(
            activity_id=pk,
            public_id=rows[pk][0],
            title=rows[pk][1],
            snippet=snippet(_snippet_source(rows[pk][1], rows[pk][2], words), words),
            score=score,
        )
        for pk, score in ranked
        if pk in rows
    ]


def _snippet_source(title: str, description: str, words: set[str]) -> str:
    """The description, unless only the title matches the query."""
    if not description:
        return title
    if words and not any(fold_word(t.group()) in words for t in _TOKEN.finditer(description)):
        return title
    return description


def snippet(text: str, words: set[str], size: int = SNIPPET_WORDS) -> str:
    """An HTML-escaped excerpt of ``text`` around the first match, matches in <mark>."""
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return html.escape(text[:200])
    first = next((i for i, t in enumerate(tokens) if fold_word(t.group()) in words), 0)
    start_token = max(0, first - size // 3)
    end_token = min(len(tokens), start_token + size)
    start = tokens[start_token].start() if start_token else 0
    end = tokens[end_token - 1].end() if end_token < len(tokens) else len(text)
    out: list[str] = ["…" if start else ""]
    cursor = start
    for token in tokens[start_token:end_token]:
        out.append(html.escape(text[cursor : token.start()]))
        word = html.escape(token.group())
        out.append(f"<mark>{word}</mark>" if fold_word(token.group()) in words else word)
        cursor = token.end()
    out.append(html.escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


__all__ = [
    "count_activities",
    "facet_counts",
    "facet_labels",
    "search",
    "search_activity_ids",
    "snippet",
]
