"""The form's logic as JSON for the browser (``survey/static/survey/xpath.js`` and
``logic.js``): every node's expressions and repeat path, the choice lists with their labels
in one language, the evaluation order of calculations and the answers so far. The browser
re-runs relevance, constraints, calculations and choice filters as the respondent types;
the server re-checks everything on each save."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext

from aiatlas.survey.form import Form

_EXPRESSIONS = ("relevant", "constraint", "required", "calculation", "choice_filter")


def public_answers(value: Any) -> Any:
    """Answers as the page's script may see them: an upload is only its file name."""
    if isinstance(value, dict):
        if "file" in value and "name" in value:
            return {"name": value["name"]}
        return {k: public_answers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [public_answers(v) for v in value]
    return value


def logic_spec(form: Form, lang: str, today: dt.date | None = None) -> dict[str, Any]:
    """What ``xpath.js``'s Evaluator needs, in the respondent's language ``lang``."""
    nodes: dict[str, Any] = {}
    for n in form.nodes:
        item: dict[str, Any] = {
            "kind": n["kind"],
            "type": n.get("type", n["kind"]),
            "path": form.repeat_path(n["name"]),
            "ancestors": [a["name"] for a in form.ancestors(n["name"])],
        }
        if n["kind"] != "question":
            item["children"] = [c["name"] for c in n.get("children", [])]
        for key in _EXPRESSIONS:
            if n.get(key):
                item[key] = n[key]
        for key in ("list", "trigger", "read_only", "or_other"):
            if n.get(key):
                item[key] = n[key]
        for key in ("constraint_message", "required_message"):
            text = form.text(n.get(key), lang)
            if text:
                item[key] = text
        nodes[n["name"]] = item
    choices = {
        list_name: [
            {"name": c["name"], "label": form.text(c["label"], lang), "extra": c.get("extra", {})}
            for c in items
        ]
        for list_name, items in form.spec.get("choices", {}).items()
    }
    messages = {  # in the page's (site) language, as the server's own messages
        "invalid": gettext("This answer is not valid."),
        "required": gettext("This question is required."),
        "integer": gettext("Enter a whole number."),
        "number": gettext("Enter a number."),
    }
    return {
        "today": (today or dt.date.today()).isoformat(),
        "top": [n["name"] for n in form.spec.get("children", [])],
        "nodes": nodes,
        "choices": choices,
        "calc_order": form.calc_order,
        "messages": messages,
    }
