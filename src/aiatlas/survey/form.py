"""The stored form tree with an index: questions by name, pages, texts in a language,
parsed expressions (cached) and the evaluation order of calculations."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from aiatlas.survey import xpath
from aiatlas.survey.graph import topological

Node = dict[str, Any]
#: the types a respondent answers
INPUT_TYPES = {
    "text",
    "integer",
    "decimal",
    "select_one",
    "select_multiple",
    "rank",
    "range",
    "date",
    "time",
    "datetime",
    "acknowledge",
    "geopoint",
    "file",
    "image",
}


def walk(nodes: list[Node]) -> list[Node]:
    """Every node of a tree, depth first in document order: the one walk of the form tree
    (the reader, the index below and the exports use it)."""
    out: list[Node] = []
    stack = list(reversed(nodes))
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.get("children", [])))
    return out


@dataclass
class Page:
    index: int
    name: str
    label: dict[str, str]
    nodes: list[Node]
    relevant: str = ""


@dataclass
class Form:
    spec: dict[str, Any]
    _exprs: dict[tuple[str, bool], xpath.Node] = field(default_factory=dict, repr=False)
    _paths: dict[str, list[str]] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------- index

    @cached_property
    def nodes(self) -> list[Node]:
        return walk(self.spec.get("children", []))

    @cached_property
    def by_name(self) -> dict[str, Node]:
        return {n["name"]: n for n in self.nodes}

    @cached_property
    def parents(self) -> dict[str, Node | None]:
        out: dict[str, Node | None] = {}

        def walk(items: list[Node], parent: Node | None) -> None:
            for n in items:
                out[n["name"]] = parent
                walk(n.get("children", []), n)

        walk(self.spec.get("children", []), None)
        return out

    def repeat_of(self, name: str) -> str | None:
        """The innermost repeat around ``name`` (not ``name`` itself)."""
        path = self.repeat_path(name)
        return path[-1] if path else None

    def repeat_path(self, name: str) -> list[str]:
        """The repeats around ``name``, outermost first (not ``name`` itself)."""
        cached = self._paths.get(name)
        if cached is None:
            cached = self._paths[name] = [
                str(a["name"]) for a in self.ancestors(name) if a["kind"] == "repeat"
            ]
        return cached

    def ancestors(self, name: str) -> list[Node]:
        out: list[Node] = []
        p = self.parents.get(name)
        while p is not None:
            out.append(p)
            p = self.parents.get(p["name"])
        return out[::-1]

    @cached_property
    def questions(self) -> list[Node]:
        """Every question (not groups or repeats), in document order."""
        return [n for n in self.nodes if n["kind"] == "question"]

    @cached_property
    def repeats(self) -> list[Node]:
        return [n for n in self.nodes if n["kind"] == "repeat"]

    @cached_property
    def calc_order(self) -> list[str]:
        calcs = [q["name"] for q in self.questions if q.get("calculation")]
        deps = {
            q["name"]: xpath.references(self.expr(q["calculation"]))
            for q in self.questions
            if q.get("calculation")
        }
        return topological(calcs, deps)

    @cached_property
    def pages(self) -> list[Page]:
        """One page per top-level group or repeat; top-level questions between them are
        gathered on pages of their own."""
        pages: list[Page] = []
        loose: list[Node] = []

        def flush() -> None:
            if any(n.get("type") != "calculate" for n in loose):
                pages.append(
                    Page(
                        len(pages),
                        f"page-{len(pages) + 1}",
                        {"default": self.spec.get("title", "")},
                        list(loose),
                    )
                )
            loose.clear()

        for n in self.spec.get("children", []):
            if n["kind"] == "question":
                loose.append(n)
                continue
            flush()
            pages.append(
                Page(len(pages), n["name"], n.get("label", {}), [n], n.get("relevant", ""))
            )
        flush()
        return pages

    @property
    def languages(self) -> list[str]:
        return [x["code"] for x in self.spec.get("languages", [])]

    @property
    def default_language(self) -> str:
        return str(self.spec.get("default_language", "default"))

    def language_for(self, wanted: str | None) -> str:
        """The form language to show for a site language (``fr`` or ``fr-ca`` -> ``fr``)."""
        langs = self.languages
        if wanted:
            for cand in (wanted, wanted.split("-")[0]):
                if cand in langs:
                    return cand
        return self.default_language

    def text(self, texts: dict[str, str] | None, lang: str) -> str:
        """A text in ``lang``, else the default language, else untranslated, else any."""
        if not texts:
            return ""
        for key in (lang, self.default_language, "default"):
            if texts.get(key):
                return texts[key]
        return next(iter(texts.values()), "")

    def choices(self, node: Node) -> list[dict[str, Any]]:
        """The choices of a select or rank question (pyxform's list, or its CSV file)."""
        return list(self.spec.get("choices", {}).get(node.get("list", ""), []))

    def expr(self, text: str, columns: bool = False) -> xpath.Node:
        key = (text, columns)
        tree = self._exprs.get(key)
        if tree is None:
            tree = self._exprs[key] = xpath.parse(text, allow_columns=columns)
        return tree
