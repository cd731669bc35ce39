"""Check one record (from any file format) and return it clean, or say what is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from aiatlas.catalog.choices import ActivityKind, ActivityStatus, OrganizationKind, TagSource
from aiatlas.catalog.fields import FIELDS, MAX_ITEMS, PART_MAX_LENGTH
from aiatlas.catalog.io.schema import (
    COLUMNS,
    CONTENT_LANGUAGES,
    REQUIRED_COLUMNS,
    TRANSLATION_COLUMNS,
)
from aiatlas.taxonomy.texts import sort_key

PUBLIC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])
_SIMPLE_URL = re.compile(
    r"^https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(?::\d{1,5})?(?:[/?#][^\s<>\"]*)?$"
)


def valid_url(url: str) -> bool:
    """http(s) URL check: a fast pattern for ordinary URLs, Django's validator otherwise."""
    if _SIMPLE_URL.match(url):
        return True
    try:
        _url(url)
    except ValidationError:
        return False
    return True


#: most characters per field (of each item for a list of text) and per part of an item
MAX_LENGTH: dict[str, int] = {
    **{f.name: f.max_length for f in FIELDS if f.type in ("text", "email") and f.max_length},
    **PART_MAX_LENGTH,
}
_SHORTEST_LIMIT = min(MAX_LENGTH.values())
# the choices' keys, computed once (TextChoices.values builds a new list on each call)
KINDS = list(ActivityKind.values)
STATUSES = list(ActivityStatus.values)
SECTORS = frozenset(OrganizationKind.values)
SOURCES = frozenset(TagSource.values)
YEAR_RANGE = (1950, 2100)


@dataclass
class Vocabulary:
    """What a record may refer to: the codes known to the database."""

    goals: frozenset[str]
    targets: frozenset[str]
    countries: frozenset[str]
    regions: dict[str, str]  # lower-case code or name -> code
    technologies: dict[str, str]  # lower-case key or label -> key
    technology_order: dict[str, int] = field(default_factory=dict)

    def country(self, text: str) -> str | None:
        """The ISO 3166-1 alpha-3 code ``text`` writes in any case, if there is one."""
        code = text.upper()
        return code if code in self.countries else None

    def region(self, text: str) -> str | None:
        """The M49 code of a region written as its code (``2``: ``002``) or name."""
        text = text.lower()
        return self.regions.get(text) or self.regions.get(text.zfill(3))

    def technology(self, text: str) -> str | None:
        """The key of a technology written as its key or label, in any case."""
        text = text.lower()
        return self.technologies.get(text) or self.technologies.get(text.replace(" ", "_"))


class RecordErrors(Exception):
    def __init__(self, errors: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(m for _, m in errors))
        self.errors = errors


def _text(
    value: Any,
    column: str,
    errors: list[tuple[str | None, str]],
    limit: str = "",
    *,
    exact: bool = False,
) -> str:
    """Clean text. Names, codes and references are trimmed; free text (``exact``: titles,
    descriptions, evidence, link labels) keeps every character, whitespace included, so a
    file exported and imported again holds the same bytes. Text of only whitespace is
    empty either way."""
    if type(value) is str:
        text = value if exact else value.strip()
        if not text or (exact and text.isspace()):
            return ""
        # fast path: short printable text has no control characters and fits every limit
        if len(text) <= _SHORTEST_LIMIT and text.isprintable():
            return text
    elif value is None:
        return ""
    elif isinstance(value, bool) or not isinstance(value, int | float | str):
        errors.append((column, f"expected text, got {type(value).__name__}"))
        return ""
    else:
        text = str(value) if exact else str(value).strip()
    if _BAD_CONTROL.search(text):
        errors.append((column, "contains control characters (such as NUL) that text cannot hold"))
        return ""
    maximum = MAX_LENGTH.get(limit or column)
    if maximum and len(text) > maximum:
        errors.append((column, f"is {len(text):,} characters long; at most {maximum:,} allowed"))
        return ""
    return text


def _year(value: Any, column: str, errors: list[tuple[str | None, str]]) -> int | None:
    if value is None or value == "":
        return None
    year: int | None = None
    if isinstance(value, bool):
        year = None
    elif isinstance(value, int):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}(\.0+)?", text):
            year = int(text.split(".")[0])
    if year is None:
        errors.append((column, f"{value!r} is not a year (a whole number such as 2024)"))
        return None
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        errors.append((column, f"{year} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}"))
        return None
    return year


def _list(value: Any, column: str, errors: list[tuple[str | None, str]]) -> list[Any]:
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        errors.append((column, f"expected a list, got {type(value).__name__}"))
        return []
    if len(value) > MAX_ITEMS:
        errors.append((column, f"has {len(value)} items; at most {MAX_ITEMS} allowed"))
        return []
    return value


def _codes(
    raw: dict[str, Any],
    column: str,
    errors: list[tuple[str | None, str]],
    find: Callable[[str], str | None],
    unknown: Callable[[Any], str],
) -> set[str]:
    """The codes of the list ``column`` (countries, regions, technologies): ``find`` reads
    an item's text as a code of the reference list, ``unknown`` names an item it does not
    find."""
    codes: set[str] = set()
    for item in _list(raw.get(column), column, errors):
        code = find(_text(item, column, errors))
        if code is None:
            errors.append((column, unknown(item)))
        else:
            codes.add(code)
    return codes


def _choice(
    value: Any, column: str, allowed: list[str], default: str, errors: list[tuple[str | None, str]]
) -> str:
    text = _text(value, column, errors).lower().replace(" ", "_").replace("-", "_")
    if not text:
        return default
    if text not in allowed:
        errors.append((column, f"{value!r} is not one of {', '.join(allowed)}"))
        return default
    return text


def _tags(
    value: Any, column: str, known: frozenset[str], what: str, errors: list[tuple[str | None, str]]
) -> list[dict[str, str]]:
    tags: dict[tuple[str, str], dict[str, str]] = {}
    for item in _list(value, column, errors):
        if isinstance(item, str) and not isinstance(item, bool):
            errors.append((column, item))  # a parse message from the cell decoder
            continue
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = {"code": str(item)}
        if not isinstance(item, dict) or "code" not in item:
            errors.append((column, f"each item needs a code, got {item!r}"))
            continue
        code = str(item.get("code", "")).strip().lower()
        if code not in known:
            errors.append((column, f"unknown SDG {what} {code!r}"))
            continue
        source = str(item.get("source") or "submitter").strip().lower()
        if source not in SOURCES:
            errors.append(
                (column, f"source {source!r} of {code} is not one of {', '.join(sorted(SOURCES))}")
            )
            continue
        evidence = _text(item.get("evidence") or "", column, errors, "evidence", exact=True)
        tags[(code, source)] = {"code": code, "source": source, "evidence": evidence}
    return [tags[k] for k in sorted(tags, key=lambda k: (sort_key(k[0]), k[1]))]


def validate_record(raw: dict[str, Any], vocab: Vocabulary) -> dict[str, Any]:
    """The clean record, or :class:`RecordErrors` listing every problem with its column."""
    errors: list[tuple[str | None, str]] = []
    unknown = [k for k in raw if k not in COLUMNS]
    if unknown:
        errors.append((None, f"unknown field(s): {', '.join(map(repr, unknown))}"))
    for column in REQUIRED_COLUMNS:
        value = raw.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.append((column, "is required"))
    public_id = _text(raw.get("id"), "id", errors)
    if public_id and not PUBLIC_ID.match(public_id):
        errors.append(
            (
                "id",
                f"{public_id!r} is not a valid id (letters, digits, '.', '_', '-'; "
                "at most 64 characters)",
            )
        )
    rec: dict[str, Any] = {"id": public_id}
    rec["kind"] = _choice(raw.get("kind"), "kind", KINDS, "project", errors)
    rec["title"] = _text(raw.get("title"), "title", errors, exact=True)
    rec["description"] = _text(raw.get("description"), "description", errors, exact=True)
    rec["output_type"] = _text(raw.get("output_type"), "output_type", errors, exact=True)
    rec["status"] = _choice(raw.get("status"), "status", STATUSES, "ongoing", errors)
    rec["start_year"] = _year(raw.get("start_year"), "start_year", errors)
    rec["end_year"] = _year(raw.get("end_year"), "end_year", errors)
    if rec["start_year"] and rec["end_year"] and rec["end_year"] < rec["start_year"]:
        errors.append(("end_year", f"{rec['end_year']} is before start_year {rec['start_year']}"))
    domains: list[str] = []
    for item in _list(raw.get("domains"), "domains", errors):
        text = _text(item, "domains", errors)
        if text and text not in domains:
            domains.append(text)
    rec["domains"] = domains
    rec["lead_organization"] = _text(
        raw.get("lead_organization"), "lead_organization", errors, "organization"
    )
    co_leads: dict[str, str] = {}
    for item in _list(raw.get("co_leads"), "co_leads", errors):
        text = _text(item, "co_leads", errors, "organization")
        if text and text.casefold() != rec["lead_organization"].casefold():
            co_leads.setdefault(text.casefold(), text)
    rec["co_leads"] = [co_leads[k] for k in sorted(co_leads)]
    partners: dict[str, dict[str, Any]] = {}
    for item in _list(raw.get("partners"), "partners", errors):
        if isinstance(item, str):
            item = {"organization": item, "sector": None}
        if not isinstance(item, dict):
            errors.append(("partners", f"expected an organization, got {item!r}"))
            continue
        name = _text(item.get("organization"), "partners", errors, "organization")
        sector = item.get("sector")
        if sector not in (None, "") and not (isinstance(sector, str) and sector in SECTORS):
            errors.append(
                (
                    "partners",
                    f"sector {sector!r} of {name!r} is not one of "
                    f"{', '.join(OrganizationKind.values)}",
                )
            )
            continue
        if name:
            partners.setdefault(name.casefold(), {"organization": name, "sector": sector or None})
    rec["partners"] = list(partners.values())
    rec["countries"] = sorted(
        _codes(
            raw, "countries", errors, vocab.country,
            lambda item: f"unknown country code {item!r} (use ISO 3166-1 alpha-3, such as KEN)",
        )
    )  # fmt: skip
    rec["regions"] = sorted(
        _codes(
            raw, "regions", errors, vocab.region,
            lambda item: f"unknown region {item!r} (use a UN M49 code such as 002)",
        )
    )  # fmt: skip
    technologies = _codes(
        raw, "technologies", errors, vocab.technology,
        lambda item: f"unknown technology {item!r}; known: "
        f"{', '.join(sorted(set(vocab.technologies.values())))}",
    )  # fmt: skip
    rec["technologies"] = sorted(technologies, key=lambda k: vocab.technology_order.get(k, 99))
    rec["sdg_goals"] = _tags(raw.get("sdg_goals"), "sdg_goals", vocab.goals, "goal", errors)
    rec["sdg_targets"] = _tags(
        raw.get("sdg_targets"), "sdg_targets", vocab.targets, "target", errors
    )
    links: list[dict[str, str]] = []
    for item in _list(raw.get("links"), "links", errors):
        if isinstance(item, str):
            item = {"url": item, "label": ""}
        if not isinstance(item, dict):
            errors.append(("links", f"expected a link, got {item!r}"))
            continue
        url = _text(item.get("url"), "links", errors, "url")
        if not valid_url(url):
            errors.append(("links", f"{url!r} is not a valid http(s) URL"))
            continue
        label = _text(item.get("label"), "links", errors, "label", exact=True)
        links.append({"url": url, "label": label})
    rec["links"] = links
    rec["contact_name"] = _text(raw.get("contact_name"), "contact_name", errors, exact=True)
    email = _text(raw.get("contact_email"), "contact_email", errors)
    if email:
        try:
            _email(email)
        except ValidationError:
            errors.append(("contact_email", f"{email!r} is not a valid e-mail address"))
    rec["contact_email"] = email
    rec["contact_public"] = _boolean(raw.get("contact_public"), "contact_public", errors)
    editions: set[int] = set()
    for item in _list(raw.get("editions"), "editions", errors):
        year = _year(item, "editions", errors)
        if year:
            editions.add(year)
    rec["editions"] = sorted(editions)
    rec["language"] = _language(raw.get("language"), errors)
    for column, name, lang in TRANSLATION_COLUMNS:
        text = _text(raw.get(column), column, errors, name, exact=True)
        if text and lang == rec["language"]:
            errors.append(
                (column, f"the activity is written in {lang}: its {name} goes in {name}, "
                 f"not in a translation column")
            )  # fmt: skip
            text = ""
        rec[column] = text
    if errors:
        raise RecordErrors(errors)
    return rec


#: other spellings of the content languages: BCP 47 tags and English names
_LANGUAGE_ALIASES = {
    "zh": "zh-hans", "zh_hans": "zh-hans", "zh-cn": "zh-hans", "english": "en",
    "french": "fr", "spanish": "es", "arabic": "ar", "russian": "ru", "chinese": "zh-hans",
}  # fmt: skip


def _language(value: Any, errors: list[tuple[str | None, str]]) -> str:
    """The language of the record's text; English when the file does not say."""
    text = _text(value, "language", errors).lower()
    if not text:
        return "en"
    code = _LANGUAGE_ALIASES.get(text, text)
    if code not in CONTENT_LANGUAGES:
        errors.append(("language", f"{value!r} is not one of {', '.join(CONTENT_LANGUAGES)}"))
        return "en"
    return code


def _boolean(value: Any, column: str, errors: list[tuple[str | None, str]]) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in {"", "false", "no", "0", "n"}:
        return False
    if text in {"true", "yes", "1", "y"}:
        return True
    errors.append((column, f"{value!r} is not true or false"))
    return False
