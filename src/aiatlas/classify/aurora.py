"""Aurora SDG queries (Scopus syntax): parse once, then match fast against tokenised text.

The Aurora Universities Network queries (CC BY 4.0, see ``data/aurora-queries/LICENSE.md``)
describe each SDG target with Scopus ``TITLE-ABS-KEY`` query lines: quoted phrases with
``*`` suffix wildcards, ``OR``, ``W/n`` and ``PRE/n`` proximity, ``AND``, ``AND NOT`` and
parentheses. Scopus precedence is used: ``OR`` binds tightest, then proximity, then ``AND``,
then ``AND NOT``.

Matching works on the text's tokens: each distinct query word (an *atom*, exact or prefix)
is looked up once per distinct token of the text, giving the positions of every atom; the
compiled query trees then combine position spans. The same engine runs the hand-written
lexicon (``lexicon.py``), which is written in the same syntax.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from xml.etree import ElementTree

_AQD = "{http://aurora-network.global/queries/namespace/}"
_DC = "{http://dublincore.org/documents/dcmi-namespace/}"
_TOKEN = re.compile(r"[^\W_]+")
_QUERY_TOKEN = re.compile(
    r'\s*(?:(?P<phrase>"[^"]*")|(?P<lpar>\()|(?P<rpar>\))|(?P<andnot>AND\s+NOT\b)|'
    r"(?P<and>AND\b)|(?P<or>OR\b)|(?P<prox>(?:W|PRE)/\d+)|(?P<word>[^\s()\"]+))"
)

Span = tuple[int, int]


class QuerySyntaxError(ValueError):
    """A query line that this parser does not understand."""


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens; punctuation (hyphens, apostrophes, dots) separates words."""
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class Term:
    """A quoted phrase: one or more words, each exact or a prefix (``develop*``)."""

    words: tuple[tuple[str, bool], ...]
    atoms: tuple[int, ...] = ()

    def text(self) -> str:
        return " ".join(w + ("*" if prefix else "") for w, prefix in self.words)


@dataclass(frozen=True)
class Op:
    kind: str  # "or", "and", "andnot", "near", "pre"
    children: tuple[Node, ...]
    distance: int = 0


Node = Term | Op


def _lex(query: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos, query = 0, query.strip()
    while pos < len(query):
        match = _QUERY_TOKEN.match(query, pos)
        if not match or match.end() == pos:
            raise QuerySyntaxError(f"unexpected text at {pos}: {query[pos : pos + 20]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(query) and query[pos].isspace():
            pos += 1
    return out


class _Parser:
    """Recursive descent: andnot := and (AND NOT and)*; and := prox (AND prox)*;
    prox := or ((W|PRE)/n or)*; or := primary (OR primary)*; primary := ( andnot ) | term."""

    def __init__(self, query: str) -> None:
        self.tokens = _lex(query)
        self.pos = 0

    def peek(self) -> str:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else "end"

    def take(self) -> tuple[str, str]:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node:
        node = self.andnot()
        if self.peek() != "end":
            raise QuerySyntaxError(f"unexpected {self.tokens[self.pos][1]!r}")
        return node

    def andnot(self) -> Node:
        node = self.and_()
        while self.peek() == "andnot":
            self.take()
            node = Op("andnot", (node, self.and_()))
        return node

    def and_(self) -> Node:
        return self.joined("and", self.prox)

    def prox(self) -> Node:
        node = self.or_()
        while self.peek() == "prox":
            op, n = self.take()[1].split("/")
            node = Op("near" if op == "W" else "pre", (node, self.or_()), int(n))
        return node

    def or_(self) -> Node:
        return self.joined("or", self.primary)

    def joined(self, op: str, operand: Callable[[], Node]) -> Node:
        """Operands read by ``operand`` joined by ``op``: one ``Op`` of them all, or the
        operand alone when there is no ``op``."""
        children = [operand()]
        while self.peek() == op:
            self.take()
            children.append(operand())
        return children[0] if len(children) == 1 else Op(op, tuple(children))

    def primary(self) -> Node:
        kind = self.peek()
        if kind == "lpar":
            self.take()
            node = self.andnot()
            if self.peek() != "rpar":
                raise QuerySyntaxError("missing closing parenthesis")
            self.take()
            return node
        if kind in ("phrase", "word"):
            raw = self.take()[1].strip('"')
            words = tuple(
                (w.rstrip("*"), w.endswith("*"))
                for w in raw.lower().replace("*", "* ").split()
                for w in _split_word(w)
            )
            if not words:
                raise QuerySyntaxError("empty phrase")
            return Term(words)
        raise QuerySyntaxError(f"expected a term, got {kind}")


def _split_word(word: str) -> list[str]:
    """``non-native`` -> ``non``, ``native``; keeps a trailing ``*`` on the last part."""
    star = word.endswith("*")
    parts = tokenize(word)
    if star and parts:
        parts[-1] += "*"
    return parts


def parse(query: str) -> Node:
    """Parse one Scopus query line into a tree (raises :class:`QuerySyntaxError`)."""
    return _Parser(query).parse()


@dataclass(frozen=True)
class QueryLine:
    """One query line of a target (or of a lexicon entry), compiled."""

    goal: int
    target: str
    source: str
    tree: Node
    #: necessary condition: each set must share an atom with the text (a cheap prefilter)
    needs: tuple[frozenset[int], ...] = ()


@dataclass
class Matcher:
    """Compiled query lines with a shared atom table; :meth:`match` finds the lines that fire."""

    lines: list[QueryLine]
    exact: dict[str, list[int]] = field(default_factory=dict)
    prefix: dict[str, list[int]] = field(default_factory=dict)
    unparsed: list[tuple[str, str, str]] = field(default_factory=list)
    _atom_ids: dict[tuple[str, bool], int] = field(default_factory=dict)
    _prefix_lengths: tuple[int, ...] = ()
    _by_atom: dict[int, list[int]] = field(default_factory=dict)
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def compile(cls, raw: Iterable[tuple[int, str, str]]) -> Matcher:
        """Compile ``(goal, target, query_text)`` triples; unparsable ones go to ``unparsed``."""
        matcher = cls(lines=[])
        for goal, target, source in raw:
            try:
                tree = matcher._bind(parse(source))
            except QuerySyntaxError as exc:
                matcher.unparsed.append((target, source, str(exc)))
                continue
            needs = tuple(sorted(set(_needs(tree)), key=len))
            matcher.lines.append(QueryLine(goal, target, " ".join(source.split()), tree, needs))
        matcher._prefix_lengths = tuple(sorted({len(p) for p in matcher.prefix}))
        for index, line in enumerate(matcher.lines):
            for atom in line.needs[0]:
                matcher._by_atom.setdefault(atom, []).append(index)
        return matcher

    def _bind(self, node: Node) -> Node:
        if isinstance(node, Op):
            return Op(node.kind, tuple(self._bind(c) for c in node.children), node.distance)
        atoms = []
        for word in node.words:
            if word not in self._atom_ids:
                atom = self._atom_ids[word] = len(self._atom_ids)
                (self.prefix if word[1] else self.exact).setdefault(word[0], []).append(atom)
            atoms.append(self._atom_ids[word])
        return Term(node.words, tuple(atoms))

    def _token_atoms(self, tok: str) -> tuple[int, ...]:
        exact, prefix = self.exact, self.prefix
        atoms: list[int] = list(exact.get(tok, ()))
        if tok.endswith("s") and len(tok) > 3:
            atoms += exact.get(tok[:-1], ())
            if tok.endswith("es"):
                atoms += exact.get(tok[:-2], ())
            if tok.endswith("ies"):
                atoms += exact.get(tok[:-3] + "y", ())
        for n in self._prefix_lengths:
            if n > len(tok):
                break
            atoms += prefix.get(tok[:n], ())
        return tuple(atoms)

    def positions(self, tokens: Sequence[str]) -> dict[int, list[int]]:
        """Positions of every atom in the tokens (exact words also match simple plurals)."""
        by_token: dict[str, list[int]] = {}
        for i, tok in enumerate(tokens):
            by_token.setdefault(tok, []).append(i)
        found: dict[int, list[int]] = {}
        cache = self._cache
        for tok, where in by_token.items():
            atoms = cache.get(tok)
            if atoms is None:
                atoms = self._token_atoms(tok)
                if len(cache) < 100_000:
                    cache[tok] = atoms
            for atom in atoms:
                found.setdefault(atom, []).extend(where)
        for where in found.values():
            where.sort()
        return found

    def match(self, tokens: Sequence[str]) -> list[tuple[QueryLine, list[Span]]]:
        """The lines that fire, each with the token spans that made it fire."""
        pos = self.positions(tokens)
        if not pos:
            return []
        present = set(pos)
        candidates: set[int] = set()
        for atom in present:
            candidates.update(self._by_atom.get(atom, ()))
        out = []
        for index in sorted(candidates):
            line = self.lines[index]
            if any(need.isdisjoint(present) for need in line.needs):
                continue
            spans = _eval(line.tree, pos, present)
            if spans:
                out.append((line, spans))
        return out


def _needs(node: Node) -> list[frozenset[int]]:
    """Sets of atoms of which the text must hold at least one each for ``node`` to match."""
    if isinstance(node, Term):
        return [frozenset([atom]) for atom in node.atoms]
    if node.kind == "andnot":
        return _needs(node.children[0])
    if node.kind == "or":
        return [frozenset().union(*(_atoms(c) for c in node.children))]
    return [need for child in node.children for need in _needs(child)]


def _atoms(node: Node) -> frozenset[int]:
    if isinstance(node, Term):
        return frozenset(node.atoms[:1])
    if node.kind == "andnot":
        return _atoms(node.children[0])
    return frozenset().union(*(_atoms(c) for c in node.children))


def _eval(node: Node, pos: dict[int, list[int]], present: set[int]) -> list[Span]:
    if isinstance(node, Term):
        atoms = node.atoms
        if atoms[0] not in present:
            return []
        first = pos[atoms[0]]
        if len(atoms) == 1:
            return [(p, p) for p in first]
        if not present.issuperset(atoms):
            return []
        rest = [set(pos[a]) for a in atoms[1:]]
        n = len(atoms) - 1
        return [(p, p + n) for p in first if all(p + k + 1 in s for k, s in enumerate(rest))]
    kind = node.kind
    if kind == "or":
        spans: list[Span] = []
        for child in node.children:
            spans += _eval(child, pos, present)
        return sorted(set(spans)) if len(node.children) > 1 else spans
    if kind == "and":
        spans = []
        for child in node.children:
            got = _eval(child, pos, present)
            if not got:
                return []
            spans += got
        return sorted(set(spans))
    if kind == "andnot":
        left = _eval(node.children[0], pos, present)
        if not left or _eval(node.children[1], pos, present):
            return []
        return left
    left = _eval(node.children[0], pos, present)
    if not left:
        return []
    right = _eval(node.children[1], pos, present)
    return _near(left, right, node.distance, ordered=kind == "pre") if right else []


def _near(left: list[Span], right: list[Span], n: int, ordered: bool) -> list[Span]:
    """Pairs of spans with at most ``n`` words between them (any order unless ``ordered``)."""
    right = sorted(right)
    starts = [s for s, _ in right]
    longest = max(e - s for s, e in right)
    out = set()
    for a0, a1 in left:
        lo = bisect_left(starts, a0 - n - 1 - longest)
        hi = bisect_right(starts, a1 + n + 1)
        for b0, b1 in right[lo:hi]:
            if b0 > a1:
                gap = b0 - a1 - 1
            elif a0 > b1 and not ordered:
                gap = a0 - b1 - 1
            else:
                continue
            if gap <= n:
                out.add((min(a0, b0), max(a1, b1)))
    return sorted(out)


def read_aurora() -> list[tuple[int, str, str]]:
    """``(goal, target, query line)`` for every line of the vendored Aurora query files."""
    folder = resources.files("aiatlas.classify") / "data" / "aurora-queries"
    out: list[tuple[int, str, str]] = []
    for goal in range(1, 18):
        # our own vendored files, not untrusted input
        root = ElementTree.fromstring((folder / f"query_SDG{goal}.xml").read_bytes())  # noqa: S314
        for definition in root.iter(f"{_AQD}query-definition"):
            target = str(goal)
            for ident in definition.iter(f"{_DC}identifier"):
                if ident.get("type") == "uri" and ident.text:
                    target = ident.text.strip().rsplit("/", 1)[-1]
            for line in definition.iter(f"{_AQD}query-line"):
                if line.text and line.text.strip():
                    out.append((goal, target, line.text))
    return out
