"""The search box of a list page: the rows that hold every word the visitor typed, each
word in one field or another."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

#: the words of a search that count; the rest are left out
MAX_WORDS = 10


def words(q: str) -> list[str]:
    """The words of ``q`` that count (the first :data:`MAX_WORDS`)."""
    return q.split()[:MAX_WORDS]


def every_word(q: str, lookups: Sequence[str]) -> Q:
    """Rows in which each word of ``q`` matches one of ``lookups`` (such as
    ``"title__icontains"``); no words: every row."""
    found = Q()
    for word in words(q):
        either = Q()
        for lookup in lookups:
            either |= Q(**{lookup: word})
        found &= either
    return found
