"""The report in the six languages: names, order, numbers and the marking of texts that
are written in another language than the report's."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation

from aiatlas.report.content import build_content
from aiatlas.report.exceptions import UnknownLanguage
from aiatlas.report.pdf import document
from aiatlas.report.services import build_report, report_folder
from tests.conftest import make_record
from tests.report.conftest import load

pytestmark = pytest.mark.django_db

RECORDS = [
    make_record(id="A000201", lead_organization="FAO", editions=[2024], countries=["TUV"],
                title="Tide gauges for atolls"),
    make_record(id="A000202", lead_organization="FAO", editions=[2024], countries=["TUR"],
                title="Détection précoce des séismes", language="fr",
                description="Un réseau de capteurs.", title_en="Early earthquake detection"),
    make_record(id="A000203", lead_organization="WHO", editions=[2024], countries=["KEN"],
                title="Clinic triage", sdg_targets=[
                    {"code": c, "source": "submitter", "evidence": ""}
                    for c in ("3.b", "17.10", "17.6", "3.4")]),
]  # fmt: skip


@pytest.fixture
def edition(tmp_path: Path) -> None:
    load(tmp_path, RECORDS, (2024,))


def test_country_index_is_collated_and_in_the_reports_language(edition: None) -> None:
    with translation.override("en"):
        english = build_content(2024, language="en")
    assert [c for c, _entries in english.country_index] == ["Kenya", "Türkiye", "Tuvalu"]
    with translation.override("fr"):
        french = build_content(2024, language="fr")
    assert [c for c, _entries in french.country_index] == ["Kenya", "Turquie", "Tuvalu"]
    entry = next(e for ch in english.chapters for e in ch.entries if e.public_id == "A000203")
    assert entry.targets == ["3.4", "3.b", "17.6", "17.10"]


def test_arabic_source_runs_right_to_left_and_marks_texts_in_other_languages(
    edition: None,
) -> None:
    with translation.override("ar"):
        content = build_content(2024, language="ar")
        source = document(content, {})
    assert 'lang: "ar", dir: rtl)' in source
    assert '#text(lang: "en", dir: ltr)[Tide gauges for atolls]' in source
    assert '#text(lang: "fr", dir: ltr)[Détection précoce des séismes]' in source
    assert '#sdg("الهدف 2"' in source
    assert "كينيا" in source  # Kenya, CLDR's Arabic name


def test_french_source_leaves_french_text_unmarked(edition: None) -> None:
    with translation.override("fr"):
        source = document(build_content(2024, language="fr"), {})
    assert "== Détection précoce des séismes <" in source
    assert '#sdg("ODD 2"' in source


def test_unknown_language_is_refused_with_the_choices(
    edition: None, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    with pytest.raises(UnknownLanguage, match="choose one of en, fr, es, ar, ru, zh-hans"):
        build_report(year=2024, out_dir=tmp_path, language="de")
    code, _out, err = cli("report", "build", "--edition", "2024", "--lang", "xx")
    assert code == 1 and "no language 'xx'" in err
    assert not (tmp_path / "report.pdf").exists()


def test_report_folder_per_language(settings: object) -> None:
    assert report_folder(2024, "en") == "2024"
    assert report_folder(2024, "zh") == "2024/zh-hans"
    assert report_folder(2024, "ar") == "2024/ar"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_chinese_pdf_holds_chinese_headings_names_and_the_original_texts(
    edition: None, tmp_path: Path
) -> None:
    result = build_report(year=2024, out_dir=tmp_path, language="zh-hans")
    text = subprocess.run(
        ["pdftotext", str(result.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    with translation.override("zh-hans"):
        heading = translation.gettext("Index by country")
    assert heading in text
    assert "肯尼亚" in text and "土耳其" in text  # Kenya and Türkiye from CLDR
    # the SDG badge in Chinese (pdftotext puts a space where the font changes)
    assert re.search(r"目标\s?2\b", text)
    assert "Détection précoce des séismes" in text  # activity texts stay as written


@pytest.mark.parametrize(
    ("display", "language", "expected"),
    [
        ("1,234", "fr", "1\u202f234"),
        ("25%", "fr", "25\u00a0%"),
        ("+2 (+4%)", "fr", "+2 (+4\u00a0%)"),
        ("-1,204 (-12%)", "ru", "-1\u00a0204 (-12\u00a0%)"),
        ("0 (0%)", "en", "0 (0%)"),
        ("+3", "es", "+3"),
        ("WHO", "fr", "WHO"),  # not a number: as it is
    ],
)
def test_figures_are_written_as_the_language_writes_numbers(
    display: str, language: str, expected: str
) -> None:
    from aiatlas.report.figures import Figure, display_in

    figure = Figure(id="x", label="x", value=0, display=display, query="", public_ids=())
    assert display_in(figure, language) == expected
