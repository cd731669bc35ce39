"""Values as entities write them in their 2-pagers, read into the record's form.

Each reader takes the text written for one field and returns a :class:`Reading`: the value
(in the file schema's form: codes, years, lists) and, when part of the text could not be
understood or could mean two things, a message saying so. Plain Python, no Django:
countries come from the catalog's country table (and Babel's CLDR names when Babel is
installed), SDG names from the taxonomy's short titles in the six UN languages.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|2100)(?!\d)")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_OPEN_ENDED = re.compile(
    r"\b(open[\s-]*ended|ongoing|on[\s-]*going|present|continuing|continuous|indefinite|"
    r"no end|not (?:yet )?(?:defined|determined|applicable)|n/?a|none|tbd|tbc|to be determined|"
    r"permanent|current|today|now)\b",
    re.IGNORECASE,
)


@dataclass
class Reading:
    value: Any
    problem: str = ""  # why the text could not be read (wholly or in part)


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


# ---- scalars -------------------------------------------------------------------------

_STATUSES = {
    "ongoing": "ongoing active running current underway implementation operational live "
    "pilot piloting implementing",
    "completed": "completed complete finished concluded closed ended done delivered achieved "
    "termine terminado completado finalizado acheve",
    "planned": "planned planning upcoming preparation proposed forthcoming pipeline prevu "
    "planificado previsto",
    "discontinued": "discontinued cancelled canceled stopped terminated suspended abandoned "
    "halted annule cancelado",
}
# two-word phrases first: "not started", "in progress", "on going", "open ended" …
_STATUS_MULTI = [
    ("not yet started", "planned"),
    ("not started", "planned"),
    ("in preparation", "planned"),
    ("design phase", "planned"),
    ("in progress", "ongoing"),
    ("on going", "ongoing"),
    ("under way", "ongoing"),
    ("open ended", "ongoing"),
    ("being implemented", "ongoing"),
    ("en cours", "ongoing"),
    ("en curso", "ongoing"),
    ("em andamento", "ongoing"),
]


def read_status(text: str) -> Reading:
    folded = fold(text)
    found: set[str] = set()
    for phrase, key in _STATUS_MULTI:
        if re.search(rf"\b{phrase}\b", folded):
            found.add(key)
            folded = re.sub(rf"\b{phrase}\b", " ", folded)
    for word in folded.split():
        for key, words in _STATUSES.items():
            if word in words.split():
                found.add(key)
    if len(found) == 1:
        return Reading(found.pop())
    if not found:
        return Reading(
            None, f"“{text}” is not a status (planned, ongoing, completed, discontinued)"
        )
    return Reading(None, f"“{text}” names more than one status: {', '.join(sorted(found))}")


_KINDS = [
    ("focus group", "focus_group"),
    ("event series", "event_series"),
    ("series of events", "event_series"),
    ("dataset", "tool_or_dataset"),
    ("data set", "tool_or_dataset"),
    ("tool", "tool_or_dataset"),
    ("publication", "publication"),
    ("report", "publication"),
    ("initiative", "initiative"),
    ("programme", "initiative"),
    ("program", "initiative"),
    ("project", "project"),
]


def read_kind(text: str) -> Reading:
    folded = fold(text).replace("_", " ")
    found = {key for phrase, key in _KINDS if re.search(rf"\b{phrase}s?\b", folded)}
    if len(found) == 1:
        return Reading(found.pop())
    if not found:
        return Reading(None, f"“{text}” is not a kind of activity")
    return Reading(None, f"“{text}” names more than one kind: {', '.join(sorted(found))}")


@dataclass
class Years:
    start: int | None = None
    end: int | None = None
    open_ended: bool = False


def read_years(text: str) -> tuple[list[int], bool]:
    """The years written in ``text`` ("December 2023", "2021–2024", "since 2019") and
    whether it says the work has no end ("Open-ended", "ongoing", "present")."""
    return [int(y) for y in YEAR.findall(text)], bool(_OPEN_ENDED.search(text))


def read_start_year(text: str) -> tuple[Reading, int | None]:
    """The start year, and an end year when ``text`` is a range ("2021–2024")."""
    years, _open_ended = read_years(text)
    if len(years) == 1:
        return Reading(years[0]), None
    if len(years) == 2 and years[0] <= years[1]:
        return Reading(years[0]), years[1]
    if not years:
        return Reading(None, f"“{text}” holds no year"), None
    return Reading(None, f"“{text}” holds several years: which one is the start?"), None


def read_end_year(text: str) -> Reading:
    """The end year; None (read) when the text says the work is open-ended."""
    years, open_ended = read_years(text)
    if len(years) == 1:
        return Reading(years[0])
    if not years and open_ended:
        return Reading(None)
    if len(years) == 2 and years[0] <= years[1]:
        return Reading(years[1])
    if not years:
        return Reading(None, f"“{text}” holds no year (write “Open-ended” when there is none)")
    return Reading(None, f"“{text}” holds several years: which one is the end?")


def read_period(text: str) -> tuple[Reading, Reading]:
    """(start, end) from a period such as "2021–2024", "2022 - present", "since 2019"."""
    years, _open_ended = read_years(text)
    if len(years) == 1:
        return Reading(years[0]), Reading(None)
    if len(years) == 2 and years[0] <= years[1]:
        return Reading(years[0]), Reading(years[1])
    message = f"“{text}” is not a period such as 2021–2024"
    return Reading(None, message), Reading(None, message)


def read_yes_no(text: str) -> Reading:
    folded = fold(text)
    if folded in {"yes", "y", "true", "1", "oui", "si", "ok", "public", "da"}:
        return Reading(True)
    if folded in {"no", "n", "false", "0", "non", "private", "net"}:
        return Reading(False)
    return Reading(None, f"“{text}” is not yes or no")


# ---- lists ---------------------------------------------------------------------------

_SPLIT = re.compile(r"\s*(?:;|\n|\u2022|\|)\s*")


def split_items(text: str, *, commas: bool = True) -> list[str]:
    """Items of a list written on one line ("WHO, UNICEF; ITU") or on several."""
    parts = [p for p in _SPLIT.split(text) if p.strip()]
    if commas:
        parts = [q for p in parts for q in re.split(r"\s*,\s*", p) if q.strip()]
    return [p.strip(" .\t-–—*·") for p in parts if p.strip(" .\t-–—*·")]


def read_domains(text: str) -> Reading:
    items = [re.sub(r"\s+", " ", i) for i in split_items(text)]
    out: list[str] = []
    for item in items:
        pieces = re.split(r"\s+/\s+", item)
        if len(item) > 40:
            pieces = [q for piece in pieces for q in re.split(r"\s+and\s+|\s*/\s*", piece)]
        for part in pieces:
            if part and part.casefold() not in {o.casefold() for o in out}:
                out.append(part[:100])
    return Reading(out)


# SDGs --------------------------------------------------------------------------------

_SDG_WORDS = frozenset(
    [
        "sdg",
        "sdgs",
        "goal",
        "goals",
        "odd",
        "ods",
        "objectif",
        "objectifs",
        "objetivo",
        "objetivos",
        "цур",
        "цель",
        "sustainable",
        "development",
        "and",
        "the",
        "of",
        "for",
        "no",
    ]
)
_SDG_NUMBER = re.compile(
    r"(?:\b(?:sdgs?|goals?|odds?|ods|цур|目标)\s*#?\s*|(?:^|(?<=[\s,;/(]))#?)(\d{1,2})(?![\d.,]\d)"
)


@cache
def _goal_names() -> list[tuple[str, int]]:
    from aiatlas.taxonomy.texts import load_texts

    texts = load_texts()
    names: list[tuple[str, int]] = []
    for code, by_lang in texts.goal_short.items():
        for name in by_lang.values():
            names.append((fold(name), int(code)))
    for code, by_lang in texts.goals.items():
        if "en" in by_lang:
            names.append((fold(by_lang["en"]), int(code)))
    extra = {
        "reduced inequality": 10,
        "partnership for the goals": 17,
        "partnerships for the goals": 17,
        "good health and wellbeing": 3,
        "good health": 3,
        "well being": 3,
        "clean water": 6,
        "clean energy": 7,
        "decent work": 8,
        "sustainable cities": 11,
        "responsible consumption": 12,
        "strong institutions": 16,
    }
    names += [(name, code) for name, code in extra.items()]
    return sorted({n for n in names if n[0]}, key=lambda n: -len(n[0]))


@cache
def _goal_tokens() -> frozenset[str]:
    return frozenset(t for name, _ in _goal_names() for t in name.split())


def _goals_in(item: str) -> tuple[set[int], set[int], str]:
    """(numbers, goals named in words, what is left) of one item."""
    numbers = {int(n) for n in _SDG_NUMBER.findall(item.casefold())}
    folded = fold(re.sub(r"\d", " ", item))
    named: set[int] = set()
    for name, code in _goal_names():
        if re.search(rf"(?:^| ){re.escape(name)}(?: |$)", folded):
            named.add(code)
            folded = re.sub(rf"(?:^| ){re.escape(name)}(?= |$)", " ", folded)
    left = [w for w in folded.split() if w not in _SDG_WORDS]
    return numbers, named, " ".join(left)


def read_goals(text: str) -> Reading:
    """SDG goals written as numbers ("SDG 3", "3, 4", "Goal 13") or names in any of the six
    UN languages ("Good Health and Well-being", "Santé"), or both ("SDG 11 – Sustainable
    Cities and Communities"); numbers of targets (3.8) are not goals."""
    goals: list[int] = []
    unclear: list[str] = []
    for item in split_items(text, commas=False):
        numbers, named, left = _goals_in(item)
        numbers = {n for n in numbers if 1 <= n <= 17}
        if numbers and named and not named <= numbers:
            unclear.append(f"“{item}” (the number and the name are different goals)")
            continue
        found = numbers or named
        if not found:
            unclear.append(f"“{item}”")
            continue
        if left and not set(left.split()) <= _goal_tokens():
            unclear.append(f"“{item}” (not sure what “{left}” means)")
        goals.extend(sorted(found - set(goals)))
    value = [{"code": str(g), "source": "submitter", "evidence": ""} for g in goals]
    if unclear:
        return Reading(value, "not read as SDGs: " + "; ".join(unclear))
    return Reading(value)


_TARGET = re.compile(r"(?<![\d.])(1[0-7]|[1-9])\.(\d{1,2}|[a-z])(?![\w.])", re.IGNORECASE)


def read_targets(text: str) -> Reading:
    codes: list[str] = []
    for goal, target in _TARGET.findall(text):
        code = f"{goal}.{target.lower()}"
        if code not in codes:
            codes.append(code)
    value = [{"code": c, "source": "submitter", "evidence": ""} for c in codes]
    return Reading(value, "" if codes else f"“{text}” holds no SDG target such as 3.8")


# countries and regions -----------------------------------------------------------------

_ALIASES = {
    "usa": "USA",
    "us": "USA",
    "united states of america": "USA",
    "america": "USA",
    "uk": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "england": "GBR",
    "vietnam": "VNM",
    "turkey": "TUR",
    "russia": "RUS",
    "syria": "SYR",
    "laos": "LAO",
    "ivory coast": "CIV",
    "cote divoire": "CIV",
    "south korea": "KOR",
    "republic of korea": "KOR",
    "north korea": "PRK",
    "tanzania": "TZA",
    "drc": "COD",
    "dr congo": "COD",
    "democratic republic of the congo": "COD",
    "democratic republic of congo": "COD",
    "republic of the congo": "COG",
    "czech republic": "CZE",
    "swaziland": "SWZ",
    "cape verde": "CPV",
    "burma": "MMR",
    "moldova": "MDA",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "iran": "IRN",
    "palestine": "PSE",
    "state of palestine": "PSE",
    "holland": "NLD",
    "the netherlands": "NLD",
    "uae": "ARE",
    "east timor": "TLS",
    "macedonia": "MKD",
    "micronesia": "FSM",
}
_AMBIGUOUS = {"korea": ("KOR", "PRK"), "congo": ("COG", "COD"), "guinea": ("GIN",)}
_WORLD = {"global", "worldwide", "world", "world wide", "international", "all countries"}


@cache
def _countries() -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    """(folded name or code -> alpha-3, alpha-3 codes, folded region name or code -> code)."""
    names: dict[str, str] = {}
    codes: set[str] = set()
    data = resources.files("aiatlas.catalog") / "data"
    with (data / "countries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            alpha3 = row["alpha3"]
            codes.add(alpha3)
            names[fold(row["name"])] = alpha3
            short, _comma, qualifier = row["name"].partition(", ")
            short = short.split(" (")[0]
            names.setdefault(fold(short), alpha3)
            if qualifier:  # "Tanzania, United Republic of" -> "United Republic of Tanzania"
                names.setdefault(fold(f"{qualifier} {short}"), alpha3)
            names[alpha3.lower()] = alpha3
            names[row["alpha2"].lower()] = alpha3
    try:  # CLDR names in the six UN languages, when Babel is installed
        from babel import Locale

        alpha2_to_3 = {k.upper(): v for k, v in names.items() if len(k) == 2}
        for lang in ("en", "fr", "es", "ar", "ru", "zh"):
            for alpha2, name in Locale.parse(lang).territories.items():
                if alpha2 in alpha2_to_3:
                    names.setdefault(fold(name), alpha2_to_3[alpha2])
    except ImportError:
        pass
    names.update({fold(k): v for k, v in _ALIASES.items()})
    for key in _AMBIGUOUS:
        names.pop(key, None)
    regions: dict[str, str] = {}
    with (data / "regions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            regions[fold(row["name"])] = row["code"]
            regions[row["code"]] = row["code"]
    for word in _WORLD:
        regions[word] = "001"
    return names, frozenset(codes), regions


def country_code(text: str) -> str | None:
    """The alpha-3 code of one country written as a name, alias or ISO code, else None."""
    names, _codes, _regions = _countries()
    folded = fold(text)
    return names.get(folded[4:] if folded.startswith("the ") else folded)


def country_name(code: str) -> str:
    """The English short name of an ISO alpha-3 code (the code itself when unknown)."""
    return _names_by_code().get(code, code)


@cache
def _names_by_code() -> dict[str, str]:
    data = resources.files("aiatlas.catalog") / "data"
    with (data / "countries.csv").open(encoding="utf-8") as handle:
        return {row["alpha3"]: row["name"] for row in csv.DictReader(handle)}


@cache
def region_names() -> dict[str, str]:
    data = resources.files("aiatlas.catalog") / "data"
    with (data / "regions.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def read_places(text: str) -> tuple[Reading, Reading]:
    """(countries, regions) from names or ISO codes ("Kenya, Uganda", "KEN", "Global",
    "Sub-Saharan Africa"); a name that fits two countries ("Korea") is reported."""
    names, _codes, regions = _countries()
    countries: list[str] = []
    found_regions: list[str] = []
    unclear: list[str] = []
    items = split_items(text, commas=True)
    items = [p.strip() for i in items for p in re.split(r"\s+and\s+|\s*&\s*", i) if p.strip()]
    for item in items:
        folded = fold(re.sub(r"\([^)]*\)", " ", item))
        folded = folded[4:] if folded.startswith("the ") else folded
        if folded in names:
            code = names[folded]
            if code not in countries:
                countries.append(code)
        elif folded in regions:
            code = regions[folded]
            if code not in found_regions:
                found_regions.append(code)
        elif folded in _AMBIGUOUS:
            options = " or ".join(_names_by_code().get(c, c) for c in _AMBIGUOUS[folded])
            unclear.append(f"“{item}” ({options}?)")
        else:
            unclear.append(f"“{item}”")
    message = "not read as a country or region: " + "; ".join(unclear) if unclear else ""
    return Reading(countries, message), Reading(found_regions, message)


# technologies ----------------------------------------------------------------------

_TECHNOLOGIES = [
    ("natural language processing", "nlp"),
    ("large language model", "generative_ai"),
    ("language model", "generative_ai"),
    ("generative", "generative_ai"),
    ("genai", "generative_ai"),
    ("llm", "generative_ai"),
    ("gpt", "generative_ai"),
    ("nlp", "nlp"),
    ("text mining", "nlp"),
    ("text analysis", "nlp"),
    ("chatbot", "nlp"),
    ("translation", "nlp"),
    ("computer vision", "computer_vision"),
    ("image recognition", "computer_vision"),
    ("image analysis", "computer_vision"),
    ("image", "computer_vision"),
    ("remote sensing", "remote_sensing"),
    ("earth observation", "remote_sensing"),
    ("satellite", "remote_sensing"),
    ("speech", "speech"),
    ("voice", "speech"),
    ("robot", "robotics"),
    ("forecast", "forecasting_optimisation"),
    ("optimi", "forecasting_optimisation"),
    ("predictive", "forecasting_optimisation"),
    ("prediction", "forecasting_optimisation"),
    ("knowledge graph", "knowledge_graphs"),
    ("ontolog", "knowledge_graphs"),
    ("machine learning", "machine_learning"),
    ("deep learning", "machine_learning"),
    ("neural network", "machine_learning"),
    ("ml", "machine_learning"),
    ("other", "other"),
]


def read_technologies(text: str, labels: dict[str, str] | None = None) -> Reading:
    """Technology keys from labels, keys or common words ("LLM", "satellite imagery")."""
    keys: list[str] = []
    unclear: list[str] = []
    for item in split_items(text):
        folded = fold(item.replace("_", " "))
        key = (labels or {}).get(item.casefold()) or (labels or {}).get(item.strip())
        if key is None:
            for phrase, candidate in _TECHNOLOGIES:
                if re.search(rf"\b{phrase}", folded):
                    key = candidate
                    break
        if key is None:
            unclear.append(f"“{item}”")
        elif key not in keys:
            keys.append(key)
    return Reading(keys, "not read as a technology: " + "; ".join(unclear) if unclear else "")


# organizations, partners, links ----------------------------------------------------


@cache
def _sector_names() -> dict[str, str]:
    names: dict[str, str] = {}
    phrases = {
        "un_entity": [
            "un partners",
            "un partner",
            "un entities",
            "un entity",
            "un agencies",
            "un system",
            "un",
            "united nations",
            "un system partners",
        ],
        "government": [
            "government",
            "governments",
            "government partners",
            "public sector",
            "member states",
            "national governments",
            "ministries",
        ],
        "academia": [
            "academia",
            "academic",
            "academic partners",
            "universities",
            "research",
            "research institutions",
            "academia and research",
            "academia research",
        ],
        "private_sector": [
            "private sector",
            "private",
            "companies",
            "industry",
            "private sector partners",
            "private companies",
        ],
        "civil_society": [
            "civil society",
            "civil society organizations",
            "civil society organisations",
            "ngos",
            "ngo",
            "csos",
            "cso",
            "non governmental organizations",
            "civil society ngos",
        ],
        "intergovernmental": [
            "intergovernmental",
            "intergovernmental organizations",
            "international organizations",
            "igos",
            "igo",
            "multilateral",
        ],
        "other": ["others", "other", "other partners"],
    }
    for key, words in phrases.items():
        for word in words:
            names[fold(word)] = key
        names[key] = key
        names[fold(key)] = key
    return names


def sector_of(label: str) -> str | None:
    """The sector key of a sub-bullet label ("UN Partners", "Private Sector") or of a
    sector's label ("Civil society"), else None."""
    return _sector_names().get(fold(label))


@cache
def un_acronyms() -> frozenset[str]:
    data = resources.files("aiatlas.catalog") / "data"
    with (data / "un_entities.csv").open(encoding="utf-8") as handle:
        return frozenset(row["acronym"].casefold() for row in csv.DictReader(handle))


_QUALIFIER = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def read_partners(text: str, sector: str | None) -> Reading:
    """Partners of one sector ("WHO, UNICEF" under "UN Partners:"); a sector in brackets
    after a name ("Makerere University (Academia)") wins; without a sector, UN entities
    are recognised by their acronyms."""
    out: list[dict[str, Any]] = []
    for item in split_items(text, commas=";" not in text and "\n" not in text):
        name, own = item, None
        match = _QUALIFIER.match(item)
        if match and sector_of(match.group(2)):
            name, own = match.group(1), sector_of(match.group(2))
        name = name.strip()
        if not name or fold(name) in {"none", "n a", "na", "tbd", "not applicable"}:
            continue
        found = own or sector
        if found is None and name.casefold() in un_acronyms():
            found = "un_entity"
        out.append({"organization": name[:300], "sector": found})
    return Reading(out)


def read_links(text: str) -> Reading:
    out: list[dict[str, str]] = []
    for line in text.split("\n"):
        for match in URL.finditer(line):
            url = match.group(0).rstrip(".,;:!?")
            if url.lower().startswith("www."):
                url = "https://" + url
            label = line[: match.start()].strip(" :-–—•*\t")
            label = "" if len(label) > 300 or URL.search(label) else label
            if url not in {o["url"] for o in out}:
                out.append({"url": url, "label": label})
    if not out and text.strip():
        return Reading([], f"“{text}” holds no web address (https://…)")
    return Reading(out)


def read_contact(text: str) -> tuple[Reading, Reading]:
    """(name, e-mail) from "Ada Example, ada@example.org" or either alone."""
    email = EMAIL.search(text)
    name = EMAIL.sub(" ", text) if email else text
    name = re.sub(r"\s+", " ", name).strip(" ,;:-–()<>")
    return Reading(name[:200]), Reading(email.group(0) if email else "")


def read_list_of_years(text: str) -> Reading:
    years, _open = read_years(text)
    return Reading(sorted(set(years)), "" if years else f"“{text}” holds no year")
