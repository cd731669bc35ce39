"""Metrics in the Prometheus text format (version 0.0.4), for ``GET /metrics``.

Two kinds of numbers:

- **Per process**, counted in memory by the request middleware: requests by method, route
  and status class, and a latency histogram. Each web process answers with its own counts
  and labels them with its ``process`` id, so a scraper that reaches several processes
  behind one port (``serve --processes N``) sums them; counters restart at zero with the
  process, as Prometheus expects of counters.
- **Shared**, read from the database on each scrape, so every process gives the same
  answer: tasks by state (the queue depth is ``state="READY"``), failed tasks, and the
  outbox by status (its backlog is ``status="queued"``).

No third-party client is needed for this much; the format is small and documented at
https://prometheus.io/docs/instrumenting/exposition_formats/.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left
from collections import Counter

#: latency buckets in seconds (upper bounds; +Inf is implied)
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

_lock = threading.Lock()
_requests: Counter[tuple[str, str, str]] = Counter()
_latency_counts: Counter[tuple[str, int]] = Counter()  # (route, bucket index)
_latency_sum: Counter[str] = Counter()
_latency_n: Counter[str] = Counter()


def observe(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request (called by the middleware)."""
    status_class = f"{status // 100}xx"
    with _lock:
        _requests[(method, route, status_class)] += 1
        _latency_counts[(route, bisect_left(BUCKETS, seconds))] += 1
        _latency_sum[route] += seconds
        _latency_n[route] += 1


def reset() -> None:
    """Forget the in-process counts (tests)."""
    with _lock:
        _requests.clear()
        _latency_counts.clear()
        _latency_sum.clear()
        _latency_n.clear()


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**pairs: str) -> str:
    return "{" + ",".join(f'{k}="{_label(str(v))}"' for k, v in pairs.items()) + "}"


def render(shared: dict[str, dict[str, int]]) -> str:
    """The exposition text: this process's request metrics, then the shared gauges
    (``shared`` maps a family name to {label value: number}, see :func:`shared_gauges`)."""
    pid = str(os.getpid())
    lines = [
        "# HELP aiatlas_http_requests_total Requests answered by this web process.",
        "# TYPE aiatlas_http_requests_total counter",
    ]
    with _lock:
        requests = sorted(_requests.items())
        counts = dict(_latency_counts)
        sums, ns = dict(_latency_sum), dict(_latency_n)
    for (method, route, status_class), n in requests:
        labels = _labels(process=pid, method=method, route=route, status=status_class)
        lines.append(f"aiatlas_http_requests_total{labels} {n}")
    lines += [
        "# HELP aiatlas_http_request_duration_seconds Time to answer a request, per route.",
        "# TYPE aiatlas_http_request_duration_seconds histogram",
    ]
    for route in sorted(ns):
        running = 0
        for i, bound in enumerate(BUCKETS):
            running += counts.get((route, i), 0)
            labels = _labels(process=pid, route=route, le=repr(bound))
            lines.append(f"aiatlas_http_request_duration_seconds_bucket{labels} {running}")
        labels = _labels(process=pid, route=route, le="+Inf")
        lines.append(f"aiatlas_http_request_duration_seconds_bucket{labels} {ns[route]}")
        base = _labels(process=pid, route=route)
        lines.append(f"aiatlas_http_request_duration_seconds_sum{base} {sums[route]:.6f}")
        lines.append(f"aiatlas_http_request_duration_seconds_count{base} {ns[route]}")
    described = {
        "tasks": ("aiatlas_tasks", "state", "Background tasks by state (READY is the queue)."),
        "outbox": ("aiatlas_outbox_messages", "status", "E-mails by status (queued: backlog)."),
    }
    for key, (family, label, text) in described.items():
        lines += [f"# HELP {family} {text}", f"# TYPE {family} gauge"]
        for value, n in sorted(shared.get(key, {}).items()):
            lines.append(f"{family}{_labels(**{label: value})} {n}")
    return "\n".join(lines) + "\n"
