"""The activity record a submission holds: what the focal point may edit, and how it is
checked against the catalog's file schema before it is submitted or approved."""

from __future__ import annotations

import json
from typing import Any

from aiatlas.catalog.io.schema import COLUMNS, LIST_COLUMNS
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


#: list fields whose items can be checked (and kept or dropped) one by one: the list
#: columns of the record schema, but the editions (a draft's edition is its call's)
_LIST_FIELDS = LIST_COLUMNS - {"editions"}


def _validate_part(
    part: dict[str, Any], *, organization: str, vocabulary: Vocabulary
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """Run the catalog's record validator over a draft's fields; a draft may still lack
    its title. Returns (the given fields, clean) or (None, problems)."""
    full = dict(part, id="", lead_organization=organization or "-", editions=[])
    try:
        clean = validate_record(full, vocabulary)
    except RecordErrors as exc:
        problems = [
            (column or "", message)
            for column, message in exc.errors
            if not (column == "title" and message == "is required")
        ]
        if problems:
            return None, problems
        full["title"] = "-"
        clean = dict(validate_record(full, vocabulary), title="")
    return {k: clean[k] for k in EDITABLE_FIELDS if k in part}, []


def clean_draft(
    record: Any,
    *,
    organization: str,
    vocabulary: Vocabulary,
    lenient: bool = False,
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The draft's record with every value typed and checked by the catalog's validator
    (types, lengths, codes), keeping only the fields it has; a draft may be incomplete.

    Strict (the default): returns (clean, []) or ({}, problems) with one (field, message) per
    problem. ``lenient`` (2-pagers read from files, records stored before these checks):
    a bad value is dropped — a list keeps its good items — and each drop is a problem;
    the record returned is always clean."""
    if not isinstance(record, dict):
        problem = ("", f"the activity must be an object of fields, not {type(record).__name__}")
        return {}, [problem]
    part = editable_part(record)
    dropped = [(str(k), "is not a field of an activity") for k in record if k not in COLUMNS]
    size = record_size_problem(part)
    if size and not lenient:
        return {}, [("", size)]
    clean, problems = _validate_part(part, organization=organization, vocabulary=vocabulary)
    if clean is not None:
        return clean, (dropped if lenient else [])
    if not lenient:
        return {}, problems
    kept: dict[str, Any] = {}
    for key, value in part.items():
        one, field_problems = _validate_part(
            {key: value}, organization=organization, vocabulary=vocabulary
        )
        if one is not None:
            kept.update(one)
            continue
        if key in _LIST_FIELDS and isinstance(value, list):
            items = []
            for item in value[:200]:
                good, _bad = _validate_part(
                    {key: [item]}, organization=organization, vocabulary=vocabulary
                )
                if good is not None:
                    items.extend(good[key])
            kept[key] = items
        dropped += field_problems
    while True:  # fields good alone may still disagree (an end year before the start)
        clean, problems = _validate_part(kept, organization=organization, vocabulary=vocabulary)
        if clean is not None:
            return clean, dropped
        dropped += problems
        fields = {f for f, _m in problems if f in kept}
        if not fields:
            return {}, dropped
        for name in fields:
            del kept[name]
