"""Names, numbers, dates and sort order in the reader's language (common.l10n)."""

from __future__ import annotations

import datetime as dt

import pytest

from aiatlas.common import l10n
from aiatlas.taxonomy.texts import goal_label, sort_key


def test_collation_puts_turkiye_before_tuvalu_and_accents_next_to_their_letter() -> None:
    names = ["Tuvalu", "Zambia", "Türkiye", "Égypte", "Eswatini", "Åland", "Turkmenistan"]
    assert l10n.collated(names) == [
        "Åland", "Égypte", "Eswatini", "Türkiye", "Turkmenistan", "Tuvalu", "Zambia",
    ]  # fmt: skip
    # plain code-point order gets it wrong: the reason for the collation
    assert sorted(names).index("Türkiye") > sorted(names).index("Tuvalu")


def test_target_codes_sort_in_natural_order() -> None:
    codes = ["17.6", "3.b", "3.10", "3.4", "17.10", "3.a"]
    assert sorted(codes, key=sort_key) == ["3.4", "3.10", "3.a", "3.b", "17.6", "17.10"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "SDG 13"), ("fr", "ODD 13"), ("es", "ODS 13"), ("ru", "ЦУР 13"),
     ("zh-hans", "目标13"), ("zh-Hans", "目标13"), ("ar", "الهدف 13"), ("de", "SDG 13")],
)  # fmt: skip
def test_goal_labels_per_language(language: str, expected: str) -> None:
    assert goal_label(13, language) == expected


def test_cldr_names_per_language_and_the_catalog_name_in_english() -> None:
    assert l10n.country_name("TR", "fr") == "Turquie"
    assert l10n.country_name("KE", "zh-hans") == "肯尼亚"
    assert l10n.country_name("KE", "en", "Kenya (catalog)") == "Kenya (catalog)"
    assert l10n.region_name("419", "es") == "Latinoamérica"
    assert l10n.region_name("002", "ru") == "Африка"


def test_numbers_percentages_and_dates_follow_the_locale() -> None:
    assert l10n.format_number(12345, "en") == "12,345"
    assert l10n.format_number(12345, "fr") == "12\u202f345"
    assert l10n.format_percent(0.25, "en") == "25%"
    assert l10n.format_percent(0.25, "fr") == "25\xa0%"
    assert l10n.format_date(dt.date(2024, 3, 12), "fr") == "12 mars 2024"
    assert l10n.format_date(dt.date(2024, 3, 12), "en") == "March 12, 2024"
    assert l10n.format_date(None, "en") == ""


@pytest.mark.parametrize(
    ("given", "code", "lang", "rtl"),
    [("zh-Hans", "zh-hans", "zh", False), ("zh_Hans", "zh-hans", "zh", False),
     ("ar", "ar", "ar", True), ("fr-CH", "fr", "fr", False), ("xx", "en", "en", False),
     (None, "en", "en", False)],
)  # fmt: skip
def test_language_codes_are_normalised(given: str | None, code: str, lang: str, rtl: bool) -> None:
    assert l10n.normalise_language(given) == code
    assert l10n.html_lang(given) == lang
    assert l10n.is_rtl(given) is rtl
