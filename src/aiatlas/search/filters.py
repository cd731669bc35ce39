"""Search filters as SQL: the text and each facet are a set of activity ids; a search is
their intersection (OR within a facet, AND across facets).

Everything is written once as common table expressions (``WITH … AS MATERIALIZED``, the
same syntax on SQLite ≥ 3.35 and PostgreSQL ≥ 12), so that one statement computes the
matching set, the sets for the disjunctive facet counts and every count, and each set is
evaluated once. User input only ever reaches the database as bound parameters; the text
query is rebuilt from words by :mod:`aiatlas.search.text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from aiatlas.search.params import FACETS, SearchParams
from aiatlas.search.text import TextQuery, fts5_match, parse_query, tsquery

A = "catalog_activity"
DOC = "search_searchdocument"

#: facet -> (table, value column, counted with DISTINCT) for facets over link tables
LINKS: dict[str, tuple[str, str, bool]] = {
    "goal": ("catalog_activitygoal", "goal_id", True),
    "source": ("catalog_activitygoal", "source", True),
    "target": ("catalog_activitytarget", "target_id", True),
    "edition": ("catalog_activity_editions", "edition_id", False),
    "technology": ("catalog_activity_technologies", "technology_id", False),
    "sector": ("catalog_activitypartner", "sector", True),
    "country": ("catalog_activity_countries", "country_id", False),
    "region": ("catalog_activity_regions", "region_id", False),
}
#: facets over a column of the activity itself
COLUMNS = ("status", "kind")
#: lead or co-lead: (activity id, organization id), duplicates possible
ORG_PAIRS = (
    f"SELECT id, lead_organization_id AS org FROM {A} "  # noqa: S608
    "UNION ALL SELECT activity_id, organization_id FROM catalog_activity_co_leads"
)


def marks(values: list[Any] | tuple[Any, ...]) -> str:
    return ", ".join(["%s"] * len(values))


@dataclass
class Condition:
    """One facet's (or the text's) selection: ``sql`` selects the matching activity ids,
    or, when ``column`` is true, is a WHERE condition on ``a`` (the activity)."""

    sql: str
    params: list[Any] = field(default_factory=list)
    column: bool = False


NOTHING = Condition("1 = 0", column=True)


def _ints(values: tuple[str, ...]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 7]


def resolved_values(name: str, values: tuple[str, ...]) -> list[Any]:
    """The database keys a facet's URL values stand for (unknown values drop out)."""
    if name == "goal":
        return _ints(values)
    if name == "edition":
        from aiatlas.catalog.models import Edition

        return list(Edition.objects.filter(year__in=_ints(values)).values_list("pk", flat=True))
    if name == "organization":
        from django.db.models import Q

        from aiatlas.catalog.models import Organization

        q = Q()
        for ref in values:
            q |= Q(acronym__iexact=ref) | Q(name__iexact=ref)
        return list(Organization.objects.filter(q).values_list("pk", flat=True))
    if name == "country":
        return [v.upper() for v in values]
    if name == "target":
        return [v.lower() for v in values]
    return list(values)


def facet_condition(name: str, values: tuple[str, ...]) -> Condition:
    keys = resolved_values(name, values)
    if not keys:
        return NOTHING
    if name in COLUMNS:
        return Condition(f"a.{name} IN ({marks(keys)})", keys, column=True)
    if name == "organization":
        return Condition(
            f"SELECT id FROM {A} WHERE lead_organization_id IN ({marks(keys)}) "  # noqa: S608
            f"UNION SELECT activity_id FROM catalog_activity_co_leads "
            f"WHERE organization_id IN ({marks(keys)})",
            keys + keys,
        )
    table, column, _ = LINKS[name]
    return Condition(
        f"SELECT activity_id FROM {table} WHERE {column} IN ({marks(keys)})",  # noqa: S608
        keys,
    )


def text_condition(query: TextQuery) -> Condition:
    if connection.vendor == "postgresql":
        return Condition(
            f"SELECT activity_id FROM {DOC} WHERE vector @@ to_tsquery('simple', %s)",  # noqa: S608
            [tsquery(query)],
        )
    return Condition("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts5_match(query)])


@dataclass
class Plan:
    """The CTEs of one search: ``c_<name>`` per condition, ``s_all`` (everything applied)
    and ``s_<facet>`` (everything but that facet) for each facet with a selection."""

    conditions: dict[str, Condition]
    query: TextQuery
    ctes: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    sets: dict[str, str | None] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return any(c is NOTHING for c in self.conditions.values())

    def with_clause(self) -> str:
        return ("WITH " + ", ".join(self.ctes) + " ") if self.ctes else ""

    def member(self, column: str, set_name: str | None) -> str:
        """A condition "``column`` is in the set" (TRUE when the set is everything)."""
        return "1 = 1" if set_name is None else f"{column} IN (SELECT id FROM {set_name})"  # noqa: S608


def plan(params: SearchParams, *, facets: bool) -> Plan:
    """Build the CTEs for ``params``; ``facets`` adds the sets that leave one facet out."""
    query = parse_query(params.q)
    conditions: dict[str, Condition] = {}
    if not query.empty:
        conditions["text"] = text_condition(query)
    for name in FACETS:
        values = params.filters.get(name, ())
        if values:
            conditions[name] = facet_condition(name, values)
    p = Plan(conditions=conditions, query=query)
    for name, cond in conditions.items():
        if not cond.column:
            p.ctes.append(f"c_{name} AS MATERIALIZED ({cond.sql})")
            p.params.extend(cond.params)
    p.sets["all"] = _add_set(p, "s_all", exclude=None)
    if facets:
        for name in FACETS:
            if name in conditions:
                p.sets[name] = _add_set(p, f"s_{name}", exclude=name)
            else:
                p.sets[name] = p.sets["all"]
    return p


def _add_set(p: Plan, cte: str, exclude: str | None) -> str | None:
    used = {n: c for n, c in p.conditions.items() if n != exclude}
    if not used:
        return None  # every activity
    where: list[str] = []
    args: list[Any] = []
    for name, cond in used.items():
        if cond.column:
            where.append(cond.sql)
            args.extend(cond.params)
        else:
            where.append(f"a.id IN (SELECT * FROM c_{name})")  # noqa: S608
    conditions = " AND ".join(where)
    p.ctes.append(f"{cte} AS MATERIALIZED (SELECT a.id FROM {A} a WHERE {conditions})")  # noqa: S608
    p.params.extend(args)
    return cte


def count_sql(p: Plan, names: Mapping[str, None] | list[str]) -> tuple[str, list[Any]]:
    """One statement: rows (facet, value, activities) for each facet, and ('', '', total)."""
    arms = [f"SELECT '', '', COUNT(*) FROM {p.sets['all'] or A}"]  # noqa: S608
    for name in names:
        s = p.sets.get(name, p.sets["all"])
        if name in LINKS:
            table, column, distinct = LINKS[name]
            n = "COUNT(DISTINCT activity_id)" if distinct else "COUNT(*)"
            arms.append(
                f"SELECT '{name}', CAST({column} AS TEXT), {n} FROM {table} "  # noqa: S608
                f"WHERE {p.member('activity_id', s)} GROUP BY {column}"
            )
        elif name in COLUMNS:
            arms.append(
                f"SELECT '{name}', a.{name}, COUNT(*) FROM {A} a "  # noqa: S608
                f"WHERE {p.member('a.id', s)} GROUP BY a.{name}"
            )
        else:  # organization
            arms.append(
                f"SELECT '{name}', CAST(u.org AS TEXT), COUNT(DISTINCT u.id) "  # noqa: S608
                f"FROM ({ORG_PAIRS}) u WHERE {p.member('u.id', s)} GROUP BY u.org"
            )
    return p.with_clause() + " UNION ALL ".join(arms), list(p.params)


def ids_sql(
    p: Plan, sort: str, *, limit: int | None = None, offset: int = 0
) -> tuple[str, list[Any], bool]:
    """Matching ids in result order: (sql, params, whether rows carry a score)."""
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    s = p.sets["all"]
    args = list(p.params)
    if sort == "relevance" and not p.query.empty:
        if connection.vendor == "postgresql":
            sql = (
                f"SELECT activity_id, ts_rank(vector, to_tsquery('simple', %s)) AS score "  # noqa: S608
                f"FROM {DOC} WHERE activity_id IN (SELECT id FROM {s}) "
                f"ORDER BY score DESC, activity_id DESC{page}"
            )
            args.append(tsquery(p.query))
        else:
            sql = (
                "SELECT rowid, -bm25(search_fts, 10.0, 1.0) AS score FROM search_fts "  # noqa: S608
                f"WHERE search_fts MATCH %s AND +rowid IN (SELECT id FROM {s}) "
                f"ORDER BY score DESC, rowid DESC{page}"
            )
            args.append(fts5_match(p.query))
        return p.with_clause() + sql, args, True
    where = p.member("a.id", s)
    if sort == "title":
        collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
        sql = (
            f"SELECT a.id FROM {A} a LEFT JOIN {DOC} d ON d.activity_id = a.id "  # noqa: S608
            f"WHERE {where} ORDER BY d.title{collate}, a.public_id{page}"
        )
    else:  # newest (and relevance without a text query)
        sql = (
            f"SELECT a.id FROM {A} a WHERE {where} "  # noqa: S608
            f"ORDER BY a.start_year DESC NULLS LAST, a.public_id DESC{page}"
        )
    return p.with_clause() + sql, args, False


# -- text matches for the facet engine -----------------------------------------------------


def text_ids(query: TextQuery) -> Any:
    """Ids of the activities whose document matches ``query``, as a numpy array (read as one
    comma-separated string: a hundred thousand Python tuples would cost more than the match)."""
    import numpy as np

    if connection.vendor == "postgresql":
        sql = (
            f"SELECT string_agg(activity_id::text, ',') FROM {DOC} "  # noqa: S608
            "WHERE vector @@ to_tsquery('simple', %s)"
        )
        args = [tsquery(query)]
    else:
        sql = "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH %s"
        args = [fts5_match(query)]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        text = cursor.fetchone()[0]
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def ranked_text_ids(
    query: TextQuery, only: list[int] | None, *, limit: int | None, offset: int
) -> list[tuple[int, float]]:
    """(id, score) of the matches by relevance (title words weigh more), ties by newer id;
    ``only`` restricts them to these ids."""
    import json

    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    args: list[Any]
    if connection.vendor == "postgresql":
        restrict = "" if only is None else " AND activity_id = ANY(%s)"
        sql = (
            "SELECT activity_id, ts_rank(vector, q) AS score "  # noqa: S608
            f"FROM {DOC}, to_tsquery('simple', %s) q WHERE vector @@ q{restrict} "
            f"ORDER BY score DESC, activity_id DESC{page}"
        )
        args = [tsquery(query)] + ([] if only is None else [only])
    else:
        restrict = "" if only is None else " AND +rowid IN (SELECT value FROM json_each(%s))"
        sql = (
            "SELECT rowid, -bm25(search_fts, 10.0, 1.0) AS score FROM search_fts "  # noqa: S608
            f"WHERE search_fts MATCH %s{restrict} ORDER BY score DESC, rowid DESC{page}"
        )
        args = [fts5_match(query)] + ([] if only is None else [json.dumps(only)])
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]
