"""Keep the reference tables (countries, regions, technologies) filled after ``migrate``."""

from __future__ import annotations

from typing import Any


def load_reference_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from aiatlas.catalog.services.reference import load_reference_data

    load_reference_data(using=using)
