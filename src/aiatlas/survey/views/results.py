"""Results of a survey: response rates, a chart and table per question, a cross-tab,
free-text answers, filters and exports. Private results are staff only (404 otherwise)."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import get_language

from aiatlas.common.downloads import attachment
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


_CSV = "text/csv; charset=utf-8"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(survey: Survey, chunks: Iterator[str], part: str) -> HttpResponseBase:
    """The CSV, streamed, as the file ``survey-<id>-<part>.csv`` to save."""
    response = StreamingHttpResponse(chunks, content_type=_CSV)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-{part}.csv"'
    return response


def _xlsx(survey: Survey, data: bytes, part: str) -> HttpResponseBase:
    return attachment(data, f"survey-{survey.pk}-{part}.xlsx", _XLSX)


def export_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    survey = _survey(request, pk)
    return _csv(survey, export.to_csv(export.response_table(survey)), "responses")


def export_repeats(request: HttpRequest, pk: int) -> HttpResponseBase:
    survey = _survey(request, pk)
    return _csv(survey, export.to_csv(export.repeat_table(survey)), "repeats")


def export_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    survey = _survey(request, pk)
    return _xlsx(survey, export.to_xlsx(survey), "results")


def export_kobo_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The responses in the layout of a KoboToolbox CSV export."""
    survey = _survey(request, pk)
    return _csv(survey, export.kobo_csv(survey), "kobo")


def export_kobo_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The responses and their repeats in the layout of a KoboToolbox XLSX export."""
    survey = _survey(request, pk)
    return _xlsx(survey, export.kobo_xlsx(survey), "kobo")
