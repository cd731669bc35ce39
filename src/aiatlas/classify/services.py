"""Store the classifier's SDG suggestions on catalog activities (source = classifier).

Suggestions live beside the submitter's and the curator's tags, never in their place:
re-tagging replaces only earlier classifier tags.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from aiatlas.catalog.choices import TagSource
from aiatlas.catalog.models import Activity, ActivityGoal, ActivityTarget
from aiatlas.classify.models import SuggestionReview
from aiatlas.common import errors
from aiatlas.common.rules import allowed
from aiatlas.taxonomy.models import Target

if TYPE_CHECKING:
    from aiatlas.classify.engine import GoalScore

BATCH = 500
EVIDENCE_CHARS = 2000


@dataclass
class TagReport:
    activities: int = 0
    goal_tags: int = 0
    target_tags: int = 0
    unsupported: int = 0


def activity_text(title: str, description: str, domains: list[str] | None) -> str:
    parts = [title, description]
    if domains:
        parts.append("Domains: " + ", ".join(domains))
    return "\n".join(p for p in parts if p)


def describe_evidence(goal: GoalScore) -> str:
    """A short, human-checkable account of why a goal was suggested: the score, matched
    phrases, the words that weigh most in the goal's head, the query lines that fired and the
    nearest UN target text."""
    evidence = goal.evidence
    bits = [f"score {goal.score:.2f}"]
    if evidence.phrases:
        bits.append("matched: " + ", ".join(evidence.phrases[:12]))
    if evidence.head_words:
        bits.append("words that weigh: " + ", ".join(evidence.head_words))
    if evidence.queries:
        bits.append("queries: " + " | ".join(q[:160] for q in evidence.queries[:3]))
    if evidence.nearest:
        near = evidence.nearest[0]
        bits.append(f"nearest {near.code} ({near.similarity:.2f}): {near.text[:200]}")
    return "; ".join(bits)[:EVIDENCE_CHARS]


@dataclass(frozen=True)
class Suggestion:
    """A goal the classifier finds in a text, with why (for a person to confirm)."""

    goal: int
    score: float
    targets: tuple[str, ...]
    evidence: str


class Unsupported(errors.InvalidInput):
    """The classifier cannot read the text (its language, or too little of it)."""


def suggest_goals(text: str) -> list[Suggestion]:
    """The goals the offline classifier decides "yes" for ``text``, best first, each with
    its evidence. Raises ``Unsupported`` (its reason) when the text cannot be classified.
    The engine is imported here, not at the top: it loads numpy and the model."""
    from aiatlas.classify.engine import classify

    result = classify(text)
    if not result.supported:
        raise Unsupported(result.reason or "the text cannot be classified")
    return [
        Suggestion(g.goal, g.score, g.targets[:3], describe_evidence(g)) for g in result.positive
    ]


class NotAllowed(errors.PermissionDenied):
    """The user may not curate SDG tags."""


class UnknownGoal(errors.NotFound):
    """A goal number outside 1 to 17."""


def review_suggestion(*, activity_id: int, goal: int, accepted: bool, reviewer: Any) -> None:
    """Record a curator's decision on a classifier suggestion.

    Accepting adds a curator tag; rejecting removes the classifier's tag (and any curator
    tag for that goal). Either way the decision is kept, so re-tagging respects it.
    """
    if not allowed(reviewer, "classify.curate"):
        raise NotAllowed("only secretariat reviewers and admins may curate SDG tags")
    if not 1 <= goal <= 17:
        raise UnknownGoal(f"SDG {goal} does not exist")
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity_id)
        SuggestionReview.objects.update_or_create(
            activity=activity,
            goal_id=goal,
            defaults={"accepted": accepted, "reviewer": reviewer},
        )
        if accepted:
            suggested = (
                ActivityGoal.objects.filter(
                    activity=activity, goal_id=goal, source=TagSource.CLASSIFIER
                )
                .values_list("evidence", flat=True)
                .first()
            )
            ActivityGoal.objects.update_or_create(
                activity=activity,
                goal_id=goal,
                source=TagSource.CURATOR,
                defaults={
                    "evidence": f"accepted classifier suggestion; {suggested or ''}"[
                        :EVIDENCE_CHARS
                    ]
                },
            )
        else:
            ActivityGoal.objects.filter(
                activity=activity,
                goal_id=goal,
                source__in=[TagSource.CLASSIFIER, TagSource.CURATOR],
            ).delete()


def tag_activities(
    *,
    edition: int | None = None,
    targets_per_goal: int = 2,
    progress: Callable[[int], None] | None = None,
) -> TagReport:
    """Classify every activity (of one edition, or all) and store the suggestions."""
    from aiatlas.classify.engine import Classifier
    from aiatlas.common import embeddings

    classifier = Classifier.load()
    known_targets = set(Target.objects.values_list("code", flat=True))
    from aiatlas.classify.queries import activities_to_tag

    ids = list(activities_to_tag(edition).values_list("pk", flat=True))
    report = TagReport()
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        rows = list(
            Activity.objects.filter(pk__in=part).values_list(
                "pk", "title", "description", "domains"
            )
        )
        # the multilingual vectors search already stored for these activities (its worker
        # embeds every activity once); only the ones it has not embedded yet are embedded here
        stored = embeddings.stored("activity", [pk for pk, *_ in rows])
        results = classifier.classify_many(
            [activity_text(t, d, dom) for _, t, d, dom in rows],
            vectors={i: stored[pk] for i, (pk, *_) in enumerate(rows) if pk in stored},
        )
        goals: list[ActivityGoal] = []
        targets: list[ActivityTarget] = []
        rejected = set(
            SuggestionReview.objects.filter(activity_id__in=part, accepted=False).values_list(
                "activity_id", "goal_id"
            )
        )
        for (pk, *_), result in zip(rows, results, strict=True):
            if not result.supported:
                report.unsupported += 1
                continue
            for g in result.positive:
                if (pk, g.goal) in rejected:
                    continue
                evidence = describe_evidence(g)
                goals.append(
                    ActivityGoal(
                        activity_id=pk,
                        goal_id=g.goal,
                        source=TagSource.CLASSIFIER,
                        evidence=evidence,
                    )
                )
                for code in g.targets[:targets_per_goal]:
                    if code in known_targets:
                        targets.append(
                            ActivityTarget(
                                activity_id=pk,
                                target_id=code,
                                source=TagSource.CLASSIFIER,
                                evidence=f"suggested with SDG {g.goal} ({g.score:.2f})",
                            )
                        )
        with transaction.atomic():
            ActivityGoal.objects.filter(activity_id__in=part, source=TagSource.CLASSIFIER).delete()
            ActivityTarget.objects.filter(
                activity_id__in=part, source=TagSource.CLASSIFIER
            ).delete()
            ActivityGoal.objects.bulk_create(goals)
            ActivityTarget.objects.bulk_create(targets)
        report.activities += len(rows)
        report.goal_tags += len(goals)
        report.target_tags += len(targets)
        if progress:
            progress(report.activities)
    return report
