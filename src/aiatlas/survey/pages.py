"""What the results page shows, built from the request's choices: rates against the
Member States, the world maps, a chart and table per question, the cross-tab and the
comparison with the earlier round. The view only renders what :func:`results_context`
returns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.templatetags.static import static
from django.utils.translation import gettext as _

from aiatlas.survey import charts, queries
from aiatlas.survey.form import Form, Node
from aiatlas.survey.models import Survey

ATLAS = "web/vendor/world-atlas-countries-110m.json"


def _choice_items(form: Form, node: Node, lang: str) -> list[tuple[str, str]]:
    items = [(c["name"], form.text(c["label"], lang)) for c in form.choices(node)]
    if node.get("or_other"):
        from aiatlas.survey.render import _other_label

        items.append(("other", _other_label(lang)))
    return items


def _answer_map(
    form: Form, rows: list[queries.Row], node: Node, choice: str, lang: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The world map of one select question (select_multiple: of one of its choices) and
    its table (country, answer)."""
    items = _choice_items(form, node, lang)
    label = dict(items)
    values, table = [], []
    if node["type"] == "select_multiple":
        picked = label.get(choice, choice)
        not_picked = _("Not chosen")
        cats = [(picked, charts.PALETTE[0]), (not_picked, charts.PALETTE[4])]
        for r in rows:
            answer = r.answers.get(node["name"])
            if isinstance(answer, list):
                value = picked if choice in answer else not_picked
                values.append({"id": r.m49, "name": r.country, "value": value})
                table.append((r.country, value))
    else:
        cats = [(lab, charts.PALETTE[i % len(charts.PALETTE)]) for i, (_n, lab) in enumerate(items)]
        for r in rows:
            answer = r.answers.get(node["name"])
            if answer not in (None, ""):
                value = label.get(str(answer), str(answer))
                values.append({"id": r.m49, "name": r.country, "value": value})
                table.append((r.country, value))
    spec = charts.world_map(static(ATLAS), values, cats, _("No answer"))
    return spec, sorted(table)


def _default_axis(selects: list[Node]) -> str:
    """The cross-tab's first row question: the first select question of the form."""
    return selects[0]["name"] if selects else queries.REGION


def results_context(survey: Survey, params: Mapping[str, str], language: str) -> dict[str, Any]:
    form = Form(survey.form)
    lang = form.language_for(language)
    selects = queries.select_questions(form)
    select_names = {q["name"] for q in selects}
    question = params.get("q", "")
    filters = queries.Filters(
        region=params.get("region", "")[:3],
        question=question if question in select_names else "",
        value=params.get("v", "")[:200],
    )
    rows = queries.filtered_rows(survey, filters)
    total, by_region = queries.response_rates(survey)
    items = [
        {"summary": s, "chart": charts.summary_chart(s, i)}
        for i, s in enumerate(queries.summaries(form, rows, lang))
    ]
    axis = {queries.REGION, *select_names}
    row_q = params.get("row", _default_axis(selects))
    col_q = params.get("col", queries.REGION)
    tab = None
    if row_q in axis and col_q in axis:
        tab = queries.crosstab(form, rows, row_q, col_q, lang)
    value_choices = []
    if filters.question:
        value_choices = _choice_items(form, form.by_name[filters.question], lang)
    # the maps: every invited state by the state of its response, and one select question
    states = queries.state_statuses(survey)
    map_q = params.get("map", "")
    map_node = form.by_name[map_q] if map_q in select_names else None
    map_choices: list[tuple[str, str]] = []
    map_choice = ""
    answer_map = answer_table = None
    if map_node is not None:
        if map_node["type"] == "select_multiple":
            map_choices = _choice_items(form, map_node, lang)
            names = [n for n, _l in map_choices]
            map_choice = params.get("mv", "") if params.get("mv", "") in names else names[0]
        answer_map, answer_table = _answer_map(form, rows, map_node, map_choice, lang)
    return {
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
            "spec": charts.rate_chart(
                [(r.label, r.member_rate) for r in by_region],
                _("Member States that submitted (%)"),
            ),
        },
        "status_map": {
            "id": "map-status",
            "spec_id": "map-status-spec",
            "spec": charts.status_map(static(ATLAS), states),
        },
        "states": states,
        "status_labels": {k: lab for k, lab, _c in charts.status_categories()},
        "map_q": map_node["name"] if map_node else "",
        "map_label": form.text(map_node.get("label"), lang) if map_node else "",
        "map_choices": map_choices,
        "map_choice": map_choice,
        "answer_map": (
            {"id": "map-answer", "spec_id": "map-answer-spec", "spec": answer_map}
            if answer_map
            else None
        ),
        "answer_table": answer_table,
        **_rounds(survey, form, rows, lang),
    }


def _rounds(survey: Survey, form: Form, rows: list[queries.Row], lang: str) -> dict[str, Any]:
    """The comparison with the earlier round (its submitted responses, unfiltered)."""
    earlier = queries.previous_round(survey)
    if earlier is None:
        return {"earlier": None, "comparisons": []}
    earlier_form = Form(earlier.form)
    earlier_rows = list(queries.iter_rows(earlier))
    earlier_total, _by = queries.response_rates(earlier)
    then, now = _("Earlier round"), _("This round")
    comparisons = [
        {
            "c": c,
            "chart": {
                "id": f"round-{i}",
                "spec_id": f"round-{i}-spec",
                "spec": charts.comparison_chart(c, then, now),
            },
        }
        for i, c in enumerate(queries.compare_rounds(form, rows, earlier_form, earlier_rows, lang))
    ]
    return {"earlier": earlier, "earlier_total": earlier_total, "comparisons": comparisons}
