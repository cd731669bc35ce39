"""Results of a survey: response rates, a chart and table per question, a cross-tab,
free-text answers, filters and exports. Private results are staff only (404 otherwise)."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from aiatlas.common.rules import allowed
from aiatlas.survey import charts, export, queries
from aiatlas.survey.form import Form
from aiatlas.survey.models import Survey


def _survey(request: HttpRequest, pk: int) -> Survey:
    survey = get_object_or_404(Survey, pk=pk)
    if not allowed(getattr(request, "user", None), "survey.view_results", survey):
        raise Http404("no such results")
    return survey


def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = Form(survey.form)
    lang = form.language_for(get_language())
    selects = queries.select_questions(form)
    select_names = {q["name"] for q in selects}
    question = request.GET.get("q", "")
    filters = queries.Filters(
        region=request.GET.get("region", "")[:3],
        question=question if question in select_names else "",
        value=request.GET.get("v", "")[:200],
    )
    rows = queries.filtered_rows(survey, filters)
    total, by_region = queries.response_rates(survey)
    summaries = queries.summaries(form, rows, lang)
    items = []
    for i, s in enumerate(summaries):
        items.append({"summary": s, "chart": charts.summary_chart(s, i)})
    axis = {queries.REGION, *select_names}
    row_q = request.GET.get(
        "row",
        "lead_ministry"
        if "lead_ministry" in select_names
        else (selects[0]["name"] if selects else queries.REGION),
    )
    col_q = request.GET.get("col", queries.REGION)
    tab = None
    if row_q in axis and col_q in axis:
        tab = queries.crosstab(form, rows, row_q, col_q, lang)
    value_choices = []
    if filters.question:
        value_choices = [
            (c["name"], form.text(c["label"], lang))
            for c in form.choices(form.by_name[filters.question])
        ]
    return render(
        request,
        "survey/results.html",
        {
            "survey": survey,
            # the questionnaire's texts (and its "Other" label) are in the form's language
            "text_lang": lang if lang != "default" else "und",
            "total": total,
            "by_region": by_region,
            "n": len(rows),
            "items": items,
            "tab": tab,
            "row_q": row_q,
            "col_q": col_q,
            "filters": filters,
            "selects": [(q["name"], form.text(q.get("label"), lang) or q["name"]) for q in selects],
            "regions": by_region,
            "value_choices": value_choices,
            "rate_chart": {
                "id": "rates",
                "spec_id": "rates-spec",
                "spec": charts.rate_chart([(r.label, r.rate) for r in by_region]),
            },
        },
    )


def _stream(chunks: Iterator[str], filename: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    survey = _survey(request, pk)
    return _stream(
        export.to_csv(export.response_table(survey)),
        f"survey-{survey.pk}-responses.csv",
        "text/csv; charset=utf-8",
    )


def export_repeats(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    survey = _survey(request, pk)
    return _stream(
        export.to_csv(export.repeat_table(survey)),
        f"survey-{survey.pk}-repeats.csv",
        "text/csv; charset=utf-8",
    )


def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    response = HttpResponse(
        export.to_xlsx(survey),
        content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.xlsx"'
    return response
