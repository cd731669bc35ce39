"""The full-text index, asked the same question on both databases.

SQLite: FTS5 over the four fields, ranked by its BM25 with field weights. PostgreSQL: the
generated tsvector (weights A–D for the four fields), ranked by ``ts_rank`` with the same
weights and length normalisation (PostgreSQL has no BM25; which activities match is the
same, the order within them may differ slightly). The text query only ever reaches the
database as one bound parameter built from index terms (:mod:`aiatlas.search.querying`).
"""

from __future__ import annotations

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


def match_scores(plan: Plan) -> tuple[Any, Any]:
    """Ids of the activities whose document matches ``plan`` and the score of each (the
    ranking's, as :func:`ranked_ids` gives it), as two numpy arrays in the same order:
    one pass over the index finds and scores every match, so that every later page,
    facet and sort of the same query orders them without asking the database again (at a
    million activities a common word's 362,000 matches take most of a second to read)."""
    import numpy as np

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            score = f"ts_rank('{_PG_WEIGHTS}', vector, q, 1)::text"
            # both aggregates read the rows in the one order of the scan
            cursor.execute(
                f"SELECT string_agg(activity_id::text, ','), string_agg({score}, ',') "  # noqa: S608
                f"FROM {DOC}, to_tsquery('simple', %s) q WHERE vector @@ q",
                [tsquery(plan)],
            )
            ids, scores = cursor.fetchone()
            if not ids:
                return np.zeros(0, dtype=np.int64), np.zeros(0)
            # the same doubles as the driver makes of each real (and in the same order)
            return np.array(ids.split(","), dtype=np.int64), np.array(
                scores.split(","), dtype=float
            )
        # bm25() cannot stand inside an aggregate, and the text of a double would round
        # it: the rows as they are (SQLite is in the process, so this is cheap)
        weights = ", ".join(str(w) for w in WEIGHTS)
        cursor.execute(
            f"SELECT rowid, -bm25(search_fts, {weights}) FROM search_fts "  # noqa: S608
            "WHERE search_fts MATCH %s",
            [fts5_match(plan)],
        )
        rows = cursor.fetchall()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    ids, scores = zip(*rows, strict=True)
    return np.array(ids, dtype=np.int64), np.array(scores, dtype=float)


def ranked_ids(plan: Plan, *, limit: int | None) -> list[tuple[int, float]]:
    """(id, score) of the matches, best first (ties: newer id first), ordered by the
    database; a search orders the matches of :func:`match_scores` itself
    (:meth:`aiatlas.search.matching.TextMatch.ranked`), in the same order."""
    page = "" if limit is None else f" LIMIT {int(limit)}"
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT d.activity_id, ts_rank('{_PG_WEIGHTS}', d.vector, q, 1) AS score "  # noqa: S608
            f"FROM {DOC} d, to_tsquery('simple', %s) q WHERE d.vector @@ q "
            f"ORDER BY score DESC, d.activity_id DESC{page}"
        )
        args = [tsquery(plan)]
    else:
        weights = ", ".join(str(w) for w in WEIGHTS)
        sql = (
            f"SELECT rowid, -bm25(search_fts, {weights}) AS score FROM search_fts "  # noqa: S608
            f"WHERE search_fts MATCH %s ORDER BY score DESC, rowid DESC{page}"
        )
        args = [fts5_match(plan)]
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
