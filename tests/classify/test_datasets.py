"""The labelled SDG sets: readable, balanced per goal, and the validation set is not a
near-copy of the fitting sets."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from aiatlas.classify.evaluate import read_rows

DATA = Path(__file__).resolve().parents[2] / "datasets" / "sdg"


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


@pytest.mark.parametrize("name", ["train.csv", "validation.csv"])
def test_dataset_every_goal_has_both_labels(name: str) -> None:
    rows = read_rows(DATA / name)
    counts = Counter((r.sdg, r.label) for r in rows)
    for goal in range(1, 18):
        assert counts[(goal, True)] >= 10 and counts[(goal, False)] >= 5, goal
    assert {r.lang for r in rows} >= {"en", "fr", "es", "ar", "ru", "zh-hans"}


def test_train_set_has_at_least_3000_rows() -> None:
    assert len(read_rows(DATA / "train.csv")) >= 3000


def test_validation_set_no_near_duplicate_of_fitting_sets() -> None:
    fitting = {r.text for name in ("train.csv", "dev.csv") for r in read_rows(DATA / name)}
    index: dict[tuple[str, ...], list[int]] = {}
    fit_sh = [_shingles(t) for t in fitting]
    for i, sh in enumerate(fit_sh):
        for s in sh:
            index.setdefault(s, []).append(i)
    worst = 0.0
    for row in read_rows(DATA / "validation.csv"):
        sh = _shingles(row.text)
        assert row.text not in fitting
        for j in {j for s in sh for j in index.get(s, ())}:
            worst = max(worst, len(sh & fit_sh[j]) / len(sh | fit_sh[j]))
    assert worst < 0.5
