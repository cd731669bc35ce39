"""Request ids, one log line per request and the request metrics.

Every request gets an id: the ``X-Request-ID`` the reverse proxy sent when it is a plain
token (letters, digits, ``-``/``_``, 8–64 characters), otherwise a new random one. The id
is answered in ``X-Request-ID``, put on every log line written while the request is served
(:class:`aiatlas.common.logging.RequestId`), and logged with the method, the route, the
status and the duration on the ``aiatlas.request`` logger. The route is the URL pattern's
name (``web:activity``), never the path, so metrics do not grow with each URL and no
query string (which may hold a token) reaches the log.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from aiatlas.common.logging import request_id
from aiatlas.ops import metrics

logger = logging.getLogger("aiatlas.request")
_VALID_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
#: requests not worth a log line each (the probes and the scraper call them every few seconds)
QUIET_ROUTES = {"ops:healthz", "ops:readyz", "ops:metrics"}


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "static" if request.path.startswith("/static/") else "unmatched"
    return match.view_name or "unnamed"


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _VALID_ID.fullmatch(given) else secrets.token_hex(8)
        # set, and left set after the response: Django logs a 4xx/5xx after the middleware
        # chain has returned, and that line should carry the id too; the next request on
        # this thread sets its own
        request_id.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        route = _route(request)
        metrics.observe(request.method or "GET", route, response.status_code, elapsed)
        response["X-Request-ID"] = rid
        if route not in QUIET_ROUTES:
            logger.info(
                "%s %s %s",
                request.method,
                route,
                response.status_code,
                extra={
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
        return response
