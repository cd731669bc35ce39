"""The balanced reviewer assignment (a pure function) keeps its promises for any input."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiatlas.programme.assignment import Item, assign, eligible

TRACKS = [None, 1, 2, 3]


@st.composite
def problems(draw: st.DrawFn) -> tuple:
    items = draw(
        st.lists(
            st.builds(Item, st.integers(1, 200), st.sampled_from(TRACKS)),
            max_size=40,
            unique_by=lambda i: i.id,
        )
    )
    reviewers = draw(
        st.dictionaries(
            st.integers(1, 30),
            st.one_of(st.none(), st.frozensets(st.sampled_from(TRACKS), min_size=1)),
            max_size=12,
        )
    )
    pairs = [(i.id, r) for i in items for r in reviewers]
    conflicts = draw(st.lists(st.sampled_from(pairs), max_size=15)) if pairs else []
    k = draw(st.integers(0, 4))
    return items, reviewers, set(conflicts), k


@settings(max_examples=300, deadline=None)
@given(problems())
def test_assignment_gives_k_eligible_reviewers_without_conflicts(problem: tuple) -> None:
    items, reviewers, conflicts, k = problem
    added = assign(items, reviewers, k=k, conflicts=conflicts)
    for item in items:
        chosen = added.get(item.id, [])
        assert len(chosen) == len(set(chosen)), "a reviewer twice on one proposal"
        pool = [
            r for r, t in reviewers.items() if eligible(t, item) and (item.id, r) not in conflicts
        ]
        assert len(chosen) == min(k, len(pool))
        for r in chosen:
            assert (item.id, r) not in conflicts
            assert eligible(reviewers[r], item), "a reviewer outside their team's tracks"
    assert set(added) <= {i.id for i in items}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 60),
    st.integers(1, 15),
    st.integers(1, 4),
)
def test_assignment_balances_loads_within_one_for_one_pool(n: int, m: int, k: int) -> None:
    items = [Item(i, None) for i in range(1, n + 1)]
    reviewers = {r: None for r in range(1, m + 1)}
    added = assign(items, reviewers, k=k)
    loads = Counter(r for rids in added.values() for r in rids)
    values = [loads.get(r, 0) for r in reviewers]
    assert max(values) - min(values) <= 1
    assert sum(values) == n * min(k, m)


@settings(max_examples=100, deadline=None)
@given(problems())
def test_assignment_is_deterministic_and_keeps_existing(problem: tuple) -> None:
    items, reviewers, conflicts, k = problem
    first = assign(items, reviewers, k=k, conflicts=conflicts)
    assert first == assign(list(reversed(items)), dict(reversed(reviewers.items())), k=k,
                           conflicts=conflicts)  # fmt: skip
    # running again on top of the first result adds nothing
    again = assign(items, reviewers, k=k, conflicts=conflicts, existing=first)
    assert again == {}


def test_assignment_refuses_a_negative_k() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        assign([Item(1, None)], {1: None}, k=-1)


def test_assignment_serves_the_proposal_with_fewest_reviewers_first() -> None:
    # reviewer 1 covers every track, reviewer 2 only track 5: proposal 1 (no track) has
    # one possible reviewer and is served first, so the track-5 one goes to reviewer 2
    items = [Item(2, 5), Item(1, None)]
    added = assign(items, {1: None, 2: frozenset({5})}, k=1)
    assert added == {1: [1], 2: [2]}
