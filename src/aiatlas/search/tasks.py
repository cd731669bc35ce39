"""Background tasks of search (django-tasks; the worker of `aiatlas serve`, or
`aiatlas worker`, runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def embed_missing_task() -> int:
    """Embed the activities whose vector is missing or stale."""
    from aiatlas.search.services import embed_missing

    return embed_missing()
