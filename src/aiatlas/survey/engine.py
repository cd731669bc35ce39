"""Answers against a form: calculations, relevance (hidden answers are dropped), parsing
posted values by type, and validation with messages in the respondent's language.

Answers are ``{name: value}``; a repeat is ``{repeat_name: [{name: value}, ...]}``. Values:
text/select_one/date/acknowledge ``str``, integer ``int``, decimal ``float``,
select_multiple ``list[str]``; ``<name>_other`` holds the "other" text of ``or_other``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from aiatlas.survey import xpath
from aiatlas.survey.form import Form, Node, Page

MAX_TEXT = 20_000  # characters per text answer
MAX_REPEATS = 200
Answers = dict[str, Any]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INT = re.compile(r"^[+-]?\d{1,15}$")
_DEC = re.compile(r"^[+-]?(\d{1,15}(\.\d*)?|\.\d+)$")


def key_of(name: str, repeat: str | None = None, index: int | None = None) -> str:
    """The form field name of a question (``q`` or ``repeat.0.q``)."""
    return name if repeat is None else f"{repeat}.{index}.{name}"


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == []


@dataclass
class Evaluator:
    """Evaluates expressions of ``form`` over ``answers`` (optionally inside a repeat)."""

    form: Form
    answers: Answers
    today: dt.date = field(default_factory=dt.date.today)

    def lookup(self, instance: Mapping[str, Any] | None) -> Any:
        def get(name: str) -> Any:
            if instance is not None and name in instance:
                return instance.get(name)
            node = self.form.by_name.get(name)
            if node is not None and node["kind"] == "repeat":
                return self.answers.get(name, [])
            if instance is not None and self.form.repeat_of(name):
                return ""
            return self.answers.get(name, "")

        return get

    def run(
        self,
        text: str,
        instance: Mapping[str, Any] | None = None,
        current: Any = None,
    ) -> Any:
        ctx = xpath.Context(self.lookup(instance), current=current, today=self.today)
        return xpath.evaluate(self.form.expr(text), ctx)

    def truth(
        self,
        text: str,
        instance: Mapping[str, Any] | None = None,
        current: Any = None,
        default: bool = True,
    ) -> bool:
        if not text:
            return default
        return xpath.to_bool(self.run(text, instance, current))

    def relevant(self, node: Node, instance: Mapping[str, Any] | None = None) -> bool:
        for n in [*self.form.ancestors(node["name"]), node]:
            inside = n["kind"] != "repeat" and self.form.repeat_of(n["name"]) is not None
            inner = instance if inside else None
            if not self.truth(n.get("relevant", ""), inner):
                return False
        return True

    def page_relevant(self, page: Page) -> bool:
        return any(self.relevant(n) for n in page.nodes if n.get("type") != "calculate")

    def choices(
        self,
        node: Node,
        instance: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        items = self.form.choices(node)
        flt = node.get("choice_filter", "")
        if not flt:
            return items
        tree = self.form.expr(flt, columns=True)
        out = []
        for c in items:
            ctx = xpath.Context(
                self.lookup(instance), row={"name": c["name"], **c["extra"]}, today=self.today
            )
            if xpath.to_bool(xpath.evaluate(tree, ctx)):
                out.append(c)
        return out


def _calc_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return ""
        return int(v) if v.is_integer() and abs(v) < 1e15 else v
    if isinstance(v, dt.date):
        return v.isoformat()
    return xpath.to_string(v) if not isinstance(v, int | str) else v


def settle(form: Form, answers: Answers, today: dt.date | None = None) -> Answers:
    """Run calculations and drop the answers of questions that are not relevant, until
    nothing changes (dependencies are acyclic, so this ends)."""
    out: Answers = dict(answers)
    ev = Evaluator(form, out, today or dt.date.today())
    for _round in range(len(form.nodes) + 2):
        before = repr(out)
        for name in form.calc_order:
            node = form.by_name[name]
            rep = form.repeat_of(name)
            if rep is None:
                out[name] = _calc_value(ev.run(node["calculation"])) if ev.relevant(node) else ""
            else:
                for inst in out.get(rep, []):
                    inst[name] = (
                        _calc_value(ev.run(node["calculation"], inst))
                        if ev.relevant(node, inst)
                        else ""
                    )
        for node in form.nodes:
            name, rep = node["name"], form.repeat_of(node["name"])
            if node["kind"] == "group":
                continue
            if node["kind"] == "repeat":
                if not ev.relevant(node) and out.get(name):
                    out[name] = []
                continue
            if rep is None:
                if not ev.relevant(node):
                    out.pop(name, None)
                    out.pop(f"{name}_other", None)
                elif node.get("or_other") and "other" not in _as_list(out.get(name)):
                    out.pop(f"{name}_other", None)
            else:
                for inst in out.get(rep, []):
                    if not ev.relevant(node, inst):
                        inst.pop(name, None)
                        inst.pop(f"{name}_other", None)
        if repr(out) == before:
            break
    return out


def _as_list(v: Any) -> list[str]:
    if isinstance(v, list):
        return [str(x) for x in v]
    return [str(v)] if v not in (None, "") else []


# ---------------------------------------------------------------- parsing posted values


def clean_text(raw: str) -> str:
    return _CONTROL.sub("", raw.replace("\r\n", "\n"))


def parse_value(node: Node, raw: list[str]) -> tuple[Any, str | None]:
    """(value, type error or None) for the raw posted strings of one question."""
    qtype = node["type"]
    if qtype == "select_multiple":
        values = [clean_text(r).strip() for r in raw if r.strip()]
        return list(dict.fromkeys(values)), None
    text = clean_text(raw[-1] if raw else "")
    if qtype != "text":
        text = text.strip()
    if text == "":
        return None, None
    if qtype == "text":
        if len(text) > MAX_TEXT:
            return None, _("Keep this answer under %(max)d characters (it has %(n)d).") % {
                "max": MAX_TEXT,
                "n": len(text),
            }
        return text, None
    if qtype == "integer":
        if not _INT.match(text):
            return None, _("Enter a whole number.")
        return int(text), None
    if qtype == "decimal":
        t = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
        if not _DEC.match(t):
            return None, _("Enter a number.")
        return float(t), None
    if qtype == "date":
        try:
            return dt.date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, _("Enter a date as YYYY-MM-DD.")
    if qtype == "acknowledge":
        return ("OK" if text else None), None
    return text[:500], None  # select_one


@dataclass
class PageInput:
    """What was posted for one page: parsed answers, raw values (to show back) and type
    errors by field key."""

    answers: Answers
    raw: dict[str, list[str]]
    errors: dict[str, str]


def repeat_count(post: Mapping[str, list[str]], repeat: str, current: int) -> int:
    raw = (post.get(f"{repeat}.count") or [str(current)])[-1]
    try:
        n = int(raw)
    except ValueError:
        n = current
    return max(0, min(n, MAX_REPEATS))


def read_page(
    form: Form,
    page: Page,
    answers: Answers,
    post: Mapping[str, list[str]],
) -> PageInput:
    """Merge the posted values of ``page`` into a copy of ``answers``."""
    out: Answers = dict(answers)
    raw: dict[str, list[str]] = {}
    errors: dict[str, str] = {}

    def take(node: Node, target: dict[str, Any], key: str) -> None:
        values = post.get(key, [])
        raw[key] = values
        value, error = parse_value(node, values)
        if error:
            errors[key] = error
            target.pop(node["name"], None)
        elif _empty(value):
            target.pop(node["name"], None)
        else:
            target[node["name"]] = value
        if node.get("or_other"):
            other = clean_text((post.get(f"{key}_other") or [""])[-1]).strip()[:MAX_TEXT]
            raw[f"{key}_other"] = [other]
            if other:
                target[f"{node['name']}_other"] = other
            else:
                target.pop(f"{node['name']}_other", None)

    def walk(nodes: list[Node], target: dict[str, Any], rep: str | None, i: int | None) -> None:
        for n in nodes:
            if n["kind"] == "group":
                walk(n["children"], target, rep, i)
            elif n["kind"] == "repeat":
                old = list(out.get(n["name"], []))
                count = repeat_count(post, n["name"], len(old))
                instances = [dict(old[j]) if j < len(old) else {} for j in range(count)]
                for j, inst in enumerate(instances):
                    walk(n["children"], inst, n["name"], j)
                out[n["name"]] = instances
            elif n["type"] in (
                "text",
                "integer",
                "decimal",
                "select_one",
                "select_multiple",
                "date",
                "acknowledge",
            ) and not n.get("read_only"):
                take(n, target, key_of(n["name"], rep, i))

    walk(page.nodes, out, None, None)
    return PageInput(out, raw, errors)


# ---------------------------------------------------------------- validation


def validate_question(
    form: Form, ev: Evaluator, node: Node, lang: str, instance: Mapping[str, Any] | None
) -> str | None:
    """The error message for one relevant question, or None."""
    source = instance if instance is not None else ev.answers
    value = source.get(node["name"])
    if node["type"] in ("note", "calculate"):
        return None
    if _empty(value):
        if node.get("required") and ev.truth(node["required"], instance, None, default=False):
            return form.text(node.get("required_message"), lang) or _("This question is required.")
        return None
    if node["type"] in ("select_one", "select_multiple"):
        allowed = {c["name"] for c in ev.choices(node, instance)}
        if node.get("or_other"):
            allowed.add("other")
        if any(v not in allowed for v in _as_list(value)):
            return _("Select a valid choice.")
        if (
            node.get("or_other")
            and "other" in _as_list(value)
            and not source.get(f"{node['name']}_other")
        ):
            return _("Please specify the other answer.")
    if node.get("constraint") and not ev.truth(node["constraint"], instance, value):
        return form.text(node.get("constraint_message"), lang) or _("This answer is not valid.")
    return None


def validate_nodes(
    form: Form, answers: Answers, nodes: list[Node], lang: str, today: dt.date | None = None
) -> dict[str, str]:
    """Errors by field key for the relevant questions among ``nodes`` (and their children)."""
    ev = Evaluator(form, answers, today or dt.date.today())
    errors: dict[str, str] = {}

    def walk(
        items: list[Node], instance: Mapping[str, Any] | None, rep: str | None, i: int | None
    ) -> None:
        for n in items:
            if not ev.relevant(n, instance):
                continue
            if n["kind"] == "group":
                walk(n["children"], instance, rep, i)
            elif n["kind"] == "repeat":
                for j, inst in enumerate(answers.get(n["name"], [])):
                    walk(n["children"], inst, n["name"], j)
            else:
                msg = validate_question(form, ev, n, lang, instance)
                if msg:
                    errors[key_of(n["name"], rep, i)] = msg

    walk(nodes, None, None, None)
    return errors


def validate_all(
    form: Form,
    answers: Answers,
    lang: str,
    today: dt.date | None = None,
) -> dict[int, dict[str, str]]:
    """Errors by page index (only pages with errors), for submitting."""
    ev = Evaluator(form, answers, today or dt.date.today())
    out: dict[int, dict[str, str]] = {}
    for page in form.pages:
        if not ev.page_relevant(page):
            continue
        errors = validate_nodes(form, answers, page.nodes, lang, today)
        if errors:
            out[page.index] = errors
    return out


def visible_keys(
    form: Form, answers: Answers, nodes: list[Node], today: dt.date | None = None
) -> list[str]:
    """Field keys of the relevant input questions among ``nodes``, in page order."""
    ev = Evaluator(form, answers, today or dt.date.today())
    keys: list[str] = []

    def walk(
        items: list[Node], instance: Mapping[str, Any] | None, rep: str | None, i: int | None
    ) -> None:
        for n in items:
            if not ev.relevant(n, instance):
                continue
            if n["kind"] == "group":
                walk(n["children"], instance, rep, i)
            elif n["kind"] == "repeat":
                for j, inst in enumerate(answers.get(n["name"], [])):
                    walk(n["children"], inst, n["name"], j)
            elif n["type"] not in ("note", "calculate"):
                keys.append(key_of(n["name"], rep, i))

    walk(nodes, None, None, None)
    return keys


def next_page(form: Form, answers: Answers, index: int, step: int = 1) -> int | None:
    """The next (or previous, ``step=-1``) relevant page after ``index``; None at the end."""
    ev = Evaluator(form, answers)
    i = index + step
    while 0 <= i < len(form.pages):
        if ev.page_relevant(form.pages[i]):
            return i
        i += step
    return None
