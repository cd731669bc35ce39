"""Absolute links for e-mails, PDFs and the command line, built from ``settings.SITE_URL``
(the public address of the web app), never from a request or a loopback default."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """``SITE_URL`` + ``path``: ``absolute_url("/en/submissions/3/")`` is
    ``https://atlas.example.org/en/submissions/3/``. A full URL is returned unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}/{path.lstrip('/')}"
