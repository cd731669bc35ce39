"""Which language is a text in? Script detection first, then stopword ratios for Latin script.

Only the six UN languages can be classified (the SDG texts exist in all of them); anything
else is reported as unsupported with a reason, never silently mislabelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: the languages the classifier knows (Django codes, as in ``aiatlas.taxonomy.texts``)
SUPPORTED = ("en", "fr", "es", "ar", "ru", "zh-hans")

_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS = {
    "en": _words(
        "the of and to in a is for that on with as by are this from be an or at it its their "
        "which we our has have was were not can will into more these than also how through "
    ),
    "fr": _words(
        "le la les de des du et en un une est pour que qui dans sur par au aux avec ce cette ces "
        "sont plus ou son sa ses leur leurs nous il elle pas être été afin d l "
    ),
    "es": _words(
        "el la los las de del y en un una es para que por con se al lo su sus como más o este "
        "esta estos son entre sobre sin también ha han ser fue "
    ),
    # Latin-script languages we recognise only to say that they are not supported
    "de": _words(
        "der die das und ist mit für von den dem nicht ein eine zu auf im sich auch werden "
    ),
    "pt": _words(
        "o os as do da dos das e em um uma é para que com não por ao mais seu sua são pelo "
    ),
    "it": _words(
        "il lo gli della delle di e è per che con non un una sono del nel alla più anche "
    ),
}


@dataclass(frozen=True)
class Language:
    code: str  # a SUPPORTED code, another ISO code, or "und" (undetermined)
    supported: bool
    reason: str = ""


def _script_counts(text: str) -> dict[str, int]:
    counts = {"latin": 0, "arabic": 0, "cyrillic": 0, "cjk": 0, "other": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250 or 0x1E00 <= o < 0x1F00:
            counts["latin"] += 1
        elif 0x600 <= o < 0x780 or 0xFB50 <= o < 0xFE00 or 0xFE70 <= o < 0xFF00:
            counts["arabic"] += 1
        elif 0x400 <= o < 0x530:
            counts["cyrillic"] += 1
        elif (
            0x3040 <= o < 0xA000
            or 0xAC00 <= o < 0xD7B0
            or 0xF900 <= o < 0xFB00
            or 0xFF00 <= o < 0xFFF0
            or o >= 0x20000
        ):
            counts["cjk"] += 1
        else:
            counts["other"] += 1
    return counts


def detect(text: str) -> Language:
    """Guess the language of ``text`` (looks at the first 2,000 characters)."""
    sample = text[:2000]
    if sample.isascii():
        counts = {
            "latin": sum(ch.isalpha() for ch in sample[:200])
            or int(any(ch.isalpha() for ch in sample))
        }
    else:
        counts = _script_counts(sample)
    letters = sum(counts.values())
    if letters < 3:
        return Language("und", False, "the text has no words to classify")
    script = max(counts, key=lambda k: counts[k])
    if script == "arabic":
        return Language("ar", True)
    if script == "cyrillic":
        return Language("ru", True)
    if script == "cjk":
        kana = sum(1 for ch in sample if 0x3040 <= ord(ch) < 0x3100)
        hangul = sum(1 for ch in sample if 0xAC00 <= ord(ch) < 0xD7B0)
        if kana or hangul:
            name = "Japanese" if kana else "Korean"
            return Language("ja" if kana else "ko", False, f"{name} text is not supported")
        return Language("zh-hans", True)
    if script == "other":
        return Language("und", False, "this script is not supported (only the six UN languages)")
    words = [w.lower() for w in _WORD.findall(sample)]
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda k: (scores[k], k == "en"))
    if scores[best] == 0:
        # too short to tell (a title or a keyword list): English is the best guess
        return Language("en", True)
    if best in SUPPORTED:
        return Language(best, True)
    return Language(best, False, f"language {best!r} is not supported (only the six UN languages)")
