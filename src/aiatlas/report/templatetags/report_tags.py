"""Template helpers of the web report."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from aiatlas.common.rules import allowed

register = template.Library()


@register.filter
def figure_value(fig: Any) -> str:
    """A figure's value as the page's language writes numbers ("1 234", "25 %")."""
    from django.utils.translation import get_language

    from aiatlas.report.figures import display_in

    return display_in(fig, get_language())


@register.filter
def report_markdown(text: str) -> SafeString:
    """Markdown rendered and sanitised by the site's one Markdown renderer."""
    from aiatlas.common.markdown import render_markdown

    return render_markdown(text)


@register.simple_tag
def safe_link(url: str, label: str = "") -> SafeString:
    """A link for http(s) URLs; anything else is shown as text."""
    shown = label or url
    if str(url).lower().startswith(("http://", "https://")):
        return format_html('<a href="{}" rel="noopener noreferrer nofollow">{}</a>', url, shown)
    return format_html("{}", shown)


@register.inclusion_tag("report/_edition_outputs.html", takes_context=True)
def edition_outputs(context: Any, edition: Any) -> dict[str, Any]:
    """The report, its PDF and annex, the build state, the licence and the open-data
    package of a published edition (nothing for an open one)."""
    from aiatlas.report.pages import edition_outputs as outputs

    request = context.get("request")
    staff = allowed(getattr(request, "user", None), "report.view_builds")
    return outputs(edition, staff=staff)
