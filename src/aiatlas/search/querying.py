"""From what a person typed to what the index is asked: groups of alternatives.

A query is a list of groups that must all match (or, relaxed, any of them). A group is one
typed word, a quoted phrase, or a run of words that is a member of the field's vocabulary
(``synonyms``) or an organization's acronym or name; its alternatives are term sequences
(phrases of stems), the last term possibly a prefix:

- a word: its stems in the languages of its script ("satellites" → satellit);
- the last word typed, when no indexed term is that word: also its prefix ("forec" →
  forec*);
- a vocabulary member: every member of its groups ("LLM" → llm | "larg languag model" | …);
- a word the index does not hold: the closest indexed term by edit distance, when one is
  near enough (a correction, which the page offers or applies).

Common words ("the", "des", "في") are left out unless the query holds nothing else; a word
typed in capitals ("WHO") is never a common word.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field, replace

from aiatlas.search.analysis import (
    is_stopword,
    query_stems,
    raw_words,
    script_of,
)
from aiatlas.search.synonyms import MAX_WORDS, Vocabulary, field_vocabulary, member_forms
from aiatlas.search.text import fold

MAX_GROUPS = 16
MAX_ALTERNATIVES = 40
_PHRASE = re.compile(r'"([^"]*)"')
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Alternative:
    terms: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Group:
    #: what was typed for this group (as typed)
    text: str
    alternatives: tuple[Alternative, ...]
    #: a single typed word, open to prefix matching and correction
    word: bool = False
    #: the group's words as the person typed them were corrected to ``text``
    corrected: bool = False


@dataclass(frozen=True)
class Plan:
    groups: tuple[Group, ...] = ()
    #: OR across groups instead of AND (the relaxed search)
    any: bool = False

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def terms(self) -> set[str]:
        """Every term the plan matches on (for highlighting), prefixes marked with '*'."""
        return {
            t + ("*" if alt.prefix and i == len(alt.terms) - 1 else "")
            for g in self.groups
            for alt in g.alternatives
            for i, t in enumerate(alt.terms)
        }

    def text(self) -> str:
        return " ".join(g.text for g in self.groups)


# -- the index's terms -----------------------------------------------------------------------


@dataclass
class Terms:
    """Indexed terms with the number of documents holding each (for corrections)."""

    df: dict[str, int]
    ordered: list[str] = field(default_factory=list)
    by_start: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ordered = sorted(self.df)
        for term in self.ordered:
            self.by_start.setdefault(term[:1], []).append(term)

    def has(self, term: str) -> bool:
        return term in self.df

    def has_prefix(self, prefix: str) -> bool:
        i = bisect.bisect_left(self.ordered, prefix)
        return i < len(self.ordered) and self.ordered[i].startswith(prefix)

    def closest(self, term: str) -> str | None:
        """The indexed term nearest to ``term``: edit distance at most 1 (2 for terms of seven
        or more letters), where a doubled letter typed once (or twice) costs half, and a
        word that only runs on past an indexed stem ("warnin" → warn) costs one; ties
        go to the term more documents hold."""
        if len(term) < 4 or any(c.isdigit() for c in term):
            return None
        limit = 1.0 if len(term) < 7 else 2.0
        best: tuple[float, int, str] | None = None
        pool = self.by_start.get(term[:1], [])
        if len(term) >= 7:  # a long word may have its typo in the first letter
            pool = pool + self.by_start.get(term[1:2], [])
        for cand in pool:
            if abs(len(cand) - len(term)) > limit + 1 or len(cand) < 3:
                continue
            d = distance(term, cand, limit)
            if len(cand) >= 4 and term.startswith(cand) and len(term) - len(cand) <= 3:
                d = min(d, 1.0)
            if d <= limit:
                key = (d, -self.df[cand], cand)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


def distance(a: str, b: str, limit: float) -> float:
    """Optimal string alignment distance of ``a`` and ``b`` (a doubled letter inserted or
    left out costs 0.5), or more than ``limit`` once it is certain to be more."""
    if a == b:
        return 0.0

    def indel(s: str, i: int) -> float:  # inserting or deleting s[i-1]
        c = s[i - 1]
        doubled = (i > 1 and s[i - 2] == c) or (i < len(s) and s[i] == c)
        return 0.5 if doubled else 1.0

    prev2: list[float] | None = None
    prev = [0.0]
    for j in range(1, len(b) + 1):
        prev.append(prev[-1] + indel(b, j))
    for i in range(1, len(a) + 1):
        cur = [prev[0] + indel(a, i)] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0.0 if a[i - 1] == b[j - 1] else 1.0
            cur[j] = min(prev[j] + indel(a, i), cur[j - 1] + indel(b, j), prev[j - 1] + cost)
            if prev2 is not None and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1.0)
        if min(cur) > limit:
            return limit + 1.0
        prev2, prev = prev, cur
    return prev[-1]


# -- parsing -------------------------------------------------------------------------------


def _typed_words(text: str) -> list[str]:
    """Words as typed (case kept); runs of Han characters stay one word here."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def _alternatives(forms: list[tuple[str, ...]]) -> tuple[Alternative, ...]:
    return tuple(Alternative(f) for f in dict.fromkeys(forms))[:MAX_ALTERNATIVES]


def _word_group(word: str) -> Group:
    if script_of(word) == "zh":  # Han characters: the run as a phrase of characters
        chars = tuple(fold(c) for c in raw_words(word))
        return Group(word, (Alternative(chars),))
    stems = query_stems(word.lower())
    return Group(word, _alternatives([(s,) for s in stems]), word=True)


def _vocabulary_groups(
    words: list[str], vocabularies: list[Vocabulary]
) -> list[tuple[int, int, Group]]:
    """(start, end, group) of the longest vocabulary members found in ``words``."""
    found: list[tuple[int, int, Group]] = []
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            window = words[i : i + n]
            if n == 1 and is_stopword(window[0].lower()) and not window[0].isupper():
                continue
            forms = member_forms(" ".join(window))
            for vocab in vocabularies:
                numbers = {g for f in forms for g in vocab.index.get(f, ())}
                if numbers:
                    alts = [seq for g in sorted(numbers) for m in vocab.groups[g] for seq in m]
                    hit = (i, i + n, Group(" ".join(window), _alternatives(alts)))
                    break
            if hit:
                break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


def _han_runs(words: list[str]) -> list[str]:
    """Split typed words so that each Han character stands alone (for vocabulary matching);
    other words are kept."""
    out: list[str] = []
    for w in words:
        if script_of(w) == "zh":
            out.extend(raw_words(w))
        else:
            out.append(w)
    return out


def plan_query(q: str, entities: Vocabulary | None = None) -> Plan:
    """The groups for ``q`` (before corrections and prefixes, see :func:`refine`)."""
    groups: list[Group] = []
    rest = q
    if q.count('"') % 2 == 0:
        for phrase in _PHRASE.findall(q):
            words = raw_words(phrase)
            if words:
                forms = member_forms(phrase)
                groups.append(Group(phrase.strip(), _alternatives(list(forms))))
        rest = _PHRASE.sub(" ", q)
    else:
        rest = q.replace('"', " ")
    typed = _han_runs(_typed_words(rest))
    vocabularies = [v for v in (entities, field_vocabulary()) if v is not None]
    spans = _vocabulary_groups(typed, vocabularies)
    covered = {i for start, end, _ in spans for i in range(start, end)}
    pending: list[tuple[int, Group]] = [(start, g) for start, _, g in spans]
    i = 0
    while i < len(typed):
        if i in covered:
            i += 1
            continue
        if script_of(typed[i]) == "zh":  # a run of uncovered Han characters: one phrase
            j = i
            while j < len(typed) and j not in covered and script_of(typed[j]) == "zh":
                j += 1
            pending.append((i, _word_group("".join(typed[i:j]))))
            i = j
            continue
        word = typed[i]
        if not (is_stopword(word.lower()) and not (word.isupper() and len(word) > 1)):
            pending.append((i, _word_group(word)))
        i += 1
    pending.sort(key=lambda p: p[0])
    groups.extend(g for _, g in pending)
    if not groups and typed:  # only common words: search them after all
        groups = [_word_group(w) for w in typed]
    unique: list[Group] = []
    for g in groups:
        if all(g.alternatives != u.alternatives for u in unique):
            unique.append(g)
    return Plan(tuple(unique[:MAX_GROUPS]))


def _last_word_index(plan: Plan, q: str) -> int | None:
    """The group of the last word typed, when the query ends with a plain word."""
    if not plan.groups or q.rstrip().endswith('"'):
        return None
    last = len(plan.groups) - 1
    return last if plan.groups[last].word else None


def with_prefix(plan: Plan, q: str, terms: Terms) -> Plan:
    """The last word typed also matches as a prefix when no indexed term is that word."""
    i = _last_word_index(plan, q)
    if i is None:
        return plan
    group = plan.groups[i]
    if any(terms.has(a.terms[0]) for a in group.alternatives) or len(group.text) < 4:
        return plan
    prefix = fold(group.text.lower())
    if not terms.has_prefix(prefix):
        return plan
    alts = (*group.alternatives, Alternative((prefix,), prefix=True))
    groups = list(plan.groups)
    groups[i] = replace(group, alternatives=alts)
    return replace(plan, groups=tuple(groups))


def corrected(plan: Plan, terms: Terms) -> Plan | None:
    """The plan with every unknown word replaced by its closest indexed term (None when no
    word needs or finds a correction)."""
    groups = list(plan.groups)
    changed = False
    for i, group in enumerate(groups):
        if not group.word or any(
            terms.has(a.terms[0]) or (a.prefix and terms.has_prefix(a.terms[0]))
            for a in group.alternatives
        ):
            continue
        best = None
        for alt in group.alternatives:
            best = terms.closest(alt.terms[0])
            if best:
                break
        if best is None:
            continue
        groups[i] = Group(best, (Alternative((best,)),), word=True, corrected=True)
        changed = True
    return replace(plan, groups=tuple(groups)) if changed else None


def relaxed(plan: Plan) -> Plan | None:
    """Any group instead of every group (None when there is only one)."""
    return replace(plan, any=True) if len(plan.groups) > 1 and not plan.any else None


# -- the database's query languages --------------------------------------------------------


def fts5_match(plan: Plan) -> str:
    """An FTS5 MATCH expression; every term is quoted (terms are \\w+, no quote inside)."""
    parts = []
    for group in plan.groups:
        alts = [
            '"' + " ".join(a.terms) + '"' + (" *" if a.prefix else "") for a in group.alternatives
        ]
        parts.append("(" + " OR ".join(alts) + ")")
    return (" OR " if plan.any else " AND ").join(parts)


def tsquery(plan: Plan) -> str:
    """The same as a to_tsquery('simple', …) expression: phrases with <->, prefixes :*."""
    parts = []
    for group in plan.groups:
        alts = []
        for a in group.alternatives:
            quoted = ["'" + t + "'" for t in a.terms]
            if a.prefix:
                quoted[-1] += ":*"
            alts.append(quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")")
        parts.append("(" + " | ".join(alts) + ")")
    return (" | " if plan.any else " & ").join(parts)
