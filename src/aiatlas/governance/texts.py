"""The governance data files' texts in the six UN languages.

Every human-readable text of ``data/reference.yaml`` and ``data/questionnaires/*.yaml``
is a mapping with one entry per language of the site (docs/governance.md)::

    label:
      en: Is the purpose stated in a document the organization has approved?
      fr: …
      es: …
      ar: …
      ru: …
      zh-hans: …

:func:`read` checks such a mapping (every language present and not empty, no other key)
and names the file, the key and the language of each problem; :func:`pick` returns the
text in a language. The loaders build their objects once per language (:func:`language`
is the active one), so pages, the API and exports read the reader's language."""

from __future__ import annotations

from typing import Any

import yaml
from django.utils import translation

#: the languages every text carries: the site's six (settings.LANGUAGES)
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-hans")


class DataFileError(Exception):
    """A data file that cannot be used: ``problems`` lists what is wrong, each naming
    its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


def language() -> str:
    """The active language, as the data files spell it (``zh-hans``)."""
    return (translation.get_language() or "en").lower()


def read(value: Any, where: str, problems: list[str], lang: str, *, required: bool = True) -> str:
    """The text of ``value`` in ``lang``; a problem per missing or empty language, per
    unknown key, or when ``value`` is not a mapping of languages (``where`` names the
    file and the key)."""
    if value in (None, "") and not required:
        return ""
    if not isinstance(value, dict):
        problems.append(
            f"{where}: must give the text in each language ({', '.join(LANGUAGES)}), "
            f"as a mapping such as {{en: …, fr: …}}"
        )
        return str(value or "")
    texts = {str(k): v for k, v in value.items()}
    for code in LANGUAGES:
        text = texts.get(code)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: the {code} text is missing")
    unknown = sorted(set(texts) - set(LANGUAGES))
    if unknown:
        problems.append(
            f"{where}: {', '.join(unknown)} is not a language of the site "
            f"(use {', '.join(LANGUAGES)})"
        )
    return pick(texts, lang)


def pick(texts: dict[str, Any], lang: str) -> str:
    """The text in ``lang``; for a language the files do not carry, :func:`untranslated`
    of the English."""
    text = texts.get(lang)
    if lang in LANGUAGES and isinstance(text, str):
        return " ".join(text.split())
    return untranslated(" ".join(str(texts.get("en") or "").split()), lang)


def untranslated(english: str, lang: str) -> str:
    """A text in a language the data files do not carry: the English. (The pseudo-locale
    check of the tests replaces this function, so that it sees these texts transformed
    like the catalogues' messages.)"""
    return english


def load_mapping(
    text: str, name: str, error: type[DataFileError], what: str = "YAML"
) -> dict[str, Any]:
    """The mapping a data file holds, or ``error([problem])`` naming the file."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise error([f"{name}: not {what} ({exc.__class__.__name__})"]) from exc
    if not isinstance(data, dict):
        raise error([f"{name}: the file must hold a mapping"])
    return data
