"""Weighted review scores, without the database: each category's score is taken as a
share of its highest score, weighted, and the result is out of 100."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    id: int
    weight: int
    max_score: int


def weighted_score(scores: Mapping[str, int], categories: Iterable[Category]) -> float | None:
    """0–100; None when a category has no score (the review is not complete)."""
    total = weight = 0.0
    for category in categories:
        value = scores.get(str(category.id))
        if value is None:
            return None
        total += category.weight * value / category.max_score
        weight += category.weight
    return round(100 * total / weight, 1) if weight else None


def mean(values: Iterable[float | None]) -> float | None:
    done = [v for v in values if v is not None]
    return round(sum(done) / len(done), 1) if done else None
