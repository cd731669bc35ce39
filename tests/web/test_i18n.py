"""Every catalogue of the five other UN languages is complete, not fuzzy, and its compiled
``.mo`` says what its ``.po`` says; the interface speaks each language at run time."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "src" / "aiatlas" / "locale"
LANGUAGES = ["fr", "es", "ar", "ru", "zh_Hans"]
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m[1], "\\" + m[1]), text)


def po_entries(language: str) -> list[tuple[str, list[str]]]:
    """(msgid, msgstrs) for every entry but the header, with C escapes decoded."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = []
    for block in po.read_text("utf-8").split("\n\n"):
        text = "\n".join(line for line in block.splitlines() if not line.startswith("#"))
        head = text.split("msgid_plural")[0].split("msgstr")[0]
        msgid = _unescape("".join(re.findall(r'"(.*)"', head)))
        strs = [
            _unescape("".join(re.findall(r'"(.*)"', part)))
            for part in re.split(r"msgstr(?:\[\d\])? ", text)[1:]
        ]
        if msgid:
            entries.append((msgid, strs))
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_not_fuzzy(language: str) -> None:
    entries = po_entries(language)
    assert len(entries) > 500
    untranslated = [msgid for msgid, strs in entries if not all(strs)]
    assert not untranslated, (
        f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    )
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text("utf-8")
    assert "#, fuzzy" not in po


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    for msgid, strs in po_entries(language):
        if len(strs) == 1:
            assert catalog.gettext(msgid) == strs[0], msgid


def test_interface_speaks_each_language_at_runtime() -> None:
    with translation.override("fr"):
        assert translation.gettext("Skip to main content") == "Aller au contenu principal"
        assert translation.ngettext("%(n)s activity", "%(n)s activities", 2) == "%(n)s activités"
    for language in ("es", "ar", "ru", "zh-hans"):
        with translation.override(language):
            assert translation.gettext("Skip to main content") != "Skip to main content"
    with translation.override("ru"):  # three plural forms
        forms = {translation.ngettext("%(n)s activity", "%(n)s activities", n) for n in (1, 3, 5)}
        assert len(forms) == 3


EXTRACT = [
    "makemessages", "--no-obsolete", "--add-location=file",
    "--ignore", "*/vendor/*", "--ignore", "static/*", "--ignore", "*/static/*",
]  # fmt: skip


def test_catalogues_are_not_stale(tmp_path: Path) -> None:
    """Extracting the strings again (src/aiatlas/locale/README.md) finds exactly the
    messages the catalogues hold: nothing marked for translation is missing from them."""
    import shutil

    from django.core.management import call_command

    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed (dev.py test installs it as root)")
    src = LOCALE.parent
    copy = tmp_path / "aiatlas"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    import os

    here = Path.cwd()
    os.chdir(copy)
    try:
        call_command(*EXTRACT, locale=["fr"], verbosity=0)
    finally:
        os.chdir(here)
    fresh = {msgid for msgid, _strs in _entries_of(copy / "locale" / "fr")}
    committed = {msgid for msgid, _strs in po_entries("fr")}
    assert fresh - committed == set(), "strings missing from the catalogues: re-extract"
    assert committed - fresh == set(), "catalogues hold strings no longer used: re-extract"


def _entries_of(folder: Path) -> list[tuple[str, list[str]]]:
    saved = LOCALE
    try:
        globals()["LOCALE"] = folder.parent
        return po_entries(folder.name)
    finally:
        globals()["LOCALE"] = saved
