"""Absolute links: every link that leaves the site (e-mails, PDFs, feeds, citations, open
data) is built here, from the configured public site URL (``AIATLAS_SITE_URL``).

Production refuses to start without one; in development an empty site URL falls back to
the request's host when a request is at hand."""

from __future__ import annotations

from typing import Any

from aiatlas import config


def site_url(request: Any = None) -> str:
    """The public address of the site, without a trailing slash."""
    base = config.site_url()
    if base:
        return base
    if request is not None:
        return str(request.build_absolute_uri("/")).rstrip("/")
    return "http://127.0.0.1:8000"


def absolute_url(path: str, request: Any = None) -> str:
    """``path`` (``/en/editions/2024/``) as an absolute URL on the public site:
    ``https://atlas.example.org/en/editions/2024/``. A full URL is returned unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url(request) + ("" if path.startswith("/") else "/") + path
