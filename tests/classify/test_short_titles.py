"""Short project titles get tagged like the texts they stand for, and "next to" a goal is not
"about" it (the README example; issue 19)."""

from __future__ import annotations

import pytest

from aiatlas.classify.engine import Classifier
from aiatlas.classify.featurize import Heads, head_terms


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.load()


def positive(clf: Classifier, text: str) -> set[int]:
    return {g.goal for g in clf.classify(text).positive}


def test_readme_example_tagged_energy_and_health(clf: Classifier) -> None:
    result = clf.classify("Solar mini-grids for rural clinics in Mali")
    goals = {g.goal for g in result.positive}
    assert {7, 3} <= goals
    energy = result.goal(7)
    assert "mini grids" in energy.evidence.phrases or "solar" in energy.evidence.phrases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Off-grid solar lanterns for refugee camps", 7),
        ("Leak detection in village water pipes", 6),
        ("Catching illegal fishing boats with satellite radar", 14),
        ("Maths tutoring by text message for primary pupils", 4),
    ],
)
def test_short_title_tagged_with_its_goal(clf: Classifier, text: str, expected: int) -> None:
    assert expected in positive(clf, text)


@pytest.mark.parametrize(
    ("text", "not_goal"),
    [
        ("Predicting when the next bus reaches each stop", 9),
        ("The committee on fisheries adopted its agenda and elected a rapporteur.", 14),
        ("Quarterly national accounts: gross value added in manufacturing rose 0.4%.", 17),
        # the issue example below is also a training title (in-sample)
        ("Heat-stress alerts for farm workers", 2),
        # known errors until the relevance gate and the primary-goal rule (issue 19)
        ("Coast guard seizes cocaine from a speedboat off the coast", 14),
        ("We thank the Ministry of Agriculture for access to its data and the reviewers.", 2),
    ],
)
def test_next_to_a_goal_is_not_about_it(clf: Classifier, text: str, not_goal: int) -> None:
    assert not_goal not in positive(clf, text)


#: known errors (listed in the classify README): rephrased hard negatives that the model still
#: tags with the goal they are next to
KNOWN_ERRORS = [
    ("Heat warnings by text message for fruit pickers in the summer harvest", 2),
    # the issue's own example, a training title: passed before the refit with train_more.csv,
    # tagged 14 since (0.61 against the goal's threshold 0.5875), also with eight more
    # at-sea enforcement negatives in the training data
    ("Drug interdiction at sea", 14),
]


@pytest.mark.xfail(strict=True, reason="known error of the shipped model (classify README)")
@pytest.mark.parametrize(("text", "not_goal"), KNOWN_ERRORS)
def test_next_to_a_goal_known_errors(clf: Classifier, text: str, not_goal: int) -> None:
    assert not_goal not in positive(clf, text)


def test_head_terms_words_and_bigrams() -> None:
    assert head_terms("Solar mini-grids, 2 clinics") == [
        "solar",
        "mini",
        "grids",
        "clinics",
        "solar mini",
        "mini grids",
        "grids clinics",
    ]


def test_heads_unknown_words_give_the_bias(clf: Classifier) -> None:
    heads = clf.featurizer.heads
    assert isinstance(heads, Heads)
    out = heads.logits("zzzz qqqq", None)
    assert out.shape == (17,)
    assert list(out) == pytest.approx(list(heads.bias))


def test_head_words_are_evidence_from_the_text(clf: Classifier) -> None:
    health = clf.classify("Solar mini-grids for rural clinics in Mali").goal(3)
    assert "clinics" in health.evidence.head_words
    words = {"solar", "mini", "grids", "for", "rural", "clinics", "in", "mali"}
    assert all(set(term.split()) <= words for term in health.evidence.head_words)


def test_head_words_empty_outside_english(clf: Classifier) -> None:
    result = clf.classify("Kits solaires pour les villages sans électricité")
    assert all(g.evidence.head_words == () for g in result.goals)
