"""Activity descriptions: Markdown rendered with markdown-it-py, then sanitised by nh3."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
LINK_REL = "noopener noreferrer nofollow"


@cache
def _parser() -> Any:
    """One parser for the process: building one costs more than rendering a snippet, and
    parsing and rendering keep their state per call (safe across threads)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> SafeString:
    """Safe HTML for ``text``: raw HTML in the source is escaped by markdown-it (html off)
    and the result is cleaned again by nh3, so only the tags above survive. Headings are
    moved down to start at h3, below the page's own h1 and h2."""
    import nh3

    md = _parser()
    tokens = md.parse(text or "")
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            tok.tag = f"h{min(int(tok.tag[1]) + 2, 6)}"
    html = md.renderer.render(tokens, md.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"},
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
