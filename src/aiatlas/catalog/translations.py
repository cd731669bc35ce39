"""Which text of an activity a reader sees: its translation in the reader's language when
it has one, else the text as written, each with the language it is in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiatlas.catalog.io.schema import TRANSLATION_COLUMNS
from aiatlas.common import l10n


@dataclass(frozen=True)
class ShownText:
    """One field as shown: the text, its language (a content language code) and whether
    it is a translation."""

    text: str
    language: str
    translated: bool

    @property
    def lang(self) -> str:
        """The ``lang`` attribute of the element holding it ('' when not known)."""
        return "" if self.language == "other" else l10n.html_lang(self.language)


def stored_translations(record: dict[str, Any]) -> dict[str, dict[str, str]]:
    """A record's translation columns as ``{"fr": {"title": …}}`` (only those filled)."""
    out: dict[str, dict[str, str]] = {}
    for column, name, lang in TRANSLATION_COLUMNS:
        if record.get(column):
            out.setdefault(lang, {})[name] = str(record[column])
    return out


def shown(
    field: str,
    original: str,
    language: str | None,
    translations: dict[str, dict[str, str]] | None,
    reader: str | None,
) -> ShownText:
    """``field`` ("title" or "description") in the ``reader``'s language when a
    translation exists, else as written (in ``language``)."""
    written = language or "en"
    want = l10n.normalise_language(reader)
    text = ((translations or {}).get(want) or {}).get(field) or ""
    if text and want != written:
        return ShownText(text, want, True)
    return ShownText(original or "", written, False)


def shown_record(record: dict[str, Any], reader: str | None) -> dict[str, ShownText]:
    """Title and description of a record (the file schema's) for a reader."""
    translations = stored_translations(record)
    language = str(record.get("language") or "en")
    return {
        name: shown(name, str(record.get(name) or ""), language, translations, reader)
        for name in ("title", "description")
    }


def shown_activity(activity: Any, reader: str | None) -> dict[str, ShownText]:
    """Title and description of an ``Activity`` for a reader."""
    return {
        name: shown(name, getattr(activity, name), activity.language, activity.translations, reader)
        for name in ("title", "description")
    }
