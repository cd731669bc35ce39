"""Absolute links: every link that leaves the site (e-mails, PDFs, feeds, citations, open
data) is built here, from the configured public site URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def site_url(request: Any = None) -> str:
    """The public address of the site, without a trailing slash: ``settings.SITE_URL``;
    without one (development only: production refuses to start) the request's host."""
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if base:
        return base
    if request is not None:
        return str(request.build_absolute_uri("/")).rstrip("/")
    return "http://127.0.0.1:8000"


def absolute_url(path: str, request: Any = None) -> str:
    """``path`` (``/en/editions/2024/``) as an absolute URL on the public site; a URL that
    is absolute already is returned unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url(request) + ("" if path.startswith("/") else "/") + path
