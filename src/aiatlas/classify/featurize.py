"""From a cleaned text to per-goal feature vectors (and the evidence behind them).

The same code runs when fitting (``fit.py``) and when classifying (``engine.py``), so that the
features the combiner was fitted on are exactly those it sees later.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from aiatlas.classify.aurora import Matcher, QueryLine, Span, read_aurora, tokenize
from aiatlas.classify.features import (
    Docs,
    Embedder,
    FloatArray,
    TfidfIndex,
    embedder,
    goal_features,
)
from aiatlas.classify.lexicon import lexicon_lines, negative_lines

#: names of the per-goal features, in the order of the design matrix columns
FEATURES = (
    "aurora",  # log(1 + Aurora query lines of the goal that fire)
    "lexicon",  # log(1 + distinct lexicon keywords of the goal)
    "lexicon_share",  # the goal's share of all lexicon keywords found in the text
    "tfidf_target",  # best TF-IDF cosine to one of the goal's targets or indicators
    "tfidf_goal",  # TF-IDF cosine to the goal text
    "tfidf_margin",  # tfidf_target minus the best other goal's
    "emb_target",  # best embedding cosine to the goal's targets/indicators, minus the mean
    "emb_goal",  # embedding cosine to the goal text, minus the mean over goals
    "emb_margin",  # emb_target minus the best other goal's
    "negative_cues",  # log(1 + entertainment/marketing cues): the goal may be incidental
    "impact",  # logit of "addresses some SDG at all" from the text embedding (fitted on dev)
    # relevance ranks: is the goal the text's best / among its 3 best goals by this signal
    "top1_emb",
    "top3_emb",
    "top1_tfidf",
    "top3_tfidf",
    "top1_lexicon",
    "top3_lexicon",
    "top1_aurora",
    "top3_aurora",
    # short texts (titles): the same evidence weighs more when there are few words, so each
    # main signal also enters multiplied by shortness = max(0, 1 - words / 40)
    "short_lexicon_share",
    "short_tfidf_margin",
    "short_emb_margin",
    "short_top1_emb",
    # per-goal head: logit of a per-goal logistic regression over the text's words (TF-IDF on
    # our labelled texts' vocabulary) and its embedding, fitted on our labelled data with
    # cross-goal and "next to" negatives ("is this text about goal g")
    "head",
    # multilingual-e5 (``aiatlas.common.embeddings``), computed only where it is used (texts
    # outside English; zeros elsewhere): best cosine to the goal's UN texts in English and in
    # the text's language (centred over goals), the margin to the best other goal, and the
    # logit of a per-goal head on the e5 vector fitted on our labelled texts, mostly English
    # (the vectors of the six languages share one space: this is the cross-lingual transfer)
    "e5_target",
    "e5_goal",
    "e5_margin",
    "e5_head",
)
#: the columns of the multilingual model (texts outside English when e5 is available)
MULTILINGUAL = (
    "tfidf_target",
    "tfidf_goal",
    "tfidf_margin",
    "short_tfidf_margin",
    "e5_target",
    "e5_goal",
    "e5_margin",
    "e5_head",
)
#: per-goal evidence fed to the relevance model ("which goal is this text about"): the
#: features up to the head; the shared ``impact`` term and the negative cues are
#: deliberately not among them
RELEVANCE = tuple(
    name
    for name in FEATURES[: FEATURES.index("head") + 1]
    if name not in ("negative_cues", "impact")
)
#: the gated columns appended by :func:`gated`: relevance logit, its margin to the text's best
#: goal, and log P(impact) + log P(relevant) (a soft AND: impact only counts where the goal is
#: relevant)
GATED = ("relevance", "relevance_margin", "impact_and_relevance")
#: the features that exist in every language (Aurora and the lexicon are English only)
CROSSLINGUAL = (
    "tfidf_target",
    "tfidf_goal",
    "tfidf_margin",
    "emb_target",
    "emb_goal",
    "emb_margin",
    "impact",
    "short_tfidf_margin",
    "short_emb_margin",
    "short_top1_emb",
    "head",
)


@dataclass
class Raw:
    """What was measured on one text: per-goal arrays and the evidence."""

    lang: str
    tokens: list[str]
    aurora: list[tuple[QueryLine, list[Span]]]
    lexicon: list[tuple[QueryLine, list[Span]]]
    tfidf: FloatArray  # similarity to each UN doc
    emb: FloatArray  # embedding similarity to each UN doc (zeros without an embedder)
    impact: float = 0.0  # logit of the dev-fitted "addresses an SDG" direction
    words: float = 40.0  # length in words (CJK: characters / 2)
    head: FloatArray | None = None  # (17,) per-goal head logits (None: no head in the model)
    e5: FloatArray | None = None  # cosine to each e5 UN doc (None: e5 not computed)
    e5_head: FloatArray | None = None  # (17,) e5 head logits
    design: FloatArray = field(default_factory=lambda: np.zeros((17, len(FEATURES)), np.float32))


_WORD = re.compile(r"[^\W\d_]+")


def head_terms(text: str) -> list[str]:
    """Lower-cased words and word bigrams (the per-goal heads' vocabulary)."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


class Heads:
    """Per-goal linear heads over TF-IDF words + the text embedding (``fit.fit_heads``)."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.vocab = {str(t): i for i, t in enumerate(params["head_vocab"])}
        self.idf = np.asarray(params["head_idf"], dtype=np.float32)
        self.w_words = np.asarray(params["head_w_words"], dtype=np.float32)  # (V, 17)
        self.w_emb = np.asarray(params["head_w_emb"], dtype=np.float32)  # (E, 17)
        self.bias = np.asarray(params["head_b"], dtype=np.float32)  # (17,)
        # other languages: a head on the embedding alone
        self.other_w = np.asarray(params.get("head_other_w_emb", self.w_emb), dtype=np.float32)
        self.other_bias = np.asarray(params.get("head_other_b", self.bias), dtype=np.float32)

    def vector(self, text: str) -> tuple[np.ndarray[Any, Any], FloatArray]:
        """(vocabulary indices, l2-normalised sublinear TF-IDF values) of ``text``."""
        counts: dict[int, int] = {}
        vocab = self.vocab
        for term in head_terms(text):
            j = vocab.get(term)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        val = (tf * self.idf[idx]).astype(np.float32)
        norm = float(np.sqrt((val * val).sum()))
        return idx, (val / norm if norm else val)

    def logits(self, text: str, emb: FloatArray | None, lang: str = "en") -> FloatArray:
        """Per-goal logits: English texts get the words + embedding head; other languages
        (the vocabulary is English) a head on the embedding alone, as when fitting."""
        if lang != "en":
            z = self.other_bias + (emb @ self.other_w if emb is not None else 0.0)
            out_other: FloatArray = np.asarray(z, dtype=np.float32)
            return out_other
        idx, val = self.vector(text)
        z = self.bias + val @ self.w_words[idx]
        if emb is not None:
            z = z + emb @ self.w_emb
        out: FloatArray = z.astype(np.float32)
        return out


def _tops(signals: FloatArray) -> FloatArray:
    """(signals, 17) -> (signals, 2): per signal, 1 where the goal is its best / among its 3
    best (ties included); 0 for a flat signal (e.g. no keyword at all)."""
    ordered = np.sort(signals, axis=1)
    low = ordered[:, :1]
    top1 = (signals >= ordered[:, -1:]) & (signals > low)
    top3 = (signals >= ordered[:, -3:-2]) & (signals > low)
    out: FloatArray = np.stack([top1, top3], axis=2).astype(np.float32)
    return out


def _margin(best: FloatArray) -> FloatArray:
    top2 = np.sort(best)[-2:]
    other = np.where(best >= top2[1], top2[0], top2[1])
    margin: FloatArray = (best - other).astype(np.float32)
    return margin


class Featurizer:
    """Compiled queries, TF-IDF indexes and doc embeddings, built from the shipped parameters."""

    def __init__(self, params: dict[str, Any], use_embeddings: bool = True) -> None:
        self.params = params
        self.aurora = Matcher.compile(read_aurora())
        self.lexicon = Matcher.compile(lexicon_lines() + negative_lines())
        self.docs = Docs.from_codes([str(c) for c in params["doc_codes"]])
        self._indexes: dict[str, TfidfIndex] = {}
        self._emb = {
            key[4:]: np.ascontiguousarray(value, dtype=np.float32)
            for key, value in params.items()
            if key.startswith("emb_")
        }
        self.embedder: Embedder | None = embedder() if use_embeddings else None
        self.heads: Heads | None = Heads(params) if "head_vocab" in params else None
        self.head_vocab_list = [str(t) for t in params.get("head_vocab", [])]
        self.e5: E5Part | None = E5Part(params) if "e5_doc_vecs" in params else None
        words = params.get("impact_w_words")
        self._impact_words = None if words is None else np.asarray(words, dtype=np.float32)

    def index(self, lang: str) -> TfidfIndex:
        if lang not in self._indexes:
            p = self.params
            vocab = {str(t): i for i, t in enumerate(p[f"tfidf_{lang}_vocab"])}
            indptr, indices = p[f"tfidf_{lang}_indptr"], p[f"tfidf_{lang}_indices"]
            dense = np.zeros((len(indptr) - 1, len(vocab)), dtype=np.float32)
            rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
            dense[rows, indices] = p[f"tfidf_{lang}_data"]
            self._indexes[lang] = TfidfIndex(vocab, p[f"tfidf_{lang}_idf"], dense)
        return self._indexes[lang]

    def raw_many(
        self,
        texts: list[str],
        langs: list[str],
        e5: dict[int, FloatArray] | None = None,
        stored: dict[int, FloatArray] | None = None,
    ) -> list[Raw]:
        """``e5``: precomputed e5 vectors by text position (fitting); otherwise they are
        computed for the texts whose language the model uses them for, when available, except
        those in ``stored`` (by position, stored already elsewhere)."""
        embs: FloatArray | None = None
        if self.embedder is not None:
            embs = self.embedder.embed(texts)
        if e5 is None and self.e5 is not None:
            e5 = self.e5.vectors(texts, langs, known=stored)
        out = []
        for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
            tokens = tokenize(text) if lang == "en" else []
            tfidf = self.index(lang).similarities(text, lang)
            if embs is not None:
                emb = self._emb[lang] @ embs[i]
            else:
                emb = np.zeros(len(self.docs.codes), dtype=np.float32)
            impact = 0.0
            if embs is not None and "impact_w" in self.params:
                impact = float(embs[i] @ self.params["impact_w"] + self.params["impact_b"][0])
                if self._impact_words is not None and self.heads is not None and lang == "en":
                    idx, val = self.heads.vector(text)
                    impact += float(val @ self._impact_words[idx])
            words = len(text) / 2 if lang == "zh-hans" else len(text.split())
            raw = Raw(
                impact=impact,
                words=float(words),
                lang=lang,
                tokens=tokens,
                aurora=self.aurora.match(tokens) if tokens else [],
                lexicon=self.lexicon.match(tokens) if tokens else [],
                tfidf=tfidf,
                emb=emb,
                head=self.heads.logits(text, embs[i] if embs is not None else None, lang)
                if self.heads is not None
                else None,
            )
            if e5 is not None and i in e5 and self.e5 is not None:
                raw.e5 = self.e5.sims(e5[i])
                raw.e5_head = self.e5.head(e5[i])
            raw.design = self.design(raw)
            out.append(raw)
        return out

    def design(self, raw: Raw) -> FloatArray:
        x = np.zeros((17, len(FEATURES)), dtype=np.float32)
        aur = np.zeros(17)
        for line, _ in raw.aurora:
            aur[line.goal - 1] += 1
        lex = np.zeros(17)
        negative = 0
        for line, _ in raw.lexicon:
            if line.goal:
                lex[line.goal - 1] += 1
            else:
                negative += 1
        x[:, 0] = np.log1p(aur)
        x[:, 1] = np.log1p(lex)
        x[:, 2] = lex / (lex.sum() + 1.0)
        t_best, t_goal = goal_features(raw.tfidf, self.docs)
        x[:, 3], x[:, 4], x[:, 5] = t_best, t_goal, _margin(t_best)
        e_best, e_goal = goal_features(raw.emb, self.docs)
        # embedding cosines sit high for every goal (and higher in some scripts): only their
        # deviation from the text's own mean over goals carries information
        x[:, 6], x[:, 7] = e_best - e_best.mean(), e_goal - e_goal.mean()
        x[:, 8] = _margin(e_best)
        x[:, 9] = math.log1p(negative)
        x[:, 10] = raw.impact
        tops = _tops(np.stack([x[:, 6], x[:, 3], lex, aur]).astype(np.float32))
        x[:, 11:19] = tops.transpose(1, 0, 2).reshape(17, 8)
        short = max(0.0, 1.0 - raw.words / 40.0)
        x[:, 19] = short * x[:, 2]
        x[:, 20] = short * x[:, 5]
        x[:, 21] = short * x[:, 8]
        x[:, 22] = short * x[:, 11]
        if raw.head is not None:
            x[:, 23] = raw.head
        if raw.e5 is not None and raw.e5_head is not None and self.e5 is not None:
            x[:, 24:28] = self.e5.columns(raw.e5, raw.lang, raw.e5_head)
        return x


class E5Part:
    """The e5 side of the model: UN doc vectors, the per-goal e5 head, and where it is used."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.docs = Docs.from_codes([str(c) for c in params["e5_doc_codes"]])
        self.doc_lang = np.array([str(x) for x in params["e5_doc_lang"]])
        self.vecs = np.ascontiguousarray(params["e5_doc_vecs"], dtype=np.float32)
        self.w = np.asarray(params["e5_head_w"], dtype=np.float32)  # (384, 17)
        self.b = np.asarray(params["e5_head_b"], dtype=np.float32)  # (17,)
        self.langs = {str(x) for x in params.get("e5_langs", [])}  # where e5 is computed

    def vectors(
        self, texts: list[str], langs: list[str], known: dict[int, FloatArray] | None = None
    ) -> dict[int, FloatArray] | None:
        """e5 vectors of the texts in :attr:`langs` (None when e5 cannot run here); those in
        ``known`` (stored already, by position) are taken as they are, not embedded again."""
        known = known or {}
        want = [i for i, lang in enumerate(langs) if lang in self.langs]
        if not want:
            return None
        todo = [i for i in want if i not in known]
        out = {i: known[i] for i in want if i in known}
        if todo:
            from aiatlas.common import embeddings

            if not embeddings.available():
                return None
            vecs = embeddings.passages([texts[i] for i in todo])
            out.update(zip(todo, vecs, strict=True))
        return out

    def sims(self, vec: FloatArray) -> FloatArray:
        out: FloatArray = (self.vecs @ np.asarray(vec, dtype=np.float32)).astype(np.float32)
        return out

    def head(self, vec: FloatArray) -> FloatArray:
        out: FloatArray = (np.asarray(vec, dtype=np.float32) @ self.w + self.b).astype(np.float32)
        return out

    def columns(self, sims: FloatArray, lang: str, head: FloatArray) -> FloatArray:
        """(17, 4): e5_target, e5_goal, e5_margin, e5_head, from the cosines to the UN texts
        in English and in ``lang``."""
        use = (self.doc_lang == "en") | (self.doc_lang == lang)
        goal_of, kind = self.docs.goal - 1, self.docs.kind
        best = np.full(17, -1.0, dtype=np.float32)
        goal = np.full(17, -1.0, dtype=np.float32)
        np.maximum.at(best, goal_of[use & (kind > 0)], sims[use & (kind > 0)])
        np.maximum.at(goal, goal_of[use & (kind == 0)], sims[use & (kind == 0)])
        out = np.zeros((17, 4), dtype=np.float32)
        out[:, 0] = best - best.mean()
        out[:, 1] = goal - goal.mean()
        out[:, 2] = _margin(best)
        out[:, 3] = head
        return out


def evidence_phrases(raw: Raw, goal: int, limit: int = 8) -> tuple[list[str], list[str]]:
    """The matched phrases and the Aurora query lines that fired for ``goal``."""
    phrases: dict[str, None] = {}
    queries: list[str] = []
    for line, spans in raw.aurora:
        if line.goal == goal:
            queries.append(f"{line.target}: {line.source}")
            for a, b in spans[:3]:
                phrases[" ".join(raw.tokens[a : b + 1])] = None
    for line, spans in raw.lexicon:
        if line.goal == goal or (line.goal == 0 and goal == 0):
            for a, b in spans[:1]:
                phrases[" ".join(raw.tokens[a : b + 1])] = None
    return list(phrases)[:limit], queries[:limit]


def log_sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(-np.logaddexp(0.0, -z))


def _f64(a: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    return np.asarray(a, dtype=np.float64)


def relevance(x: npt.NDArray[Any], rel_coef: npt.NDArray[Any], rel_bias: npt.NDArray[Any]) -> Any:
    """Relevance logits (..., 17) from designs (..., 17, k): a linear model over goal-specific
    evidence only, fitted to pick a text's own goal among the 17."""
    return np.einsum("...gk,k->...g", _f64(x), _f64(rel_coef)) + (_f64(rel_bias))


def gated(rel: npt.NDArray[Any], impact: npt.NDArray[Any] | float) -> npt.NDArray[np.float64]:
    """The :data:`GATED` columns (..., 17, 3) from relevance logits (..., 17) and the impact
    logit (..., ) of each text (0 when the model does not use impact)."""
    rel = np.asarray(rel, dtype=np.float64)
    imp = np.asarray(impact, dtype=np.float64)[..., None]
    margin = rel - rel.max(axis=-1, keepdims=True)
    both = log_sigmoid(rel) + log_sigmoid(np.broadcast_to(imp, rel.shape))
    return np.stack([rel, margin, both], axis=-1)


def logits(
    x: npt.NDArray[Any],
    impact: npt.NDArray[Any] | float,
    model: dict[str, npt.NDArray[Any]],
    rel: npt.NDArray[Any] | None = None,
) -> npt.NDArray[np.float64]:
    """Combiner logits (..., 17): ``coef`` over the design columns, ``gate`` over the
    :data:`GATED` columns, per-goal ``bias``. ``rel`` overrides the relevance (fitting)."""
    if rel is None:
        rel = relevance(x, model["rel_coef"], model["rel_bias"])
    imp = impact if bool(model["uses_impact"][0]) else np.zeros_like(np.asarray(impact))
    g = gated(rel, imp)
    z = np.einsum("...gk,gk->...g", _f64(x), _f64(model["coef"]))
    z += g @ _f64(model["gate"])
    return np.asarray(z + _f64(model["bias"]))


def sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))
