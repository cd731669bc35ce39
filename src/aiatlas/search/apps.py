from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _index_missing(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate``: index activities that have no search document yet (a database
    that held activities before the search app was installed)."""
    from aiatlas.search.index import reindex_missing

    reindex_missing()


class SearchConfig(AppConfig):
    name = "aiatlas.search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from aiatlas.catalog.signals import activities_changed
        from aiatlas.common import embeddings
        from aiatlas.search.index import reindex_after_change
        from aiatlas.search.vectors import fresh_vectors

        # the classifier tags activities with the vectors search already stored for them
        embeddings.register_store("activity", fresh_vectors)

        activities_changed.connect(reindex_after_change, dispatch_uid="search-reindex")
        post_migrate.connect(_index_missing, sender=self, dispatch_uid="search-index-missing")
