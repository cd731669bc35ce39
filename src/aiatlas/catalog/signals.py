"""Keep the reference tables (countries, regions, technologies) filled after ``migrate``."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

#: sent inside the writing transaction after activities were created or changed, with
#: ``pks`` (list of primary keys) and ``records`` (primary key -> the record as written);
#: apps above the catalog (search) keep their copies fresh
activities_changed = Signal()

#: sent with ``record`` (a clean record in the file schema) as an import reads it, in the
#: reader process when the file is read in parallel; receivers may add derived keys whose
#: names start with ``_`` (work moved off the writing process), for their own
#: ``activities_changed`` receiver to use. They must not touch the database.
record_cleaned = Signal()

#: sent with ``edition``, ``user`` (who published, or None from the command line) and
#: ``build_report`` (queue the report build) inside the publishing transaction, after the
#: snapshots are taken
edition_published = Signal()


def load_reference_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from aiatlas.catalog.services.reference import load_reference_data

    load_reference_data(using=using)
