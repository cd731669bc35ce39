"""Build ``validation_independent.csv`` from ``independent_*.txt``.

The texts were written from the UN goal/target texts and the issue's genre list only, before
the training data were read (see ../README.md). One line per text::

    KIND[OTHER GOALS] | genre | lang | text

KIND ``+`` about the section's goal (label True), ``*`` the goal is secondary in the text
(label True; the other goals include the main one), ``-`` next to the goal, not about it
(label False). In section ``## 0`` (passages about no goal) the text starts with ``N: ``, the
goal it is labelled False for.

Run: ``python datasets/sdg/build/make_independent.py`` (deterministic).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HERE, OUT, write_csv  # noqa: E402

KINDS = {"+": "p", "*": "s", "-": "n"}
CROSS_PER_GOAL = 14
LANGS = {"en", "fr", "es", "ar", "ru", "zh-hans"}


def parse(path: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    goal = 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#") and not line.startswith("## "):
            continue
        if line.startswith("## "):
            goal = int(line[3:])
            continue
        parts = [p.strip() for p in line.split(" | ")]
        if len(parts) != 4 or line[0] not in KINDS:
            raise ValueError(f"{path}:{n}: expected 'KIND[GOALS] | genre | lang | text'")
        head, genre, lang, text = parts
        if lang not in LANGS:
            raise ValueError(f"{path}:{n}: unknown language {lang!r}")
        others = [int(g) for g in head[1:].split()]
        sdg = goal
        if goal == 0:
            num, text = text.split(": ", 1)
            sdg = int(num)
        if not 1 <= sdg <= 17 or sdg in others:
            raise ValueError(f"{path}:{n}: bad goal {sdg} / others {others}")
        rows.append(
            {
                "kind": KINDS[head[0]],
                "text": text,
                "sdg": str(sdg),
                "label": "False" if head[0] == "-" else "True",
                "also": " ".join(str(g) for g in sorted(others)),
                "genre": genre if head[0] == "+" else f"{genre}/{'secondary' if head[0] == '*' else 'next-to'}",
                "lang": lang,
            }
        )
    return rows


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def cross_goal(rows: list[dict[str, str]], per_goal: int = CROSS_PER_GOAL) -> list[dict[str, str]]:
    """Per goal, texts about other goals labelled False for it, so that a goal's accuracy also
    counts its false positives. From each other goal, the English main-goal text whose words
    overlap most with the goal's own texts (a model-free rule: the closest neighbours are the
    hard ones); the ``per_goal`` closest of these 16 are kept."""
    mains = [r for r in rows if r["id"][6] == "p" and r["lang"] == "en"]
    vocab: dict[int, dict[str, int]] = {}
    for r in rows:
        if r["label"] == "True":
            counts = vocab.setdefault(int(r["sdg"]), {})
            for w in _words(r["text"]):
                counts[w] = counts.get(w, 0) + 1
    out = []
    for goal in range(1, 18):
        own = {w for w, c in vocab[goal].items() if c >= 2}
        best: list[tuple[float, str, dict[str, str]]] = []
        for other in range(1, 18):
            cands = [
                r for r in mains
                if int(r["sdg"]) == other and other != goal and str(goal) not in r["also"].split()
            ]
            if not cands:
                continue
            scored = [(len(_words(r["text"]) & own) / (len(_words(r["text"])) or 1), r["id"], r) for r in cands]
            best.append(max(scored, key=lambda t: (t[0], t[1])))
        best.sort(key=lambda t: (-t[0], t[1]))
        for n, (_, _, src) in enumerate(best[:per_goal], start=1):
            out.append(
                {
                    **src,
                    "id": f"vi-{goal:02d}-x{n:02d}",
                    "sdg": str(goal),
                    "label": "False",
                    "also": " ".join(sorted({src["sdg"], *src["also"].split()}, key=int)),
                    "genre": f"{src['genre']}/cross-goal",
                    "group": src["id"],
                }
            )
    return out


def main() -> None:
    rows: list[dict[str, str]] = []
    for path in sorted(HERE.glob("independent_*.txt")):
        rows.extend(parse(path))
    seen: set[str] = set()
    out = []
    counters: dict[tuple[str, str], int] = {}
    for r in rows:
        if r["text"] in seen:
            raise ValueError(f"duplicate text: {r['text'][:60]}")
        seen.add(r["text"])
        key = (r["sdg"], r["kind"])
        counters[key] = counters.get(key, 0) + 1
        rid = f"vi-{int(r['sdg']):02d}-{r['kind']}{counters[key]:02d}"
        out.append({"id": rid, "group": rid, **{k: v for k, v in r.items() if k != "kind"}})
    out.extend(cross_goal(out))
    write_csv(OUT / "validation_independent.csv", out)
    print(f"{len(out)} rows -> {OUT / 'validation_independent.csv'}")


if __name__ == "__main__":
    main()
