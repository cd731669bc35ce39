"""Facet values as the database stores them (the facet engine's URL values -> keys)."""

from __future__ import annotations

from typing import Any


def _ints(values: tuple[str, ...]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 7]


def resolved_values(name: str, values: tuple[str, ...]) -> list[Any]:
    """The database keys a facet's URL values stand for (unknown values drop out)."""
    if name == "goal":
        return _ints(values)
    if name == "edition":
        from aiatlas.catalog.models import Edition

        return list(Edition.objects.filter(year__in=_ints(values)).values_list("pk", flat=True))
    if name == "country":
        return [v.upper() for v in values]
    if name == "target":
        return [v.lower() for v in values]
    return list(values)
