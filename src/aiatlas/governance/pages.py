"""What the governance pages show beyond one query: the figure charts, the assessment
form's rows and the reading of a posted form."""

from __future__ import annotations

from typing import Any

from aiatlas.common import charts
from aiatlas.common.figures import Figure, bar_charts
from aiatlas.common.rules import allowed
from aiatlas.governance import figures, questionnaire
from aiatlas.governance.choices import RiskLevel
from aiatlas.governance.questionnaire import Question, Questionnaire
from aiatlas.governance.reference import reference


def figure_charts(edition: int | None) -> tuple[list[Figure], list[charts.Chart]]:
    found = figures.all_figures(edition)
    return found, bar_charts("governance", found)


def form_rows(q: Questionnaire, answers: dict[str, Any], published: list[str]) -> dict[str, Any]:
    """The questions grouped as the form shows them, each with its current answer."""

    def row(x: Question) -> dict[str, Any]:
        value = answers.get(x.id)
        return {
            "q": x,
            "value": "" if value is None else value,
            "shown": x.shown(value),
            "text": value.get("text", "") if isinstance(value, dict) else "",
            "links": "\n".join(value.get("links", [])) if isinstance(value, dict) else "",
            "public": x.id in published,
            "points": x.points_shown,
        }

    depth = q.depth(answers)
    return {
        "scoping": [row(x) for x in q.scoping],
        "triage": [row(x) for x in q.triage],
        "depth": depth,
        "sections": [(s, [row(x) for x in q.asked(s, answers)]) for s in q.sections],
    }


def read_form(q: Questionnaire, post: Any) -> tuple[dict[str, Any], list[str]]:
    """Answers and published question ids from a posted form (``a:<id>``, ``t:<id>`` and
    ``l:<id>`` for evidence, ``p:<id>`` to publish)."""
    raw: dict[str, Any] = {}
    for x in q.questions:
        if x.kind == "evidence":
            text = post.get(f"t:{x.id}", "")
            links = [
                line.strip() for line in post.get(f"l:{x.id}", "").splitlines() if line.strip()
            ]
            if f"t:{x.id}" in post or f"l:{x.id}" in post:
                raw[x.id] = {"text": text, "links": links}
        elif f"a:{x.id}" in post:
            raw[x.id] = post.get(f"a:{x.id}", "")
    published = [x.id for x in q.questions if post.get(f"p:{x.id}")]
    return raw, published


def submission_panel(user: Any, a: Any) -> dict[str, Any]:
    """The assessment as the submission's page shows it to those who may read it in full
    (the entity's focal points and approvers, the secretariat): risk per principle with
    its rule, the answers with their visibility, and the sign-off for the secretariat."""
    q = questionnaire.load(a.questionnaire_version)
    risks = q.risks(a.answers)
    return {
        "q": q,
        "form": form_rows(q, a.answers, a.published),
        "risks": risks,
        "overall": q.overall(risks),
        "overall_rule": q.overall_rule(),
        "levels": {value: str(label) for value, label in RiskLevel.choices},
        "missing": q.missing(a.answers),
        "may_edit": allowed(user, "governance.edit", a),
        "may_sign_off": allowed(user, "governance.sign_off", a),
        "stages": reference().lifecycle_stages,
    }
