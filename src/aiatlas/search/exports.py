"""Exports of a search result in the catalog's one file schema (CSV, XLSX, JSON).

Records come in result order, in chunks (flat memory), with contacts removed unless
their owner made them public: personal data is private by default. A search filtered to a
published edition exports that edition's snapshot records (what it published); embargoed
activities are never exported (the search does not find them).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aiatlas.search.params import SearchParams

FORMATS = ("csv", "xlsx", "json")
CHUNK = 1000


def iter_search_records(params: SearchParams) -> Iterator[dict[str, Any]]:
    """Public records of every activity matching ``params``, in result order."""
    from aiatlas.catalog.models import Activity, EditionSnapshot
    from aiatlas.catalog.public import public_record
    from aiatlas.catalog.queries import iter_activity_records
    from aiatlas.search.queries import search_rows

    rows = search_rows(params)
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        live = [r.activity_id for r in part if r.snapshot is None]
        public_ids = dict(Activity.objects.filter(pk__in=live).values_list("pk", "public_id"))
        by_public_id = {
            r["id"]: r for r in iter_activity_records(Activity.objects.filter(pk__in=live))
        }
        frozen = dict(
            EditionSnapshot.objects.filter(
                pk__in=[r.snapshot for r in part if r.snapshot is not None]
            ).values_list("pk", "record")
        )
        for row in part:
            if row.snapshot is not None:
                record = frozen.get(row.snapshot)
            else:
                record = by_public_id.get(public_ids.get(row.activity_id or 0, ""))
            if record is not None:
                yield public_record(record)


def iter_json(params: SearchParams) -> Iterator[str]:
    """A JSON array of the records, piece by piece (for a streaming response)."""
    yield "["
    for i, record in enumerate(iter_search_records(params)):
        yield ("," if i else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def export_file(params: SearchParams, fmt: str) -> Path:
    """The records in a temporary CSV or XLSX file; the caller deletes it."""
    from aiatlas.catalog.io.writers import write_records

    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"format must be csv or xlsx, not {fmt!r}")
    handle = tempfile.NamedTemporaryFile(suffix=f".{fmt}", delete=False)  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    try:
        write_records(iter_search_records(params), fmt, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
