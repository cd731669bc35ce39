"""The query parameters of list pages (search words, filters, an edition's year), read
the same way on every page that filters a list."""

from __future__ import annotations

from django.db.models import Choices
from django.http import HttpRequest

#: the longest value a filter keeps
MAX_LENGTH = 200


def query_param(request: HttpRequest, name: str, options: type[Choices] | None = None) -> str:
    """The query parameter ``name`` trimmed (at most :data:`MAX_LENGTH` characters); with
    ``options``, empty unless it is one of their values."""
    value = request.GET.get(name, "").strip()[:MAX_LENGTH]
    if options is not None and value and value not in options.values:
        return ""
    return value


def four_digit_year(text: str) -> int | None:
    """The year a four-digit ``text`` names, else ``None``."""
    return int(text) if text.isdigit() and len(text) == 4 else None
