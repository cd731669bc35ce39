"""Health and readiness of one web process, for load balancers and orchestrators.

- ``/healthz`` (liveness and readiness in one, as most proxies want a single URL): the
  database answers a query, and the task queue is readable and not stalled (no task has
  waited READY for longer than :data:`STALLED_AFTER` — a sign that no worker runs).
  200 with ``{"status": "ok", ...}`` or 503 with the failing check named.
  Where a shared cache is set (``cache_url``), whether it answers is reported too, but
  never fails the check: the cache is optional and a miss is only slower.
- ``/readyz``: the database only (a process that can serve pages, even with the worker
  down), for a proxy that should keep sending traffic while the queue is repaired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

#: a READY task older than this means the workers are not keeping up (or none runs)
STALLED_AFTER = timedelta(minutes=10)


@dataclass
class Health:
    ok: bool
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"status": "ok" if self.ok else "failing", "checks": self.checks}


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error: the database is not usable
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _queue() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    try:
        ready = DBTaskResult.objects.ready()
        depth = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    waited = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    stalled = waited > STALLED_AFTER.total_seconds()
    out: dict[str, Any] = {"ok": not stalled, "ready": depth, "oldest_ready_seconds": round(waited)}
    if stalled:
        out["error"] = "tasks are waiting and no worker takes them: start `aiatlas worker`"
    return out


def _cache() -> dict[str, Any] | None:
    """Whether the shared cache (Redis) keeps what it is given; None for the memory of each
    process. Always ``ok``: without its cache aiatlas is slower, not wrong."""
    import secrets

    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    cache = caches["default"]
    if isinstance(cache, LocMemCache):
        return None
    token = secrets.token_hex(8)
    key = f"health:{token}"
    cache.set(key, token, 10)
    answered = cache.get(key) == token
    cache.delete(key)
    out: dict[str, Any] = {"ok": True, "shared": True, "answers": answered}
    if not answered:
        out["warning"] = "the shared cache does not answer: pages are served without it"
    return out


def health(*, queue: bool = True) -> Health:
    checks = {"database": _database()}
    if queue and checks["database"]["ok"]:
        checks["queue"] = _queue()
    if queue and (shared := _cache()) is not None:
        checks["cache"] = shared
    return Health(ok=all(c["ok"] for c in checks.values()), checks=checks)


def shared_gauges() -> dict[str, dict[str, int]]:
    """The metrics every process reads from the database (see :mod:`aiatlas.ops.metrics`)."""
    from aiatlas.accounts.queries import outbox_counts
    from aiatlas.accounts.taskqueue import task_counts

    return {"tasks": task_counts(), "outbox": outbox_counts()}
