"""Issue 19: "about" versus "next to" (the primary-goal rule, per-goal thresholds, the gate)
and the multilingual e5 path."""

from __future__ import annotations

import numpy as np
import pytest

from aiatlas.classify.engine import Classifier, decide
from aiatlas.classify.evaluate import Row
from aiatlas.classify.featurize import FEATURES, E5Part


def _model(margin: float, threshold: float = 0.5) -> dict[str, np.ndarray]:
    k = len(FEATURES)
    rel_bias = np.zeros(17)
    rel_bias[2] = 5.0  # the text is about goal 3; goal 4 is 3 logits behind, the rest 5
    rel_bias[3] = 2.0
    return {
        "coef": np.zeros((17, k)),
        "bias": np.full(17, 2.0),  # every goal scores high on its own
        "gate": np.zeros(3),
        "rel_coef": np.zeros(k),
        "rel_bias": rel_bias,
        "uses_impact": np.array([False]),
        "threshold": np.full(17, threshold),
        "margin": np.array([margin]),
    }


def test_primary_goal_margin_keeps_only_goals_close_to_the_best() -> None:
    design = np.zeros((17, len(FEATURES)))
    _, none = decide(design, 0.0, _model(np.inf))
    assert none.sum() == 17
    _, wide = decide(design, 0.0, _model(3.5))
    assert np.flatnonzero(wide).tolist() == [2, 3]
    _, narrow = decide(design, 0.0, _model(1.0))
    assert np.flatnonzero(narrow).tolist() == [2]


def test_per_goal_thresholds_apply_per_goal() -> None:
    model = _model(np.inf)
    model["threshold"] = np.full(17, 0.5)
    model["threshold"][5] = 0.95  # sigmoid(2) = 0.88
    _, dec = decide(np.zeros((17, len(FEATURES))), 0.0, model)
    assert not dec[5] and dec.sum() == 16


def test_shipped_model_has_per_goal_thresholds_and_a_rule(clf: Classifier) -> None:
    full = clf.models["full"]
    assert full["threshold"].shape == (17,)
    assert 0.3 <= float(full["threshold"].min()) <= float(full["threshold"].max()) <= 0.75
    rules = clf.meta["rules"]["full"]
    # chosen on cross-validation of the fitting sets only
    assert set(rules) >= {"threshold", "margin", "goal_thresholds", "cv_accuracy", "cv_cross_fp"}
    assert "validation" not in clf.meta["trained_on"] and "test.csv" not in clf.meta["trained_on"]


def test_e5_columns_centre_goal_similarities_and_use_english_and_own_language() -> None:
    codes = ["1", "1.1", "2", "2.1", "1.1", "2.1"]
    params = {
        "e5_doc_codes": np.array(codes),
        "e5_doc_lang": np.array(["en", "en", "en", "en", "fr", "fr"]),
        "e5_doc_vecs": np.eye(6, 4),
        "e5_head_w": np.zeros((4, 17)),
        "e5_head_b": np.arange(17, dtype=float),
        "e5_langs": np.array(["fr"]),
    }
    part = E5Part(params)
    sims = np.array([0.1, 0.2, 0.1, 0.3, 0.9, 0.0], dtype=np.float32)
    fr = part.columns(sims, "fr", part.head(np.zeros(4)))
    es = part.columns(sims, "es", part.head(np.zeros(4)))
    assert fr.shape == (17, 4)
    assert fr[0, 0] > fr[1, 0]  # in French, goal 1's target (0.9) beats goal 2's (0.3)
    assert es[0, 0] < es[1, 0]  # French docs are not used for Spanish: 0.2 < 0.3
    assert fr[:, 3].tolist() == list(range(17))
    assert abs(float(fr[:, 0].mean())) < 1e-6


def test_e5_fitting_subset_keeps_other_languages_and_two_texts_per_case() -> None:
    from aiatlas.classify.fit_e5 import subset

    rows = [
        Row("a1", "Solar lamps", 7, True, group="a"),
        Row("a2", "Solar lamps for pupils in rural schools", 7, True, group="a"),
        Row(
            "a3",
            "Solar lamps for pupils in rural schools, who study after dark",
            7,
            True,
            group="a",
        ),
        Row("b1", "Lampes solaires", 7, True, group="b"),
        Row("b2", "Lampes solaires pour les élèves", 7, True, group="b"),
    ]
    cleaned = [r.text for r in rows]
    langs = ["en", "en", "en", "fr", "fr"]
    assert subset(rows, cleaned, langs) == [0, 1, 3, 4]


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.load()


def test_other_languages_use_the_multilingual_model_when_e5_runs(clf: Classifier) -> None:
    from aiatlas.common import embeddings

    if not embeddings.available() or "multilingual" not in clf.models:
        pytest.skip("the e5 engine is not available here")
    result = clf.classify("Accès à l'eau potable et assainissement dans les écoles rurales")
    assert any(n.startswith("multilingual model") for n in result.notes)
    assert 6 in {g.goal for g in result.positive}
    english = clf.classify("Safe drinking water and toilets in rural schools")
    assert not any("model:" in n for n in english.notes)  # English never waits for e5
