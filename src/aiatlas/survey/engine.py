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
from aiatlas.survey.form import INPUT_TYPES, Form, Node, Page

MAX_TEXT = 20_000  # characters per text answer
MAX_REPEATS = 200
Answers = dict[str, Any]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INT = re.compile(r"^[+-]?\d{1,15}$")
_DEC = re.compile(r"^[+-]?(\d{1,15}(\.\d*)?|\.\d+)$")


Scope = tuple[tuple[str, int, dict[str, Any]], ...]  # (repeat, index, instance), outer first


def key_of(name: str, scope: Scope | str | None = (), index: int | None = None) -> str:
    """The form field name of a question: ``q``, ``repeat.0.q``, ``outer.1.inner.0.q``."""
    if isinstance(scope, str):  # key_of(name, repeat, index), one level
        return f"{scope}.{index}.{name}"
    return "".join(f"{r}.{i}." for r, i, _inst in scope or ()) + name


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == []


def _scope(instance: Any) -> Scope:
    """Scopes are tuples; a bare repeat instance (older callers) has no repeat name."""
    if instance is None:
        return ()
    if isinstance(instance, tuple):
        return instance
    return (("", 0, instance),)


@dataclass
class Visit:
    node: Node
    scope: Scope
    key: str


@dataclass
class Evaluator:
    """Evaluates expressions of ``form`` over ``answers`` (optionally inside repeats)."""

    form: Form
    answers: Answers
    today: dt.date = field(default_factory=dt.date.today)
    lang: str = ""

    def container(self, scope: Scope) -> dict[str, Any]:
        return scope[-1][2] if scope else self.answers

    def lookup(self, instance: Any = None) -> Any:
        scope = _scope(instance)

        def get(name: str) -> Any:
            node = self.form.by_name.get(name)
            if node is None:
                return ""
            path = self.form.repeat_path(name)
            box: dict[str, Any] = self.answers
            for depth, rep in enumerate(path):
                if depth < len(scope) and scope[depth][0] in (rep, ""):
                    box = scope[depth][2]
                else:  # read from outside its repeat: every instance's value
                    return xpath.NodeSet(
                        _collect(box.get(rep, []), path[depth + 1 :], name, node["kind"])
                    )
            if node["kind"] == "repeat":
                return xpath.NodeSet(box.get(name, []))
            return box.get(name, "")

        return get

    def indexed(self, scope: Scope) -> Any:
        def at(name: str, pairs: list[tuple[str, int]]) -> Any:
            fixed = dict(pairs)
            box: dict[str, Any] = self.answers
            chosen: list[tuple[str, int, dict[str, Any]]] = []
            for depth, rep in enumerate(self.form.repeat_path(name)):
                if rep in fixed:
                    items = box.get(rep, [])
                    i = fixed[rep] - 1
                    if not 0 <= i < len(items):
                        return ""
                    box = items[i]
                    chosen.append((rep, i, box))
                elif depth < len(scope) and scope[depth][0] == rep:
                    box = scope[depth][2]
                    chosen.append(scope[depth])
                else:
                    break
            return self.lookup(tuple(chosen))(name)

        return at

    def choice_label(self, question: str, value: str) -> str:
        node = self.form.by_name.get(question)
        if node is None:
            return ""
        for c in self.form.choices(node):
            if c["name"] == value:
                return self.form.text(c["label"], self.lang or self.form.default_language)
        return ""

    def context(self, instance: Any = None, current: Any = None, row: Any = None) -> Any:
        scope = _scope(instance)
        return xpath.Context(
            self.lookup(scope),
            current=current,
            row=row or {},
            today=self.today,
            indexed=self.indexed(scope),
            choice_label=self.choice_label,
            position=scope[-1][1] + 1 if scope else 0,
        )

    def run(self, text: str, instance: Any = None, current: Any = None) -> Any:
        return xpath.evaluate(self.form.expr(text), self.context(instance, current))

    def truth(
        self,
        text: str,
        instance: Any = None,
        current: Any = None,
        default: bool = True,
    ) -> bool:
        if not text:
            return default
        return xpath.to_bool(self.run(text, instance, current))

    def relevant(self, node: Node, instance: Any = None) -> bool:
        scope = _scope(instance)
        for n in [*self.form.ancestors(node["name"]), node]:
            if not n.get("relevant"):
                continue
            depth = len(self.form.repeat_path(n["name"]))
            if not self.truth(n["relevant"], scope[:depth]):
                return False
        return True

    def page_relevant(self, page: Page) -> bool:
        return any(self.relevant(n) for n in page.nodes if n.get("type") != "calculate")

    def choices(self, node: Node, instance: Any = None) -> list[dict[str, Any]]:
        items = self.form.choices(node)
        flt = node.get("choice_filter", "")
        if not flt:
            return items
        tree = self.form.expr(flt, columns=True)
        out = []
        for c in items:
            ctx = self.context(instance, row={"name": c["name"], **c["extra"]})
            if xpath.to_bool(xpath.evaluate(tree, ctx)):
                out.append(c)
        return out


def _collect(items: list[Any], rest: list[str], name: str, kind: str) -> list[Any]:
    out: list[Any] = []
    for inst in items:
        if not isinstance(inst, dict):
            continue
        if rest:
            out.extend(_collect(inst.get(rest[0], []), rest[1:], name, kind))
        elif kind == "repeat":
            out.extend(inst.get(name, []))
        else:
            out.append(inst.get(name, ""))
    return out


def visit(ev: Evaluator, nodes: list[Node], scope: Scope = (), *, relevant_only: bool = True):  # type: ignore[no-untyped-def]
    """The one walk over answers: every (relevant) node with its repeat scope and field
    key, depth first; repeats are entered once per instance."""
    for n in nodes:
        if relevant_only and not ev.relevant(n, scope):
            continue
        yield Visit(n, scope, key_of(n["name"], scope))
        if n["kind"] == "group":
            yield from visit(ev, n["children"], scope, relevant_only=relevant_only)
        elif n["kind"] == "repeat":
            for j, inst in enumerate(ev.container(scope).get(n["name"], [])):
                if isinstance(inst, dict):
                    inner = (*scope, (n["name"], j, inst))
                    yield from visit(ev, n["children"], inner, relevant_only=relevant_only)


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


def _copy(answers: Answers) -> Answers:
    out: Answers = {}
    for k, v in answers.items():
        if isinstance(v, list) and v and isinstance(v[0], dict):
            out[k] = [_copy(i) if isinstance(i, dict) else i for i in v]
        else:
            out[k] = v
    return out


def _instances(box: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = box.get(name)
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _boxes(ev: Evaluator, name: str) -> list[tuple[Scope, dict[str, Any]]]:
    """Every (scope, answer box) where question ``name`` lives: the answers for a top-level
    question, each instance of its repeat(s) otherwise."""
    out: list[tuple[Scope, dict[str, Any]]] = [((), ev.answers)]
    for rep in ev.form.repeat_path(name):
        nxt = []
        for scope, box in out:
            for j, inst in enumerate(_instances(box, rep)):
                nxt.append(((*scope, (rep, j, inst)), inst))
        out = nxt
    return out


def settle(
    form: Form,
    answers: Answers,
    today: dt.date | None = None,
    previous: Answers | None = None,
) -> Answers:
    """Run calculations, size the repeats that have a ``repeat_count`` and drop the
    answers of questions that are not relevant, until nothing changes (dependencies are
    acyclic, so this ends). A calculation with a ``trigger`` runs only when the trigger's
    answer differs from ``previous`` (the answers before this change)."""
    out: Answers = _copy(answers)
    ev = Evaluator(form, out, today or dt.date.today())
    old = Evaluator(form, previous if previous is not None else {}, ev.today)
    for _round in range(len(form.nodes) + 2):
        before = repr(out)
        for rep in form.repeats:
            if not rep.get("repeat_count"):
                continue
            for scope, box in _boxes(ev, rep["name"]):
                n = xpath.to_number(ev.run(rep["repeat_count"], scope))
                want = 0 if math.isnan(n) else max(0, min(int(n), MAX_REPEATS))
                items = _instances(box, rep["name"])
                if len(items) != want:
                    box[rep["name"]] = items[:want] + [{} for _ in range(want - len(items))]
        for name in form.calc_order:
            node = form.by_name[name]
            for scope, box in _boxes(ev, name):
                if not ev.relevant(node, scope):
                    box[name] = "" if node["type"] == "calculate" else box.get(name)
                    if box[name] is None:
                        box.pop(name)
                    continue
                triggers = node.get("trigger") or []
                if triggers:
                    now = [xpath.to_string(ev.lookup(scope)(t)) for t in triggers]
                    was = [xpath.to_string(old.lookup(scope)(t)) for t in triggers]
                    if previous is not None and now == was:
                        continue
                    if previous is None and not any(now):
                        continue
                value = _calc_value(ev.run(node["calculation"], scope))
                if node["type"] == "calculate" or value != "":
                    box[name] = value
        for v in visit(ev, form.spec.get("children", []), relevant_only=False):
            n, box = v.node, ev.container(v.scope)
            if n["kind"] == "group":
                continue
            name = n["name"]
            if n["kind"] == "repeat":
                if not ev.relevant(n, v.scope) and box.get(name):
                    box[name] = []
                continue
            if not ev.relevant(n, v.scope):
                box.pop(name, None)
                box.pop(f"{name}_other", None)
            elif n.get("or_other") and "other" not in _as_list(box.get(name)):
                box.pop(f"{name}_other", None)
        if repr(out) == before:
            break
    return out


def initial_answers(form: Form) -> Answers:
    """The ``default`` column of the top-level questions, for a new response."""
    out: Answers = {}
    for n in form.questions:
        if n.get("default") and not form.repeat_path(n["name"]) and n["type"] in INPUT_TYPES:
            value, error = parse_value(
                n, n["default"].split() if n["type"] in MULTI else [n["default"]]
            )
            if error is None and not _empty(value):
                out[n["name"]] = value
    return out


def _as_list(v: Any) -> list[str]:
    if isinstance(v, list):
        return [str(x) for x in v]
    return [str(v)] if v not in (None, "") else []


# ---------------------------------------------------------------- parsing posted values

MULTI = {"select_multiple", "rank"}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?$")


def clean_text(raw: str) -> str:
    return _CONTROL.sub("", raw.replace("\r\n", "\n"))


def _number(text: str) -> float | None:
    t = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    return float(t) if _DEC.match(t) else None


def parse_value(node: Node, raw: list[str]) -> tuple[Any, str | None]:
    """(value, type error or None) for the raw posted strings of one question."""
    qtype = node["type"]
    if qtype in MULTI:
        values = [clean_text(r).strip()[:500] for r in raw if r.strip()]
        if qtype == "rank" and len(set(values)) != len(values):
            return None, _("Give each item its own place.")
        return list(dict.fromkeys(values)), None
    if qtype == "geopoint":
        return _geopoint(raw)
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
    if qtype in ("decimal", "range"):
        number = _number(text)
        if number is None:
            return None, _("Enter a number.")
        if qtype == "range":
            return _range_value(node, number)
        return number, None
    if qtype == "date":
        try:
            return dt.date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, _("Enter a date as YYYY-MM-DD.")
    if qtype == "time":
        m = _TIME.match(text)
        if not m:
            return None, _("Enter a time as HH:MM.")
        return f"{int(m.group(1)):02d}:{m.group(2)}", None
    if qtype == "datetime":
        try:
            moment = dt.datetime.fromisoformat(text.replace(" ", "T"))
        except ValueError:
            return None, _("Enter a date and time as YYYY-MM-DD HH:MM.")
        return moment.replace(second=0, microsecond=0, tzinfo=None).isoformat(
            timespec="minutes"
        ), None
    if qtype == "acknowledge":
        return ("OK" if text else None), None
    return text[:500], None  # select_one


def _range_value(node: Node, number: float) -> tuple[Any, str | None]:
    r = node.get("range") or {"start": 1.0, "end": 10.0, "step": 1.0}
    low, high = sorted((r["start"], r["end"]))
    steps = (number - r["start"]) / r["step"]
    if not low <= number <= high or abs(steps - round(steps)) > 1e-9:
        return None, _("Choose a value from %(low)s to %(high)s in steps of %(step)s.") % {
            "low": xpath.to_string(low),
            "high": xpath.to_string(high),
            "step": xpath.to_string(abs(r["step"])),
        }
    return (int(number) if float(number).is_integer() else number), None


def _geopoint(raw: list[str]) -> tuple[Any, str | None]:
    """``lat lon [alt acc]`` (ODK's form); posted as one text or as latitude, longitude."""
    parts = " ".join(clean_text(r) for r in raw).replace(",", " ").split()
    if not parts:
        return None, None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except (IndexError, ValueError):
        return None, _("Enter a latitude and a longitude in decimal degrees.")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, _("Latitude is from -90 to 90 and longitude from -180 to 180.")
    return f"{lat:.6f} {lon:.6f} 0 0", None


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


#: questions a respondent answers (the others are shown or computed)
ANSWERED = INPUT_TYPES


def read_page(
    form: Form,
    page: Page,
    answers: Answers,
    post: Mapping[str, list[str]],
    files: Mapping[str, Any] | None = None,
) -> PageInput:
    """Merge the posted values of ``page`` into a copy of ``answers``. ``files``: uploads
    already stored, by field key (``{"name", "file", "size", "type"}``)."""
    out: Answers = _copy(answers)
    raw: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    files = files or {}

    def take(node: Node, target: dict[str, Any], key: str) -> None:
        if node["type"] in ("file", "image"):
            if key in files:
                target[node["name"]] = files[key]
            elif (post.get(f"{key}.clear") or [""])[-1]:
                target.pop(node["name"], None)
            return
        if node["type"] == "geopoint" and key not in post:
            values = [*post.get(f"{key}.lat", []), *post.get(f"{key}.lon", [])]
            values = [" ".join(values)] if any(v.strip() for v in values) else []
        else:
            values = list(post.get(key, []))
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

    def walk_page(nodes: list[Node], target: dict[str, Any], scope: Scope) -> None:
        for n in nodes:
            if n["kind"] == "group":
                walk_page(n["children"], target, scope)
            elif n["kind"] == "repeat":
                prefix = key_of(n["name"], scope)
                old = _instances(target, n["name"])
                count = len(old) if n.get("repeat_count") else repeat_count(post, prefix, len(old))
                instances = [old[j] if j < len(old) else {} for j in range(count)]
                for j, inst in enumerate(instances):
                    walk_page(n["children"], inst, (*scope, (n["name"], j, inst)))
                target[n["name"]] = instances
            elif n["type"] in ANSWERED and not n.get("read_only"):
                take(n, target, key_of(n["name"], scope))

    walk_page(page.nodes, out, ())
    return PageInput(out, raw, errors)


def find_repeat(form: Form, answers: Answers, path: str) -> tuple[dict[str, Any], str] | None:
    """The answer box holding the instances of the repeat at ``path`` (``r`` or
    ``outer.1.inner``) and the repeat's name; None when the path is not one."""
    parts = path.split(".")
    box: dict[str, Any] = answers
    while len(parts) > 1:
        rep, idx = parts[0], parts[1]
        items = _instances(box, rep)
        if not idx.isdigit() or int(idx) >= len(items):
            return None
        box, parts = items[int(idx)], parts[2:]
    if len(parts) != 1:
        return None
    node = form.by_name.get(parts[0])
    if node is None or node["kind"] != "repeat" or node.get("repeat_count"):
        return None
    return box, parts[0]


# ---------------------------------------------------------------- validation


def validate_question(
    form: Form, ev: Evaluator, node: Node, lang: str, instance: Any
) -> str | None:
    """The error message for one relevant question, or None."""
    scope = _scope(instance)
    source = ev.container(scope)
    value = source.get(node["name"])
    if node["type"] in ("note", "calculate", "hidden"):
        return None
    if _empty(value):
        if node.get("required") and ev.truth(node["required"], scope, None, default=False):
            return form.text(node.get("required_message"), lang) or _("This question is required.")
        return None
    if node["type"] in ("select_one", "select_multiple", "rank"):
        allowed = {c["name"] for c in ev.choices(node, scope)}
        if node.get("or_other"):
            allowed.add("other")
        if any(v not in allowed for v in _as_list(value)):
            return _("Select a valid choice.")
        if node["type"] == "rank" and set(_as_list(value)) != allowed:
            return _("Put every item in order.")
        if (
            node.get("or_other")
            and "other" in _as_list(value)
            and not source.get(f"{node['name']}_other")
        ):
            return _("Please specify the other answer.")
    if node.get("constraint") and not ev.truth(node["constraint"], scope, value):
        return form.text(node.get("constraint_message"), lang) or _("This answer is not valid.")
    return None


def validate_nodes(
    form: Form, answers: Answers, nodes: list[Node], lang: str, today: dt.date | None = None
) -> dict[str, str]:
    """Errors by field key for the relevant questions among ``nodes`` (and their children)."""
    ev = Evaluator(form, answers, today or dt.date.today(), lang)
    errors: dict[str, str] = {}
    for v in visit(ev, nodes):
        if v.node["kind"] == "question":
            msg = validate_question(form, ev, v.node, lang, v.scope)
            if msg:
                errors[v.key] = msg
    return errors


def validate_all(
    form: Form,
    answers: Answers,
    lang: str,
    today: dt.date | None = None,
) -> dict[int, dict[str, str]]:
    """Errors by page index (only pages with errors), for submitting."""
    ev = Evaluator(form, answers, today or dt.date.today(), lang)
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
    return [
        v.key
        for v in visit(ev, nodes)
        if v.node["kind"] == "question" and v.node["type"] not in ("note", "calculate", "hidden")
    ]


def next_page(form: Form, answers: Answers, index: int, step: int = 1) -> int | None:
    """The next (or previous, ``step=-1``) relevant page after ``index``; None at the end."""
    ev = Evaluator(form, answers)
    i = index + step
    while 0 <= i < len(form.pages):
        if ev.page_relevant(form.pages[i]):
            return i
        i += step
    return None
