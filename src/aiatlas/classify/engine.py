"""Public API: ``Classifier.load().classify(text)`` -> per-SDG score, decision, targets, evidence.

Plain Python and numpy; no Django. Parameters come from ``data/model.npz`` (``fit.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

import numpy as np

from aiatlas.classify.featurize import FEATURES, Featurizer, Raw, evidence_phrases, logits, sigmoid
from aiatlas.classify.language import detect
from aiatlas.classify.textprep import BadText, clean

#: which combiner each language gets: English has every feature; French, Spanish and Russian
#: also get the WordLlama embeddings (Latin/Cyrillic tokenise well); Arabic and Chinese only
#: TF-IDF against the official UN texts in that language (the embeddings were noise there)
MODEL_BY_LANGUAGE = {
    "en": "full",
    "fr": "crosslingual",
    "es": "crosslingual",
    "ru": "crosslingual",
    "ar": "tfidf",
    "zh-hans": "tfidf",
}
#: texts outside English get the multilingual model (e5 features) whenever the e5 engine runs
#: here; the models above are the fallback when it cannot
MULTILINGUAL_MODEL = "multilingual"


@dataclass(frozen=True)
class Nearest:
    """A UN target or indicator text close to the classified text."""

    code: str
    similarity: float
    text: str


@dataclass(frozen=True)
class Evidence:
    phrases: tuple[str, ...]  # words of the text that matched a query or keyword
    queries: tuple[str, ...]  # "3.8: <Aurora query line>" for each line that fired
    nearest: tuple[Nearest, ...]  # closest target/indicator texts of the goal
    #: the text's words that pushed the goal's head up most (English only)
    head_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoalScore:
    goal: int
    score: float  # calibrated probability that the text addresses the goal
    decision: bool
    targets: tuple[str, ...]  # most likely targets, best first ("3.8")
    evidence: Evidence


@dataclass(frozen=True)
class Result:
    supported: bool
    language: str
    reason: str  # why the text was not classified (empty when supported)
    notes: tuple[str, ...]  # "html stripped", "truncated", "crosslingual model"
    goals: tuple[GoalScore, ...]  # all 17 goals in order (empty when not supported)

    def goal(self, number: int) -> GoalScore:
        return self.goals[number - 1]

    @property
    def positive(self) -> list[GoalScore]:
        """The goals decided "yes", best score first."""
        return sorted((g for g in self.goals if g.decision), key=lambda g: -g.score)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Classifier:
    """Load once with :meth:`load` (cached); thread-safe for reading."""

    def __init__(self, params: dict[str, Any], use_embeddings: bool | None = None) -> None:
        meta = params["meta"]
        if use_embeddings is None:
            use_embeddings = bool(meta.get("embeddings", False))
        self.meta = meta
        self.featurizer = Featurizer(params, use_embeddings=use_embeddings)
        if use_embeddings and self.featurizer.embedder is None:
            raise RuntimeError(
                "the SDG model needs the 'wordllama' package (pip install "
                "wordllama==0.4.0.post1); it ships the embedding weights"
            )
        parts = ("coef", "bias", "threshold", "gate", "rel_coef", "rel_bias", "uses_impact")
        self.models = {
            name: {
                part: np.asarray(params[f"{name}_{part}"], dtype=np.float64)
                if part != "uses_impact"
                else params[f"{name}_{part}"]
                for part in parts
            }
            for name in ("full", "crosslingual", "tfidf", MULTILINGUAL_MODEL)
            if f"{name}_coef" in params
        }
        # primary-goal rule: a goal is only tagged when its relevance logit is within this
        # margin of the text's best goal (np.inf: no rule)
        for name, model in self.models.items():
            model["margin"] = np.asarray(params.get(f"{name}_margin", [np.inf]), np.float64)
        self.texts = {
            key[5:]: [str(t) for t in value]
            for key, value in params.items()
            if key.startswith("text_")
        }
        self._index_targets()

    @classmethod
    def load(cls) -> Classifier:
        return _shared()

    # -- scoring ---------------------------------------------------------------------------
    def _prepare(self, texts: Sequence[str | bytes]) -> list[tuple[str, str, tuple[str, ...]]]:
        """(clean text, language, notes) per text; language "" + reason when unsupported."""
        out: list[tuple[str, str, tuple[str, ...]]] = []
        for text in texts:
            try:
                cleaned, notes = clean(text)
            except BadText as exc:
                out.append(("", "", (str(exc),)))
                continue
            lang = detect(cleaned)
            if not lang.supported:
                out.append(("", "", (lang.reason,)))
            else:
                out.append((cleaned, lang.code, tuple(notes)))
        return out

    def model_name(self, raw: Raw) -> str:
        if raw.e5 is not None and MULTILINGUAL_MODEL in self.models:
            return MULTILINGUAL_MODEL
        return MODEL_BY_LANGUAGE.get(raw.lang, "tfidf")

    def _probabilities(self, raw: Raw) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        model = self.models[self.model_name(raw)]
        probs, decisions = decide(raw.design, raw.impact, model)
        return probs, decisions

    def _raws(
        self,
        prepared: list[tuple[str, str, tuple[str, ...]]],
        vectors: Mapping[int, Any] | None = None,
    ) -> list[Raw | None]:
        ok = [i for i, (t, _, _) in enumerate(prepared) if t]
        stored = {j: vectors[i] for j, i in enumerate(ok) if i in vectors} if vectors else None
        raws = self.featurizer.raw_many(
            [prepared[i][0] for i in ok], [prepared[i][1] for i in ok], stored=stored
        )
        out: list[Raw | None] = [None] * len(prepared)
        for i, raw in zip(ok, raws, strict=True):
            out[i] = raw
        return out

    def decide_many(self, texts: Sequence[str | bytes], sdgs: Sequence[int]) -> list[bool]:
        """Just the decision for one SDG per text (used by the evaluation)."""
        raws = self._raws(self._prepare(texts))
        out = []
        for raw, sdg in zip(raws, sdgs, strict=True):
            out.append(bool(self._probabilities(raw)[1][sdg - 1]) if raw else False)
        return out

    def classify(self, text: str | bytes) -> Result:
        return self.classify_many([text])[0]

    def classify_many(
        self,
        texts: Sequence[str | bytes],
        batch: int = 256,
        vectors: Mapping[int, Any] | None = None,
    ) -> list[Result]:
        """``vectors``: multilingual (e5) vectors of some texts, by position, stored already
        (search keeps one per activity); texts that need one and are not given are embedded."""
        results: list[Result] = []
        for start in range(0, len(texts), batch):
            chunk = texts[start : start + batch]
            prepared = self._prepare(chunk)
            given = None
            if vectors:
                given = {i - start: v for i, v in vectors.items() if start <= i < start + batch}
            raws = self._raws(prepared, given)
            for (_, lang, notes), raw in zip(prepared, raws, strict=True):
                if raw is None:
                    results.append(Result(False, lang or "und", notes[0], (), ()))
                else:
                    results.append(self._result(raw, notes))
        return results

    # -- evidence ----------------------------------------------------------------------------
    def _index_targets(self) -> None:
        from aiatlas.taxonomy.texts import sort_key

        docs = self.featurizer.docs
        self.target_codes = sorted(
            {".".join(c.split(".")[:2]) for c in docs.codes if "." in c}, key=sort_key
        )
        where = {code: i for i, code in enumerate(self.target_codes)}
        self.doc_target = np.array(
            [where[".".join(c.split(".")[:2])] if "." in c else -1 for c in docs.codes]
        )
        self.goal_targets = [
            [i for i, c in enumerate(self.target_codes) if c.split(".")[0] == str(g)]
            for g in range(1, 18)
        ]
        self.target_where = where
        self.doc_goal = (docs.goal - 1).tolist()
        self.doc_kind = docs.kind.tolist()

    def _head_words(self, raw: Raw, limit: int = 4) -> list[tuple[str, ...]]:
        """Per goal, the words/bigrams with the largest positive contribution to its head."""
        heads = self.featurizer.heads
        if heads is None or raw.lang != "en" or not raw.tokens:
            return [()] * 17
        idx, val = heads.vector(" ".join(raw.tokens))
        if not len(idx):
            return [()] * 17
        contrib = val[:, None] * heads.w_words[idx]  # (terms, 17)
        terms = self.featurizer.head_vocab_list
        out = []
        for g in range(17):
            order = np.argsort(-contrib[:, g], kind="stable")[:limit]
            out.append(tuple(terms[idx[i]] for i in order if contrib[i, g] > 0.05))
        return out

    def _result(self, raw: Raw, notes: tuple[str, ...]) -> Result:
        probs, decisions = self._probabilities(raw)
        if raw.lang != "en":
            notes = (
                *notes,
                f"{self.model_name(raw)} model: no Aurora "
                "queries or keywords outside English, lower accuracy",
            )
        docs = self.featurizer.docs
        sub = self.doc_target >= 0
        doc_score = (raw.tfidf + 0.5 * raw.emb)[sub]
        targets = np.zeros(len(self.target_codes))
        np.maximum.at(targets, self.doc_target[sub], doc_score)
        for line, _ in raw.aurora:
            if line.target in self.target_where:
                targets[self.target_where[line.target]] += 0.5
        nearest: list[list[tuple[int, float]]] = [[] for _ in range(17)]
        order = np.argsort(-raw.tfidf, kind="stable")
        sims = raw.tfidf[order]
        doc_goal = self.doc_goal
        for j, sim in zip(order[sims > 0].tolist(), sims[sims > 0].tolist(), strict=True):
            near_g = nearest[doc_goal[j]]
            if len(near_g) < 3 and self.doc_kind[j]:
                near_g.append((j, round(sim, 4)))
        texts = self.texts[raw.lang]
        head_words = self._head_words(raw)
        scores = targets.tolist()
        codes = self.target_codes
        goals = []
        for g in range(1, 18):
            phrases, queries = evidence_phrases(raw, g) if raw.tokens else ([], [])
            best = sorted(self.goal_targets[g - 1], key=lambda i: -scores[i])[:3]
            top = tuple(codes[i] for i in best if scores[i] > 0)
            near = tuple(Nearest(docs.codes[j], sim, texts[j]) for j, sim in nearest[g - 1])
            goals.append(
                GoalScore(
                    g,
                    round(float(probs[g - 1]), 4),
                    bool(decisions[g - 1]),
                    top,
                    Evidence(tuple(phrases), tuple(queries), near, head_words[g - 1]),
                )
            )
        return Result(True, raw.lang, "", notes, tuple(goals))


def decide(
    design: np.ndarray[Any, Any], impact: Any, model: dict[str, np.ndarray[Any, Any]]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Probabilities and decisions (..., 17): a goal is tagged when its probability reaches
    its threshold and its relevance is within the model's margin of the text's best goal
    (what the text is about, not what it is next to). Used when fitting too."""
    from aiatlas.classify.featurize import relevance

    probs = sigmoid(logits(design, impact, model))
    decisions = probs >= model["threshold"]
    margin = float(np.asarray(model.get("margin", [np.inf])).ravel()[0])
    if np.isfinite(margin):
        rel = relevance(design, model["rel_coef"], model["rel_bias"])
        decisions &= rel >= rel.max(axis=-1, keepdims=True) - margin
    return probs, decisions


@cache
def _shared() -> Classifier:
    from aiatlas.classify.features import load_params

    return Classifier(load_params())


def classify(text: str | bytes) -> Result:
    """Classify one text with the shared classifier."""
    return Classifier.load().classify(text)


def classify_many(texts: Sequence[str | bytes]) -> list[Result]:
    return Classifier.load().classify_many(texts)


__all__ = [
    "FEATURES",
    "Classifier",
    "Evidence",
    "GoalScore",
    "Nearest",
    "Result",
    "classify",
    "classify_many",
]
