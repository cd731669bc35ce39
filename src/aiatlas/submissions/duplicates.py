"""Likely duplicates of a submission: the same or a near-same activity in any entity, in
this edition's other submissions or in the catalog (any earlier edition).

Similarity is the Jaccard overlap of the titles' significant words and of the
descriptions' word triples, in the search index's words (case and accents folded).
Candidates are found with a cheap query on the rarest title words, then scored in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q

from aiatlas.catalog.models import Activity
from aiatlas.search.analysis import LATIN, STOPWORDS
from aiatlas.search.text import words

#: a pair scoring at least this is shown to the submitter as a likely duplicate
THRESHOLD = 0.5
MAX_CANDIDATES = 400
MAX_SHOWN = 5
#: words that say nothing of what an activity is: search's stop words of the Latin-script
#: languages, and the verbs every title uses
_STOP = frozenset().union(*(STOPWORDS[lang] for lang in LATIN)) | {"use", "using", "via"}


def title_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in _STOP and len(w) > 1}


def _triples(text: str) -> set[tuple[str, ...]]:
    kept = [w for w in words(text) if w not in _STOP]
    return {tuple(kept[i : i + 3]) for i in range(max(0, len(kept) - 2))}


def _jaccard(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def similarity(title_a: str, desc_a: str, title_b: str, desc_b: str) -> float:
    """0 (unrelated) … 1 (the same text)."""
    t = _jaccard(title_words(title_a), title_words(title_b))
    d = _jaccard(_triples(desc_a), _triples(desc_b))
    return round(max(t, d, (t + d) / 2), 3)


@dataclass(frozen=True)
class Candidate:
    kind: str  # "activity" (catalog) or "submission" (this edition's call)
    ref: str  # public id, or the submission number
    title: str
    organization: str
    editions: tuple[int, ...]
    score: float
    activity_pk: int | None = None


def find_duplicates(
    *,
    title: str,
    description: str,
    call_id: int,
    exclude_submission: int | None = None,
    exclude_activity: int | None = None,
) -> list[Candidate]:
    """The likely duplicates, best first (at most :data:`MAX_SHOWN`)."""
    from aiatlas.submissions.models import State, Submission

    words = sorted(title_words(title), key=lambda w: (-len(w), w))[:4]
    if not words:
        return []
    found: list[Candidate] = []
    text_q = reduce(or_, (Q(title__icontains=w) for w in words))
    activities = (
        Activity.objects.filter(text_q)
        .exclude(pk=exclude_activity or 0)
        .select_related("lead_organization")
        .prefetch_related("editions")[:MAX_CANDIDATES]
    )
    for act in activities:
        score = similarity(title, description, act.title, act.description)
        if score >= THRESHOLD:
            found.append(
                Candidate(
                    kind="activity",
                    ref=act.public_id,
                    title=act.title,
                    organization=act.lead_organization.reference,
                    editions=tuple(sorted(e.year for e in act.editions.all())),
                    score=score,
                    activity_pk=act.pk,
                )
            )
    json_q = reduce(or_, (Q(record__title__icontains=w) for w in words))
    others = (
        Submission.objects.filter(call_id=call_id)
        .filter(json_q)
        .exclude(pk=exclude_submission or 0)
        .exclude(state=State.WITHDRAWN)
        .select_related("organization")[:MAX_CANDIDATES]
    )
    for sub in others:
        if exclude_activity and sub.activity_id == exclude_activity:
            continue
        rec = sub.record if isinstance(sub.record, dict) else {}
        score = similarity(
            title, description, str(rec.get("title") or ""), str(rec.get("description") or "")
        )
        if score >= THRESHOLD:
            found.append(
                Candidate(
                    kind="submission",
                    ref=str(sub.pk),
                    title=sub.title,
                    organization=sub.organization.reference,
                    editions=(),
                    score=score,
                    activity_pk=sub.activity_id,
                )
            )
    found.sort(key=lambda c: (-c.score, c.kind, c.ref))
    return found[:MAX_SHOWN]
