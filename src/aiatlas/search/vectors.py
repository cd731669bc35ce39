"""One sentence embedding per activity (``common.embeddings``), stored, and searched in
memory.

- **Stored, not recomputed.** ``SearchVector`` keeps each activity's vector with the digest
  of the text it was computed from and the model's name; :func:`embed_missing` embeds only
  the activities whose text or model changed (restarts recompute nothing).
- **In the background.** After a write, ``index.reindex_after_change`` queues
  :func:`~aiatlas.search.tasks.embed_missing_task` once per transaction, after the commit;
  the task worker of ``aiatlas serve`` (or ``aiatlas worker``) runs it, and
  ``aiatlas search embed`` does the same in the foreground. The model embeds some 6–30
  passages a second on two cores, so a catalog of a few thousand activities is embedded in
  minutes; 100,000 would take hours (see docs/search.md).
- **Searched in memory.** The vectors are one float32 matrix (384 columns), reloaded when a
  vector is written; a query is one matrix-vector product (about 20 ms at 100,000 rows).
  Until vectors exist, search works on keywords alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection, transaction

from aiatlas.search.versioned import PerDatabase

CHUNK = 32
_matrices: PerDatabase[Matrix] = PerDatabase()


def record_text(record: Mapping[str, Any]) -> str:
    """What is embedded for a record: title, domains and description."""
    domains = ", ".join(record.get("domains") or [])
    parts = [record.get("title") or "", domains, record.get("description") or ""]
    return ". ".join(p.strip() for p in parts if p and p.strip())


def digest(text: str, model: str) -> str:
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()


def queue_embedding(pks: list[int]) -> None:
    """Queue one embedding run for after the current transaction commits (once per
    transaction however many batches it writes)."""
    if not connection.in_atomic_block:
        _enqueue()
        return
    if any(entry[1] is _enqueue for entry in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    from aiatlas.search.tasks import embed_missing_task

    try:
        embed_missing_task.enqueue()
    except Exception:
        import logging

        logging.getLogger(__name__).warning("could not queue the embedding of activities")


def _current_texts(pks: Iterable[int] | None = None) -> dict[int, str]:
    from aiatlas.catalog.models import Activity
    from aiatlas.catalog.queries import iter_activity_records

    qs = Activity.objects.all() if pks is None else Activity.objects.filter(pk__in=list(pks))
    ids = dict(qs.values_list("public_id", "pk"))
    return {ids[r["id"]]: record_text(r) for r in iter_activity_records(qs)}


def embed_missing(*, limit: int | None = None, progress: Any = None) -> int:
    """Embed every activity whose vector is missing or stale (its text or the model
    changed); returns how many were embedded. ``limit`` stops after that many."""
    from aiatlas.common import embeddings
    from aiatlas.search.models import SearchVector

    model = embeddings.MODEL_NAME
    texts = _current_texts()
    stored = dict(SearchVector.objects.values_list("activity_id", "digest"))
    todo = [(pk, t) for pk, t in texts.items() if stored.get(pk) != digest(t, model)]
    if limit is not None:
        todo = todo[:limit]
    done = 0
    for start in range(0, len(todo), CHUNK):
        part = todo[start : start + CHUNK]
        vectors = embeddings.passages([t for _, t in part])
        with transaction.atomic():
            existing = set(
                SearchVector.objects.filter(activity_id__in=[pk for pk, _ in part]).values_list(
                    "activity_id", flat=True
                )
            )
            alive = set(_alive([pk for pk, _ in part]))  # an activity deleted while we embedded
            stamp = time.time_ns()
            for (pk, text), vector in zip(part, vectors, strict=True):
                if pk not in alive:
                    continue
                values = {
                    "model": model,
                    "digest": digest(text, model),
                    "vector": embeddings.to_bytes(vector),
                    "stamp": stamp,
                }
                if pk in existing:
                    SearchVector.objects.filter(activity_id=pk).update(**values)
                else:
                    SearchVector.objects.create(activity_id=pk, **values)
        done += len(part)
        if progress is not None:
            progress(done, len(todo))
    return done


def fresh_vectors(pks: Iterable[int]) -> dict[int, Any]:
    """The stored vectors of these activities that are of the current model and were
    computed from their text as it is now (the classifier reads them through
    ``common.embeddings.stored`` instead of embedding the activities again)."""
    from aiatlas.common import embeddings
    from aiatlas.search.models import SearchVector

    pks = list(pks)
    model = embeddings.MODEL_NAME
    rows = SearchVector.objects.filter(activity_id__in=pks, model=model).values_list(
        "activity_id", "digest", "vector"
    )
    found = {pk: (d, bytes(v)) for pk, d, v in rows}
    if not found:
        return {}
    texts = _current_texts(found)
    return {
        pk: embeddings.from_bytes(data)
        for pk, (d, data) in found.items()
        if pk in texts and d == digest(texts[pk], model)
    }


def _alive(pks: list[int]) -> list[int]:
    from aiatlas.catalog.models import Activity

    return list(Activity.objects.filter(pk__in=pks).values_list("pk", flat=True))


def vector_status() -> dict[str, int]:
    """Activities, stored vectors, and vectors missing or stale."""
    from aiatlas.common import embeddings
    from aiatlas.search.models import SearchVector

    texts = _current_texts()
    stored = dict(SearchVector.objects.values_list("activity_id", "digest"))
    model = embeddings.MODEL_NAME
    stale = sum(1 for pk, t in texts.items() if stored.get(pk) != digest(t, model))
    return {"activities": len(texts), "vectors": len(stored), "to_embed": stale}


# -- the matrix ----------------------------------------------------------------------------


@dataclass
class Matrix:
    version: tuple[int, int]
    ids: Any  # activity ids (int64), one per row
    vectors: Any  # float32 (n × 384)
    row_of: dict[int, int]

    @property
    def empty(self) -> bool:
        return len(self.ids) == 0


def _version() -> tuple[int, int]:
    from django.db.models import Count, Max

    from aiatlas.search.models import SearchVector

    row = SearchVector.objects.aggregate(n=Count("pk"), stamp=Max("stamp"))
    return int(row["n"] or 0), int(row["stamp"] or 0)


def matrix() -> Matrix:
    """Every stored vector of the current model, as one matrix (reloaded when one moves)."""
    import numpy as np

    from aiatlas.common import embeddings
    from aiatlas.search.models import SearchVector

    version = _version()

    def build() -> Matrix:
        rows = list(
            SearchVector.objects.filter(model=embeddings.MODEL_NAME)
            .order_by("activity_id")
            .values_list("activity_id", "vector")
        )
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        vectors = np.zeros((len(rows), embeddings.DIMENSIONS), dtype=np.float32)
        for i, (_, data) in enumerate(rows):
            vectors[i] = embeddings.from_bytes(bytes(data))
        return Matrix(version, ids, vectors, {int(a): i for i, a in enumerate(ids)})

    return _matrices.get(version, build)


@lru_cache(maxsize=512)
def query_vector(text: str) -> Any:
    from aiatlas.common import embeddings

    return embeddings.query(text)


def similarities(text: str) -> tuple[Any, Any] | None:
    """(activity ids, cosine similarity to ``text``) over every stored vector; None when
    there are none or the model cannot run here."""
    from aiatlas.common import embeddings

    m = matrix()
    if m.empty:
        return None
    try:
        q = query_vector(" ".join(text.split())[:500])
    except embeddings.EmbeddingsUnavailable:
        return None
    return m.ids, m.vectors @ q


def neighbours(activity_id: int) -> tuple[Any, Any] | None:
    """(activity ids, similarity to this activity's vector); None without its vector."""
    m = matrix()
    row = m.row_of.get(activity_id)
    if row is None:
        return None
    return m.ids, m.vectors @ m.vectors[row]


def clear() -> None:
    _matrices.clear()
    query_vector.cache_clear()
