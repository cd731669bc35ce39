"""Rebuild ``data/model.npz`` from the UN texts and ``datasets/sdg/dev.csv`` (deterministic).

    python -m aiatlas.classify.fit [--dev datasets/sdg/dev.csv] [--no-embeddings] [--cv-only]

Fits only on the dev set; cross-validated numbers are printed and stored in the model's
metadata. Needs scikit-learn (imported here only).
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from aiatlas.classify.evaluate import Row, read_rows, report
from aiatlas.classify.features import FloatArray, doc_texts, embedder, terms, un_docs
from aiatlas.classify.language import SUPPORTED, detect

SEED = 20240611
FOLDS = 5
C = 1.0
IMPACT_C = 1.0
TFIDF_ONLY = ("tfidf_target", "tfidf_goal", "tfidf_margin")


def build_indexes(use_embeddings: bool) -> dict[str, Any]:
    """TF-IDF vocabularies and doc vectors (and doc embeddings) for the six languages."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    params: dict[str, Any] = {}
    emb = embedder() if use_embeddings else None
    params["doc_codes"] = np.array(un_docs("en")[0].codes, dtype=str)
    for lang in SUPPORTED:
        _, bodies = un_docs(lang)
        params[f"text_{lang}"] = np.array(doc_texts(lang), dtype=str)
        vec = TfidfVectorizer(analyzer=lambda t, lang=lang: terms(t, lang), sublinear_tf=True)
        matrix = vec.fit_transform(bodies).tocsr()
        matrix.sort_indices()
        vocab = sorted(vec.vocabulary_, key=lambda t: vec.vocabulary_[t])
        params[f"tfidf_{lang}_vocab"] = np.array(vocab, dtype=str)
        params[f"tfidf_{lang}_idf"] = vec.idf_.astype(np.float32)
        params[f"tfidf_{lang}_indptr"] = matrix.indptr.astype(np.int32)
        params[f"tfidf_{lang}_indices"] = matrix.indices.astype(np.int32)
        params[f"tfidf_{lang}_data"] = matrix.data.astype(np.float32)
        if emb is not None:
            params[f"emb_{lang}"] = emb.embed(bodies).astype(np.float16)
        else:
            params[f"emb_{lang}"] = np.zeros((len(bodies), 1), dtype=np.float16)
    return params


def synthetic_rows() -> tuple[list[Row], list[str]]:
    """A stand-in training set when no labelled data exists: each UN target text (with its
    indicators) is a positive for its goal and a negative for the most similar other goal
    and for a random one. Its own documents are hidden from it (see ``design_rows``)."""
    import random

    from aiatlas.taxonomy.texts import load_texts

    texts = load_texts()
    rng = random.Random(SEED)
    rows: list[Row] = []
    hide: list[str] = []
    bodies = {}
    for code, entry in sorted(texts.targets.items()):
        first = [v["en"] for k, v in sorted(texts.indicators.items()) if k.startswith(code + ".")]
        bodies[code] = " ".join([entry["en"], *first[:1]])
    codes = sorted(bodies)
    for code in codes:
        goal = int(code.split(".")[0])
        # a positive for its goal, and (balanced per goal) another goal's text as a negative
        other = rng.choice([c for c in codes if not c.startswith(f"{goal}.")])
        for text_code, label in ((code, True), (other, False)):
            rows.append(Row(f"{text_code}-{goal}", bodies[text_code], goal, label))
            hide.append(text_code)
    return rows, hide


def design_rows(
    params: dict[str, Any], rows: list[Row], use_embeddings: bool, hide: list[str] | None = None
) -> FloatArray:
    """One feature vector per row: the features of the row's own SDG. ``hide``: per row, a
    target code whose documents are masked (for the synthetic set)."""
    from aiatlas.classify.featurize import Featurizer
    from aiatlas.classify.textprep import clean

    feat = Featurizer(params, use_embeddings=use_embeddings)
    texts = [clean(r.text)[0] for r in rows]
    langs = [detect(t).code for t in texts]
    langs = [lang if lang in SUPPORTED else "en" for lang in langs]
    raws = feat.raw_many(texts, langs)
    if hide:
        codes = feat.docs.codes
        for raw, code in zip(raws, hide, strict=True):
            mask = np.array([c == code or c.startswith(code + ".") for c in codes])
            raw.tfidf[mask] = 0.0
            raw.emb[mask] = 0.0
            raw.design = feat.design(raw)
    return np.stack([raw.design[r.sdg - 1] for raw, r in zip(raws, rows, strict=True)])


def impact_feature(
    rows: list[Row], y: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], FloatArray, FloatArray]:
    """Out-of-fold logits of "addresses an SDG" from the text embedding, and the weights
    fitted on all rows (``impact_w``, ``impact_b``) for inference."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from aiatlas.classify.textprep import clean

    emb = embedder()
    assert emb is not None
    e = emb.embed([clean(r.text)[0] for r in rows]).astype(np.float64)
    oof = np.zeros(len(rows))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED + 1)
    for train, test in folds.split(e, y):
        model = LogisticRegression(C=IMPACT_C, max_iter=3000).fit(e[train], y[train])
        oof[test] = model.decision_function(e[test])
    model = LogisticRegression(C=IMPACT_C, max_iter=3000).fit(e, y)
    return oof, model.coef_[0].astype(np.float32), model.intercept_.astype(np.float32)


def _columns(names: tuple[str, ...]) -> list[int]:
    from aiatlas.classify.featurize import FEATURES

    return [FEATURES.index(n) for n in names]


def fit_model(
    x: FloatArray,
    sdgs: np.ndarray[Any, Any],
    y: np.ndarray[Any, Any],
    cols: list[int],
    mode: str = "shared",
) -> tuple[FloatArray, FloatArray]:
    """Logistic regression -> (coef (17, k), bias (17,)). ``shared``: one weight vector and a
    (regularised) intercept per goal; ``pergoal``: one small model per goal."""
    from sklearn.linear_model import LogisticRegression

    k = x.shape[1]
    coef = np.zeros((17, k))
    bias = np.zeros(17)
    if mode == "shared":
        onehot = np.eye(17)[sdgs - 1]
        model = LogisticRegression(C=C, max_iter=2000)
        model.fit(np.hstack([x[:, cols], onehot]), y)
        w = model.coef_[0]
        coef[:, cols] = w[: len(cols)]
        bias[:] = model.intercept_[0] + w[len(cols) :]
    else:
        for g in range(1, 18):
            m = sdgs == g
            if len(set(y[m])) < 2:
                bias[g - 1] = 5.0 if y[m].all() else -5.0
                continue
            model = LogisticRegression(C=C, max_iter=2000)
            model.fit(x[m][:, cols], y[m])
            coef[g - 1, cols] = model.coef_[0]
            bias[g - 1] = model.intercept_[0]
    return coef.astype(np.float32), bias.astype(np.float32)


def predict(
    x: FloatArray, sdgs: np.ndarray[Any, Any], coef: FloatArray, bias: FloatArray
) -> np.ndarray[Any, Any]:
    z = np.einsum("nk,nk->n", x.astype(np.float64), coef[sdgs - 1]) + bias[sdgs - 1]
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def cross_validate(
    x: FloatArray, rows: list[Row], cols: list[int], mode: str = "shared"
) -> np.ndarray[Any, Any]:
    """Out-of-fold probabilities (stratified by SDG and label, fixed seed)."""
    from sklearn.model_selection import StratifiedKFold

    sdgs = np.array([r.sdg for r in rows])
    y = np.array([r.label for r in rows], dtype=int)
    strata = sdgs * 2 + y
    probs = np.zeros(len(rows))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in folds.split(x, strata):
        coef, bias = fit_model(x[train], sdgs[train], y[train], cols, mode)
        probs[test] = predict(x[test], sdgs[test], coef, bias)
    return probs


def mean_accuracy(
    rows: list[Row], probs: np.ndarray[Any, Any], threshold: float
) -> dict[str, float]:
    mean = report(rows, [bool(p >= threshold) for p in probs])[-1]
    return {k: round(float(getattr(mean, k)), 4) for k in ("accuracy", "precision", "recall", "f1")}


def main(argv: list[str] | None = None) -> int:
    from aiatlas.classify.featurize import CROSSLINGUAL, FEATURES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default="datasets/sdg/dev.csv")
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--cv-only", action="store_true", help="print CV numbers, write nothing")
    parser.add_argument("--out", default=None, help="where to write model.npz")
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="train on the UN target texts (stand-in when no dev.csv exists)",
    )
    args = parser.parse_args(argv)
    use_emb = not args.no_embeddings and embedder() is not None
    hide: list[str] | None = None
    if args.synthetic:
        rows, hide = synthetic_rows()
    else:
        rows = read_rows(args.dev)
    params = build_indexes(use_emb)
    x = design_rows(params, rows, use_emb, hide)
    sdgs = np.array([r.sdg for r in rows])
    y = np.array([r.label for r in rows], dtype=int)
    if use_emb:
        oof, impact_w, impact_b = impact_feature(rows, y)
        x[:, FEATURES.index("impact")] = oof
        params["impact_w"], params["impact_b"] = impact_w, impact_b

    def needs_emb(f: str) -> bool:
        return f.startswith("emb") or f == "impact"

    # negative cues measured no gain in CV (see README): kept for evidence, not in the model
    full = tuple(f for f in FEATURES if (use_emb or not needs_emb(f)) and f != "negative_cues")
    cross = tuple(f for f in CROSSLINGUAL if use_emb or not needs_emb(f))
    ablations: dict[str, dict[str, float]] = {}
    subsets = {
        "aurora only": ("aurora",),
        "lexicon only": ("lexicon", "lexicon_share"),
        "tfidf only": TFIDF_ONLY,
        "embeddings only": ("emb_target", "emb_goal", "emb_margin"),
        "aurora+lexicon": ("aurora", "lexicon", "lexicon_share"),
        "crosslingual": cross,
        "all without embeddings": tuple(f for f in full if not needs_emb(f)),
        "all without impact": tuple(f for f in full if f != "impact"),
        "all with negative cues": (*full, "negative_cues"),
        "all": full,
    }
    for name, subset in subsets.items():
        if not use_emb and name == "embeddings only":
            continue
        for mode in ("shared",) if name.startswith("all ") else ("shared", "pergoal"):
            probs = cross_validate(x, rows, _columns(subset), mode)
            ablations[f"{name} [{mode}]"] = mean_accuracy(rows, probs, 0.5)
            print(f"{name:18} {mode:8} {ablations[f'{name} [{mode}]']}", file=sys.stderr)
    mode = "shared"
    probs = cross_validate(x, rows, _columns(full), mode)
    grid = [round(t, 2) for t in np.arange(0.3, 0.71, 0.05)]
    by_t = {t: mean_accuracy(rows, probs, t)["accuracy"] for t in grid}
    threshold = 0.5
    print(f"thresholds (CV mean accuracy): {by_t}", file=sys.stderr)
    cv = mean_accuracy(rows, probs, threshold)
    if args.cv_only:
        print(json.dumps({"cv": cv, "ablations": ablations}, indent=1))
        return 0
    coef, bias = fit_model(x, sdgs, y, _columns(full), mode)
    xcoef, xbias = fit_model(x, sdgs, y, _columns(cross), mode)
    tcoef, tbias = fit_model(x, sdgs, y, _columns(TFIDF_ONLY), mode)
    meta = {
        "version": 1,
        "embeddings": use_emb,
        "features": list(FEATURES),
        "mode": mode,
        "C": C,
        "threshold": threshold,
        "cv_folds": FOLDS,
        "cv_mean": cv,
        "ablations": ablations,
        "dev_rows": len(rows),
        "trained_on": "synthetic UN target texts" if args.synthetic else str(args.dev),
    }
    params.update(
        {
            "full_coef": coef,
            "full_bias": bias,
            "full_threshold": np.full(17, threshold, np.float32),
            "crosslingual_coef": xcoef,
            "crosslingual_bias": xbias,
            "crosslingual_threshold": np.full(17, threshold, np.float32),
            "tfidf_coef": tcoef,
            "tfidf_bias": tbias,
            "tfidf_threshold": np.full(17, threshold, np.float32),
            "meta": np.array(json.dumps(meta, sort_keys=True)),
        }
    )
    out = (
        Path(args.out)
        if args.out
        else Path(str(resources.files("aiatlas.classify") / "data" / "model.npz"))
    )
    with out.open("wb") as fh:
        np.savez_compressed(fh, **params)
    print(json.dumps({"written": str(out), "cv": cv}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
