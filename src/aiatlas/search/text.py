"""Words, the same on both databases: Unicode-normalised, accents removed, lower case.

Documents are stored as these words joined by spaces, and queries are built from the same
words, so SQLite's FTS5 and PostgreSQL's 'simple' text search see identical tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
MAX_TERMS = 32


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """``fold`` of one word, remembered (snippets fold every word they show)."""
    return fold(word)


def fold(text: str) -> str:
    if text.isascii():  # the common case: NFKD changes nothing, casefold is lower
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    # test each distinct character once, not every character of a long description
    marks = [c for c in set(decomposed) if unicodedata.combining(c)]
    if marks:
        decomposed = decomposed.translate(dict.fromkeys(map(ord, marks)))
    return decomposed.casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class TextQuery:
    """Terms that must all occur: single words, and phrases (words in this order)."""

    terms: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def all_words(self) -> set[str]:
        return {w for term in self.terms for w in term}


def parse_query(q: str) -> TextQuery:
    """User text -> terms. Quotes make phrases; every other character that is not part of a
    word (operators, brackets, stars) is ignored, so no query syntax reaches the database."""
    terms: list[tuple[str, ...]] = []
    rest = q
    if q.count('"') % 2:  # an unbalanced quote: treat quotes as plain punctuation
        rest = q.replace('"', " ")
    else:
        for phrase in _PHRASE.findall(q):
            found = tuple(words(phrase))
            if found:
                terms.append(found)
        rest = _PHRASE.sub(" ", q)
    terms.extend((w,) for w in words(rest))
    unique: list[tuple[str, ...]] = []
    for term in terms:
        if term not in unique:
            unique.append(term)
    return TextQuery(tuple(unique[:MAX_TERMS]))


def fts5_match(query: TextQuery) -> str:
    """An FTS5 MATCH expression: every term quoted (words are \\w+, so no quote inside)."""
    return " AND ".join('"' + " ".join(term) + '"' for term in query.terms)


def tsquery(query: TextQuery) -> str:
    """A to_tsquery('simple', …) expression: words ANDed, phrases with <->."""
    parts = []
    for term in query.terms:
        quoted = ["'" + w + "'" for w in term]
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")")
    return " & ".join(parts)
