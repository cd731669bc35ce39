"""The French catalogue is complete and compiled; other languages fall back to English."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "src" / "aiatlas" / "locale"
PO = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "fr" / "LC_MESSAGES" / "django.mo"


def po_entries() -> list[tuple[str, list[str]]]:
    """(msgid, msgstrs) for every entry but the header."""
    entries = []
    for block in PO.read_text("utf-8").split("\n\n"):
        text = "\n".join(line for line in block.splitlines() if not line.startswith("#"))
        msgid = "".join(re.findall(r'"(.*)"', text.split("msgid_plural")[0].split("msgstr")[0]))
        strs = [
            "".join(re.findall(r'"(.*)"', part))
            for part in re.split(r"msgstr(?:\[\d\])? ", text)[1:]
        ]
        if msgid:
            entries.append((msgid, strs))
    return entries


def test_french_po_is_complete() -> None:
    entries = po_entries()
    assert len(entries) > 100
    untranslated = [msgid for msgid, strs in entries if not all(strs)]
    assert not untranslated
    assert "#, fuzzy" not in PO.read_text("utf-8")


def test_french_mo_matches_po() -> None:
    with MO.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    for msgid, strs in po_entries():
        if "%(" in msgid and "_plural" not in msgid and len(strs) > 1:
            continue
        if len(strs) == 1:
            assert catalog.gettext(msgid.replace('\\"', '"')) == strs[0].replace('\\"', '"')


def test_french_at_runtime() -> None:
    with translation.override("fr"):
        assert translation.gettext("Skip to main content") == "Aller au contenu principal"
        assert translation.ngettext("%(n)s activity", "%(n)s activities", 2) == "%(n)s activités"
    with translation.override("es"):  # no Spanish catalogue of our own yet
        assert translation.gettext("Share of partnerships") == "Share of partnerships"
