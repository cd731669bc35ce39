"""The production web server behind ``aiatlas serve`` (waitress; never ``runserver``)."""

from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
THREADS = 8


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the aiatlas WSGI application until interrupted (Django must be set up)."""
    import waitress

    from aiatlas.wsgi import application

    waitress.serve(application, host=host, port=port, threads=THREADS, ident="aiatlas")
