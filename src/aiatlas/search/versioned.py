"""One value per database (the facet engine, the matrix of vectors), built again when that
database's data version moves; threads that ask at once build it once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.db import connection

T = TypeVar("T")


class PerDatabase(Generic[T]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, tuple[Hashable, T]] = {}

    def get(self, version: Hashable, build: Callable[[], T]) -> T:
        """The value for this connection's database at ``version`` (built when it moved)."""
        key = f"{connection.alias}:{connection.settings_dict.get('NAME')}"
        found = self._values.get(key)
        if found is not None and found[0] == version:
            return found[1]
        with self._lock:
            found = self._values.get(key)
            if found is None or found[0] != version:
                found = self._values[key] = (version, build())
            return found[1]

    def clear(self) -> None:
        self._values.clear()
