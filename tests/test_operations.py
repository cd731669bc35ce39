"""Operations endpoints and plumbing: /healthz, /readyz, /metrics, request ids, JSON log
lines, ``serve --processes/--workers`` and the proxy handling of the gunicorn path."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from aiatlas.common.logging import JsonLines, RequestId, request_id
from aiatlas.ops import metrics

pytestmark = pytest.mark.django_db


def test_healthz_checks_database_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["queue"]["ready"] == 0
    assert "no-store" in response["Cache-Control"]


def test_healthz_fails_when_tasks_wait_with_no_worker(client):
    from django_tasks_db.models import DBTaskResult

    from tests.web.worker_tasks import leave_a_mark

    result = leave_a_mark.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=30)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert not queue["ok"] and "aiatlas worker" in queue["error"] and queue["ready"] == 1
    assert client.get("/readyz").status_code == 200  # the pages still work


def test_health_endpoints_take_get_only(client):
    assert client.post("/healthz").status_code == 405


def test_metrics_from_loopback_count_requests_and_read_shared_gauges(client):
    metrics.reset()
    client.get("/en/about/")
    client.get("/en/about/")
    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'route="web:about",status="2xx"} 2' in text
    assert "aiatlas_http_request_duration_seconds_count{process=" in text
    assert 'aiatlas_tasks{state="READY"} 0' in text
    assert 'aiatlas_outbox_messages{status="queued"} 0' in text
    # the route is the pattern's name, never a path or a query string
    client.get("/en/activities/nope-123/?token=secret")
    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert "secret" not in text and "nope-123" not in text


def test_metrics_refuse_other_addresses_without_the_token(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    settings.AIATLAS_METRICS_TOKEN = "s3cret-scrape-token"
    refused = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong")
    assert refused.status_code == 403
    ok = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token"
    )
    assert ok.status_code == 200 and ok["Content-Type"].startswith("text/plain; version=0.0.4")


def test_request_id_is_kept_when_plain_and_replaced_when_not(client):
    kept = client.get("/en/about/", HTTP_X_REQUEST_ID="proxy-id-12345678")
    assert kept["X-Request-ID"] == "proxy-id-12345678"
    replaced = client.get("/en/about/", HTTP_X_REQUEST_ID="bad id\r\nInjected: 1")
    assert replaced["X-Request-ID"] != "bad id\r\nInjected: 1"
    assert len(replaced["X-Request-ID"]) == 16


def test_each_request_is_one_log_line_with_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="aiatlas.request")
    client.get("/en/about/", HTTP_X_REQUEST_ID="trace-me-00000001")
    client.get("/healthz")  # probes are not logged
    lines = [r for r in caplog.records if r.name == "aiatlas.request"]
    assert len(lines) == 1
    line = lines[0]
    assert (line.method, line.route, line.status) == ("GET", "web:about", 200)
    RequestId().filter(line)
    payload = json.loads(JsonLines().format(line))
    assert payload["route"] == "web:about" and payload["status"] == 200
    # the middleware's own measure, written as it was taken: milliseconds, one decimal
    assert payload["level"] == "INFO" and payload["duration_ms"] == line.duration_ms
    assert isinstance(line.duration_ms, float) and round(line.duration_ms, 1) == line.duration_ms


def test_json_lines_carry_the_request_id_and_the_traceback():
    token = request_id.set("abc123abc123")
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            record = logging.getLogger("x").makeRecord(
                "x", logging.ERROR, __file__, 1, "failed %s", ("job",), exc_info=True
            )
            import sys

            record.exc_info = sys.exc_info()
        RequestId().filter(record)
        payload = json.loads(JsonLines().format(record))
    finally:
        request_id.reset(token)
    assert payload["message"] == "failed job" and payload["request_id"] == "abc123abc123"
    assert "RuntimeError: boom" in payload["traceback"]


def test_log_format_setting_is_checked():
    from aiatlas.config import ConfigError, load_config

    assert load_config({"AIATLAS_ENV": "test"}).log_format == "text"
    assert load_config({"AIATLAS_ENV": "test", "AIATLAS_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ConfigError, match="AIATLAS_LOG_FORMAT must be json or text"):
        load_config({"AIATLAS_ENV": "test", "AIATLAS_LOG_FORMAT": "xml"})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--processes", "0"], "--processes must be 1 or more"),
        (["--workers", "-1"], "--workers must be 0 or more"),
    ],
)
def test_serve_bad_process_counts_are_clear_errors(cli, args, message):
    code, _out, err = cli("serve", *args)
    assert code != 0 and message in err


def test_serve_processes_runs_gunicorn_with_the_options(cli, monkeypatch):
    from aiatlas.web import server

    calls = []
    monkeypatch.setattr(server, "_serve_gunicorn", lambda *a: calls.append(a))
    code, out, _ = cli("serve", "--processes", "3", "--no-worker", "--port", "8123")
    assert code == 0 and calls == [("127.0.0.1", 8123, 3)]
    assert "gunicorn, 3 processes" in out
    options = server.gunicorn_options("::1", 8123, 3)
    assert options["bind"] == "[::1]:8123" and options["workers"] == 3
    assert options["worker_class"] == "gthread" and options["preload_app"]


def test_behind_proxy_trusts_only_the_proxy():
    from aiatlas.web.server import behind_proxy

    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return []

    wrapped = behind_proxy(app, "10.0.0.5")
    forwarded = {
        "HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.0.0.9",
        "HTTP_X_FORWARDED_PROTO": "https",
    }
    wrapped({"REMOTE_ADDR": "10.0.0.5", "wsgi.url_scheme": "http", **forwarded}, None)
    assert seen["REMOTE_ADDR"] == "10.0.0.9" and seen["wsgi.url_scheme"] == "https"
    seen.clear()
    wrapped({"REMOTE_ADDR": "203.0.113.1", "wsgi.url_scheme": "http", **forwarded}, None)
    assert seen["REMOTE_ADDR"] == "203.0.113.1" and seen["wsgi.url_scheme"] == "http"
    assert "HTTP_X_FORWARDED_FOR" not in seen
