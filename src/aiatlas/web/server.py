"""The production web server behind ``aiatlas serve`` (never ``runserver``).

- One process (the default, and the only choice on Windows): waitress with
  :data:`THREADS` threads.
- ``--processes N`` (N > 1, POSIX): gunicorn's pre-forking arbiter with N processes of
  :data:`THREADS` threads each (``gthread`` workers). The application is loaded once in the
  arbiter, database connections are closed before each fork, and a process that dies is
  replaced. Everything the processes share lives in the database (sessions, sign-in
  lockouts, the task queue, the search index's version), so a change made through one
  process is seen by the others on their next request.
"""

from __future__ import annotations

import os
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
THREADS = 8
#: what waitress takes from the trusted proxy (AIATLAS_TRUSTED_PROXY): the client's address
#: and whether it came over https; from any other peer these headers are dropped
PROXY_HEADERS = "x-forwarded-for x-forwarded-proto"


class ServerError(Exception):
    """The server cannot run as asked (the message says why)."""


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, processes: int = 1) -> None:
    """Serve the aiatlas WSGI application until interrupted (Django must be set up)."""
    if processes < 1:
        raise ServerError(f"--processes must be 1 or more, not {processes}")
    if processes > 1:
        if os.name == "nt":
            raise ServerError("--processes needs a POSIX system (gunicorn); on Windows run one")
        _serve_gunicorn(host, port, processes)
        return
    import waitress

    from aiatlas.config import trusted_proxy
    from aiatlas.wsgi import application

    proxy = trusted_proxy()
    behind = {"trusted_proxy": proxy, "trusted_proxy_headers": PROXY_HEADERS} if proxy else {}
    waitress.serve(application, host=host, port=port, threads=THREADS, ident="aiatlas", **behind)


def gunicorn_options(host: str, port: int, processes: int) -> dict[str, Any]:
    """gunicorn's settings for ``serve --processes N`` (also shown by docs/operations.md)."""
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": processes,
        "worker_class": "gthread",
        "threads": THREADS,
        "preload_app": True,
        # forwarded headers are read by behind_proxy(), not by gunicorn
        "forwarded_allow_ips": "",
        "proxy_allow_ips": "",
        "secure_scheme_headers": {},
        "accesslog": None,  # aiatlas.ops.middleware writes one line per request
        "errorlog": "-",
        "loglevel": "warning",
        "graceful_timeout": 20,
        "timeout": 120,
        "proc_name": "aiatlas",
        "control_socket_disable": True,
    }


def behind_proxy(app: Any, proxy: str) -> Any:
    """What waitress does with ``trusted_proxy``, for gunicorn: a request whose peer is the
    trusted proxy takes the client's address from the last ``X-Forwarded-For`` hop and the
    scheme from ``X-Forwarded-Proto``; from any other peer both headers are removed."""

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        forwarded_for = environ.pop("HTTP_X_FORWARDED_FOR", "")
        forwarded_proto = environ.pop("HTTP_X_FORWARDED_PROTO", "")
        if proxy and (proxy == "*" or environ.get("REMOTE_ADDR") == proxy):
            client = forwarded_for.rsplit(",", 1)[-1].strip()
            if client:
                environ["REMOTE_ADDR"] = client
            if forwarded_proto.strip().lower() in {"http", "https"}:
                environ["wsgi.url_scheme"] = forwarded_proto.strip().lower()
        return app(environ, start_response)

    return wrapped


def _serve_gunicorn(host: str, port: int, processes: int) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from aiatlas.config import trusted_proxy
    from aiatlas.wsgi import application

    options = gunicorn_options(host, port, processes)

    class Arbiter(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            known = self.cfg.settings
            for key, value in options.items():
                if key in known:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return behind_proxy(application, trusted_proxy())

    def post_fork(server: Any, worker: Any) -> None:
        connections.close_all()  # never share the arbiter's connections with a child

    connections.close_all()
    app = Arbiter()
    app.cfg.set("post_fork", post_fork)
    app.run()
