"""The catalog's signals to the apps above it, and the receiver that keeps the reference
tables (countries, regions, technologies) filled after ``migrate``."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

#: sent inside the writing transaction after activities were created or changed, with
#: ``pks`` (list of primary keys) and ``records`` (primary key -> the record as written);
#: apps above the catalog (search) keep their copies fresh
activities_changed = Signal()

#: sent with ``edition``, ``user`` (who published, or None from the command line) and
#: ``build_report`` (queue the report build) inside the publishing transaction, after the
#: snapshots are taken
edition_published = Signal()


def load_reference_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from aiatlas.catalog.services.reference import load_reference_data

    load_reference_data(using=using)
