"""The full-text index, asked the same question on both databases.

SQLite: FTS5 over the four fields, ranked by its BM25 with field weights. PostgreSQL: the
generated tsvector (weights A–D for the four fields), ranked by ``ts_rank`` with the same
weights and length normalisation (PostgreSQL has no BM25; which activities match is the
same, the order within them may differ slightly). The text query only ever reaches the
database as one bound parameter built from index terms (:mod:`aiatlas.search.querying`).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection

from aiatlas.search.querying import Plan, Terms, fts5_match, tsquery

DOC = "search_searchdocument"
#: field weights: title, summary, body, partners
WEIGHTS = (10.0, 4.0, 2.0, 1.0)
#: the same as PostgreSQL's weight array {D, C, B, A}
_PG_WEIGHTS = "{" + ", ".join(f"{w / WEIGHTS[0]:.2f}" for w in reversed(WEIGHTS)) + "}"


def match_ids(plan: Plan) -> Any:
    """Ids of the activities whose document matches ``plan``, as a numpy array (read as one
    comma-separated string: a hundred thousand Python tuples would cost more)."""
    import numpy as np

    if connection.vendor == "postgresql":
        sql = (
            f"SELECT string_agg(activity_id::text, ',') FROM {DOC} "  # noqa: S608
            "WHERE vector @@ to_tsquery('simple', %s)"
        )
        args = [tsquery(plan)]
    else:
        sql = "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH %s"
        args = [fts5_match(plan)]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        text = cursor.fetchone()[0]
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.array(text.split(","), dtype=np.int64)


#: below this share of the text's matches, the ids a ranking is restricted to are looked
#: up one by one on PostgreSQL rather than found among every match: a facet that keeps
#: 2,875 of 362,000 matches ranks in 18 ms instead of 160 ms (a million activities)
LOOKUP_SHARE = 0.1


def ranked_ids(
    plan: Plan, only: list[int] | None, *, limit: int | None, matches: int | None = None
) -> list[tuple[int, float]]:
    """(id, score) of the matches, best first (ties: newer id first); ``only`` restricts
    them to these ids (``matches``: how many documents match ``plan``, when known)."""
    page = "" if limit is None else f" LIMIT {int(limit)}"
    args: list[Any]
    if connection.vendor == "postgresql":
        rank = f"ts_rank('{_PG_WEIGHTS}', d.vector, q, 1) AS score"
        if only is not None and matches is not None and len(only) < LOOKUP_SHARE * matches:
            source = f"unnest(%s::bigint[]) AS o(id) JOIN {DOC} d ON d.activity_id = o.id"
            restrict = ""
        else:
            source = f"{DOC} d"
            restrict = "" if only is None else " AND d.activity_id = ANY(%s::bigint[])"
        sql = (
            f"SELECT d.activity_id, {rank} FROM {source}, "  # noqa: S608
            f"to_tsquery('simple', %s) q WHERE d.vector @@ q{restrict} "
            f"ORDER BY score DESC, d.activity_id DESC{page}"
        )
        # the ids as one array literal: the driver's array adapter takes a Python step per
        # item (9 ms for 2,875 ids), joining them as text is a single C pass
        ids = None if only is None else "{" + ",".join(map(str, only)) + "}"
        if ids is not None and not restrict:
            args = [ids, tsquery(plan)]
        else:
            args = [tsquery(plan)] + ([] if ids is None else [ids])
    else:
        weights = ", ".join(str(w) for w in WEIGHTS)
        restrict = "" if only is None else " AND +rowid IN (SELECT value FROM json_each(%s))"
        sql = (
            f"SELECT rowid, -bm25(search_fts, {weights}) AS score FROM search_fts "  # noqa: S608
            f"WHERE search_fts MATCH %s{restrict} ORDER BY score DESC, rowid DESC{page}"
        )
        args = [fts5_match(plan)] + ([] if only is None else [json.dumps(only)])
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


def indexed_terms() -> Terms:
    """Every indexed term with its document count."""
    if connection.vendor == "postgresql":
        sql = f"SELECT word, ndoc FROM ts_stat('SELECT vector FROM {DOC}')"  # noqa: S608
    else:
        sql = "SELECT term, doc FROM search_fts_vocab"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return Terms({str(t): int(n) for t, n in cursor.fetchall()})
