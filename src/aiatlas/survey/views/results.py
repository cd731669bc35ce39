"""Results of a survey: response rates, a chart and table per question, a cross-tab,
free-text answers, filters and exports. Private results are staff only (404 otherwise)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from aiatlas.common.rules import allowed
from aiatlas.survey import export, queries
from aiatlas.survey.models import Survey
from aiatlas.survey.pages import results_context


def _survey(request: HttpRequest, pk: int) -> Survey:
    survey = queries.survey_by_id(pk)
    if survey is None or not allowed(getattr(request, "user", None), "survey.view_results", survey):
        raise Http404("no such results")
    return survey


def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    context = results_context(survey, request.GET, get_language())
    return render(request, "survey/results.html", context)


def _stream(chunks: Iterator[str], filename: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv(survey: Survey, table: Callable[[Survey], Any], part: str) -> StreamingHttpResponse:
    """One table of a survey's results as ``survey-<id>-<part>.csv``."""
    return _stream(
        export.to_csv(table(survey)), f"survey-{survey.pk}-{part}.csv", "text/csv; charset=utf-8"
    )


def export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    return _csv(_survey(request, pk), export.response_table, "responses")


def export_repeats(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    return _csv(_survey(request, pk), export.repeat_table, "repeats")


def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    response = HttpResponse(
        export.to_xlsx(survey),
        content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.xlsx"'
    return response


def export_kobo_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The responses in the layout of a KoboToolbox CSV export."""
    survey = _survey(request, pk)
    return _stream(
        export.kobo_csv(survey), f"survey-{survey.pk}-kobo.csv", "text/csv; charset=utf-8"
    )


def export_kobo_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The responses and their repeats in the layout of a KoboToolbox XLSX export."""
    survey = _survey(request, pk)
    response = HttpResponse(
        export.kobo_xlsx(survey),
        content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-kobo.xlsx"'
    return response
