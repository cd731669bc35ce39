"""The XPath that XLSForm authors write, parsed and evaluated on the server.

A tokenizer and a recursive-descent parser turn an expression into a small AST; ``evaluate``
runs it against a context of answers. Anything outside the subset (paths, predicates,
unknown functions, namespaced names) raises ``XPathError`` with the reason, so a form is
refused at upload instead of misbehaving in front of a respondent.

Supported: ``${q}``, ``.``, numbers, 'strings', ``( )``, ``or and = != < <= > >=``,
``+ - * div mod``, unary minus and the functions in ``FUNCTIONS``. In a ``choice_filter``,
bare names (``region``) are the columns of the choices sheet.

Values follow XPath 1.0: ``=`` compares booleans if either side is one, else numbers if
either side is one, else strings; relational operators compare numbers; an empty answer is
the empty string (a number comparison with it is false).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Value = Any  # str | float | int | bool | date | list[str] | None


class XPathError(ValueError):
    """An expression that cannot be parsed or uses something outside the subset."""


# ---------------------------------------------------------------- AST


@dataclass(frozen=True)
class Literal:
    value: str | float


@dataclass(frozen=True)
class Ref:
    name: str  # ${name}


@dataclass(frozen=True)
class Current:
    pass  # .


@dataclass(frozen=True)
class Column:
    name: str  # a bare name: a choices-sheet column inside choice_filter


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg:
    operand: Node


Node = Literal | Ref | Current | Column | Call | BinOp | Neg

#: function name -> (min args, max args or None for any)
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "selected": (2, 2),
    "count-selected": (1, 1),
    "string-length": (1, 1),
    "regex": (2, 2),
    "today": (0, 0),
    "now": (0, 0),
    "if": (3, 3),
    "not": (1, 1),
    "true": (0, 0),
    "false": (0, 0),
    "number": (1, 1),
    "string": (1, 1),
    "int": (1, 1),
    "boolean": (1, 1),
    "round": (1, 2),
    "floor": (1, 1),
    "ceiling": (1, 1),
    "concat": (1, None),
    "contains": (2, 2),
    "starts-with": (2, 2),
    "ends-with": (2, 2),
    "coalesce": (2, 2),
    "count": (1, 1),
    "sum": (1, 1),
    "max": (1, 1),
    "min": (1, 1),
    "count-non-empty": (1, 1),
    "join": (2, 2),
    "selected-at": (2, 2),
    "substr": (2, 3),
    "substring-before": (2, 2),
    "substring-after": (2, 2),
    "translate": (3, 3),
    "normalize-space": (1, 1),
    "boolean-from-string": (1, 1),
    "pow": (2, 2),
    "abs": (1, 1),
    "sqrt": (1, 1),
    "date": (1, 1),
    "decimal-date-time": (1, 1),
    "format-date": (2, 2),
    "once": (1, 1),
    "position": (0, 0),
    "indexed-repeat": (3, 7),
    "jr:choice-name": (2, 2),
}

# ---------------------------------------------------------------- tokenizer

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<ref>\$\{\s*(?P<refname>[^}]*?)\s*\})
    | (?P<num>\d+(?:\.\d*)?|\.\d+)
    | (?P<str>'[^']*'|"[^"]*")
    | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)
    | (?P<dotdot>\.\.)
    | (?P<dot>\.)
    | (?P<name>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)
    | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_UNSUPPORTED_CHARS = {
    "/": "paths such as /data/q are not supported; write ${q}",
    "[": "predicates [ ] are not supported",
    "|": "the union operator | is not supported",
    "@": "attributes (@) are not supported",
    "$": "a reference must be written ${name}",
}


@dataclass
class Token:
    kind: str
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        kind = m.lastgroup or ""
        if kind == "refname":
            kind = "ref"
        start = m.start(kind if kind != "ref" else "ref")
        if kind == "bad":
            ch = m.group("bad")
            raise XPathError(_UNSUPPORTED_CHARS.get(ch, f"unexpected character {ch!r}"))
        if kind == "dotdot":
            if not (
                tokens
                and tokens[-1].text == "("
                and len(tokens) > 1
                and tokens[-2].text == "position"
            ):
                raise XPathError("parent references (..) are not supported; write ${q}")
            pos = m.end()
            continue
        if kind == "ref":
            name = m.group("refname")
            if not _NAME.match(name):
                raise XPathError(f"${{{name}}} is not a valid question reference")
            tokens.append(Token("ref", name, start))
        elif kind == "str":
            tokens.append(Token("str", m.group("str")[1:-1], start))
        else:
            tokens.append(Token(kind, m.group(kind), start))
        pos = m.end()
    return tokens


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str, allow_columns: bool) -> None:
        self.tokens = tokenize(text)
        self.i = 0
        self.allow_columns = allow_columns

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise XPathError("the expression ends too early")
        self.i += 1
        return tok

    def at_op(self, *ops: str) -> str | None:
        tok = self.peek()
        if tok is None:
            return None
        if tok.kind == "op" and tok.text in ops:
            return tok.text
        if tok.kind == "name" and tok.text in ops:  # and, or, div, mod in operator position
            return tok.text
        return None

    def parse(self) -> Node:
        if not self.tokens:
            raise XPathError("the expression is empty")
        node = self.binary(0)
        tok = self.peek()
        if tok is not None:
            raise XPathError(f"unexpected {tok.text!r} at position {tok.pos + 1}")
        return node

    _LEVELS: tuple[tuple[str, ...], ...] = (
        ("or",),
        ("and",),
        ("=", "!="),
        ("<", "<=", ">", ">="),
        ("+", "-"),
        ("*", "div", "mod"),
    )

    def binary(self, level: int) -> Node:
        if level == len(self._LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while (op := self.at_op(*self._LEVELS[level])) is not None:
            self.i += 1
            node = BinOp(op, node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        if self.at_op("-"):
            self.i += 1
            return Neg(self.unary())
        return self.primary()

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return Literal(float(tok.text))
        if tok.kind == "str":
            return Literal(tok.text)
        if tok.kind == "ref":
            return Ref(tok.text)
        if tok.kind == "dot":
            return Current()
        if tok.kind == "op" and tok.text == "(":
            node = self.binary(0)
            self.expect(")")
            return node
        if tok.kind == "name":
            nxt = self.peek()
            if nxt is not None and nxt.kind == "op" and nxt.text == "(":
                return self.call(tok.text)
            if ":" in tok.text:
                raise XPathError(f"namespaced name {tok.text!r} is not supported")
            if self.allow_columns:
                return Column(tok.text)
            raise XPathError(f"bare name {tok.text!r} is not supported; write ${{{tok.text}}}")
        raise XPathError(f"unexpected {tok.text!r} at position {tok.pos + 1}")

    def call(self, name: str) -> Node:
        self.take()  # (
        if name not in FUNCTIONS:
            raise XPathError(f"function {name!r} is not supported")
        args: list[Node] = []
        if not self.at_op(")"):
            args.append(self.binary(0))
            while self.at_op(","):
                self.i += 1
                args.append(self.binary(0))
        self.expect(")")
        low, high = FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            want = (
                str(low)
                if low == high
                else f"{low} or more"
                if high is None
                else f"{low} to {high}"
            )
            raise XPathError(f"function {name!r} takes {want} argument(s), got {len(args)}")
        if name == "indexed-repeat" and (
            len(args) % 2 == 0 or not all(isinstance(a, Ref) for a in args[0:2] + args[3::2])
        ):
            raise XPathError(
                "indexed-repeat takes ${question}, then pairs of ${repeat} and a position"
            )
        if name == "jr:choice-name" and not isinstance(args[1], Literal | Ref):
            raise XPathError("jr:choice-name takes a value and '${question}'")
        if name == "regex" and isinstance(args[1], Literal):
            try:
                re.compile(str(args[1].value))
            except re.error as exc:
                raise XPathError(f"regex pattern {args[1].value!r} is invalid: {exc}") from None
        return Call(name, tuple(args))

    def expect(self, text: str) -> None:
        tok = self.peek()
        if tok is None:
            raise XPathError(f"missing {text!r} at the end")
        if not (tok.kind == "op" and tok.text == text):
            raise XPathError(f"expected {text!r} at position {tok.pos + 1}, found {tok.text!r}")
        self.i += 1


def parse(text: str, *, allow_columns: bool = False) -> Node:
    """Parse ``text`` into an AST; raise ``XPathError`` with the reason."""
    return _Parser(text, allow_columns).parse()


def walk(node: Node) -> list[Node]:
    out: list[Node] = [node]
    if isinstance(node, Call):
        for a in node.args:
            out.extend(walk(a))
    elif isinstance(node, BinOp):
        out.extend(walk(node.left))
        out.extend(walk(node.right))
    elif isinstance(node, Neg):
        out.extend(walk(node.operand))
    return out


_CHOICE_REF = re.compile(r"^\s*\$\{\s*([A-Za-z_][\w.\-]*)\s*\}\s*$")


def choice_ref(node: Node) -> str | None:
    """The question named by the second argument of ``jr:choice-name``."""
    if isinstance(node, Ref):
        return node.name
    m = _CHOICE_REF.match(str(node.value)) if isinstance(node, Literal) else None
    return m.group(1) if m else None


def references(node: Node) -> set[str]:
    """The question names an expression reads (``${q}``, and the question of
    ``jr:choice-name(x, '${q}')``)."""
    out = {n.name for n in walk(node) if isinstance(n, Ref)}
    for n in walk(node):
        if isinstance(n, Call) and n.name == "jr:choice-name":
            ref = choice_ref(n.args[1])
            if ref:
                out.add(ref)
    return out


def columns(node: Node) -> set[str]:
    return {n.name for n in walk(node) if isinstance(n, Column)}


# ---------------------------------------------------------------- values

_EPOCH = dt.date(1970, 1, 1)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class NodeSet(list):  # type: ignore[type-arg]
    """The answers of one question across repeat instances (``${q}`` read from outside its
    repeat), or a repeat's instances: ``count``, ``sum``, ``max`` … take all of them; as a
    single value it is the first one, as in XPath."""


def to_string(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, NodeSet):
        return to_string(v[0]) if v else ""
    if isinstance(v, dict):
        return str(v.get("name", ""))
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(v, list):
        return " ".join(to_string(x) for x in v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def to_number(v: Value) -> float:
    if isinstance(v, NodeSet):
        return to_number(v[0]) if v else math.nan
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, dt.date):
        return (
            float((v - _EPOCH).days)
            if not isinstance(v, dt.datetime)
            else (v.timestamp() / 86400.0)
        )
    s = to_string(v).strip()
    if _ISO_DATE.match(s):
        try:
            return float((dt.date.fromisoformat(s) - _EPOCH).days)
        except ValueError:
            return math.nan
    try:
        return float(s) if s and s.lower() not in {"nan", "inf", "-inf", "infinity"} else math.nan
    except ValueError:
        return math.nan


def to_bool(v: Value) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return not math.isnan(v) and v != 0
    if isinstance(v, NodeSet):
        return bool(v)
    if isinstance(v, list):
        return bool(v)
    return bool(to_string(v))


def _items(v: Value) -> list[str]:
    if isinstance(v, NodeSet):
        return _items(v[0]) if v else []
    if isinstance(v, list):
        return [to_string(x) for x in v]
    return to_string(v).split()


# ---------------------------------------------------------------- evaluation


@dataclass
class Context:
    """What an expression sees: ``lookup(name)`` for ``${name}``, the current value for
    ``.``, the choice row for bare names, today's date and ``count(${repeat})``."""

    lookup: Callable[[str], Value]
    current: Value = None
    row: Mapping[str, str] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    #: ``indexed-repeat``: (question, [(repeat, 1-based position), ...]) -> value
    indexed: Callable[[str, list[tuple[str, int]]], Value] | None = None
    #: ``jr:choice-name``: (question, choice name) -> label in the respondent's language
    choice_label: Callable[[str, str], str] | None = None
    #: ``position(..)``: the 1-based position of the innermost repeat instance
    position: int = 0


def _compare(op: str, a: Value, b: Value) -> bool:
    if op in ("=", "!="):
        if isinstance(a, bool) or isinstance(b, bool):
            eq = to_bool(a) == to_bool(b)
        elif isinstance(a, int | float) or isinstance(b, int | float):
            eq = to_number(a) == to_number(b)
        else:
            eq = to_string(a) == to_string(b)
        return eq if op == "=" else not eq
    x, y = to_number(a), to_number(b)
    if math.isnan(x) or math.isnan(y):
        return False
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def _arith(op: str, a: Value, b: Value) -> float:
    x, y = to_number(a), to_number(b)
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "div":
        if y == 0:
            return math.nan if x == 0 or math.isnan(x) else math.copysign(math.inf, x)
        return x / y
    if y == 0 or math.isnan(x) or math.isnan(y):
        return math.nan
    return math.fmod(x, y)


def evaluate(node: Node, ctx: Context) -> Value:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Ref):
        return ctx.lookup(node.name)
    if isinstance(node, Current):
        return ctx.current
    if isinstance(node, Column):
        return ctx.row.get(node.name, "")
    if isinstance(node, Neg):
        return -to_number(evaluate(node.operand, ctx))
    if isinstance(node, BinOp):
        if node.op == "or":
            return to_bool(evaluate(node.left, ctx)) or to_bool(evaluate(node.right, ctx))
        if node.op == "and":
            return to_bool(evaluate(node.left, ctx)) and to_bool(evaluate(node.right, ctx))
        a, b = evaluate(node.left, ctx), evaluate(node.right, ctx)
        if node.op in ("=", "!=", "<", "<=", ">", ">="):
            return _compare(node.op, a, b)
        return _arith(node.op, a, b)
    return _call(node, ctx)


def _all(v: Value) -> list[Value]:
    return list(v) if isinstance(v, NodeSet) else [v]


def _format_date(v: Value, fmt: str) -> str:
    n = to_number(v)
    if math.isnan(n):
        return ""
    moment = dt.datetime(1970, 1, 1) + dt.timedelta(days=n)
    subs = {
        "%Y": f"{moment.year:04d}",
        "%y": f"{moment.year % 100:02d}",
        "%m": f"{moment.month:02d}",
        "%n": str(moment.month),
        "%d": f"{moment.day:02d}",
        "%e": str(moment.day),
        "%H": f"{moment.hour:02d}",
        "%h": str(moment.hour),
        "%M": f"{moment.minute:02d}",
        "%S": f"{moment.second:02d}",
    }
    return re.sub(r"%[YymndeHhMS]", lambda m: subs[m.group(0)], fmt)


def _call(node: Call, ctx: Context) -> Value:
    name = node.name
    if name == "if":
        cond = to_bool(evaluate(node.args[0], ctx))
        return evaluate(node.args[1] if cond else node.args[2], ctx)
    if name == "indexed-repeat":
        pairs = [
            (node.args[i].name, int(to_number(evaluate(node.args[i + 1], ctx)) or 0))  # type: ignore[union-attr]
            for i in range(1, len(node.args), 2)
        ]
        target = node.args[0].name  # type: ignore[union-attr]
        return ctx.indexed(target, pairs) if ctx.indexed else ""
    if name == "jr:choice-name":
        question = choice_ref(node.args[1])
        value = to_string(evaluate(node.args[0], ctx))
        if question is None or ctx.choice_label is None:
            return ""
        return ctx.choice_label(question, value)
    if name == "position":
        return float(ctx.position)
    args = [evaluate(a, ctx) for a in node.args]
    if name in ("sum", "max", "min"):
        nums = [to_number(x) for x in _all(args[0]) if to_string(x) != ""]
        if name == "sum":
            return float(sum(nums))
        if not nums or any(math.isnan(x) for x in nums):
            return math.nan
        return max(nums) if name == "max" else min(nums)
    if name == "count-non-empty":
        return float(sum(1 for x in _all(args[0]) if to_string(x) != ""))
    if name == "join":
        items = _all(args[1]) if isinstance(args[1], NodeSet) else _items(args[1])
        return to_string(args[0]).join(to_string(x) for x in items)
    if name == "selected-at":
        items = _items(args[0])
        i = to_number(args[1])
        return items[int(i)] if not math.isnan(i) and 0 <= int(i) < len(items) else ""
    if name == "substr":
        text = to_string(args[0])
        start = to_number(args[1])
        end = to_number(args[2]) if len(args) > 2 else len(text)
        if math.isnan(start) or math.isnan(end):
            return ""
        return text[max(int(start), 0) : max(int(end), 0)]
    if name in ("substring-before", "substring-after"):
        text, sep = to_string(args[0]), to_string(args[1])
        if sep not in text:
            return ""
        before, _sep, after = text.partition(sep)
        return before if name == "substring-before" else after
    if name == "translate":
        src, dst = to_string(args[1]), to_string(args[2])
        table = {
            ord(c): (dst[i] if i < len(dst) else None) for i, c in reversed(list(enumerate(src)))
        }
        return to_string(args[0]).translate(table)
    if name == "normalize-space":
        return " ".join(to_string(args[0]).split())
    if name == "boolean-from-string":
        return to_string(args[0]).strip() in ("true", "1")
    if name == "once":
        return args[0]
    if name == "date":
        n = to_number(args[0])
        if math.isnan(n):
            text = to_string(args[0])[:10]
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return ""
        return _EPOCH + dt.timedelta(days=math.floor(n))
    if name == "decimal-date-time":
        return to_number(args[0])
    if name == "format-date":
        return _format_date(args[0], to_string(args[1]))
    if name == "pow":
        try:
            return float(math.pow(to_number(args[0]), to_number(args[1])))
        except (OverflowError, ValueError):
            return math.nan
    if name == "selected":
        return to_string(args[1]).strip() in _items(args[0])
    if name == "count-selected":
        return float(len(_items(args[0])))
    if name == "string-length":
        return float(len(to_string(args[0])))
    if name == "regex":
        try:
            return re.search(to_string(args[1]), to_string(args[0])) is not None
        except re.error:
            return False
    if name == "today":
        return ctx.today
    if name == "now":
        return dt.datetime.now(dt.UTC)
    if name == "not":
        return not to_bool(args[0])
    if name in ("true", "false"):
        return name == "true"
    if name == "number":
        return to_number(args[0])
    if name == "string":
        return to_string(args[0])
    if name == "boolean":
        return to_bool(args[0])
    if name == "count":
        v = args[0]
        return float(len(v)) if isinstance(v, NodeSet) else float(bool(to_string(v)))
    if name == "concat":
        return "".join(to_string(a) for a in args)
    if name == "contains":
        return to_string(args[1]) in to_string(args[0])
    if name == "starts-with":
        return to_string(args[0]).startswith(to_string(args[1]))
    if name == "ends-with":
        return to_string(args[0]).endswith(to_string(args[1]))
    if name == "coalesce":
        return args[0] if to_string(args[0]) else args[1]
    x = to_number(args[0])
    if math.isnan(x) or math.isinf(x):
        return x
    if name == "int":
        return float(math.trunc(x))
    if name == "abs":
        return abs(x)
    if name == "sqrt":
        return math.sqrt(x) if x >= 0 else math.nan
    if name == "floor":
        return float(math.floor(x))
    if name == "ceiling":
        return float(math.ceil(x))
    # round(x, digits): half away from zero, as in ODK
    digits = int(to_number(args[1])) if len(args) > 1 else 0
    factor = 10.0**digits
    return math.copysign(math.floor(abs(x) * factor + 0.5) / factor, x)
