"""Operations of the search app (one transaction each)."""

from __future__ import annotations

from django.db import transaction


def rebuild_index() -> int:
    """Rebuild every activity's search document; returns how many were indexed."""
    from aiatlas.search.index import reindex

    with transaction.atomic():
        return reindex()


def search_index_status() -> dict[str, int]:
    from aiatlas.search.index import index_status

    return index_status()
