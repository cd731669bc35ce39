"""The production web server behind ``aiatlas serve`` (waitress; never ``runserver``)."""

from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
THREADS = 8
#: what waitress takes from the trusted proxy (AIATLAS_TRUSTED_PROXY): the client's address
#: and whether it came over https; from any other peer these headers are dropped
PROXY_HEADERS = "x-forwarded-for x-forwarded-proto"


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the aiatlas WSGI application until interrupted (Django must be set up)."""
    import waitress

    from aiatlas.config import trusted_proxy
    from aiatlas.wsgi import application

    proxy = trusted_proxy()
    behind = {"trusted_proxy": proxy, "trusted_proxy_headers": PROXY_HEADERS} if proxy else {}
    waitress.serve(application, host=host, port=port, threads=THREADS, ident="aiatlas", **behind)
