"""A yes needs goal-specific evidence: single-topic texts get few goals, not all 17."""

from __future__ import annotations

import pytest

from aiatlas.classify.engine import Classifier

MATERNAL = (
    "AI triage for maternal and newborn health in rural clinics. Midwives use a phone app that "
    "flags high-risk pregnancies and danger signs in newborns, cutting maternal and neonatal "
    "deaths and improving access to essential health services."
)


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.load()


def test_maternal_health_text_is_sdg3_only_not_every_goal(clf: Classifier) -> None:
    result = clf.classify(MATERNAL)
    yes = {g.goal for g in result.positive}
    assert 3 in yes and result.positive[0].goal == 3
    assert len(yes) <= 3
    assert not yes & {7, 13, 14, 15}


@pytest.mark.parametrize(
    ("text", "goal", "not_goals"),
    [
        (
            "Volunteers and a machine-learning model track plastic debris drifting into the sea; "
            "the project removes floating plastic from coastal waters and protects marine life "
            "such as turtles and seabirds.",
            14,
            {3, 1, 8, 16},
        ),
        (
            "Rooftop solar panels and batteries bring affordable electricity to off-grid "
            "villages, replacing diesel generators.",
            7,
            {3, 4, 14, 16},
        ),
        (
            "Satellite images and deep learning detect illegal logging in tropical forests so "
            "that rangers can stop deforestation.",
            15,
            {3, 4, 5, 14},
        ),
        (
            "A tutoring app adapts reading and maths exercises to each primary school pupil, and "
            "teachers use its dashboard to help children who fall behind.",
            4,
            {3, 6, 14, 15},
        ),
    ],
)
def test_single_topic_texts_get_their_goal_and_few_others(
    clf: Classifier, text: str, goal: int, not_goals: set[int]
) -> None:
    result = clf.classify(text)
    yes = {g.goal for g in result.positive}
    assert goal in yes
    assert 1 <= len(yes) <= 3
    assert not yes & not_goals


def test_commercial_text_without_sdg_gets_no_goal(clf: Classifier) -> None:
    result = clf.classify(
        "An online marketplace for sneakers uses AI to recommend the latest fashion trends "
        "to shoppers."
    )
    assert result.positive == []


def test_batch_of_single_topic_texts_averages_under_two_goals(clf: Classifier) -> None:
    texts = [
        MATERNAL,
        "A drought early-warning model helps smallholder farmers choose planting dates and "
        "seed varieties, raising maize yields and reducing hunger in dry regions.",
        "Machine learning detects leaks in drinking water networks and forecasts water quality "
        "in rivers to improve sanitation services.",
        "Rooftop solar panels and batteries bring affordable electricity to off-grid villages.",
    ]
    counts = [len(r.positive) for r in clf.classify_many(texts)]
    assert all(c >= 1 for c in counts)
    assert sum(counts) / len(counts) < 2
