"""fit.fit_heads: labels per text and goal, and inference (featurize.Heads) that matches
what was fitted."""

from __future__ import annotations

import numpy as np
import pytest

from aiatlas.classify.evaluate import Row
from aiatlas.classify.featurize import Heads
from aiatlas.classify.fit import fit_heads

pytest.importorskip("sklearn")

WATER = [
    "Leak detection in city water pipes",
    "Safe drinking water kiosks for informal settlements",
    "Handpump repair for village water points",
    "Wastewater treatment wetlands for small towns",
    "Testing wells for arsenic in drinking water",
    "Chlorine dispensers at shared water points",
]
ENERGY = [
    "Solar home systems for off-grid villages",
    "Wind power forecasting for the grid operator",
    "Clean cookstoves that replace open fires",
    "Rooftop solar panels for public schools",
    "Battery storage for an island grid",
    "Biogas digesters for dairy farms",
]
NEXT_TO = [
    "A water park ticketing app",
    "Energy drinks marketing campaign",
    "Bottled mineral water brand launch",
    "Power ballads playlist for a radio show",
    "Swimming lesson booking for a leisure centre",
    "Energy bar product launch for gym-goers",
]


def rows() -> list[Row]:
    out = [Row(f"w{i}", t, 6, True, group=f"w{i}") for i, t in enumerate(WATER)]
    out += [Row(f"e{i}", t, 7, True, group=f"e{i}") for i, t in enumerate(ENERGY)]
    out += [Row(f"n{i}", t, 6 if i % 2 == 0 else 7, False) for i, t in enumerate(NEXT_TO)]
    return out


def goals_of(rs: list[Row]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for r in rs:
        out.setdefault(r.text, set()).update({r.sdg} if r.label else set())
    return out


def test_fit_heads_oof_shape_and_inference_consistent() -> None:
    rs = rows()
    groups = np.array([r.group or r.text for r in rs])
    oof, params = fit_heads(rs, None, groups, goals_of(rs))
    assert oof.shape == (len(rs), 17)
    heads = Heads(params)
    water, energy = heads.logits(WATER[0], None), heads.logits(ENERGY[0], None)
    assert water[5] > water[6] and energy[6] > energy[5]
    # goals without any positive text get a constant "no"
    assert (heads.w_words[:, 0] == 0).all() and heads.bias[0] < 0


def test_heads_vector_is_l2_normalised_sublinear_tfidf() -> None:
    rs = rows()
    _, params = fit_heads(rs, None, np.array([r.text for r in rs]), goals_of(rs))
    heads = Heads(params)
    idx, val = heads.vector("water water pipes and solar")
    assert len(idx) == len(set(idx.tolist())) and np.isclose(np.linalg.norm(val), 1.0)
    vocab = [str(t) for t in params["head_vocab"]]
    weights = dict(zip([vocab[i] for i in idx], val.tolist(), strict=True))
    # "water" occurs twice: 1 + log 2 times its idf, relative to "solar" once
    ratio = (1 + np.log(2)) * heads.idf[vocab.index("water")] / heads.idf[vocab.index("solar")]
    assert weights["water"] / weights["solar"] == pytest.approx(ratio, rel=1e-5)
