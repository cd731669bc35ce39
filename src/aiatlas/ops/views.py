"""``/healthz``, ``/readyz`` and ``/metrics``: outside the language prefix, no session, no
redirect, cheap enough to be called every few seconds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aiatlas.ops import metrics
from aiatlas.ops.health import health, shared_gauges
from aiatlas.ops.rules import can_read_metrics


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    result = health(queue=True)
    return JsonResponse(result.as_json(), status=200 if result.ok else 503)


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    result = health(queue=False)
    return JsonResponse(result.as_json(), status=200 if result.ok else 503)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not can_read_metrics(request):
        return HttpResponse(
            "metrics are served to loopback, or with the bearer token of AIATLAS_METRICS_TOKEN\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    text = metrics.render(shared_gauges())
    return HttpResponse(text, content_type="text/plain; version=0.0.4; charset=utf-8")
