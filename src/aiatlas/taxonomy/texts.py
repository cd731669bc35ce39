"""Read the vendored SDG texts (plain Python, no Django): goals, targets, indicators.

The YAML files come from open-sdg/sdg-translations (MIT, see data/un-texts/LICENSE).
Keys look like ``3-title``, ``3-8-title`` and ``3-8-1-title``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

#: the six UN languages, as Django language codes, with the folder of their texts
LANGUAGE_DIRS = {"en": "en", "fr": "fr", "es": "es", "ar": "ar", "ru": "ru", "zh-hans": "zh-Hans"}

#: official SDG colours (UN Department of Global Communications guidelines)
GOAL_COLOURS = {
    1: "#E5243B",
    2: "#DDA63A",
    3: "#4C9F38",
    4: "#C5192D",
    5: "#FF3A21",
    6: "#26BDE2",
    7: "#FCC30B",
    8: "#A21942",
    9: "#FD6925",
    10: "#DD1367",
    11: "#FD9D24",
    12: "#BF8B2E",
    13: "#3F7E44",
    14: "#0A97D9",
    15: "#56C02B",
    16: "#00689D",
    17: "#19486A",
}

URI_BASE = "http://metadata.un.org/sdg/"

#: how each UN language abbreviates "Sustainable Development Goal N" on badges and short
#: titles: the terms of the UN's own SDG materials in each language ("ODD 13" in French,
#: "ЦУР 13" in Russian, "目标13" in Chinese); ``{n}`` is the goal's number
GOAL_LABELS = {
    "en": "SDG {n}",
    "fr": "ODD {n}",
    "es": "ODS {n}",
    "ar": "الهدف {n}",
    "ru": "ЦУР {n}",
    "zh-hans": "目标{n}",
}


def goal_label(number: int | str, language: str | None) -> str:
    """A goal's badge label in ``language``: "SDG 13", "ODD 13", "ЦУР 13" …"""
    lang = (language or "en").lower().replace("_", "-")
    if lang.startswith("zh"):
        lang = "zh-hans"
    pattern = GOAL_LABELS.get(lang) or GOAL_LABELS.get(lang.split("-")[0]) or GOAL_LABELS["en"]
    return pattern.format(n=int(number))


_KEY = re.compile(r"^(\d{1,2})(?:-([0-9a-z]{1,2}))?(?:-([0-9a-z]{1,2}))?-(title|short)$")


@dataclass(frozen=True)
class SdgTexts:
    """All texts of one kind of record, by code, then by language."""

    goals: dict[str, dict[str, str]]
    goal_short: dict[str, dict[str, str]]
    targets: dict[str, dict[str, str]]
    indicators: dict[str, dict[str, str]]


def _read(lang_dir: str, name: str) -> dict[str, str]:
    path = resources.files("aiatlas.taxonomy") / "data" / "un-texts" / lang_dir / name
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items() if v is not None}


@cache
def load_texts() -> SdgTexts:
    goals: dict[str, dict[str, str]] = {}
    short: dict[str, dict[str, str]] = {}
    targets: dict[str, dict[str, str]] = {}
    indicators: dict[str, dict[str, str]] = {}
    for lang, folder in LANGUAGE_DIRS.items():
        for name in ("global_goals.yml", "global_targets.yml", "global_indicators.yml"):
            for key, text in _read(folder, name).items():
                match = _KEY.match(key)
                if not match:
                    continue
                goal, target, indicator, field = match.groups()
                text = " ".join(text.split())
                if indicator:
                    indicators.setdefault(f"{goal}.{target}.{indicator}", {})[lang] = text
                elif target:
                    targets.setdefault(f"{goal}.{target}", {})[lang] = text
                elif field == "short":
                    short.setdefault(goal, {})[lang] = text
                else:
                    goals.setdefault(goal, {})[lang] = text
    return SdgTexts(goals=goals, goal_short=short, targets=targets, indicators=indicators)


@lru_cache(maxsize=4096)
def sort_key(code: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of SDG codes: 3.2 < 3.10 < 3.a (numbers before letters at each level)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))
