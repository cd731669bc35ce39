"""Absolute links for e-mails, PDFs and the command line, built from the configured public
site URL (``AIATLAS_SITE_URL``), never from a request or a loopback default."""

from __future__ import annotations

from aiatlas import config


def absolute_url(path: str) -> str:
    """Site URL + ``path``: ``absolute_url("/en/submissions/3/")`` is
    ``https://atlas.example.org/en/submissions/3/``. A full URL is returned unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{config.site_url()}/{path.lstrip('/')}"
