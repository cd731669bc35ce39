"""Turn user text into Typst markup that can only ever typeset as that text.

``text()`` escapes every character that Typst markup could read as syntax (``#`` code,
``$`` maths, ``*``/``_`` emphasis, ``<label>``, ``@ref``, ``[ ]``, ``\\``, comments,
headings, lists, URLs …), ``string()`` makes a Typst string literal, and ``markdown()``
converts a small Markdown subset (paragraphs, emphasis, code, links, lists, quotes,
headings as bold lines) with every text run escaped.
"""

from __future__ import annotations

import functools
import re
from typing import Any

#: ASCII punctuation with a meaning somewhere in Typst markup; escaping any punctuation
#: character with a backslash is valid Typst and typesets that character
_SPECIAL = re.compile(r"""([\\#$*_<>@\[\]`~/=\-+'":.{}()|^&%!?;,])""")
#: control characters other than tab and newline have no business in a document
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_SPACE = re.compile(r"\s+")
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def text(value: object) -> str:
    """Escaped markup for plain text on one line (whitespace runs become one space)."""
    s = _CONTROL.sub("", str(value if value is not None else ""))
    s = _SPACE.sub(" ", s)
    return _SPECIAL.sub(r"\\\1", s)


def string(value: object) -> str:
    """A Typst string literal holding ``value`` exactly."""
    s = _CONTROL.sub("", str(value if value is not None else ""))
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{s}"'


def safe_url(url: str) -> str | None:
    u = (url or "").strip()
    return u if u.lower().startswith(SAFE_SCHEMES) else None


def link(url: str, label: str = "") -> str:
    """A link when the URL is http(s)/mailto, else the label or URL as plain text."""
    u = safe_url(url)
    shown = text(label or url)
    return f"#link({string(u)})[{shown}]" if u else shown


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def markdown(source: str) -> str:
    """Typst markup for a Markdown text; raw HTML stays visible as text."""
    if not source or not source.strip():
        return ""
    tokens = _parser().parse(_CONTROL.sub("", source))
    return _blocks(tokens, 0, len(tokens)).strip()


def _blocks(tokens: list[Any], start: int, end: int) -> str:
    out: list[str] = []
    i = start
    while i < end:
        tok = tokens[i]
        t = tok.type
        if t == "inline":
            out.append(_inline(tok.children or []))
        elif t == "paragraph_open":
            close = _close(tokens, i)
            out.append(_blocks(tokens, i + 1, close) + "\n\n")
            i = close
        elif t == "heading_open":
            close = _close(tokens, i)
            out.append("#strong[" + _blocks(tokens, i + 1, close) + "]\n\n")
            i = close
        elif t in ("bullet_list_open", "ordered_list_open"):
            close = _close(tokens, i)
            items = []
            j = i + 1
            while j < close:
                item_close = _close(tokens, j)
                body = _blocks(tokens, j + 1, item_close).strip()
                items.append("[" + body.replace("\n\n", " #parbreak() ") + "]")
                j = item_close + 1
            if t == "ordered_list_open":
                start_no = int(tok.attrGet("start") or 1)
                out.append(f"#enum(start: {start_no}, " + ", ".join(items) + ")\n\n")
            else:
                out.append("#list(" + ", ".join(items) + ")\n\n")
            i = close
        elif t == "blockquote_open":
            close = _close(tokens, i)
            out.append("#quote(block: true)[" + _blocks(tokens, i + 1, close).strip() + "]\n\n")
            i = close
        elif t in ("fence", "code_block"):
            out.append(f"#raw({string(tok.content.rstrip())}, block: true)\n\n")
        elif t == "hr":
            out.append("#line(length: 100%, stroke: 0.5pt + gray)\n\n")
        elif t == "html_block":
            out.append(text(tok.content) + "\n\n")
        i += 1
    return "".join(out)


def _close(tokens: list[Any], i: int) -> int:
    """Index of the token closing the one at ``i`` (same nesting level)."""
    level = tokens[i].level
    close_type = tokens[i].type.replace("_open", "_close")
    j = i + 1
    while not (tokens[j].type == close_type and tokens[j].level == level):
        j += 1
    return j


def _inline(children: list[Any]) -> str:
    out: list[str] = []
    stack: list[str] = []
    for tok in children:
        t = tok.type
        if t == "text" or t == "html_inline":
            out.append(text(tok.content))
        elif t == "softbreak":
            out.append(" ")
        elif t == "hardbreak":
            out.append(" \\ ")
        elif t == "code_inline":
            out.append(f"#raw({string(tok.content)})")
        elif t == "strong_open":
            out.append("#strong[")
        elif t == "em_open":
            out.append("#emph[")
        elif t in ("strong_close", "em_close"):
            out.append("]")
        elif t == "link_open":
            url = safe_url(str(tok.attrGet("href") or ""))
            stack.append("]" if url else "")
            out.append(f"#link({string(url)})[" if url else "")
        elif t == "link_close":
            out.append(stack.pop() if stack else "")
        elif t == "image":
            out.append(text(tok.content or ""))
    return "".join(out)
