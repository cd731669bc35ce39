"""The field's vocabulary (``data/synonyms.yaml``) and the UN entities' acronyms and names,
as groups of term sequences a query can be expanded with.

A member of a group is stored under each of its possible stem sequences (the stems of its
words in English, French and Spanish for Latin script), so "satellite imagery",
"satellites images" and "images satellitaires" all find their group whatever the form typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from aiatlas.search.analysis import query_stems, raw_words

#: longest member, in words
MAX_WORDS = 6


@dataclass(frozen=True)
class Vocabulary:
    version: int
    #: groups of members; each member is a tuple of stem sequences it may be written as
    groups: tuple[tuple[tuple[tuple[str, ...], ...], ...], ...]
    #: stem sequence -> group numbers
    index: dict[tuple[str, ...], tuple[int, ...]]


def member_forms(text: str) -> tuple[tuple[str, ...], ...]:
    """Every stem sequence a member may be written as (one per stemming language)."""
    words = raw_words(text)
    if not words:
        return ()
    options = [query_stems(w) for w in words]
    width = max(len(o) for o in options)
    forms = {tuple(o[min(i, len(o) - 1)] for o in options) for i in range(width)}
    return tuple(sorted(forms))


def _build(version: int, raw_groups: list[list[str]]) -> Vocabulary:
    groups = []
    index: dict[tuple[str, ...], list[int]] = {}
    for members in raw_groups:
        forms = tuple(f for f in (member_forms(str(m)) for m in members) if f)
        number = len(groups)
        groups.append(forms)
        for member in forms:
            for seq in member:
                index.setdefault(seq, [])
                if number not in index[seq]:
                    index[seq].append(number)
    return Vocabulary(version, tuple(groups), {k: tuple(v) for k, v in index.items()})


@cache
def field_vocabulary() -> Vocabulary:
    import yaml

    text = (resources.files("aiatlas.search") / "data" / "synonyms.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return _build(int(data["version"]), [list(g) for g in data["groups"]])


def entity_vocabulary(entities: list[tuple[str, str]]) -> Vocabulary:
    """Groups of (acronym, name) of the organizations: either finds the other."""
    return _build(0, [[a, n] for a, n in entities if a and n and a.casefold() != n.casefold()])
