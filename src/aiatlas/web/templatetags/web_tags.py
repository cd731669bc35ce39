"""Template helpers of the public pages: language links, SDG badge colours, Markdown."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def language_links(request: HttpRequest) -> list[dict[str, Any]]:
    """One link per language to the same page (same path and query, other prefix)."""
    from django.utils.translation import get_language

    current = get_language()
    full = request.get_full_path()
    return [
        {"code": code, "name": name, "url": translate_url(full, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag
def demo_database() -> bool:
    from aiatlas.catalog.services.demo import is_demo_database

    return is_demo_database()


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else float(((s + 0.055) / 1.055) ** 2.4)

    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@register.filter
def text_on(hex_colour: str) -> str:
    """Black or white, whichever contrasts more with ``hex_colour`` (always >= 4.5:1)."""
    try:
        lum = _luminance(hex_colour)
    except (ValueError, IndexError):
        return "#000000"
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#000000"


@register.filter
def has_letters(value: Any) -> bool:
    """Whether ``value`` holds a letter, so that ``dir="auto"`` may take its direction from
    it; a number or a dash alone keeps the page's direction (and side)."""
    return any(ch.isalpha() for ch in str(value or ""))


@register.filter
def markdown(text: str) -> SafeString:
    from aiatlas.common.markdown import render_markdown

    return render_markdown(text)


def _sdg_number(number: Any) -> str:
    """ "SDG 13" in the page's language ("ODD 13")."""
    return _("SDG %(n)s") % {"n": number}


@register.filter
def isolate(value: Any) -> SafeString:
    """``value`` (a code such as 3.b, a number, an e-mail address, a URL, a Latin name) in
    a ``<bdi>``, so that a right-to-left page neither reorders it ("b.3") nor moves the
    punctuation around it."""
    if value is None or value == "":
        return SafeString("")
    return format_html("<bdi>{}</bdi>", value)


@register.simple_tag
def goal_badge(goal: Any, confirmed: bool = True) -> SafeString:
    """A linked SDG badge in the goal's official colour (text colour chosen for contrast);
    one tag instead of an included template, as search pages show dozens of them. A tag
    that only the classifier suggested (``confirmed`` false) is drawn as a dashed outline
    and says "suggested". Colours come from web/sdg.css: the CSP allows no inline style."""
    if not confirmed:
        return format_html(
            '<a class="sdg-badge sdg-badge-suggested sdg-border-{}" href="{}" title="{}">'
            '<span class="sdg-num">{}</span> {} <span class="suggested-note">{}</span></a>',
            int(goal.number),
            reverse("web:goal-detail", args=[goal.number]),
            _("Suggested by the classifier; not confirmed by a person"),
            goal.label(),
            goal.short_title(),
            _("suggested"),
        )
    return format_html(
        '<a class="sdg-badge sdg-{}" href="{}"><span class="sdg-num">{}</span> {}</a>',
        int(goal.number),
        reverse("web:goal-detail", args=[goal.number]),
        goal.label(),
        goal.short_title(),
    )
