"""Read queries over SDG tags: agreement between submitters and the classifier, over-claims,
the suggestions shown on an activity page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from aiatlas.catalog.choices import TagSource
from aiatlas.catalog.models import Activity, ActivityGoal
from aiatlas.classify.models import SuggestionReview
from aiatlas.common.rules import allowed
from aiatlas.taxonomy.models import Goal

#: a submitter who ticks this many goals or more is flagged as ticking "everything"
TOO_MANY_GOALS = 8


@dataclass(frozen=True)
class Agreement:
    goal: int
    both: int  # submitter and classifier say yes
    submitter_only: int  # submitter yes, classifier no (possible over-claim)
    classifier_only: int  # classifier yes, submitter no (possible omission)
    neither: int
    kappa: float | None  # Cohen's kappa; None when undefined

    @property
    def total(self) -> int:
        return self.both + self.submitter_only + self.classifier_only + self.neither

    @property
    def agreement(self) -> float | None:
        return (self.both + self.neither) / self.total if self.total else None


def _tagged_activities(edition: int | None) -> QuerySet[Activity]:
    """Activities the classifier has looked at (those with at least one classifier tag)
    and a submitter has tagged: only there can the two be compared."""
    qs = Activity.objects.filter(goal_tags__source=TagSource.CLASSIFIER).filter(
        goal_tags__source=TagSource.SUBMITTER
    )
    if edition is not None:
        qs = qs.filter(editions__year=edition)
    return qs.distinct()


def _goal_sets(ids: list[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    submitter: dict[int, set[int]] = defaultdict(set)
    classifier: dict[int, set[int]] = defaultdict(set)
    rows = ActivityGoal.objects.filter(
        activity_id__in=ids, source__in=[TagSource.SUBMITTER, TagSource.CLASSIFIER]
    ).values_list("activity_id", "goal_id", "source")
    for activity_id, goal_id, source in rows:
        (submitter if source == TagSource.SUBMITTER else classifier)[activity_id].add(goal_id)
    return submitter, classifier


def activities_to_tag(edition: int | None = None) -> QuerySet[Activity]:
    """The activities ``sdg tag`` classifies: all, or those of one edition, by key."""
    qs = Activity.objects.order_by("pk")
    return qs.filter(editions__year=edition) if edition is not None else qs


def agreement_rows(*, edition: int | None = None) -> list[tuple[Goal, Agreement]]:
    """(goal, agreement) per goal, for the agreement page."""
    goals = {g.number: g for g in Goal.objects.all()}
    return [(goals[a.goal], a) for a in agreement_by_goal(edition=edition)]


def agreement_by_goal(*, edition: int | None = None) -> list[Agreement]:
    ids = list(_tagged_activities(edition).values_list("pk", flat=True))
    submitter, classifier = _goal_sets(ids)
    out = []
    for goal in range(1, 18):
        both = sub_only = cls_only = neither = 0
        for pk in ids:
            s, c = goal in submitter[pk], goal in classifier[pk]
            if s and c:
                both += 1
            elif s:
                sub_only += 1
            elif c:
                cls_only += 1
            else:
                neither += 1
        out.append(
            Agreement(
                goal, both, sub_only, cls_only, neither, _kappa(both, sub_only, cls_only, neither)
            )
        )
    return out


def _kappa(a: int, b: int, c: int, d: int) -> float | None:
    n = a + b + c + d
    if not n:
        return None
    observed = (a + d) / n
    expected = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def ticks_too_many(activity: Activity) -> bool:
    """The submitter ticked so many goals that the tags say little."""
    return activity.goal_tags.filter(source=TagSource.SUBMITTER).count() >= TOO_MANY_GOALS


def overclaimed_goals(activity: Activity) -> list[int]:
    """Goals the submitter ticked that the classifier does not support and no curator
    confirmed (empty when the activity has not been classified)."""
    tags = list(activity.goal_tags.values_list("goal_id", "source"))
    submitter = {g for g, s in tags if s == TagSource.SUBMITTER}
    classifier = {g for g, s in tags if s == TagSource.CLASSIFIER}
    curated = {g for g, s in tags if s == TagSource.CURATOR}
    if not classifier:
        return []
    return sorted(submitter - classifier - curated)


@dataclass(frozen=True)
class Suggestion:
    goal: int
    evidence: str
    review: bool | None  # True accepted, False rejected, None not reviewed
    submitted: bool  # the submitter ticked this goal too


def suggestions_for(activity: Activity) -> list[Suggestion]:
    tags = list(activity.goal_tags.values_list("goal_id", "source", "evidence"))
    submitted = {g for g, s, _ in tags if s == TagSource.SUBMITTER}
    reviews = dict(
        SuggestionReview.objects.filter(activity=activity).values_list("goal_id", "accepted")
    )
    return [
        Suggestion(goal=g, evidence=e, review=reviews.get(g), submitted=g in submitted)
        for g, s, e in sorted(tags)
        if s == TagSource.CLASSIFIER
    ]


def activity_panel(activity: Activity, user: object) -> dict[str, object]:
    """Template context for ``classify/_suggestions.html`` on an activity page."""
    return {
        "sdg_suggestions": suggestions_for(activity),
        "sdg_overclaimed": overclaimed_goals(activity),
        "sdg_ticks_too_many": ticks_too_many(activity),
        "can_curate": allowed(user, "classify.curate"),
        "activity_public_id": activity.public_id,
    }
