"""The facet engine's counts by row (narrow masks) and by subtraction from the universe's
totals (broad masks) are the counts of a full pass over every pair, at every density."""

from __future__ import annotations

import numpy as np
import pytest

from aiatlas.search.engine import Engine, _column

SIZE = 3_000
LIVE = 2_000


def _engine(seed: int) -> Engine:
    rng = np.random.default_rng(seed)
    columns = {}
    for name, values, most in (("one", 5, 1), ("many", 40, 6), ("tag", 30, 4)):
        pairs = []
        for row in range(SIZE):
            for value in rng.integers(0, values, rng.integers(0, most + 1)):
                pairs.append((row, f"{value}:{'ab'[value % 2]}" if name == "tag" else value))
        columns[name] = _column(pairs, SIZE)
    live = np.zeros(SIZE, dtype=np.bool_)
    live[:LIVE] = rng.random(LIVE) < 0.9  # some live rows are embargoed
    visible = live.copy()
    visible[LIVE:] = True
    rows = np.arange(SIZE, dtype=np.int64)
    return Engine(
        version=(seed,),
        size=SIZE,
        live_size=LIVE,
        live=live,
        visible=visible,
        row_keys=rows,
        rank=rows,
        snapshot_pk=np.zeros(SIZE - LIVE, dtype=np.int64),
        columns=columns,
        newest=rows,
        by_title=rows,
    )


@pytest.mark.parametrize("density", [0.0, 0.002, 0.3, 0.5, 0.55, 0.97, 1.0])
@pytest.mark.parametrize("edition", [False, True])
def test_counts_by_row_and_by_subtraction_equal_a_full_pass(density, edition):
    eng = _engine(int(density * 1000) + edition)
    rng = np.random.default_rng(7)
    universe = eng.visible if edition else eng.live
    for _ in range(3):  # the universe's totals are remembered: later masks reuse them
        mask = universe & (rng.random(SIZE) < density)
        sub = eng.subset(mask, edition=edition)
        assert sub.inverted == (2 * mask.sum() > universe.sum())
        for name in ("one", "many"):
            assert eng.tally(name, sub) == eng.columns[name].count(mask), name
        col = eng.columns["tag"]
        keep = np.array([k.endswith(":a") or k.startswith("1") for k in col.keys])
        group_of = np.array([int(k.split(":")[0]) % 7 for k in col.keys], dtype=np.int64)
        names = [f"g{i}" for i in range(7)]
        expected = col.grouped(mask, keep, group_of, names, eng.row_keys)
        assert eng.tally_groups("tag", sub, keep, group_of, names) == expected


def test_rows_without_values_and_the_last_row_are_counted():
    column = _column([(0, "x"), (4, "x"), (4, "y"), (5, "y")], 6)
    assert column.row_ptr.tolist() == [0, 1, 1, 1, 1, 3, 4]
    assert column.tally(np.array([1, 2, 3], dtype=np.int64)).tolist() == [0, 0]
    assert column.tally(np.array([4, 5], dtype=np.int64)).tolist() == [1, 2]
    assert column.tally(np.array([], dtype=np.int64)).tolist() == [0, 0]
