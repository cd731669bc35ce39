"""Clean incoming text before classification: strip HTML, refuse binary, truncate long input."""

from __future__ import annotations

import html
import re
import unicodedata

#: characters kept for classification; a title and description rarely exceed a few thousand
MAX_CHARS = 20_000

_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[a-zA-Z/!][^<>]{0,2000}>")
_SPACE = re.compile(r"\s+")


class BadText(ValueError):
    """A text that cannot be classified (empty, binary)."""


def clean(text: str | bytes) -> tuple[str, list[str]]:
    """Normalised text and notes on what was done (``html stripped``, ``truncated``).

    Raises :class:`BadText` for empty or binary input.
    """
    notes: list[str] = []
    if isinstance(text, bytes):
        if b"\x00" in text[:MAX_CHARS]:
            raise BadText("the text looks like binary data (it contains NUL bytes)")
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        raise BadText(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_CHARS * 4:
        text = text[: MAX_CHARS * 4]
        notes.append("truncated")
    sample = text[:MAX_CHARS]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r"))
    if sample and (bad / len(sample) > 0.05 or "\x00" in sample):
        raise BadText("the text looks like binary data (control characters or invalid bytes)")
    if "<" in text and _TAG.search(text):
        text = _TAG.sub(" ", _SCRIPT_STYLE.sub(" ", text))
        notes.append("html stripped")
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub(" ", text).strip()
    if len(text) > MAX_CHARS:
        cut = text.rfind(" ", 0, MAX_CHARS)
        text = text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
        if "truncated" not in notes:
            notes.append("truncated")
    if not text:
        raise BadText("the text is empty")
    if not any(ch.isalpha() for ch in text):
        raise BadText("the text has no words")
    return text, notes
