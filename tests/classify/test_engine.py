"""The classifier: scores, decisions, targets, evidence, languages and bad input."""

from __future__ import annotations

import pytest

from aiatlas.classify.engine import Classifier, Result, classify

HEALTH = (
    "AI-assisted screening for maternal health: a model reads ultrasound scans in rural "
    "clinics to reduce maternal mortality and newborn deaths."
)
WATER = (
    "Machine learning detects leaks in drinking water networks and forecasts water "
    "quality in rivers to improve sanitation services."
)


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.load()


def test_classify_health_text_gives_sdg3_with_target_and_evidence(clf: Classifier) -> None:
    result = clf.classify(HEALTH)
    assert result.supported and result.language == "en"
    assert len(result.goals) == 17
    health = result.goal(3)
    assert health.decision and health.score >= 0.5
    assert "3.1" in health.targets
    assert any("maternal" in p for p in health.evidence.phrases)
    assert any(q.startswith("3.1:") for q in health.evidence.queries)
    assert health.evidence.nearest and health.evidence.nearest[0].code.startswith("3.")
    assert result.positive[0].goal == 3


def test_classify_water_text_gives_sdg6(clf: Classifier) -> None:
    result = clf.classify(WATER)
    assert result.goal(6).decision
    assert not result.goal(16).decision


def test_classify_scores_are_probabilities(clf: Classifier) -> None:
    for goal in clf.classify(WATER).goals:
        assert 0.0 <= goal.score <= 1.0


def test_classify_is_deterministic(clf: Classifier) -> None:
    first = [r.to_dict() for r in clf.classify_many([HEALTH, WATER] * 3)]
    second = [r.to_dict() for r in clf.classify_many([HEALTH, WATER] * 3)]
    assert first == second
    assert first[0] == clf.classify(HEALTH).to_dict()


def test_classify_module_function_uses_shared_classifier() -> None:
    assert isinstance(classify(WATER), Result)
    assert Classifier.load() is Classifier.load()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        (bytes(range(256)) * 10, "binary"),
        ("Ένα σύστημα τεχνητής νοημοσύνης για την υγεία των μητέρων", "not supported"),
    ],
)
def test_classify_bad_input_is_unsupported_with_reason(
    clf: Classifier, text: str | bytes, reason: str
) -> None:
    result = clf.classify(text)
    assert not result.supported and reason in result.reason
    assert result.goals == ()


def test_classify_html_is_stripped(clf: Classifier) -> None:
    result = clf.classify(f"<html><body><h1>Project</h1><p>{WATER}</p></body></html>")
    assert "html stripped" in result.notes and result.goal(6).decision


def test_classify_one_megabyte_is_truncated(clf: Classifier) -> None:
    # how fast: benchmarks/bench_limits.py
    text = (WATER + " ") * (1_000_000 // len(WATER))
    result = clf.classify(text)
    assert "truncated" in result.notes and result.goal(6).decision


@pytest.mark.parametrize(
    ("lang", "text", "goal"),
    [
        (
            "fr",
            "Un système d'intelligence artificielle pour améliorer l'accès à l'eau potable "
            "et à l'assainissement dans les villages",
            6,
        ),
        (
            "es",
            "Un sistema de inteligencia artificial para mejorar la calidad de la educación "
            "y la enseñanza en las escuelas primarias",
            4,
        ),
        ("ru", "Система искусственного интеллекта для снижения материнской смертности", 3),
        ("zh-hans", "利用人工智能改善安全饮用水和环境卫生", 6),
        ("ar", "نظام ذكاء اصطناعي لتحسين الحصول على مياه الشرب المأمونة والصرف الصحي", 6),
    ],
)
def test_classify_un_languages_use_crosslingual_model(
    clf: Classifier, lang: str, text: str, goal: int
) -> None:
    result = clf.classify(text)
    assert result.supported and result.language == lang
    assert any("lower accuracy" in n for n in result.notes)
    # among the two best goals: the other-language path is weak (per-language accuracy on
    # datasets/sdg/validation.csv is 0.42-0.67, n = 12 each); since the per-goal heads (issue
    # 19) the Spanish education text ranks SDG 10 first and SDG 4 second
    best_two = sorted(result.goals, key=lambda g: -g.score)[:2]
    assert goal in {g.goal for g in best_two}
