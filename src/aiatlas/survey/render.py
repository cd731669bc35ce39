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


def _values(stored: Any) -> list[str]:
    if stored is None:
        return []
    if isinstance(stored, list):
        return [str(v) for v in stored]
    if isinstance(stored, dict):
        return [str(stored.get("name", ""))]
    return [_display(stored)]


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
    ev = Evaluator(form, answers, lang=lang)

    def question(n: Node, scope: engine.Scope, off: bool) -> dict[str, Any]:
        key = key_of(n["name"], scope)
        source = ev.container(scope)
        stored = source.get(n["name"])
        posted = raw.get(key)
        values = posted if posted is not None else _values(stored)
        w: dict[str, Any] = {
            "kind": "question",
            "type": n["type"],
            "name": n["name"],
            "key": key,
            "id": "q-" + key.replace(".", "-"),
            "label": interpolate(form.text(n.get("label"), lang), ev, scope),
            "hint": interpolate(form.text(n.get("hint"), lang), ev, scope),
            "required": bool(n.get("required")) and ev.truth(n["required"], scope, default=False),
            "error": errors.get(key, ""),
            "value": values[-1] if values else "",
            "values": values,
            "read_only": bool(n.get("read_only")),
            "appearance": n.get("appearance", ""),
            "scope": key_of("", scope),
            "off": off,
        }
        if n["type"] in ("select_one", "select_multiple", "rank"):
            chosen = set(values)
            options = ev.choices(n, scope)
            allowed = {c["name"] for c in options}
            # with a choice_filter, every choice is on the page (those filtered out hidden
            # and disabled) so that the browser can filter again as answers change
            shown = form.choices(n) if n.get("choice_filter") and n["type"] != "rank" else options
            w["choices"] = [
                {
                    "name": c["name"],
                    "label": form.text(c["label"], lang),
                    "checked": c["name"] in chosen and c["name"] in allowed,
                    "off": c["name"] not in allowed,
                }
                for c in shown
            ]
            w["minimal"] = "minimal" in w["appearance"] or len(options) > 30
            if n["type"] == "rank":
                w["places"] = [
                    {
                        "number": i + 1,
                        "key": key,
                        "choices": [
                            {**c, "checked": i < len(values) and values[i] == c["name"]}
                            for c in w["choices"]
                            if not c["off"]
                        ],
                    }
                    for i in range(len(options))
                ]
            if n.get("or_other"):
                w["choices"].append(
                    {
                        "name": "other",
                        "label": _other_label(lang),
                        "checked": "other" in chosen,
                        "off": False,
                    }
                )
                other_key = f"{key}_other"
                w["other_key"] = other_key
                w["other_value"] = (raw.get(other_key) or [source.get(f"{n['name']}_other", "")])[
                    -1
                ]
                w["other_error"] = errors.get(other_key, "")
        if n["type"] == "range":
            r = n.get("range") or {"start": 1, "end": 10, "step": 1}
            w["min"], w["max"] = sorted((r["start"], r["end"]))
            w["step"] = abs(r["step"])
        if n["type"] == "geopoint":
            parts = (w["value"] or "").split()
            w["lat"] = (raw.get(f"{key}.lat") or [parts[0] if parts else ""])[-1]
            w["lon"] = (raw.get(f"{key}.lon") or [parts[1] if len(parts) > 1 else ""])[-1]
        if n["type"] in ("file", "image"):
            w["stored"] = stored if isinstance(stored, dict) else None
            w["accept"] = ",".join(uploads_accept(n["type"]))
        return w

    def walk(items: list[Node], scope: engine.Scope, off: bool = False) -> list[dict[str, Any]]:
        """Every node of the page; those not relevant (``off``) are kept, hidden and
        disabled, so that the browser can show them as soon as they apply."""
        out: list[dict[str, Any]] = []
        prefix = key_of("", scope)
        for n in items:
            hidden = off or not ev.relevant(n, scope)
            if n["kind"] == "group":
                out.append(
                    {
                        "kind": "group",
                        "name": n["name"],
                        "scope": prefix,
                        "off": hidden,
                        "label": form.text(n.get("label"), lang),
                        "hint": form.text(n.get("hint"), lang),
                        "children": walk(n["children"], scope, hidden),
                    }
                )
            elif n["kind"] == "repeat":
                instances = [
                    i for i in ev.container(scope).get(n["name"], []) if isinstance(i, dict)
                ]
                path = key_of(n["name"], scope)
                out.append(
                    {
                        "kind": "repeat",
                        "name": n["name"],
                        "scope": prefix,
                        "off": hidden,
                        "path": path,
                        "fixed": bool(n.get("repeat_count")),
                        "count": len(instances),
                        "label": form.text(n.get("label"), lang),
                        "hint": form.text(n.get("hint"), lang),
                        "instances": [
                            {
                                "index": j,
                                "number": j + 1,
                                "children": walk(
                                    n["children"], (*scope, (n["name"], j, inst)), hidden
                                ),
                            }
                            for j, inst in enumerate(instances)
                        ],
                    }
                )
            elif n["type"] in ("calculate", "hidden"):
                continue
            elif n["type"] == "note":
                out.append(
                    {
                        "kind": "note",
                        "name": n["name"],
                        "scope": prefix,
                        "off": hidden,
                        "label": interpolate(form.text(n.get("label"), lang), ev, scope),
                        "hint": form.text(n.get("hint"), lang),
                    }
                )
            else:
                out.append(question(n, scope, hidden))
        return out

    return walk(page.nodes, ())


def uploads_accept(qtype: str) -> list[str]:
    from aiatlas.survey.uploads import ALLOWED

    return sorted(ALLOWED["image" if qtype == "image" else "file"])


def _other_label(lang: str) -> str:
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(lang if lang != "default" else None):
        return gettext("Other (please specify)")


def answer_text(form: Form, node: Node, value: Any, lang: str, other: str = "") -> str:
    """An answer as a respondent reads it (choice labels, not names)."""
    if value is None or value == "" or value == []:
        return ""
    if node["type"] in ("select_one", "select_multiple", "rank"):
        labels = {c["name"]: form.text(c["label"], lang) for c in form.choices(node)}
        items = value if isinstance(value, list) else [value]
        parts = [other if v == "other" and other else labels.get(str(v), str(v)) for v in items]
        return ("; " if node["type"] != "rank" else " > ").join(parts)
    if isinstance(value, dict):
        return str(value.get("name", ""))
    return _display(value)


def receipt_rows(form: Form, answers: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Every relevant answered question, page by page: ``{"page", "label", "answer"}``."""
    ev = Evaluator(form, answers, lang=lang)
    rows: list[dict[str, Any]] = []
    for page in form.pages:
        if not ev.page_relevant(page):
            continue
        for v in engine.visit(ev, page.nodes):
            n = v.node
            if n["kind"] != "question" or n["type"] in ("note", "calculate", "hidden"):
                continue
            prefix = "".join(
                f"{form.text(form.by_name[r]['label'], lang)} {i + 1} · " for r, i, _x in v.scope
            )
            source = ev.container(v.scope)
            rows.append(
                {
                    "page": form.text(page.label, lang),
                    "name": n["name"],
                    "key": v.key,
                    "label": prefix + form.text(n.get("label"), lang),
                    "answer": answer_text(
                        form,
                        n,
                        source.get(n["name"]),
                        lang,
                        str(source.get(f"{n['name']}_other", "")),
                    ),
                    "file": source.get(n["name"]) if n["type"] in ("file", "image") else None,
                }
            )
    return rows


__all__ = ["answer_text", "engine", "page_widgets", "receipt_rows"]
