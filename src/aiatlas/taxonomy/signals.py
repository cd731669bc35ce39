"""Keep the SDG tables filled: every ``migrate`` (re)loads the vendored texts."""

from __future__ import annotations

from typing import Any


def load_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from aiatlas.taxonomy.services import load_taxonomy

    load_taxonomy(using=using)
