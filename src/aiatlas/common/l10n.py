"""Names, numbers, dates and sort order in the reader's language (the one place for them).

- Country and region names come from CLDR through Babel (``country_name``,
  ``region_name``); in English the catalog's own (UN M49) names are kept.
- Numbers, percentages and dates are formatted by Babel with the locale's rules
  (``format_number``, ``format_percent``, ``format_date``).
- Lists of names are sorted with the Unicode Collation Algorithm (pyuca, DUCET): accents
  and case are secondary, so "Türkiye" comes before "Tuvalu" in every language
  (``collation_key``). DUCET has no per-language tailoring; Chinese names are ordered by
  the code points of their ideographs, not by pinyin.
- Language codes: Django's (``zh-hans``), Babel's (``zh_Hans``), the short suffix of the
  translation columns (``zh``) and the BCP 47 tag of ``lang`` attributes and Typst
  (``zh``) are mapped here.

Plain Python (no Django import at module level): Babel and pyuca are imported when first
needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any, TypeVar

T = TypeVar("T")

#: the six official UN languages, as Django language codes, in the UN's order of the site
UN_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ar", "ru", "zh-hans")
#: the code a language has in column names (``title_zh``) and in ``lang`` attributes
SHORT_CODES: dict[str, str] = {code: code.split("-")[0] for code in UN_LANGUAGES}
#: languages written right to left
RTL_LANGUAGES = frozenset({"ar"})


def normalise_language(language: str | None) -> str:
    """One of :data:`UN_LANGUAGES` for any spelling (``zh-Hans``, ``zh_Hans``, ``zh``,
    ``fr-CH``); English when the language is not one of the six."""
    lang = (language or "en").strip().lower().replace("_", "-")
    if lang in UN_LANGUAGES:
        return lang
    base = lang.split("-")[0]
    if base == "zh":
        return "zh-hans"
    return base if base in UN_LANGUAGES else "en"


def html_lang(language: str | None) -> str:
    """The BCP 47 tag for a ``lang`` attribute or Typst's ``text(lang:)``: ``zh`` for
    Chinese (Typst knows only two-letter codes), the code itself otherwise."""
    return SHORT_CODES.get(normalise_language(language), "en")


def is_rtl(language: str | None) -> bool:
    return normalise_language(language) in RTL_LANGUAGES


@cache
def _locale(language: str) -> Any:
    from babel import Locale

    lang = normalise_language(language)
    return Locale.parse("zh_Hans" if lang == "zh-hans" else lang)


def babel_locale(language: str | None) -> Any:
    """Babel's :class:`~babel.Locale` of a Django language code."""
    return _locale(normalise_language(language))


#: the separators of a list in running text: (between items, between items that may hold
#: commas themselves); Arabic has its own comma and semicolon, Chinese its full-width ones
_LIST_SEPARATORS = {"ar": ("، ", "؛ "), "zh-hans": ("、", "；")}


def join_list(items: Iterable[Any], language: str | None, strong: bool = False) -> str:
    """``items`` as a list in the language's punctuation ("Kenya, Uganda"; "كينيا، أوغندا";
    "肯尼亚、乌干达"); ``strong`` for items that may hold commas ("; ", "؛ ", "；")."""
    comma, semicolon = _LIST_SEPARATORS.get(normalise_language(language), (", ", "; "))
    return (semicolon if strong else comma).join(str(item) for item in items)


# -- names ----------------------------------------------------------------------------------


def territory_name(code: str, language: str | None, english: str = "") -> str:
    """The CLDR name of an ISO 3166-1 alpha-2 code or a UN M49 region code (``001``,
    ``419``) in ``language``; ``english`` (the catalog's name) in English or when CLDR has
    no name for it."""
    lang = normalise_language(language)
    if lang == "en" and english:
        return english
    name = babel_locale(lang).territories.get(code.upper())
    return str(name) if name else (english or code)


def country_name(alpha2: str, language: str | None, english: str = "") -> str:
    return territory_name(alpha2, language, english)


def region_name(m49: str, language: str | None, english: str = "") -> str:
    return territory_name(m49, language, english)


def language_name(code: str, language: str | None) -> str:
    """The name of the language ``code`` (``fr``, ``zh-hans``) in ``language``
    ("français" → in English "French")."""
    target = normalise_language(code)
    babel_code = "zh_Hans" if target == "zh-hans" else target
    loc = babel_locale(language)
    name = loc.languages.get(babel_code) or loc.languages.get(target.split("-")[0]) or code
    return str(name)


# -- numbers and dates ------------------------------------------------------------------------


def format_number(value: int | float, language: str | None) -> str:
    """``12345`` → "12,345" (en), "12 345" (fr), "12.345" (es) …"""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=babel_locale(language)))


def format_percent(share: float, language: str | None, digits: int = 0) -> str:
    """A share (``0.25``) as a percentage: "25%" (en), "25 %" (fr), "٪25" (ar) …"""
    from babel.numbers import format_percent as babel_percent

    pattern = None if digits == 0 else "#,##0." + "0" * digits + "%"
    return str(babel_percent(share, format=pattern, locale=babel_locale(language)))


def format_date(
    value: dt.date | dt.datetime | None, language: str | None, style: str = "long"
) -> str:
    """A date in the locale's words ("12 mars 2024"); ``style`` is Babel's: short, medium,
    long or full, or a CLDR skeleton of the parts wanted in the locale's order
    (``MMMMEEEEd``: weekday, day and month; ``MMMEd``: the same abridged). A datetime is
    shown by its date in the current time zone."""
    if value is None:
        return ""
    from babel.dates import format_date as babel_date
    from babel.dates import format_skeleton

    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            from django.conf import settings

            if settings.configured:  # else: the date where it was recorded
                from django.utils import timezone

                value = timezone.localtime(value)
        value = value.date()
    if style not in DATE_STYLES:
        day = dt.datetime(value.year, value.month, value.day)
        return str(format_skeleton(style, day, locale=babel_locale(language)))
    return str(babel_date(value, format=style, locale=babel_locale(language)))


#: Babel's named date formats; any other style is a skeleton
DATE_STYLES = frozenset({"short", "medium", "long", "full"})


def format_datetime(
    value: dt.datetime | None, language: str | None, skeleton: str = "yMMMMdHm"
) -> str:
    """A date and time of day in the locale's words and order ("3 décembre 2026, 16:00",
    "2026年12月3日 16:00"), as the wall-clock time ``value`` holds (convert it to the zone
    wanted first); ``skeleton`` is a CLDR skeleton (``yMMMdHm``: abridged month)."""
    if value is None:
        return ""
    from babel.dates import format_skeleton

    wall = value.replace(tzinfo=None) if isinstance(value, dt.datetime) else value
    locale = babel_locale(language)
    # CLDR has date skeletons and time skeletons; the locale's pattern joins the two
    time_part = "".join(ch for ch in skeleton if ch in "Hhms") or "Hm"
    date_part = "".join(ch for ch in skeleton if ch not in "Hhms")
    time_text = str(format_skeleton(time_part, wall, locale=locale))
    if not date_part:
        return time_text
    date_text = str(format_skeleton(date_part, wall, locale=locale))
    width = "long" if "MMMM" in date_part else "medium"
    pattern = str(locale.datetime_formats.get(width) or "{1} {0}")
    return pattern.replace("{1}", date_text).replace("{0}", time_text)


# -- sorting ----------------------------------------------------------------------------------


@cache
def _collator() -> Any:
    import pyuca

    return pyuca.Collator()


@lru_cache(maxsize=65536)
def _key(text: str) -> tuple[int, ...]:
    return tuple(_collator().sort_key(text))


def collation_key(text: str) -> tuple[tuple[int, ...], str]:
    """Sort key of a name by the Unicode Collation Algorithm ("Åland" < "Egypt" <
    "Türkiye" < "Tuvalu"), the text itself breaking ties so the order is total."""
    text = str(text)
    return (_key(text), text)


def collated(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """``items`` sorted by the collation of ``key(item)``."""
    return sorted(items, key=lambda item: collation_key(key(item)))
