"""Read a labelled CSV (``id,text,sdg,label``) and score the classifier on it.

Each row is judged for its own SDG: "does this text address SDG ``sdg``?". Optional columns:
``also`` (other goals the text addresses, space-separated: those are not counted as
cross-goal false positives), ``lang`` (the language code reported per language; otherwise
the detected one) and ``group`` (rows from one source text, kept in one fold when fitting).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REQUIRED = ("id", "text", "sdg", "label")
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


class BadDataset(ValueError):
    """The CSV cannot be used; the message names the row and column."""


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    sdg: int
    label: bool
    also: tuple[int, ...] = ()  # other goals the text addresses
    lang: str = ""  # language code given in the CSV ("" = detect)
    group: str = ""  # rows written from the same source (fitting folds)


def read_rows(path: str | Path) -> list[Row]:
    """Validated rows (raises :class:`BadDataset` naming the first problem found)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadDataset(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadDataset(
            f"{path}: line {line} is not UTF-8 (byte {exc.start}); save the file as UTF-8"
        ) from exc
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise BadDataset(
            f"{path}: missing column(s) {', '.join(missing)}; need {','.join(REQUIRED)}"
        )
    reader.fieldnames = header
    rows: list[Row] = []
    for n, rec in enumerate(reader, start=2):
        where = f"{path}: line {n}"
        if None in rec or any(rec.get(c) is None for c in REQUIRED):
            raise BadDataset(f"{where}: wrong number of fields")
        sdg_raw, label_raw = rec["sdg"].strip(), rec["label"].strip().lower()
        if not sdg_raw.isdigit() or not 1 <= int(sdg_raw) <= 17:
            raise BadDataset(f"{where}, column sdg: {rec['sdg']!r} is not an SDG number 1-17")
        if label_raw not in _TRUE | _FALSE:
            raise BadDataset(f"{where}, column label: {rec['label']!r} is not True or False")
        if not rec["text"].strip():
            raise BadDataset(f"{where}, column text: the text is empty")
        also_raw = (rec.get("also") or "").replace(",", " ").split()
        if any(not a.isdigit() or not 1 <= int(a) <= 17 for a in also_raw):
            raise BadDataset(
                f"{where}, column also: {rec.get('also')!r} is not a list of SDG numbers 1-17"
            )
        rows.append(
            Row(
                rec["id"].strip(),
                rec["text"],
                int(sdg_raw),
                label_raw in _TRUE,
                tuple(sorted({int(a) for a in also_raw} - {int(sdg_raw)})),
                (rec.get("lang") or "").strip(),
                (rec.get("group") or "").strip(),
            )
        )
    if not rows:
        raise BadDataset(f"{path}: no rows")
    return rows


@dataclass(frozen=True)
class Metrics:
    sdg: int  # 0 for the mean over SDGs
    n: int
    accuracy: float
    precision: float
    recall: float
    f1: float


def metrics(labels: Sequence[bool], preds: Sequence[bool], sdg: int = 0) -> Metrics:
    tp = sum(1 for y, p in zip(labels, preds, strict=True) if y and p)
    fp = sum(1 for y, p in zip(labels, preds, strict=True) if not y and p)
    fn = sum(1 for y, p in zip(labels, preds, strict=True) if y and not p)
    n = len(labels)
    acc = (n - fp - fn) / n if n else 0.0
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return Metrics(sdg, n, acc, prec, rec, f1)


def report(rows: Sequence[Row], preds: Sequence[bool]) -> list[Metrics]:
    """Per-SDG metrics (SDGs present in ``rows``) then the unweighted mean (``sdg`` = 0)."""
    per: list[Metrics] = []
    for sdg in sorted({r.sdg for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.sdg == sdg]
        per.append(metrics([rows[i].label for i in idx], [preds[i] for i in idx], sdg))
    k = len(per)
    mean = Metrics(
        0,
        sum(m.n for m in per),
        sum(m.accuracy for m in per) / k,
        sum(m.precision for m in per) / k,
        sum(m.recall for m in per) / k,
        sum(m.f1 for m in per) / k,
    )
    return [*per, mean]


def bootstrap_mean_accuracy(
    rows: Sequence[Row], preds: Sequence[bool], resamples: int = 1000, seed: int = 19
) -> tuple[float, float]:
    """95% percentile interval of the mean per-SDG accuracy, resampling rows within each SDG
    (so every resample keeps every goal)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    hits_by_goal = []
    for sdg in sorted({r.sdg for r in rows}):
        hits_by_goal.append(
            np.array([r.label == p for r, p in zip(rows, preds, strict=True) if r.sdg == sdg])
        )
    means = np.zeros(resamples)
    for hits in hits_by_goal:
        draws = rng.integers(0, len(hits), size=(resamples, len(hits)))
        means += hits[draws].mean(axis=1)
    means /= len(hits_by_goal)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def cross_goal_false_positives(
    rows: Sequence[Row], decisions: Sequence[Sequence[bool]]
) -> dict[str, Any]:
    """Per goal B: the share of texts labelled True for another goal A (and not listed as
    also addressing B) that are called yes for B; one entry per distinct text."""
    seen: dict[str, tuple[set[int], list[bool]]] = {}
    for row, dec in zip(rows, decisions, strict=True):
        goals, _ = seen.setdefault(row.text, (set(), list(dec)))
        if row.label:
            goals.add(row.sdg)
        goals.update(row.also)
    per_goal = []
    for b in range(1, 18):
        calls = [dec[b - 1] for goals, dec in seen.values() if goals and b not in goals]
        per_goal.append(sum(calls) / len(calls) if calls else 0.0)
    positives = [dec for goals, dec in seen.values() if goals]
    extra = [
        sum(1 for b in range(1, 18) if dec[b - 1] and b not in goals)
        for goals, dec in seen.values()
        if goals
    ]
    return {
        "mean": sum(per_goal) / 17,
        "per_goal": [round(v, 4) for v in per_goal],
        "texts": len(positives),
        "wrong_goals_per_text": sum(extra) / len(extra) if extra else 0.0,
    }


def evaluate(
    path: str | Path,
    predict: Callable[[list[Row]], list[list[bool]]] | None = None,
) -> dict[str, Any]:
    """Classify every row of the CSV. ``predict`` returns the 17 decisions per row (default:
    the shipped classifier). Returns per-SDG metrics, the mean with a bootstrap interval,
    the cross-goal false-positive rate and per-language scores."""
    rows = read_rows(path)
    langs = [r.lang for r in rows]
    if predict is None:
        from aiatlas.classify.engine import Classifier

        clf = Classifier.load()
        results = clf.classify_many([r.text for r in rows])
        decisions = [[g.decision for g in res.goals] or [False] * 17 for res in results]
        langs = [
            r.lang or (res.language if res.supported else "unsupported")
            for r, res in zip(rows, results, strict=True)
        ]
    else:
        decisions = predict(rows)
    langs = [lang or "und" for lang in langs]
    preds = [bool(dec[r.sdg - 1]) for r, dec in zip(rows, decisions, strict=True)]
    table = [asdict(m) for m in report(rows, preds)]
    low, high = bootstrap_mean_accuracy(rows, preds)
    per_language = {}
    for lang in sorted(set(langs)):
        idx = [i for i, x in enumerate(langs) if x == lang]
        sub = [rows[i] for i in idx]
        m = metrics([r.label for r in sub], [preds[i] for i in idx])
        per_language[lang] = {
            "n": len(idx),
            "accuracy": m.accuracy,
            "precision": m.precision,
            "recall": m.recall,
            "f1": m.f1,
        }
    return {
        "file": str(path),
        "rows": len(rows),
        "metrics": table,
        "mean_accuracy_ci95": [low, high],
        "cross_goal_fp": cross_goal_false_positives(rows, decisions),
        "per_language": per_language,
    }
