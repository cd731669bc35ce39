"""The reference lists of the governance app, read from ``data/reference.yaml``: the ten
UN principles, the White Paper's three focus areas, the institutional functions and the
lifecycle stages. Data, not code: the working group edits the file (docs/governance.md).
Pure Python (no database), so the questionnaire checker and the pages read one list."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"
REFERENCE_FORMAT = "aiatlas-governance-reference/1"


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


def _entries(data: dict[str, Any], kind: str) -> tuple[Entry, ...]:
    out = []
    for n, item in enumerate(data.get(kind) or [], start=1):
        if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
            raise ValueError(f"reference.yaml, {kind} #{n}: needs a code and a name")
        out.append(
            Entry(
                code=str(item["code"]),
                name=str(item["name"]),
                summary=str(item.get("summary", "")),
                number=int(item.get("number", n)),
            )
        )
    codes = [e.code for e in out]
    if len(set(codes)) != len(codes):
        raise ValueError(f"reference.yaml, {kind}: a code is used twice")
    return tuple(out)


@cache
def reference() -> Reference:
    data = yaml.safe_load((DATA / "reference.yaml").read_text("utf-8"))
    if data.get("format") != REFERENCE_FORMAT:
        raise ValueError(f"reference.yaml: format must be {REFERENCE_FORMAT}")
    return Reference(
        principles=_entries(data, "principles"),
        focus_areas=_entries(data, "focus_areas"),
        functions=_entries(data, "functions"),
        lifecycle_stages=_entries(data, "lifecycle_stages"),
    )
