"""Snippets: an excerpt of the description around the first match, rendered as the
activity page renders it (``common.markdown``: Markdown, then sanitised), with every word
the query matched — in any of its forms — in ``<mark>``.

The excerpt is cut from the Markdown source at word boundaries (a sentence before the match
when it is far in); the rendered HTML keeps only inline and list tags (no links, headings
or tables inside a result card) and is cleaned by nh3 once more after marking, so a
snippet is safe to show as HTML whatever the description holds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aiatlas.search.analysis import query_stems
from aiatlas.search.text import fold_word

SNIPPET_WORDS = 40
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&[#\w]+;)")
SNIPPET_TAGS = {"p", "br", "strong", "em", "code", "ul", "ol", "li", "mark"}


def matches(word: str, terms: set[str]) -> bool:
    """Whether a word of a text is one of the query's terms (any of its stems, or a prefix
    term ``xyz*``)."""
    if not terms:
        return False
    stems = _forms(word)
    if not stems.isdisjoint(terms):
        return True
    return any(
        t.endswith("*") and any(s.startswith(t[:-1]) for s in stems) for t in terms if "*" in t
    )


@lru_cache(maxsize=100_000)
def _forms(word: str) -> frozenset[str]:
    """A word as the terms may hold it: folded, and each of its stems (a page of snippets
    asks this of a few thousand words, mostly the same ones)."""
    lower = word.lower()
    return frozenset((fold_word(lower), *query_stems(lower)))


def snippet_source(title: str, description: str, terms: set[str]) -> str:
    """The description (also when only the title matches: the card already shows the
    title), else the title."""
    return description if description.strip() else title


def _excerpt(text: str, terms: set[str], size: int) -> str:
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return text[:300]
    first = next((i for i, t in enumerate(tokens) if matches(t.group(), terms)), 0)
    start = 0
    if first > size // 3:  # start at the sentence (or line) holding the match
        cut = max(
            text.rfind(". ", 0, tokens[first].start()), text.rfind("\n", 0, tokens[first].start())
        )
        start = cut + 1 if cut >= 0 else tokens[max(0, first - size // 3)].start()
        if first - sum(1 for t in tokens if t.start() < start) > size // 2:
            start = tokens[first - size // 3].start()
    inside = [t for t in tokens if t.start() >= start]
    end = inside[size - 1].end() if len(inside) > size else len(text)
    body = text[start:end].strip()
    if body.count("**") % 2:  # an emphasis cut in half
        body = body[::-1].replace("**", "", 1)[::-1]
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")


def _mark(html: str, terms: set[str]) -> str:
    out = []
    for part in _TAG_OR_ENTITY.split(html):
        if not part or part.startswith("<") or part.startswith("&"):
            out.append(part)
            continue
        out.append(
            _TOKEN.sub(
                lambda m: f"<mark>{m.group()}</mark>" if matches(m.group(), terms) else m.group(),
                part,
            )
        )
    return "".join(out)


def snippet(text: str, terms: set[str], size: int = SNIPPET_WORDS) -> str:
    """Safe HTML: the excerpt of ``text`` rendered from Markdown, matches in <mark>."""
    import nh3

    from aiatlas.common.markdown import render_markdown

    rendered = str(render_markdown(_excerpt(text, terms, size)))
    reduced = nh3.clean(rendered, tags=SNIPPET_TAGS, attributes={})
    return nh3.clean(_mark(reduced, terms), tags=SNIPPET_TAGS, attributes={}).strip()
