"""A pseudo-locale for tests only: every message the code marks for translation, turned
into visibly different text, so that a page rendered in it shows at once what was never
marked (src/aiatlas/locale/README.md, "The pseudo-locale check").

The language is ``en-xa`` (the Android convention for an accented pseudo-English). Its
catalogue is made at test time, never committed: the project's strings are extracted
afresh from the source (so a string marked a minute ago counts), Django's own English
catalogues are added, and every message becomes ``⟦Šîĝñ îñ⟧``: each ASCII letter
accented, the whole wrapped in ⟦…⟧, with placeholders (``%(name)s``, ``%s``, ``{name}``),
HTML tags, entities and URLs kept as they are. The result is compiled to a ``.mo`` in a
temporary folder that :func:`pseudo_settings` puts first on ``LOCALE_PATHS``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PSEUDO = "en-xa"
PSEUDO_DIR = "en_XA"
OPEN, CLOSE = "⟦", "⟧"
SRC = Path(__file__).resolve().parents[1] / "src" / "aiatlas"

_LOWER = "áƀçďéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýž"
_UPPER = "ÁƁÇĎÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
ACCENTS = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", _LOWER + _UPPER)
#: what a message keeps unchanged: placeholders, tags, entities, URLs
KEEP = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxX%]"  # %s %d %%
    r"|\{[A-Za-z_][\w.]*\}"  # {name}
    r"|<[^<>]+>"  # <a href="…">, </a>
    r"|&[#\w]+;"  # &amp;
    r"|https?://[^\s<>\"']+"  # URLs
)


def pseudo(text: str) -> str:
    """``text`` accented and wrapped, its placeholders, tags and URLs untouched."""
    if not text:
        return text
    out, last = [], 0
    for match in KEEP.finditer(text):
        out.append(text[last : match.start()].translate(ACCENTS))
        out.append(match[0])
        last = match.end()
    out.append(text[last:].translate(ACCENTS))
    return OPEN + "".join(out) + CLOSE


def _extract(work: Path) -> Path:
    """The project's messages, extracted afresh (the recipe of the locale README) into a
    ``.po`` of the pseudo-locale in a copy of the source under ``work``."""
    from django.core.management import call_command

    copy = work / "aiatlas"
    shutil.copytree(
        SRC, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo", "*.po")
    )
    here = Path.cwd()
    os.chdir(copy)
    try:
        call_command(
            "makemessages", "--no-obsolete", "--add-location=never",
            "--ignore", "*/vendor/*", "--ignore", "static/*", "--ignore", "*/static/*",
            locale=[PSEUDO_DIR], verbosity=0,
        )  # fmt: skip
    finally:
        os.chdir(here)
    po = copy / "locale" / PSEUDO_DIR / "LC_MESSAGES" / "django.po"
    text = po.read_text("utf-8").replace(
        "nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);"
    )
    po.write_text(text, "utf-8")
    return po


def _django_catalogues() -> list[Path]:
    """The English catalogues of Django and of the installed apps that ship one (their
    messages, such as month names and form errors, appear on our pages too)."""
    import django
    from django.apps import apps

    found = [Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    for config in apps.get_app_configs():
        if config.name.startswith("aiatlas"):
            continue
        po = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / "django.po"
        if po.is_file():
            found.append(po)
    return [p for p in found if p.is_file()]


def build(work: Path) -> Path:
    """Compile the pseudo-locale under ``work``; returns the folder for ``LOCALE_PATHS``."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = Catalog(locale="en")
    for po in [*_django_catalogues(), _extract(work)]:
        with po.open("rb") as fh:
            source = read_po(fh)
        for message in source:
            if not message.id:
                continue
            if isinstance(message.id, (list, tuple)):
                string: Any = tuple(pseudo(message.id[min(i, 1)]) for i in range(2))
            else:
                string = pseudo(message.id)
            catalog.add(message.id, string, context=message.context)
    folder = work / "locale"
    target = folder / PSEUDO_DIR / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "django.mo").open("wb") as fh:
        write_mo(fh, catalog)
    return folder


def pseudo_settings(folder: Path) -> dict[str, Any]:
    """Settings that add the pseudo-locale (for ``override_settings``)."""
    from django.conf import settings

    return {
        "LANGUAGES": [*settings.LANGUAGES, (PSEUDO, pseudo("Pseudo"))],
        "LOCALE_PATHS": [str(folder), *map(str, settings.LOCALE_PATHS)],
    }


@contextmanager
def data_file_texts() -> Iterator[None]:
    """The governance data files' texts (six languages, no catalogue) transformed like
    the catalogues' messages in the pseudo-locale: their loader returns, for a language
    the files do not carry, ``texts.untranslated`` of the English, which this replaces
    for the duration (tests only; the caches per language are emptied both ways)."""
    from aiatlas.governance import questionnaire, reference, texts

    def clear() -> None:
        reference._reference.cache_clear()
        questionnaire._load.cache_clear()

    def transformed(english: str, lang: str) -> str:
        return pseudo(english) if lang == PSEUDO else english

    clear()
    saved = texts.untranslated
    texts.untranslated = transformed
    try:
        yield
    finally:
        texts.untranslated = saved
        clear()
