"""Thin views: parse the request, call one function of ``web.pages``, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from aiatlas.classify.queries import activity_panel
from aiatlas.common.links import site_url
from aiatlas.search.params import InvalidSearch
from aiatlas.web import pages

#: the element of the list page that htmx swaps (its id in the template)
RESULTS_REGION = "search-region"


def _language() -> str:
    return get_language() or "en"


def _context_or_404(build: Callable[[], dict[str, Any]], missing: str) -> dict[str, Any]:
    """The page's context, or a 404 saying ``missing`` when the page has no such thing."""
    try:
        return build()
    except pages.NotFound as exc:
        raise Http404(missing) from exc


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", pages.home(_language()))


@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    try:
        context = pages.activity_list(request.GET, _language())
    except InvalidSearch as exc:
        return render(request, "web/bad_request.html", {"message": str(exc)}, status=400)
    htmx = getattr(request, "htmx", None)
    partial = (
        htmx is not None
        and bool(htmx)
        and htmx.target == RESULTS_REGION
        and not htmx.history_restore_request
    )
    template = "web/_search_region.html" if partial else "web/activity_list.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def _year(request: HttpRequest) -> int | None:
    """The ``edition`` query parameter as a year; a bad value is a 404 (no such page)."""
    raw = request.GET.get("edition", "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise Http404("no such edition")
    return int(raw)


@require_safe
def activity_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    context = _context_or_404(
        lambda: pages.activity(public_id, user=request.user), "no such activity"
    )
    context.update(activity_panel(context["activity"], request.user))
    return render(request, "web/activity_detail.html", context)


@require_safe
def activity_published(request: HttpRequest, public_id: str, year: int) -> HttpResponse:
    context = _context_or_404(
        lambda: pages.activity_as_published(public_id, year, _language()),
        "no such activity in this edition",
    )
    return render(request, "web/activity_published.html", context)


@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/organization_list.html", pages.organizations())


@require_safe
def organization_detail(request: HttpRequest, ref: str) -> HttpResponse:
    year = _year(request)
    context = _context_or_404(
        lambda: pages.organization(ref, _language(), year=year), "no such organization"
    )
    return render(request, "web/organization_detail.html", context)


@require_safe
def goal_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/goal_list.html", pages.goals())


@require_safe
def goal_detail(request: HttpRequest, number: int) -> HttpResponse:
    year = _year(request)
    context = _context_or_404(lambda: pages.goal(number, _language(), year=year), "no such SDG")
    return render(request, "web/goal_detail.html", context)


@require_safe
def edition_detail(request: HttpRequest, year: int) -> HttpResponse:
    context = _context_or_404(lambda: pages.edition(year, _language()), "no such edition")
    return render(request, "web/edition_detail.html", context)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html", {"edition": pages.latest_edition()})


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public page a search engine may list (embargoed activities never)."""
    context = pages.sitemap(site_url(request))
    return render(request, "web/sitemap.xml", context, content_type="application/xml")
