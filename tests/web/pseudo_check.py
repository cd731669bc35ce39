"""What the pseudo-locale check calls untranslated (the rule of src/aiatlas/locale/README.md).

Every piece of text a page shows (text nodes, and the ``title``, ``alt``, ``placeholder``,
``aria-label`` attributes and the labels of buttons) is split into words. Words without an
ASCII letter are translated text, numbers or punctuation. Runs of words with an ASCII
letter are untranslated interface text unless they are

- data: found, as whole words, in a value stored in the database (or among CLDR's month
  and day names, which Babel writes in dates) (a single word only as
  a whole value, or an item of a list value) (titles, names, codes,
  descriptions, survey forms, message bodies: everything the fixture wrote), or a URL or
  an e-mail address;
- inside an element that says it holds data or another language: ``translate="no"``,
  ``data-i18n-skip``, ``<bdi>``, ``<code>``, ``<kbd>``, ``<samp>``, ``<script>``,
  ``<style>``, or an element whose ``lang`` is not the page's (the language switcher
  names each language in itself);
- codes and numbers (a word with a digit, or a dotted identifier: ``A000123``, ``F10``,
  ``3.b``, ``activities.total``);
- one of the few names that are the same in every language (:data:`SAME_IN_EVERY_LANGUAGE`:
  file formats, the brand, and the languages' own names, which the language lists show
  in each language itself).

A run that joins data with punctuation (``Kenya, Uganda``, ``WHO (World Health
Organization)``, ``Ada <ada@example.org>``) is data when each part is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

SAME_IN_EVERY_LANGUAGE = {
    "aiatlas", "CSV", "XLSX", "JSON", "JSONL", "PDF", "DOCX", "XLSForm", "API", "OpenAPI",
    "iCal", "iCalendar", "frab", "Typst", "Markdown", "HTML", "DCAT", "Frictionless",
    "SHA-256", "ITU", "Aurora", "CC", "BY", "MIT", "open-sdg/sdg-translations",
    "ISO", "M49", "htmx", "Vega-Lite", "ODK", "TOTP", "URL", "BibTeX", "CSL-JSON", "RIS",
    "UTC", "English", "Français", "Español", "Русский",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "template", "code", "kbd", "samp", "bdi", "noscript"}
ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description")
#: the data- attributes a script writes into the page (the pickers' filter box, the map's
#: zoom buttons): every text JavaScript shows comes from one of these, or from the
#: ``messages`` and chart titles of a JSON island (:data:`JSON_TEXT_KEYS`)
JS_TEXT_ATTRIBUTES = (
    "data-placeholder", "data-filter-label", "data-remove-label", "data-empty",
    "data-zoom-in", "data-zoom-out",
)  # fmt: skip
#: keys of a ``<script type="application/json">`` whose texts a script shows: a Vega-Lite
#: spec's ``title`` and ``description`` (axes, legends, tooltips, the accessible name) and
#: everything under ``messages`` (the survey's inline error messages)
JSON_TEXT_KEYS = ("title", "description", "messages")
_URL_OR_MAIL = re.compile(r"^(?:[a-z]+://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|/\S*|www\.\S+)$")
#: a word with a digit, or dotted like an identifier, is a code: A000123, F10, 3.b, sdg.total
_CODE = re.compile(r"\d|^[a-z_]+(?:\.[a-z_]+)+$|\{\w+\}")
_ASCII = re.compile(r"[A-Za-z]")
_EDGE = "\"'()[]{}.,;:!?«»“”‘’·–—-*/#…|<>←→×&+="


def cldr_words() -> str:
    """CLDR's English month and day names, one per line: dates are written by Babel in
    the page's language (English for the pseudo-locale), not by the catalogues, so they
    count as data."""
    from babel import Locale

    english = Locale.parse("en")
    words: set[str] = set()
    for table in (english.months, english.days):
        for context in table.values():
            for width in context.values():
                words.update(str(name) for name in width.values())
    # the badge word of taxonomy.texts.goal_label ("SDG 13"), which the taxonomy writes in
    # each of the six languages itself (the UN's own terms), not the catalogues
    words.add("SDG")
    return "\n".join(sorted(words))


def database_strings(*, leave_out: tuple[type, ...] = ()) -> str:
    """Every string stored in the database, one per line, whitespace collapsed (but those
    of the models in ``leave_out``)."""
    from django.apps import apps
    from django.db import models

    found: set[str] = set()

    def add(value: Any) -> None:
        if isinstance(value, str):
            if _ASCII.search(value):
                found.add(" ".join(value.split()))
        elif isinstance(value, dict):
            for k, v in value.items():
                add(k)
                add(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                add(v)

    for model in apps.get_models():
        if issubclass(model, leave_out):
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields).iterator():
            add(row)
    return "\n".join(sorted(found)) + "\n" + cldr_words()


class Checker:
    def __init__(self, data: str, extra: set[str] | None = None) -> None:
        self.data = "\n" + data + "\n"
        self.same = SAME_IN_EVERY_LANGUAGE | (extra or set())
        self._known: dict[str, bool] = {}

    def is_data(self, fragment: str) -> bool:
        if fragment not in self._known:
            self._known[fragment] = self._is_data(fragment)
        return self._known[fragment]

    def _is_data(self, fragment: str) -> bool:
        words = fragment.split()
        if all(self._neutral(w) for w in words):
            return True
        if len(words) == 1:
            # one word ("Edit", "SDG") is data only as a whole value or an item of a list
            # value, else every short label would pass as a word of some description
            word = re.escape(fragment.strip(_EDGE + " "))
            return bool(re.search(r"(?m)(?:^|[;,] )" + word + r"(?:[;,]|$)", self.data))
        if any(
            re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", self.data)
            for f in {fragment, fragment.strip(_EDGE + " ")}
            if f
        ):
            return True
        # items of data joined by list punctuation, each whole ("Judge One (illustrative),
        # Judge Two (illustrative)", "First prize: Team Alpha", "Title · aiatlas")
        items = [i.strip(_EDGE + " ") for i in re.split(r"(?<=[,;:])\s+|\s+·\s+", fragment)]
        items = [i for i in items if _ASCII.search(i)]
        if len(items) > 1 and all(self.is_data(i) for i in items):
            return True
        # data joined by punctuation, codes and numbers: "Kenya, Uganda", "3. Zero hunger",
        # "WHO (World Health Organization)", "A000001 Flood maps (WMO,"
        parts: list[str] = []
        current: list[str] = []
        for word in words:
            if self._neutral(word) or re.fullmatch(r"[()<>\[\]#]+", word):
                parts.append(" ".join(current))
                current = []
                continue
            pieces = re.split(r"[()<>\[\]]", word)
            for i, piece in enumerate(pieces):
                if i:
                    parts.append(" ".join(current))
                    current = []
                current.append(piece)
            if word.rstrip("\"'”’»").endswith((",", ";", "·")):
                parts.append(" ".join(current))
                current = []
        parts.append(" ".join(current))
        parts = [p.strip(_EDGE + " ") for p in parts]
        parts = [p for p in parts if _ASCII.search(p)]
        if len(parts) == 1 and parts[0] == fragment.strip(_EDGE):
            return False
        return all(self.is_data(p) for p in parts)

    def _neutral(self, word: str) -> bool:
        """A code, a number, a URL, an e-mail address or a name the same in every language."""
        bare = word.strip(_EDGE)
        return (
            not bare
            or bare in self.same
            or bool(_URL_OR_MAIL.match(bare) or _CODE.search(bare) or _CODE.search(word))
        )

    def untranslated(self, text: str) -> list[str]:
        """The runs of ``text`` that are neither translated nor data."""
        bad = []
        run: list[str] = []

        def flush() -> None:
            if any(_ASCII.search(w) for w in run):
                fragment = " ".join(run)
                if not self.is_data(fragment):
                    bad.append(fragment)
            run.clear()

        for word in text.split():
            # a word touching a translated part ("⟦Ada", "Ada⟧,") splits at the bracket
            for token in re.split(r"([⟦⟧])", word):
                if token in ("⟦", "⟧"):
                    flush()
                elif _ASCII.search(token) or _CODE.search(token) or not re.search(r"\w", token):
                    run.append(token)  # data, codes and lone punctuation ("Bill & Melinda")
                elif token:
                    flush()
        flush()
        return bad

    def check_text(self, text: str) -> list[str]:
        """The untranslated runs of a plain text (an e-mail), line by line."""
        return [bad for line in text.splitlines() for bad in self.untranslated(line)]

    def check_html(self, html: str) -> list[str]:
        import lxml.html

        if not html.strip():
            return []
        root = lxml.html.document_fromstring(html)
        page_lang = root.get("lang", "")
        bad: list[str] = []
        for text in _texts(root, page_lang):
            bad.extend(self.untranslated(text))
        return bad


def _skipped(el: Any, page_lang: str) -> bool:
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
        return True
    if el.get("translate") == "no" or el.get("data-i18n-skip") is not None:
        return True
    lang = el.get("lang")
    return lang is not None and el.tag != "html" and lang != page_lang


def _json_texts(value: Any, keep: bool = False) -> Iterator[str]:
    """The strings of a JSON island under :data:`JSON_TEXT_KEYS`."""
    if isinstance(value, str):
        if keep:
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _json_texts(v, keep or k in JSON_TEXT_KEYS)
    elif isinstance(value, list):
        for v in value:
            yield from _json_texts(v, keep)


def _texts(el: Any, page_lang: str) -> Iterator[str]:
    if el.tag == "script" and el.get("type") == "application/json" and el.text:
        import contextlib
        import json

        with contextlib.suppress(ValueError):  # not JSON: nothing a script shows
            yield from _json_texts(json.loads(el.text))
        return
    if _skipped(el, page_lang):
        return
    for name in (*ATTRIBUTES, *JS_TEXT_ATTRIBUTES):
        if el.get(name):
            yield el.get(name)
    if el.tag == "input" and el.get("type") in {"submit", "button", "reset"} and el.get("value"):
        yield el.get("value")
    if el.text:
        yield el.text
    for child in el:
        yield from _texts(child, page_lang)
        if child.tail:
            yield child.tail
