"""Words as the index stores them, the same on SQLite and PostgreSQL: folded, stemmed.

Stemming is done here, in Python, with the Snowball stemmers of ``snowballstemmer`` (English,
French, Spanish, Arabic, Russian), so both databases index and match identical terms; they
only compare tokens (FTS5 with external content on SQLite, a 'simple' tsvector on
PostgreSQL). Chinese has no spaces between words and no stemmer: each Han character is a
term, and a run of them is searched as a phrase.

- A record is stemmed in its own language (:func:`detect_language`: script, then common
  words), so "forecasts", "forecasting" and "forecast" are one term in an English record
  and "inondations", "inondation" one term in a French one.
- A query word is looked up under every stem its script allows (English, French and
  Spanish for Latin script), because two or three words rarely say which language they are.

Terms are folded after stemming (lower case, accents removed): the stemmers need the
accents ("santé" → "sant"), the index does not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from aiatlas.search.text import fold, fold_word

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

#: Snowball algorithm per language code
STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic", "ru": "russian"}
LATIN = ("en", "fr", "es")

#: words too common to require in a query (they stay in the index, for phrases)
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "a",
            "an",
            "and",
            "are",
            "as",
            "at",
            "be",
            "by",
            "for",
            "from",
            "how",
            "in",
            "into",
            "is",
            "it",
            "its",
            "of",
            "on",
            "or",
            "over",
            "that",
            "the",
            "their",
            "them",
            "they",
            "this",
            "to",
            "was",
            "were",
            "what",
            "when",
            "where",
            "which",
            "who",
            "will",
            "with",
        ]
    ),
    "fr": frozenset(
        [
            "a",
            "au",
            "aux",
            "avec",
            "ce",
            "ces",
            "dans",
            "de",
            "des",
            "du",
            "en",
            "et",
            "l",
            "la",
            "le",
            "les",
            "leur",
            "leurs",
            "par",
            "pour",
            "qui",
            "sur",
            "un",
            "une",
            "d",
        ]
    ),
    "es": frozenset(
        [
            "a",
            "al",
            "con",
            "de",
            "del",
            "el",
            "en",
            "es",
            "la",
            "las",
            "los",
            "para",
            "por",
            "que",
            "un",
            "una",
            "y",
        ]
    ),
    "ar": frozenset(["في", "من", "على", "إلى", "عن", "مع", "و", "ال"]),
    "ru": frozenset(["в", "во", "и", "на", "по", "с", "со", "для", "из", "к", "о", "от"]),
    "zh": frozenset(["的", "和", "与", "在"]),
}
_ALL_STOP = frozenset().union(*STOPWORDS.values())
_LANG_HINTS = {lang: STOPWORDS[lang] - STOPWORDS["en"] for lang in ("fr", "es")} | {
    "en": STOPWORDS["en"] - STOPWORDS["fr"] - STOPWORDS["es"]
}


@lru_cache(maxsize=8)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer(STEMMERS[lang])


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The folded stem of one lower-case word in ``lang`` (the word itself when there is no
    stemmer for it, or when it holds digits)."""
    if lang not in STEMMERS or any(c.isdigit() for c in word) or len(word) < 3:
        return fold_word(word)
    return fold_word(_stemmer(lang).stemWord(word))


def script_of(word: str) -> str:
    """ "zh", "ar", "ru" or "latin" for one word."""
    if _HAN.search(word):
        return "zh"
    if _ARABIC.search(word):
        return "ar"
    if _CYRILLIC.search(word):
        return "ru"
    return "latin"


def raw_words(text: str) -> list[str]:
    """Lower-case words of ``text`` (accents kept, for the stemmers); runs of Han characters
    are split into one word per character."""
    lowered = unicodedata.normalize("NFC", text).lower()
    if not _HAN.search(lowered):
        return _TOKEN.findall(lowered)
    out: list[str] = []
    for token in _TOKEN.findall(lowered):
        if _HAN.search(token):
            out.extend(_split_han(token))
        else:
            out.append(token)
    return out


def _split_han(token: str) -> list[str]:
    parts: list[str] = []
    buf = ""
    for c in token:
        if _HAN.match(c):
            if buf:
                parts.append(buf)
                buf = ""
            parts.append(c)
        else:
            buf += c
    if buf:
        parts.append(buf)
    return parts


def detect_language(text: str) -> str:
    """The language of a record or query: by script, then by its common words (English when
    nothing says otherwise)."""
    sample = text[:3000]
    for lang, pattern in (("ar", _ARABIC), ("ru", _CYRILLIC), ("zh", _HAN)):
        if len(pattern.findall(sample)) > len(sample) // 10:
            return lang
    tokens = _TOKEN.findall(sample.lower())
    scores = {lang: sum(1 for t in tokens if t in hints) for lang, hints in _LANG_HINTS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > scores["en"] else "en"


def index_terms(text: str, lang: str) -> list[str]:
    """The terms of a stored text, in order (each word stemmed in the record's language;
    words of another script with that script's stemmer)."""
    return [_term(word, lang) for word in raw_words(text)]


@lru_cache(maxsize=200_000)
def _term(word: str, lang: str) -> str:
    """One word's term in a text of ``lang`` (kept once per word: a large import stems the
    same few thousand words again and again)."""
    script = script_of(word)
    return stem(word, lang if script == "latin" and lang in LATIN else _lang(script, lang))


def _lang(script: str, default: str) -> str:
    return {"zh": "zh", "ar": "ar", "ru": "ru"}.get(
        script, "en" if default not in LATIN else default
    )


def query_stems(word: str) -> tuple[str, ...]:
    """Every term a typed word may stand for (its stems in the languages of its script)."""
    script = script_of(word)
    if script != "latin":
        return (stem(word, script),)
    return tuple(dict.fromkeys(stem(word, lang) for lang in LATIN))


def is_stopword(word: str) -> bool:
    return word in _ALL_STOP or fold(word) in _ALL_STOP
