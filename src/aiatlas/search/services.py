"""Operations of the search app (one transaction each)."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def rebuild_index() -> int:
    """Rebuild every activity's search document; returns how many were indexed."""
    from aiatlas.search.index import reindex

    with transaction.atomic():
        return reindex()


def search_index_status() -> dict[str, int]:
    from aiatlas.search.index import index_status

    return index_status()


def embed_missing(*, limit: int | None = None, progress: Any = None) -> int:
    """Embed the activities whose vector is missing or stale (one transaction per chunk, so
    a long run keeps what it did when interrupted); returns how many were embedded."""
    from aiatlas.search.vectors import embed_missing as run

    return run(limit=limit, progress=progress)


def vector_status() -> dict[str, int]:
    from aiatlas.search.vectors import vector_status as status

    return status()
