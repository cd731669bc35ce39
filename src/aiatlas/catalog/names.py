"""The catalog's coded values by their names in a language: countries and regions (CLDR
through ``common.l10n``), technologies, kinds, statuses and sectors (the interface's
translations). Every page, facet, export label and the report ask these functions.

Reads the reference lists shipped with the package (``data/countries.csv``,
``data/regions.csv``), not the database, so it works in any process and costs nothing
per request.
"""

from __future__ import annotations

import csv
from contextlib import nullcontext
from functools import cache
from importlib import resources
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from aiatlas.common import l10n


@cache
def _reference() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """alpha-3 -> (alpha-2, English name); M49 code -> English name."""
    data = resources.files("aiatlas.catalog") / "data"
    with (data / "countries.csv").open(encoding="utf-8") as handle:
        countries = {r["alpha3"]: (r["alpha2"], r["name"]) for r in csv.DictReader(handle)}
    with (data / "regions.csv").open(encoding="utf-8") as handle:
        regions = {r["code"]: r["name"] for r in csv.DictReader(handle)}
    return countries, regions


def _lang(language: str | None) -> str:
    return l10n.normalise_language(language or translation.get_language())


def country_name(alpha3: str, language: str | None = None, english: str = "") -> str:
    """The name of an ISO 3166-1 alpha-3 code in ``language`` (the active one by default)."""
    code = str(alpha3 or "").upper()
    alpha2, name = _reference()[0].get(code, ("", english or code))
    if not alpha2:
        return english or code
    return l10n.country_name(alpha2, _lang(language), english or name)


def region_name(code: str, language: str | None = None, english: str = "") -> str:
    """The name of a UN M49 region code in ``language``."""
    code = str(code or "")
    return l10n.region_name(code, _lang(language), english or _reference()[1].get(code, code))


def _in_language(language: str | None) -> Any:
    """The translation of ``language``: the active one as it is when ``language`` is
    that (so that a variant the six do not know, such as the tests' pseudo-locale, keeps
    its own catalogue), else ``language``'s."""
    active = translation.get_language()
    if language is None or _lang(language) == _lang(active):
        return nullcontext()
    return translation.override(_lang(language))


def technology_name(key: str, language: str | None = None) -> str:
    from aiatlas.catalog.choices import TECHNOLOGIES

    label = dict(TECHNOLOGIES).get(key)
    if label is None:
        return key
    with _in_language(language):
        return gettext(label)


def _choice_name(choices: type, key: str, language: str | None) -> str:
    labels = dict(choices.choices)  # type: ignore[attr-defined]
    if key not in labels:
        return key
    with _in_language(language):
        return str(labels[key])


def kind_name(key: str, language: str | None = None) -> str:
    from aiatlas.catalog.choices import ActivityKind

    return _choice_name(ActivityKind, key, language)


def status_name(key: str, language: str | None = None) -> str:
    from aiatlas.catalog.choices import ActivityStatus

    return _choice_name(ActivityStatus, key, language)


def sector_name(key: str, language: str | None = None) -> str:
    from aiatlas.catalog.choices import OrganizationKind

    return _choice_name(OrganizationKind, key, language)


def source_name(key: str, language: str | None = None) -> str:
    from aiatlas.catalog.choices import TagSource

    return _choice_name(TagSource, key, language)


def content_language_name(code: str, language: str | None = None) -> str:
    """The name of a content language ("in English": ``content_language_name("en")``)."""
    from aiatlas.catalog.choices import ContentLanguage

    return _choice_name(ContentLanguage, code, language)


def country_names(codes: list[str], language: str | None = None) -> list[str]:
    """Names of alpha-3 codes, sorted by the collation of the names."""
    return l10n.collated(country_name(c, language) for c in codes)


def region_names(codes: list[str], language: str | None = None) -> list[str]:
    return l10n.collated(region_name(c, language) for c in codes)
