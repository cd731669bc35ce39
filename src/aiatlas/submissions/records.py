"""The activity record a submission holds: what the focal point may edit, and how it is
checked against the catalog's file schema before it is submitted or approved."""

from __future__ import annotations

import json
from typing import Any

from aiatlas.catalog.io.schema import COLUMNS
from aiatlas.catalog.io.validation import RecordErrors, Vocabulary, validate_record
from aiatlas.catalog.models import Organization

#: fields a focal point edits; ``id``, ``lead_organization`` and ``editions`` follow from
#: the submission (its activity, its organization, its call)
EDITABLE_FIELDS = [c for c in COLUMNS if c not in {"id", "lead_organization", "editions"}]
#: a stored record larger than this (JSON) is refused: the longest description allowed is
#: 100,000 characters, so this leaves room for every other field
MAX_RECORD_BYTES = 400_000


def editable_part(record: dict[str, Any]) -> dict[str, Any]:
    """Only the fields a focal point edits, in schema order (unknown keys are dropped)."""
    return {k: record[k] for k in EDITABLE_FIELDS if k in record}


def record_size_problem(record: dict[str, Any]) -> str | None:
    size = len(json.dumps(record, ensure_ascii=False).encode("utf-8"))
    if size > MAX_RECORD_BYTES:
        return f"the activity is {size:,} bytes long; at most {MAX_RECORD_BYTES:,} are allowed"
    return None


def full_record(
    record: dict[str, Any],
    *,
    organization: Organization,
    public_id: str = "",
    editions: list[int] | None = None,
) -> dict[str, Any]:
    """The record in the whole file schema, as the catalog would store it."""
    full = editable_part(record)
    full["id"] = public_id
    full["lead_organization"] = organization.reference
    full["editions"] = sorted(set(editions or []))
    return full


def check(
    record: dict[str, Any],
    *,
    organization: Organization,
    vocabulary: Vocabulary,
    public_id: str = "",
    editions: list[int] | None = None,
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """(clean record, []) when the record is complete and valid, else (None, problems) with
    one (field, message) per problem."""
    full = full_record(record, organization=organization, public_id=public_id, editions=editions)
    problems: list[tuple[str, str]] = []
    size = record_size_problem(full)
    if size:
        return None, [("", size)]
    description = full.get("description")
    if not (isinstance(description, str) and description.strip()):
        problems.append(("description", "is required before the activity can be submitted"))
    try:
        clean = validate_record(full, vocabulary)
    except RecordErrors as exc:
        problems = [(column or "", message) for column, message in exc.errors] + problems
        return None, problems
    return (None, problems) if problems else (clean, [])
