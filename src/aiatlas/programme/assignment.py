"""Balanced assignment of proposals to reviewers: a pure function (no database), so its
promises are checked by property tests (tests/programme/test_assignment.py).

Promises, for every input:
- a proposal gets ``k`` reviewers in all (those it already has count), or every eligible
  reviewer when fewer are eligible;
- a reviewer is eligible for a proposal when one of their teams covers its track (a team
  without tracks covers every track) and they declared no conflict of interest with it;
- nobody is assigned twice to one proposal, and existing assignments are kept;
- loads stay balanced: each pick goes to the eligible reviewer with the fewest
  assignments so far (ties: the lower id), and the proposals with the fewest eligible
  reviewers are served first, so that with one pool of reviewers the loads differ by
  at most one;
- the result depends only on the input (no randomness).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: a reviewer's tracks: ``None`` means every track
Tracks = frozenset[int | None] | None


@dataclass(frozen=True)
class Item:
    """A proposal to review: its id and its track (None: no track)."""

    id: int
    track: int | None


def eligible(reviewer_tracks: Tracks, item: Item) -> bool:
    return reviewer_tracks is None or item.track in reviewer_tracks


def assign(
    items: Iterable[Item],
    reviewers: Mapping[int, Tracks],
    *,
    k: int,
    conflicts: Iterable[tuple[int, int]] = (),
    existing: Mapping[int, Iterable[int]] | None = None,
) -> dict[int, list[int]]:
    """New assignments: proposal id → the reviewer ids to add (sorted). ``conflicts`` are
    (proposal id, reviewer id) pairs; ``existing`` proposal id → reviewer ids already
    assigned (they count towards ``k`` and towards the reviewers' loads)."""
    if k < 0:
        raise ValueError("k is a number of reviewers, zero or more")
    barred = set(conflicts)
    have = {pid: set(rids) for pid, rids in (existing or {}).items()}
    load = {rid: 0 for rid in reviewers}
    for rids in have.values():
        for rid in rids:
            if rid in load:
                load[rid] += 1
    pool = {
        item.id: sorted(
            rid
            for rid, tracks in reviewers.items()
            if eligible(tracks, item) and (item.id, rid) not in barred
        )
        for item in dict.fromkeys(items)
    }
    added: dict[int, list[int]] = {}
    # the proposals with the fewest choices first, then by id
    for pid in sorted(pool, key=lambda p: (len(pool[p]), p)):
        mine = have.get(pid, set())
        wanted = k - len(mine)
        candidates = [rid for rid in pool[pid] if rid not in mine]
        chosen: list[int] = []
        while wanted > 0 and candidates:
            best = min(candidates, key=lambda r: (load[r], r))
            candidates.remove(best)
            chosen.append(best)
            load[best] += 1
            wanted -= 1
        if chosen:
            added[pid] = sorted(chosen)
    return added
