"""Page view models: the widgets of one page in one language, for the templates (plain
HTML forms, no JavaScript needed), and the answers as labelled rows for receipts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aiatlas.survey import engine, xpath
from aiatlas.survey.engine import Evaluator, key_of
from aiatlas.survey.form import Form, Node, Page

_OUTPUT = re.compile(r"\$\{([A-Za-z_][\w.\-]*)\}")


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return xpath.to_string(value) if not isinstance(value, str) else value


def interpolate(text: str, ev: Evaluator, instance: Mapping[str, Any] | None) -> str:
    """``${q}`` inside a label is replaced by the answer (output values of XLSForm)."""
    if "${" not in text:
        return text
    get = ev.lookup(instance)
    return _OUTPUT.sub(lambda m: _display(get(m.group(1))), text)


def page_widgets(
    form: Form,
    page: Page,
    answers: dict[str, Any],
    lang: str,
    errors: Mapping[str, str] | None = None,
    raw: Mapping[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    errors = errors or {}
    raw = raw or {}
    ev = Evaluator(form, answers)

    def question(
        n: Node, instance: Mapping[str, Any] | None, rep: str | None, i: int | None
    ) -> dict[str, Any]:
        key = key_of(n["name"], rep, i)
        source = instance if instance is not None else answers
        stored = source.get(n["name"])
        posted = raw.get(key)
        values = (
            posted
            if posted is not None
            else (
                [str(v) for v in stored]
                if isinstance(stored, list)
                else ([] if stored is None else [_display(stored)])
            )
        )
        w: dict[str, Any] = {
            "kind": "question",
            "type": n["type"],
            "name": n["name"],
            "key": key,
            "id": "q-" + key.replace(".", "-"),
            "label": interpolate(form.text(n.get("label"), lang), ev, instance),
            "hint": interpolate(form.text(n.get("hint"), lang), ev, instance),
            "required": bool(n.get("required"))
            and ev.truth(n["required"], instance, default=False),
            "error": errors.get(key, ""),
            "value": values[-1] if values else "",
            "values": values,
            "read_only": bool(n.get("read_only")),
            "appearance": n.get("appearance", ""),
        }
        if n["type"] in ("select_one", "select_multiple"):
            chosen = set(values)
            w["choices"] = [
                {
                    "name": c["name"],
                    "label": form.text(c["label"], lang),
                    "checked": c["name"] in chosen,
                }
                for c in ev.choices(n, instance)
            ]
            if n.get("or_other"):
                w["choices"].append(
                    {"name": "other", "label": _other_label(lang), "checked": "other" in chosen}
                )
                other_key = f"{key}_other"
                w["other_key"] = other_key
                w["other_value"] = (raw.get(other_key) or [source.get(f"{n['name']}_other", "")])[
                    -1
                ]
                w["other_error"] = errors.get(other_key, "")
        return w

    def walk(
        items: list[Node], instance: Mapping[str, Any] | None, rep: str | None, i: int | None
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for n in items:
            if not ev.relevant(n, instance):
                continue
            if n["kind"] == "group":
                out.append(
                    {
                        "kind": "group",
                        "name": n["name"],
                        "label": form.text(n.get("label"), lang),
                        "hint": form.text(n.get("hint"), lang),
                        "children": walk(n["children"], instance, rep, i),
                    }
                )
            elif n["kind"] == "repeat":
                instances = answers.get(n["name"], [])
                out.append(
                    {
                        "kind": "repeat",
                        "name": n["name"],
                        "count": len(instances),
                        "label": form.text(n.get("label"), lang),
                        "hint": form.text(n.get("hint"), lang),
                        "instances": [
                            {
                                "index": j,
                                "number": j + 1,
                                "children": walk(n["children"], inst, n["name"], j),
                            }
                            for j, inst in enumerate(instances)
                        ],
                    }
                )
            elif n["type"] == "calculate":
                continue
            elif n["type"] == "note":
                out.append(
                    {
                        "kind": "note",
                        "name": n["name"],
                        "label": interpolate(form.text(n.get("label"), lang), ev, instance),
                        "hint": form.text(n.get("hint"), lang),
                    }
                )
            else:
                out.append(question(n, instance, rep, i))
        return out

    return walk(page.nodes, None, None, None)


def _other_label(lang: str) -> str:
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(lang if lang != "default" else None):
        return gettext("Other (please specify)")


def answer_text(form: Form, node: Node, value: Any, lang: str, other: str = "") -> str:
    """An answer as a respondent reads it (choice labels, not names)."""
    if value is None or value == "" or value == []:
        return ""
    if node["type"] in ("select_one", "select_multiple"):
        labels = {c["name"]: form.text(c["label"], lang) for c in form.choices(node)}
        items = value if isinstance(value, list) else [value]
        parts = [other if v == "other" and other else labels.get(str(v), str(v)) for v in items]
        return "; ".join(parts)
    return _display(value)


def receipt_rows(form: Form, answers: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Every relevant answered question, page by page: ``{"page", "label", "answer"}``."""
    ev = Evaluator(form, answers)
    rows: list[dict[str, Any]] = []

    def walk(
        items: list[Node], page_label: str, instance: Mapping[str, Any] | None, prefix: str
    ) -> None:
        for n in items:
            if not ev.relevant(n, instance):
                continue
            if n["kind"] == "group":
                walk(n["children"], page_label, instance, prefix)
            elif n["kind"] == "repeat":
                for j, inst in enumerate(answers.get(n["name"], [])):
                    walk(
                        n["children"],
                        page_label,
                        inst,
                        f"{prefix}{form.text(n.get('label'), lang)} {j + 1} · ",
                    )
            elif n["type"] not in ("note", "calculate"):
                source = instance if instance is not None else answers
                text = answer_text(
                    form, n, source.get(n["name"]), lang, str(source.get(f"{n['name']}_other", ""))
                )
                rows.append(
                    {
                        "page": page_label,
                        "name": n["name"],
                        "label": prefix + form.text(n.get("label"), lang),
                        "answer": text,
                    }
                )

    for page in form.pages:
        if ev.page_relevant(page):
            walk(page.nodes, form.text(page.label, lang), None, "")
    return rows


__all__ = ["answer_text", "engine", "page_widgets", "receipt_rows"]
