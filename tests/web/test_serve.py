"""``aiatlas serve`` runs waitress (never runserver) on the given address."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest


def test_serve_defaults_to_localhost_8000(
    cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import waitress

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append({"app": app, **kw}))
    code, out, _ = cli("serve", "--no-worker")
    assert code == 0
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
    assert calls[0]["threads"] == 8
    assert callable(calls[0]["app"])
    assert "http://127.0.0.1:8000/" in out


def test_serve_host_and_port_options(
    cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import waitress

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append(kw))
    code, _, _ = cli("serve", "--host", "0.0.0.0", "--port", "8123", "--no-worker")
    assert code == 0
    assert (calls[0]["host"], calls[0]["port"]) == ("0.0.0.0", 8123)


def test_serve_port_taken_is_a_clear_error(cli: Callable[..., tuple[int, str, str]]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = cli("serve", "--port", str(port), "--no-worker")
    assert code != 0
    assert f"cannot listen on 127.0.0.1:{port}" in err


@pytest.mark.django_db(transaction=True)
def test_serve_function_answers_http() -> None:
    """The function the demo command calls really serves pages (static files included)."""
    from aiatlas.web.server import serve

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    thread = threading.Thread(target=serve, args=("127.0.0.1", port), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            with urllib.request.urlopen(f"{base}/static/web/vendor/htmx.min.js") as r:
                assert r.status == 200
                break
        except OSError:
            time.sleep(0.1)
    else:
        pytest.fail("waitress did not answer")
    with urllib.request.urlopen(f"{base}/en/about/") as r:
        assert r.status == 200
        assert b"Aurora Universities Network" in r.read()
