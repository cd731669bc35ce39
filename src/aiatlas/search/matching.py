"""Which activities a text query finds, and in what order: keywords, corrections,
relaxation and meaning, decided once per query and data version.

1. Keywords: every group of the plan (``querying.plan_query``) must match.
2. Nothing found, and a word the index does not hold is near one it does: the corrected
   query is searched instead (unless ``exact``), and the page says so. When the query found
   something anyway, the correction is only offered ("did you mean").
3. Still nothing, with several groups: any group may match, the activities matching most
   groups first (the page says so).
4. Meaning: the query's embedding is compared with every stored activity vector; the
   nearest ones above a similarity floor are found too, and the order of the results fuses
   the keyword ranking and the semantic ranking (weighted reciprocal rank fusion). Without
   vectors (none computed yet, or no model on this machine) search is keywords alone.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from aiatlas.search import fulltext, vectors
from aiatlas.search.analysis import query_stems, raw_words
from aiatlas.search.querying import (
    Plan,
    Terms,
    corrected,
    plan_query,
    relaxed,
    with_prefix,
)
from aiatlas.search.synonyms import Vocabulary, entity_vocabulary

#: semantic neighbours admitted per query, and the similarity they need (chosen on the
#: relevance set, benchmarks/bench_relevance.py)
SEMANTIC_TOP = 20
SEMANTIC_FLOOR = 0.82
#: reciprocal rank fusion: score = KEYWORD_WEIGHT / (RRF_K + keyword rank)
#:                                 + SEMANTIC_WEIGHT / (RRF_K + semantic rank)
RRF_K = 20
KEYWORD_WEIGHT = 1.0
SEMANTIC_WEIGHT = 0.7
MEMO_SIZE = 256


@dataclass
class TextMatch:
    q: str
    plan: Plan
    keyword: Any  # activity ids matching the keywords (int64 array)
    #: activity id -> similarity, for the semantic neighbours admitted
    semantic: dict[int, float] = field(default_factory=dict)
    #: the query as typed, when the results are those of its correction
    corrected_from: str | None = None
    #: a correction offered ("did you mean"), when the query found something itself
    suggestion: str | None = None
    #: no activity matched every group: these match some
    relaxed: bool = False
    #: with ``relaxed``: for each group, the ids it matches (to put the best matches first)
    group_ids: list[Any] = field(default_factory=list)
    #: the keyword score of each of ``keyword`` (same order), from the same pass
    scores: Any = field(default_factory=lambda: np.zeros(0))
    #: ``keyword`` and ``scores`` in ranking order, worked out on the first ``ranked``
    _order: Any = field(default=None, init=False, repr=False, compare=False)

    def ranked(self, among: Any, limit: int | None) -> list[tuple[int, float]]:
        """(activity id, keyword score) of the keyword matches, best first (ties: newer id
        first), kept to the ids in ``among`` (an int64 array; None: all), ``limit`` at most.
        The order is worked out once per query and data version, here in memory, so a
        common word's third of a million matches are not ranked again by the database
        for each page, facet or export."""
        if self._order is None:
            order = np.lexsort((-self.keyword, -self.scores))
            self._order = (self.keyword[order], self.scores[order])
        ids, scores = self._order
        if among is not None:
            if len(ids) == 0 or len(among) == 0:
                return []
            inside = np.zeros(int(max(ids.max(), among.max())) + 1, dtype=np.bool_)
            inside[among] = True
            keep = inside[ids]
            ids, scores = ids[keep], scores[keep]
        return list(zip(ids[:limit].tolist(), scores[:limit].tolist(), strict=True))

    @property
    def ids(self) -> Any:
        if not self.semantic:
            return self.keyword
        extra = np.fromiter(self.semantic, dtype=np.int64, count=len(self.semantic))
        return np.union1d(self.keyword, extra)


def _entities(memo: dict[Any, Any]) -> Vocabulary:
    if "entities" not in memo:
        from aiatlas.catalog.models import Organization

        rows = Organization.objects.filter(kind="un_entity").values_list("acronym", "name")
        memo["entities"] = entity_vocabulary([(a or "", n or "") for a, n in rows])
    return memo["entities"]  # type: ignore[no-any-return]


def _terms(memo: dict[Any, Any]) -> Terms:
    if "terms" not in memo:
        memo["terms"] = fulltext.indexed_terms()
    return memo["terms"]  # type: ignore[no-any-return]


def match_text(q: str, memo: dict[Any, Any], *, exact: bool = False) -> TextMatch:
    """The match of ``q`` (remembered in ``memo``, which lives as long as the data)."""
    version = vectors.matrix().version
    key = ("text", q, exact, version)
    cache: dict[Any, TextMatch] = memo.setdefault("matches", {})
    if key not in cache:
        if len(cache) >= MEMO_SIZE:
            cache.clear()
        cache[key] = _match(q, memo, exact=exact)
    return cache[key]


def _match(q: str, memo: dict[Any, Any], *, exact: bool) -> TextMatch:
    terms = _terms(memo)
    plan = with_prefix(plan_query(q, _entities(memo)), q, terms)
    if plan.empty:
        return TextMatch(q, plan, np.zeros(0, dtype=np.int64))
    ids, scores = fulltext.match_scores(plan)
    match = TextMatch(q, plan, ids, scores=scores)
    fixed = corrected(plan, terms)
    if fixed is not None:
        fixed_ids, fixed_scores = fulltext.match_scores(fixed)
        loose_fix = None if len(fixed_ids) else relaxed(fixed)
        found = fixed_ids if loose_fix is None else fulltext.match_ids(loose_fix)
        if len(found):
            text = _surface(fixed, q, found)
            if len(ids) == 0 and not exact:
                match = TextMatch(text, fixed, fixed_ids, scores=fixed_scores, corrected_from=q)
            elif text.casefold() != q.casefold():
                match.suggestion = text
    if len(match.keyword) == 0:
        loose = relaxed(match.plan)
        if loose is not None:
            any_ids, any_scores = fulltext.match_scores(loose)
            if len(any_ids):
                match.plan, match.keyword, match.relaxed = loose, any_ids, True
                match.scores = any_scores
                match.group_ids = [fulltext.match_ids(Plan((g,))) for g in loose.groups]
    match.semantic = _semantic(match.q)
    return match


def _semantic(text: str) -> dict[int, float]:
    found = vectors.similarities(text)
    if found is None:
        return {}
    ids, sims = found
    top = np.argsort(-sims)[:SEMANTIC_TOP]
    return {int(ids[i]): float(sims[i]) for i in top if sims[i] >= SEMANTIC_FLOOR}


def _surface(plan: Plan, q: str, ids: Any) -> str:
    """The corrected query in words a person would type: each corrected group's term as it
    is written in one of the activities it finds (else the term itself)."""
    from aiatlas.catalog.models import Activity

    texts = " ".join(
        f"{t} {d}"
        for t, d in Activity.objects.filter(pk__in=[int(i) for i in ids[:5]]).values_list(
            "title", "description"
        )
    )
    written: dict[str, str] = {}
    for word in raw_words(texts):
        for s in query_stems(word):
            written.setdefault(s, word)
    return " ".join(
        written.get(g.alternatives[0].terms[0], g.text) if g.corrected else g.text
        for g in plan.groups
    )


def fused_order(
    match: TextMatch, keyword: list[tuple[int, float]], allowed: AbstractSet[int]
) -> list[tuple[int, float]]:
    """(activity id, score) in result order: the keyword ranking (best matches of a
    relaxed query first) fused with the semantic ranking of the admitted neighbours that
    ``allowed`` holds."""
    if match.relaxed and match.group_ids:
        hits = {pk: 0 for pk, _ in keyword}
        for ids in match.group_ids:
            for pk in ids.tolist():
                if pk in hits:
                    hits[pk] += 1
        keyword = sorted(keyword, key=lambda kv: -hits[kv[0]])  # stable: BM25 within
    semantic = sorted(
        ((pk, s) for pk, s in match.semantic.items() if pk in allowed), key=lambda kv: -kv[1]
    )
    if not semantic:
        return keyword
    scores: dict[int, float] = {}
    for rank, (pk, _) in enumerate(keyword):
        scores[pk] = KEYWORD_WEIGHT / (RRF_K + rank + 1)
    for rank, (pk, _) in enumerate(semantic):
        scores[pk] = scores.get(pk, 0.0) + SEMANTIC_WEIGHT / (RRF_K + rank + 1)
    return sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))
