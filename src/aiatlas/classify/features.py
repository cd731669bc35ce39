"""Similarity of a text to the UN goal, target and indicator texts: TF-IDF and word embeddings.

Everything here runs on plain numpy with parameters fitted by ``fit.py`` and shipped in
``data/model.npz``; scikit-learn is needed only to fit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from aiatlas.classify.aurora import tokenize

FloatArray = npt.NDArray[np.float32]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EN_STOP = _words(
    "a an the of and or to in on at by for with from as is are be been was were this that these "
    "those it its their our we they which who whom whose into through all any each other such "
    "including include includes also not no can will may more most than use using used based s "
    "their there where when how new "
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_AR_PREFIX = ("وال", "بال", "كال", "فال", "لل", "ال")


def terms(text: str, lang: str) -> list[str]:
    """TF-IDF terms: crude prefix stems (language-agnostic), or character bigrams for Chinese."""
    if lang == "zh-hans":
        out: list[str] = []
        for run in _CJK.findall(text):
            out.extend(run)
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        out.extend(t[:6] for t in tokenize(text) if t.isascii() and len(t) > 2)
        return out
    toks = tokenize(text)
    if lang == "en":
        return [t[:7] for t in toks if t not in _EN_STOP and len(t) > 1 and not t.isdigit()]
    if lang == "ar":
        stripped = []
        for t in toks:
            for p in _AR_PREFIX:
                if t.startswith(p) and len(t) - len(p) >= 3:
                    t = t[len(p) :]
                    break
            stripped.append(t[:6])
        words = [t for t in stripped if len(t) > 2]
        # bigrams separate compounds such as "الصرف الصحي" (sanitation) from "صحي" (health)
        return words + [f"{a} {b}" for a, b in pairwise(words)]
    return [t[:7] for t in toks if len(t) > 3 and not t.isdigit()]


@dataclass(frozen=True)
class TfidfIndex:
    """TF-IDF vectors of the UN texts of one language (rows L2-normalised)."""

    vocab: dict[str, int]
    idf: FloatArray
    docs: FloatArray  # (n_docs, n_terms)

    def similarities(self, text: str, lang: str) -> FloatArray:
        counts: dict[int, int] = {}
        for term in terms(text, lang):
            col = self.vocab.get(term)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        if not counts:
            return np.zeros(self.docs.shape[0], dtype=np.float32)
        cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        weights = tf * self.idf[cols]
        weights /= np.linalg.norm(weights)
        return (self.docs[:, cols] @ weights).astype(np.float32)


@dataclass(frozen=True)
class Docs:
    """The UN texts that texts are compared with: goals, targets and indicators."""

    codes: list[str]  # "3", "3.8", "3.8.1"
    goal: npt.NDArray[np.int64]  # goal number of each doc
    kind: npt.NDArray[np.int64]  # 0 goal, 1 target, 2 indicator

    @classmethod
    def from_codes(cls, codes: list[str]) -> Docs:
        goal = np.array([int(c.split(".")[0]) for c in codes])
        kind = np.array([c.count(".") for c in codes])
        return cls(codes, goal, kind)


def un_docs(lang: str) -> tuple[Docs, list[str]]:
    """The documents, in a fixed order, and their texts in ``lang`` (falls back to English)."""
    from aiatlas.taxonomy.texts import load_texts, sort_key

    texts = load_texts()
    codes, bodies, goals, kinds = [], [], [], []
    for kind, table in enumerate((texts.goals, texts.targets, texts.indicators)):
        for code in sorted(table, key=sort_key):
            body = table[code].get(lang) or table[code]["en"]
            if kind == 0:
                short = texts.goal_short.get(code, {})
                body = f"{short.get(lang) or short.get('en', '')}. {body}"
            codes.append(code)
            bodies.append(body)
            goals.append(int(code.split(".")[0]))
            kinds.append(kind)
    return Docs(codes, np.array(goals), np.array(kinds)), bodies


def doc_texts(lang: str) -> list[str]:
    """The target/indicator texts shown as evidence (goal docs get the plain goal text)."""
    from aiatlas.taxonomy.texts import load_texts, sort_key

    texts = load_texts()
    out = []
    for table in (texts.goals, texts.targets, texts.indicators):
        for code in sorted(table, key=sort_key):
            out.append(table[code].get(lang) or table[code]["en"])
    return out


def goal_features(sims: FloatArray, docs: Docs) -> tuple[FloatArray, FloatArray]:
    """Per goal (17,): best similarity to one of its targets or indicators, and to the goal."""
    best = np.zeros(17, dtype=np.float32)
    np.maximum.at(best, docs.goal[docs.kind > 0] - 1, sims[docs.kind > 0])
    goal = np.zeros(17, dtype=np.float32)
    goal[docs.goal[docs.kind == 0] - 1] = sims[docs.kind == 0]
    return best, goal


class Embedder:
    """WordLlama embeddings (the ``wordllama`` wheel ships its tokenizer and weights).

    The text embedding is the mean of its token embeddings, as in WordLlama itself. Nothing is
    downloaded: both files are read from the installed package. The Llama BPE tokenizer is
    re-implemented here on the wheel's vocabulary and merges (per word, cached), because
    building a ``tokenizers.Tokenizer`` takes about half a second.
    """

    def __init__(self, max_tokens: int = 512) -> None:
        from importlib.util import find_spec
        from pathlib import Path

        from safetensors.numpy import load_file

        # locate the wheel's files without importing wordllama (its import pulls in requests)
        spec = find_spec("wordllama")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("wordllama is not installed")
        base = Path(next(iter(spec.submodule_search_locations)))
        config = json.loads(
            (base / "tokenizers" / "l2_supercat_tokenizer_config.json").read_text(encoding="utf-8")
        )
        self.vocab: dict[str, int] = config["model"]["vocab"]
        self.ranks: dict[tuple[str, str], int] = {}
        for rank, merge in enumerate(config["model"]["merges"]):
            a, b = merge.split(" ") if isinstance(merge, str) else merge
            self.ranks[(a, b)] = rank
        weights = load_file(str(base / "weights" / "l2_supercat_256.safetensors"))
        self.table = weights["embedding.weight"].astype(np.float32)
        self.max_tokens = max_tokens
        self._cache: dict[str, list[int]] = {}

    def _word(self, word: str) -> list[int]:
        ids = self._cache.get(word)
        if ids is not None:
            return ids
        parts = list(word)
        ranks = self.ranks
        while len(parts) > 1:
            best, at = None, -1
            for i in range(len(parts) - 1):
                r = ranks.get((parts[i], parts[i + 1]))
                if r is not None and (best is None or r < best):
                    best, at = r, i
            if best is None:
                break
            parts[at : at + 2] = [parts[at] + parts[at + 1]]
        ids = []
        for part in parts:
            tid = self.vocab.get(part)
            if tid is not None:
                ids.append(tid)
            else:  # byte fallback, as the Llama tokenizer does
                ids.extend(self.vocab.get(f"<0x{b:02X}>", 0) for b in part.encode("utf-8"))
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def ids(self, text: str) -> list[int]:
        out: list[int] = []
        for word in text.split()[: self.max_tokens]:
            out.extend(self._word("\u2581" + word))
            if len(out) >= self.max_tokens:
                break
        return [t for t in out[: self.max_tokens] if t > 2]

    def embed(self, texts: list[str]) -> FloatArray:
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for i, text in enumerate(texts):
            ids = self.ids(text)
            if ids:
                vec = self.table[ids].mean(axis=0)
                out[i] = vec / (np.linalg.norm(vec) or 1.0)
        return out


@cache
def embedder() -> Embedder | None:
    """The shared embedder, or None when ``wordllama`` is not installed."""
    try:
        return Embedder()
    except (ImportError, FileNotFoundError, OSError):
        return None


def load_params(name: str = "model.npz") -> dict[str, Any]:
    """The fitted parameters shipped with the package."""
    path = resources.files("aiatlas.classify") / "data" / name
    with resources.as_file(path) as real, np.load(real, allow_pickle=False) as npz:
        params: dict[str, Any] = {key: npz[key] for key in npz.files}
    params["meta"] = json.loads(str(params["meta"]))
    return params
