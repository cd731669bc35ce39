"""Read a labelled CSV (``id,text,sdg,label``) and score the classifier on it.

Each row is judged only for its own SDG: "does this text address SDG ``sdg``?".
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
        rows.append(Row(rec["id"].strip(), rec["text"], int(sdg_raw), label_raw in _TRUE))
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


def evaluate(
    path: str | Path, predict: Callable[[list[Row]], list[bool]] | None = None
) -> dict[str, Any]:
    """Classify every row of the CSV and return ``{"rows": n, "metrics": [...]}``."""
    rows = read_rows(path)
    if predict is None:
        from aiatlas.classify.engine import Classifier

        clf = Classifier.load()

        def predict(rs: list[Row]) -> list[bool]:
            return clf.decide_many([r.text for r in rs], [r.sdg for r in rs])

    preds = predict(rows)
    table = [asdict(m) for m in report(rows, preds)]
    return {"file": str(path), "rows": len(rows), "metrics": table}
