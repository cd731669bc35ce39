"""Read and validate a file in a second process while this one writes to the database.

Large imports are bound by Python work on both sides (parsing and checking rows, building
INSERTs); on a machine with two or more cores the two halves overlap. The child is forked,
never touches the database, and hands over rows in chunks through a bounded queue, so
memory stays flat whatever the file size.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import queue
from collections.abc import Callable, Iterator
from typing import Any

CHUNK = 500
QUEUE_CHUNKS = 8
#: below this size a file is read in-process: forking would cost more than it saves
PARALLEL_MIN_BYTES = 2 * 1024 * 1024

_DONE = "done"
_ERROR = "error"
_ROWS = "rows"


def _produce(make: Callable[[], Iterator[Any]], out: Any) -> None:
    try:
        chunk: list[Any] = []
        for item in make():
            chunk.append(item)
            if len(chunk) >= CHUNK:
                out.put((_ROWS, chunk))
                chunk = []
                gc.collect(1)  # the parent may have paused automatic collection
        if chunk:
            out.put((_ROWS, chunk))
        out.put((_DONE, None))
    except BaseException as exc:  # handed to the parent, which re-raises it
        out.put((_ERROR, exc))


def can_parallelise(size: int) -> bool:
    return (
        size >= PARALLEL_MIN_BYTES
        and (os.cpu_count() or 1) > 1
        and "fork" in mp.get_all_start_methods()
    )


def iterate(make: Callable[[], Iterator[Any]], *, parallel: bool) -> Iterator[Any]:
    """The items of ``make()``, produced in a forked child when ``parallel``."""
    if not parallel:
        yield from make()
        return
    ctx = mp.get_context("fork")
    channel = ctx.Queue(maxsize=QUEUE_CHUNKS)
    child = ctx.Process(target=_produce, args=(make, channel), daemon=True)
    child.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=5)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError("the file reader stopped unexpectedly") from None
                continue
            if kind == _ROWS:
                yield from payload
            elif kind == _ERROR:
                raise payload
            else:
                return
    finally:
        if child.is_alive():
            child.terminate()
        child.join(timeout=5)
        channel.close()
