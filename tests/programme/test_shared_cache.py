"""The optional shared cache (``cache_url = redis://…``): every process reads what one
rendered, and a Redis that is down only makes pages slower, never wrong or failing.

Runs against the Redis of the machine (127.0.0.1:6379, as in CI); skipped where none
answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.test import override_settings

from aiatlas.config import caches_for

REDIS = "redis://127.0.0.1:6379/3"
#: nothing listens on port 1: a Redis that is down
DOWN = "redis://127.0.0.1:1/0"


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def _shared(url: str, prefix: str) -> dict[str, Any]:
    config = caches_for(url)
    config["default"]["KEY_PREFIX"] = prefix
    return config


@pytest.fixture
def prefix() -> Any:
    """A key prefix of this test alone; its keys are deleted afterwards."""
    name = f"aiatlas-test-{uuid.uuid4().hex}"
    yield name
    if _redis_answers():
        import redis

        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{name}:*"):
            client.delete(key)


needs_redis = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


@needs_redis
def test_the_schedule_rendered_once_is_read_by_another_process(client, summit, prefix):
    import redis

    url = f"/en/programme/events/{summit.event.slug}/"
    with override_settings(CACHES=_shared(REDIS, prefix)):
        caches.close_all()
        first = client.get(url)
        assert first.status_code == 200
        keys = [k.decode() for k in redis.Redis.from_url(REDIS).scan_iter(f"{prefix}:*")]
        assert len(keys) == 1 and "programme-schedule:" in keys[0]
        assert client.get(url).status_code == 200
        assert len(list(redis.Redis.from_url(REDIS).scan_iter(f"{prefix}:*"))) == 1
        # another process with the same cache_url finds the rendered schedule there
        key = keys[0].split(":", 2)[2]
        env = {
            **os.environ,
            "AIATLAS_ENV": "test",
            "AIATLAS_CACHE_URL": REDIS,
            "DJANGO_SETTINGS_MODULE": "aiatlas.settings",
            "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
        }
        script = (
            "import django, json; django.setup(); from django.core.cache import caches;"
            f"c = caches['default']; c.key_prefix = {prefix!r};"
            f"print(json.dumps(sorted((c.get({key!r}) or {{}}).keys())))"
        )
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout.strip().splitlines()[-1]) == ["html", "languages"]
    caches.close_all()


@needs_redis
def test_a_change_is_seen_through_the_shared_cache_at_once(client, summit, prefix):
    """The cached schedule is keyed by what it was made from: a renamed session shows on
    the next request, in every process, without waiting for the cache to expire."""
    url = f"/en/programme/events/{summit.event.slug}/"
    session = next(iter(summit.sessions.values()))
    with override_settings(CACHES=_shared(REDIS, prefix)):
        caches.close_all()
        assert session.title in client.get(url).text
        session.title = "Renamed while cached"
        session.save()
        summit.release()
        assert "Renamed while cached" in client.get(url).text
    caches.close_all()


def test_a_redis_that_is_down_is_a_miss_not_an_error(client, summit, prefix):
    with override_settings(CACHES=_shared(DOWN, prefix)):
        caches.close_all()
        page = client.get(f"/en/programme/events/{summit.event.slug}/")
        assert page.status_code == 200
        assert next(iter(summit.sessions.values())).title in page.text
        health = client.get("/healthz")
        assert health.status_code == 200, health.text
        cache = health.json()["checks"]["cache"]
        assert cache["answers"] is False and "does not answer" in cache["warning"]
    caches.close_all()


@needs_redis
def test_health_says_the_shared_cache_answers(client, db, prefix):
    with override_settings(CACHES=_shared(REDIS, prefix)):
        caches.close_all()
        body = client.get("/healthz").json()
        assert body["checks"]["cache"] == {"ok": True, "shared": True, "answers": True}
    caches.close_all()
    # each process's memory: nothing to report
    assert "cache" not in client.get("/healthz").json()["checks"]
