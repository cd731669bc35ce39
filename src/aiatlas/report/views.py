"""Thin views of the web report: parse, call one function, render."""

from __future__ import annotations

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST, require_safe

from aiatlas.common.rules import allowed, permission_required
from aiatlas.report import pages
from aiatlas.report.exceptions import ReportError, UnknownFigure, UnknownLanguage
from aiatlas.report.services import open_built, request_build


def _language() -> str:
    return get_language() or "en"


def _allowed(request: HttpRequest, perm: str) -> bool:
    return allowed(getattr(request, "user", None), perm)


@require_safe
def report(request: HttpRequest, year: int) -> HttpResponse:
    try:
        context = pages.report_page(year, _language(), can_build=_allowed(request, "report.build"))
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    return render(request, "report/report.html", context)


@require_safe
def figure(request: HttpRequest, year: int, figure_id: str) -> HttpResponse:
    try:
        context = pages.figure_page(year, figure_id, _language())
    except UnknownFigure as exc:
        raise Http404(str(exc)) from exc
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    return render(request, "report/figure.html", context)


@require_POST
@permission_required("report.build")
def build(request: HttpRequest, year: int) -> HttpResponse:
    try:
        language = request.POST.get("language") or _language()
        queued = request_build(year=year, user=request.user, language=language)
    except UnknownLanguage as exc:
        return HttpResponseBadRequest(str(exc))
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    return redirect("report:build-status", year=year, build_id=queued.pk)


@require_safe
@permission_required("report.view_builds")
def build_status(request: HttpRequest, year: int, build_id: int) -> HttpResponse:
    context = pages.build_page(year, build_id)
    if context is None:
        raise Http404("no such build")
    htmx = getattr(request, "htmx", None)
    template = "report/_build_status.html" if htmx else "report/build_status.html"
    return render(request, template, context)


def _download(year: int, name: str, content_type: str, language: str = "en") -> FileResponse:
    try:
        handle = open_built(year, name, language)
    except UnknownLanguage as exc:
        raise Http404(str(exc)) from exc
    except FileNotFoundError:
        raise Http404("this report has not been built yet") from None
    suffix = "" if language == "en" else f"-{language}"
    filename = f"aiatlas-report-{year}{suffix}.{name.rsplit('.', 1)[-1]}"
    return FileResponse(
        handle, content_type=content_type, as_attachment=name.endswith(".csv"),
        filename=filename,
    )  # fmt: skip


@require_safe
def download_pdf(request: HttpRequest, year: int) -> FileResponse:
    return _download(year, "report.pdf", "application/pdf")


@require_safe
def download_pdf_in(request: HttpRequest, year: int, language: str) -> FileResponse:
    """The PDF built in one of the other languages."""
    return _download(year, "report.pdf", "application/pdf", language)


@require_safe
def download_csv(request: HttpRequest, year: int) -> FileResponse:
    return _download(year, "data.csv", "text/csv; charset=utf-8")


def _released_edition(request: HttpRequest, year: int) -> None:
    """404 unless the edition is published (and released, where it has a release date)."""
    from django.utils import timezone

    from aiatlas.report.snapshots import published_edition

    try:
        edition = published_edition(year)
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    release_at = getattr(edition, "release_at", None)
    if (
        release_at
        and release_at > timezone.now()
        and not _allowed(request, "report.download_before_release")
    ):
        raise Http404("this edition is not released yet")


@require_safe
def open_data(request: HttpRequest, year: int) -> HttpResponse:
    """The edition's frozen open-data package (Frictionless data package + DCAT), a ZIP."""
    from aiatlas.report.opendata import package_zip

    _released_edition(request, year)
    response = HttpResponse(package_zip(year), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="aiatlas-edition-{year}.zip"'
    return response


@require_safe
def dcat(request: HttpRequest, year: int) -> HttpResponse:
    """The DCAT description of the package, for data catalogues."""
    from aiatlas.report.opendata import package_files

    _released_edition(request, year)
    return HttpResponse(
        package_files(year)["dcat.jsonld"], content_type="application/ld+json; charset=utf-8"
    )
