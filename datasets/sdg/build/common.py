"""Shared helpers for the dataset builders: case files, CSV writing, near-duplicate check."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent


@dataclass(frozen=True)
class Case:
    goal: int  # the goal of the section the case is written for
    about: bool  # True: addresses ``goal``; False: next to it, not about it
    others: tuple[int, ...]  # other goals the text addresses (secondary or main)
    title: str
    what: str
    result: str


def read_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    goal = 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("## "):
            goal = int(line[3:])
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or line[0] not in "+-":
            raise ValueError(f"{path}:{n}: expected 'SIGN GOALS | title | what | result'")
        others = tuple(int(g) for g in parts[0][1:].split())
        cases.append(Case(goal, line[0] == "+", others, parts[1], parts[2], parts[3]))
    return cases


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["id", "text", "sdg", "label", "also", "genre", "lang", "group"]
        )
        writer.writeheader()
        writer.writerows(rows)


def shingles(text: str, k: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def lower_first(s: str) -> str:
    return s[0].lower() + s[1:] if s and not s[:2].isupper() else s


class Rows:
    """Rows of a fitting CSV with ids ``PREFIX-00001``...; a repeated text is skipped
    (``strict=False``) or an error (``strict=True``)."""

    def __init__(self, prefix: str, strict: bool = False) -> None:
        self.prefix, self.strict = prefix, strict
        self.rows: list[dict[str, str]] = []
        self.seen: set[str] = set()

    def add(self, text: str, sdg: int, label: bool, also: tuple[int, ...], genre: str, lang: str, group: str) -> None:
        if text in self.seen:
            if self.strict:
                raise ValueError(f"duplicate text: {text[:60]}")
            return
        self.seen.add(text)
        self.rows.append({
            "id": f"{self.prefix}-{len(self.rows) + 1:05d}", "text": text, "sdg": str(sdg),
            "label": str(label), "also": " ".join(str(g) for g in sorted(set(also) - {sdg})),
            "genre": genre, "lang": lang, "group": group,
        })
