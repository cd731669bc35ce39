"""Template filters that show coded values, numbers and dates in the page's language:
``{% load names %}{{ country|country_name }} {{ n|number }} {{ share|percent }}
{{ day|locale_date }} {{ goal|goal_label }} {{ names|collate }}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from aiatlas.catalog import names
from aiatlas.common import l10n
from aiatlas.taxonomy.texts import goal_label as _goal_label
from aiatlas.taxonomy.texts import sort_key

register = template.Library()


def _code(value: Any, attribute: str) -> str:
    return str(getattr(value, attribute, value) or "")


@register.filter
def country_name(value: Any) -> str:
    """A country (a ``Country`` or its alpha-3 code) by its name in the page's language."""
    return names.country_name(_code(value, "alpha3"), get_language(), getattr(value, "name", ""))


@register.filter
def region_name(value: Any) -> str:
    return names.region_name(_code(value, "code"), get_language(), getattr(value, "name", ""))


@register.filter
def technology_name(value: Any) -> str:
    return names.technology_name(_code(value, "key"), get_language())


def _key_filter(name: str) -> None:
    """The filter ``name``: a key of a controlled list (kind, status, sector, content
    language) by its label in the page's language (``catalog.names.<name>``)."""
    label = getattr(names, name)
    register.filter(name, lambda key: label(str(key or ""), get_language()))


for _name in ("kind_name", "status_name", "sector_name", "content_language_name"):
    _key_filter(_name)


@register.filter
def goal_label(goal: Any) -> str:
    """The badge label: "SDG 13" in English, "ODD 13" in French … (a ``Goal`` or its
    number)."""
    return _goal_label(getattr(goal, "number", goal), get_language())


@register.filter
def number(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        return l10n.format_number(value, get_language())
    except (TypeError, ValueError):
        return str(value)


@register.filter
def percent(share: Any, digits: int = 0) -> str:
    """A share between 0 and 1 as a percentage in the page's language."""
    try:
        return l10n.format_percent(float(share), get_language(), int(digits))
    except (TypeError, ValueError):
        return ""


@register.filter(expects_localtime=True)
def locale_date(value: Any, style: str = "long") -> str:
    """A date in the page's language: Babel's short, medium, long or full, or a CLDR
    skeleton such as ``MMMMEEEEd`` (weekday, day, month)."""
    try:
        return l10n.format_date(value, get_language(), style or "long")
    except (TypeError, ValueError, AttributeError):
        return str(value or "")


@register.filter(expects_localtime=True)
def locale_datetime(value: Any, skeleton: str = "yMMMMdHm") -> str:
    """A date and time of day in the page's language, in the current time zone (as
    Django's ``date`` filter): ``yMMMMdHm`` by default, ``yMMMdHm`` abridged,
    ``yMMMMEEEEdHm`` with the weekday, ``MMMEdHm`` without the year; a ``z`` adds the
    time zone's abbreviation (``CET``)."""
    skeleton = skeleton or "yMMMMdHm"
    try:
        text = l10n.format_datetime(value, get_language(), skeleton.replace("z", ""))
    except (TypeError, ValueError, AttributeError):
        return str(value or "")
    zone = value.tzname() if "z" in skeleton and getattr(value, "tzinfo", None) else ""
    return f"{text} {zone}" if zone else text


@register.filter
def collate(values: Any, attribute: str = "") -> list[Any]:
    """A list sorted by the collation of its items (or of their ``attribute``)."""
    items = list(values or [])
    if attribute:
        return l10n.collated(items, key=lambda item: str(getattr(item, attribute, item)))
    return l10n.collated(items, key=str)


@register.filter
def target_order(codes: Any) -> list[Any]:
    """SDG target codes (or objects with a ``code``) in natural order: 3.4, 3.b, 17.6."""
    return sorted(codes or [], key=lambda t: sort_key(str(getattr(t, "code", t))))


@register.filter
def html_lang(language: Any) -> str:
    """The ``lang`` attribute of a text written in ``language`` ('' for "other")."""
    code = str(language or "")
    if code == "other" or not code:
        return ""
    return l10n.html_lang(code)


@register.filter
def listing(items: Any, strong: str = "") -> str:
    """A list joined with the page language's comma ("، " in Arabic, "、" in Chinese), or
    with its semicolon when ``strong`` is given (items that hold commas themselves)."""
    if not items:
        return ""
    if isinstance(items, str):
        return items
    return l10n.join_list(items, get_language(), strong=bool(strong))


@register.simple_tag
def list_comma() -> str:
    """The comma between the items of a list the template writes itself ("، " in Arabic,
    "、" in Chinese, ", " elsewhere)."""
    return l10n.join_list(["", ""], get_language())
