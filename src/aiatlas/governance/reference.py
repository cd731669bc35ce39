"""The reference lists of the governance app, read from ``data/reference.yaml``: the ten
UN principles, the White Paper's three focus areas, the institutional functions and the
lifecycle stages. Data, not code: the working group edits the file (docs/governance.md).
Each name and summary is written in the six UN languages (governance/texts.py);
:func:`reference` gives the lists in the active language. Pure Python (no database), so
the questionnaire checker and the pages read one list."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aiatlas.governance import texts

DATA = Path(__file__).resolve().parent / "data"
REFERENCE_FORMAT = "aiatlas-governance-reference/2"
KINDS = ("principles", "focus_areas", "functions", "lifecycle_stages")
#: the lists whose entries carry a summary
WITH_SUMMARY = ("principles", "focus_areas")


class ReferenceFileError(texts.DataFileError, ValueError):
    """The reference file cannot be used."""


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    summary: str = ""
    number: int = 0


@dataclass(frozen=True)
class Reference:
    principles: tuple[Entry, ...]
    focus_areas: tuple[Entry, ...]
    functions: tuple[Entry, ...]
    lifecycle_stages: tuple[Entry, ...]

    def names(self, kind: str) -> dict[str, str]:
        return {e.code: e.name for e in getattr(self, kind)}

    def codes(self, kind: str) -> list[str]:
        return [e.code for e in getattr(self, kind)]


def _entries(
    data: dict[str, Any], kind: str, name: str, lang: str, problems: list[str]
) -> tuple[Entry, ...]:
    out = []
    for n, item in enumerate(data.get(kind) or [], start=1):
        if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
            problems.append(f"{name}, {kind} #{n}: needs a code and a name")
            continue
        where = f"{name}, {kind} #{n} ({item['code']})"
        out.append(
            Entry(
                code=str(item["code"]),
                name=texts.read(item["name"], f"{where}: name", problems, lang),
                summary=texts.read(
                    item.get("summary"), f"{where}: summary", problems, lang,
                    required=kind in WITH_SUMMARY,
                ),
                number=int(item.get("number", n)),
            )
        )  # fmt: skip
    codes = [e.code for e in out]
    if len(set(codes)) != len(codes):
        problems.append(f"{name}, {kind}: a code is used twice")
    return tuple(out)


def parse_reference(text: str, name: str = "reference.yaml", lang: str = "en") -> Reference:
    """The reference lists from YAML text, in ``lang``; every problem named, or none."""
    data = texts.load_mapping(text, name, ReferenceFileError)
    problems: list[str] = []
    if data.get("format") != REFERENCE_FORMAT:
        problems.append(f"{name}: format must be {REFERENCE_FORMAT}")
    lists = {kind: _entries(data, kind, name, lang, problems) for kind in KINDS}
    if problems:
        raise ReferenceFileError(problems)
    return Reference(**lists)


@cache
def _source() -> str:
    return (DATA / "reference.yaml").read_text("utf-8")


@cache
def _reference(lang: str) -> Reference:
    return parse_reference(_source(), "reference.yaml", lang)


def reference(lang: str | None = None) -> Reference:
    """The reference lists in ``lang`` (default: the active language)."""
    return _reference(lang or texts.language())
