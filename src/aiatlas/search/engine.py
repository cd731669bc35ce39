"""The facet engine: every facet as two integer columns in memory, counted with numpy.

SQL GROUP BY over the link tables costs about a microsecond per link row, so counting ten
facets for a broad search over 100,000 activities (a million link rows) takes a second on
SQLite. Here each facet is loaded once as (row, value code) pairs, deduplicated, and a
search is boolean masks over rows: OR within a facet (``isin``), AND across facets (``&``),
and the disjunctive count of a facet is ``bincount`` of its codes under the mask that
leaves its own selection out. Sorting by newest or title walks precomputed orders.

At a million rows a pass over every pair of a column is the cost of a count, so each
column is also kept by row (``row_ptr``, ``row_codes``) and a count visits only the rows it
needs: the rows of a mask that holds less than half of its universe, else the universe's
other rows, whose counts are taken from the universe's totals (computed once per engine).
A narrow search counts in time proportional to its matches, a broad one to what it leaves
out; a middle one costs at most half a pass.

Rows are views of activities. Row ``i`` for ``i`` below ``live_size`` is activity ``i`` as
it is now (its live record); the rows after it are the snapshot records of the published
editions, one per (edition, activity), with the values as published. A live row links only
to the editions that are not published, so a search filtered to a published edition
counts and lists exactly what that edition published, while a search without an edition
filter reads the live rows. Live rows of embargoed activities
(``catalog.queries.public_activities``) are not visible at all.

The engine reads the catalog only through ``catalog.index_queries`` (the rows as tuples)
and is rebuilt when the data changes: every search first reads the catalog's data version
(moved by triggers on the catalog's tables, catalog migration 0004, and by the set of
released editions) and the search's own (a trigger on the search documents, search
migration 0002), so no write, however it is made (imports, admin, bulk tagging, raw SQL),
leaves stale counts or memoised text matches behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection

from aiatlas.catalog import index_queries as catalog
from aiatlas.search.versioned import PerDatabase

Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

#: rank of a live row when one activity has several matching rows (the live one wins)
LIVE_RANK = 1 << 20


@dataclass
class Column:
    """(row, value code) pairs, distinct, sorted by code: the pairs of code ``c`` are
    ``acts[starts[c]:starts[c + 1]]``."""

    acts: Ints
    codes: Ints
    starts: Ints
    keys: list[str]  # code -> database key as text
    index: dict[str, int]  # database key as text -> code
    row_ptr: npt.NDArray[np.int32]  # the codes of row r: row_codes[row_ptr[r]:row_ptr[r + 1]]
    row_codes: npt.NDArray[np.int32]

    def mask(self, size: int, keys: Iterable[str]) -> Mask:
        out = np.zeros(size, dtype=np.bool_)
        for key in keys:
            code = self.index.get(key)
            if code is not None:
                out[self.acts[self.starts[code] : self.starts[code + 1]]] = True
        return out

    def count(self, mask: Mask | None, row_keys: Ints | None = None) -> dict[str, int]:
        """Rows (or, with ``row_keys``, distinct activities) per value under ``mask``."""
        if row_keys is None:
            codes = self.codes if mask is None else self.codes[mask[self.acts]]
            counts = np.bincount(codes, minlength=len(self.keys))
            return {self.keys[i]: int(counts[i]) for i in np.flatnonzero(counts)}
        groups = np.arange(len(self.keys), dtype=np.int64)
        return self.grouped(mask, None, groups, self.keys, row_keys)

    def grouped(
        self,
        mask: Mask | None,
        keep: Mask | None,
        group_of: Ints,
        group_keys: list[str],
        row_keys: Ints,
    ) -> dict[str, int]:
        """Distinct activities per group of codes: code ``c`` (if ``keep[c]``) counts for
        group ``group_of[c]``; an activity counts once per group."""
        sel = np.ones(len(self.codes), dtype=np.bool_)
        if keep is not None:
            sel &= keep[self.codes]
        if mask is not None:
            sel &= mask[self.acts]
        n = max(len(group_keys), 1)
        pairs = _distinct(row_keys[self.acts[sel]] * n + group_of[self.codes[sel]])
        counts = np.bincount(pairs % n, minlength=n)
        return {group_keys[i]: int(counts[i]) for i in np.flatnonzero(counts)}

    def _pairs(self, rows: Ints) -> tuple[Ints, Ints]:
        """The codes of every pair of ``rows`` and, for each, its row's place in ``rows``."""
        lo = self.row_ptr[rows].astype(np.int64)
        lens = self.row_ptr[rows + 1] - lo
        owner = np.repeat(np.arange(len(rows), dtype=np.int64), lens)
        before = np.cumsum(lens) - lens  # pairs of the rows before each row
        at = np.arange(len(owner), dtype=np.int64) + (lo - before)[owner]
        return self.row_codes[at], owner

    def tally(self, rows: Ints) -> Ints:
        """Pairs per code among ``rows`` (distinct rows), as an array over the codes."""
        codes, _ = self._pairs(rows)
        return np.bincount(codes, minlength=len(self.keys))

    def tally_groups(self, rows: Ints, keep: Mask, group_of: Ints, groups: int) -> Ints:
        """Rows per group among ``rows`` (distinct rows): code ``c`` (if ``keep[c]``) counts
        for group ``group_of[c]``, a row once per group."""
        codes, owner = self._pairs(rows)
        sel = keep[codes]
        n = max(groups, 1)
        pairs = _distinct(owner[sel] * n + group_of[codes[sel]])
        return np.bincount(pairs % n, minlength=n)


@dataclass
class Subset:
    """Rows of a mask under its universe (``edition``: every visible row, else the visible
    live rows), with the rows a count visits: the mask's own or, when it holds most of the
    universe, the universe's other rows (``inverted``), counted by subtraction."""

    edition: bool
    inverted: bool
    rows: Ints


def _distinct(values: Ints) -> Ints:
    """The distinct values, sorted: what ``np.unique`` gives, by one in-place sort (numpy's
    hash-based ``unique`` is several times slower on these hundreds of thousands of keys,
    the largest cost of counting facets over every activity)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=np.bool_)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


@dataclass
class Engine:
    version: tuple[int, ...]
    size: int  # number of rows
    live_size: int  # rows below this are live activities (row = activity id)
    live: Mask  # visible live rows (public activities)
    visible: Mask  # visible rows: public live rows and every snapshot row
    row_keys: Ints  # row -> activity key (activity id; a gone activity's own row)
    rank: Ints  # row -> which row of an activity stands for it (largest wins)
    snapshot_pk: Ints  # snapshot row - live_size -> EditionSnapshot pk
    columns: dict[str, Column]
    newest: Ints  # rows, newest first
    by_title: Ints  # rows by folded title
    #: memo of things that change with the data, such as facet labels
    memo: dict[Any, Any] = field(default_factory=dict)

    def ordered(self, mask: Mask, sort: str) -> Ints:
        order = self.by_title if sort == "title" else self.newest
        return order[mask[order]]

    def subset(self, mask: Mask, *, edition: bool) -> Subset:
        """``mask`` (a subset of the universe ``edition`` names) as the rows to count."""
        universe = self.visible if edition else self.live
        size = self.memo.get(("universe", edition))
        if size is None:
            size = self.memo[("universe", edition)] = int(np.count_nonzero(universe))
        inverted = 2 * int(np.count_nonzero(mask)) > size
        rows = np.flatnonzero(universe & ~mask if inverted else mask)
        return Subset(edition=edition, inverted=inverted, rows=rows)

    def tally(self, name: str, sub: Subset) -> dict[str, int]:
        """Rows per value of column ``name`` among the rows of ``sub``."""
        col = self.columns[name]
        counts = col.tally(sub.rows)
        if sub.inverted:
            counts = self._total(("total", name), sub.edition, col.tally) - counts
        return {col.keys[i]: int(counts[i]) for i in np.flatnonzero(counts)}

    def tally_groups(
        self, name: str, sub: Subset, keep: Mask, group_of: Ints, group_keys: list[str]
    ) -> dict[str, int]:
        """Rows per group of the codes of column ``name`` among the rows of ``sub``
        (:meth:`Column.tally_groups`)."""
        col = self.columns[name]
        n = len(group_keys)
        counts = col.tally_groups(sub.rows, keep, group_of, n)
        if sub.inverted:
            key = ("groups", name, keep.tobytes(), group_of.tobytes())
            total = self._total(key, sub.edition, lambda r: col.tally_groups(r, keep, group_of, n))
            counts = total - counts
        return {group_keys[i]: int(counts[i]) for i in np.flatnonzero(counts)}

    def _total(self, key: tuple[Any, ...], edition: bool, count: Any) -> Ints:
        """A count over the whole universe, remembered with the engine."""
        key = (*key, edition)
        if key not in self.memo:
            self.memo[key] = count(np.flatnonzero(self.visible if edition else self.live))
        return self.memo[key]  # type: ignore[no-any-return]

    def is_snapshot(self, row: int) -> bool:
        return row >= self.live_size

    def representatives(self, mask: Mask) -> Mask:
        """One row per activity among ``mask``: the live row, else the latest edition's."""
        rows = np.flatnonzero(mask)
        if len(rows) == 0:
            return mask
        order = np.lexsort((-self.rank[rows], self.row_keys[rows]))
        rows = rows[order]
        keys = self.row_keys[rows]
        first = np.ones(len(rows), dtype=np.bool_)
        first[1:] = keys[1:] != keys[:-1]
        out = np.zeros(self.size, dtype=np.bool_)
        out[rows[first]] = True
        return out


def _fetch(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall())


class _Pairs:
    """(row, value) pairs of one column, gathered as two parallel lists."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.values: list[Any] = []

    def add(self, rows: Iterable[int], values: Iterable[Any]) -> None:
        self.rows.extend(rows)
        self.values.extend(values)

    def add_tuples(self, pairs: list[tuple[Any, ...]], value: int = 1) -> None:
        """The first and the ``value``-th item of each tuple."""
        self.add(map(itemgetter(0), pairs), map(itemgetter(value), pairs))


def _column(pairs: _Pairs | list[tuple[int, Any]], size: int) -> Column:
    """The column of ``pairs``: distinct (row, value) pairs, values coded in the order they
    first appear. Vectorised: at a million activities a column has millions of pairs, and
    a Python step per pair was most of an engine's build."""
    if not isinstance(pairs, _Pairs):
        given, pairs = pairs, _Pairs()
        pairs.add_tuples(given)
    values = list(map(str, pairs.values))
    index = {key: code for code, key in enumerate(dict.fromkeys(values))}
    keys = list(index)
    n = len(values)
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=n)
    acts = np.asarray(pairs.rows, dtype=np.int64).reshape(n)
    # distinct pairs, each where it first appears
    _, first = np.unique(acts * max(len(keys), 1) + codes, return_index=True)
    if len(first) < n:
        first.sort()
        acts, codes = acts[first], codes[first]
    order = np.argsort(codes, kind="stable")
    codes, acts = codes[order], acts[order]
    starts = np.searchsorted(codes, np.arange(len(keys) + 1))
    by_row = np.argsort(acts, kind="stable")
    row_ptr = np.searchsorted(acts[by_row], np.arange(size + 1)).astype(np.int32)
    row_codes = codes[by_row].astype(np.int32)
    return Column(acts, codes, starts, keys, index, row_ptr, row_codes)


def data_version() -> tuple[int, ...]:
    """Moves whenever a search document changes (search migration 0002) or the catalog's
    data version moves (``catalog.index_queries.data_version``)."""
    if connection.vendor == "postgresql":
        rows = _fetch("SELECT COUNT(*), COALESCE(SUM(id), 0) FROM search_change")
    else:
        rows = _fetch("SELECT version, stamp FROM search_state WHERE id = 1")
    version = tuple(int(v) for v in rows[0]) if rows else (0, 0)
    return (*version, *catalog.data_version())


#: facet -> how a snapshot record gives its values
def _record_values(record: dict[str, Any]) -> dict[str, list[Any]]:
    goals = record.get("sdg_goals") or []
    targets = record.get("sdg_targets") or []
    refs = [record.get("lead_organization") or "", *(record.get("co_leads") or [])]
    return {
        "status": [record.get("status") or ""],
        "kind": [record.get("kind") or ""],
        "goal": [str(g["code"]) for g in goals],
        "source": [g.get("source") or "" for g in goals],
        "tag": [f"{g['code']}:{g.get('source') or ''}" for g in goals],
        "target": [str(t["code"]).lower() for t in targets],
        "target_tag": [f"{str(t['code']).lower()}:{t.get('source') or ''}" for t in targets],
        "technology": list(record.get("technologies") or []),
        "sector": [p.get("sector") or "" for p in record.get("partners") or []],
        "country": list(record.get("countries") or []),
        "region": list(record.get("regions") or []),
        "organization": [r for r in refs if r],
    }


def load(version: tuple[int, ...]) -> Engine:
    from aiatlas.catalog.queries import public_activities
    from aiatlas.search.text import words

    rows = catalog.activity_rows()
    live_size = max((r[0] for r in rows), default=0) + 1
    snaps = catalog.published_snapshots()
    size = live_size + len(snaps)
    live = np.zeros(size, dtype=np.bool_)
    public_ids = np.fromiter(public_activities().values_list("pk", flat=True), dtype=np.int64)
    live[public_ids[public_ids < live_size]] = True
    visible = live.copy()
    visible[live_size:] = True
    row_keys = np.arange(size, dtype=np.int64)
    rank = np.full(size, LIVE_RANK, dtype=np.int64)
    snapshot_pk = np.zeros(len(snaps), dtype=np.int64)

    pairs: dict[str, _Pairs] = {}

    def column(name: str) -> _Pairs:
        return pairs.setdefault(name, _Pairs())

    column("status").add_tuples(rows, 1)
    column("kind").add_tuples(rows, 2)
    # (row, start year, public id, rank, folded title, -rank): the keys of the two orders
    order_rows: list[tuple[int, int, str, int, str, int]] = [
        (
            r[0],
            -1 if r[3] is None else int(r[3]),
            str(r[4]),
            LIVE_RANK,
            " ".join(words(r[5])),
            -LIVE_RANK,
        )
        for r in rows
    ]
    goals = catalog.goal_tags()
    column("goal").add_tuples(goals, 1)
    column("source").add_tuples(goals, 2)
    column("tag").add((a for a, _, _ in goals), (f"{g}:{s}" for _, g, s in goals))
    targets = catalog.target_tags()
    column("target").add_tuples(targets, 1)
    column("target_tag").add((a for a, _, _ in targets), (f"{t}:{s}" for _, t, s in targets))
    # live rows belong to the editions that are not published
    column("edition").add_tuples(catalog.open_edition_links())
    for name in catalog.LINKS:
        column(name).add_tuples(catalog.links(name))
    # organizations by reference (acronym, else name): live rows as the organization is
    # called now, snapshot rows as the edition published it
    column("organization").add_tuples(catalog.organization_refs())

    for j, (spk, edition_id, year, activity_id, record) in enumerate(snaps):
        row = live_size + j
        snapshot_pk[j] = spk
        rank[row] = int(year)
        if activity_id is not None:
            row_keys[row] = activity_id
        pairs["edition"].add((row,), (edition_id,))
        for name, values in _record_values(record).items():
            column(name).add([row] * len(values), values)
        start = record.get("start_year")
        order_rows.append(
            (
                row,
                -1 if start is None else int(start),
                str(record.get("id") or ""),
                int(year),
                " ".join(words(str(record.get("title") or ""))),
                -int(year),
            )
        )
    columns = {name: _column(p, size) for name, p in pairs.items()}
    # newest: start year descending (none last), then public id descending, then the
    # latest view; title: folded title words, then public id
    newest = sorted(order_rows, key=itemgetter(1, 2, 3), reverse=True)
    by_title = sorted(order_rows, key=itemgetter(4, 2, 5))
    return Engine(
        version=version,
        size=size,
        live_size=live_size,
        live=live,
        visible=visible,
        row_keys=row_keys,
        rank=rank,
        snapshot_pk=snapshot_pk,
        columns=columns,
        newest=np.fromiter(map(itemgetter(0), newest), dtype=np.int64, count=len(newest)),
        by_title=np.fromiter(map(itemgetter(0), by_title), dtype=np.int64, count=len(by_title)),
    )


_engines: PerDatabase[Engine] = PerDatabase()


def engine() -> Engine:
    """The engine for the current data of this connection's database."""
    version = data_version()
    return _engines.get(version, lambda: load(version))


def clear() -> None:
    """Forget every engine (tests that replace the database)."""
    _engines.clear()
