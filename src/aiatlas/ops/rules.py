"""Who may read the operations endpoints."""

from __future__ import annotations

import hmac
import ipaddress

from django.http import HttpRequest

from aiatlas import config


def can_read_metrics(request: HttpRequest) -> bool:
    """Loopback may always (the scraper beside the process); others only with
    ``Authorization: Bearer <AIATLAS_METRICS_TOKEN>`` when that setting is set."""
    token = config.metrics_token()
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False
