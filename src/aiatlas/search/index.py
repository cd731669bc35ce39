"""Keep the search documents in step with the catalog.

A document holds the normalised words (``text.words``) of an activity's title and its
translations, and of its body: description and its translations, domains, output type,
lead and co-lead organizations and partners (each by acronym and full name). The
catalog sends ``activities_changed`` inside its writing transaction after each batch;
the receiver rewrites those documents with one DELETE and one multi-row INSERT. On
SQLite, triggers copy the documents into the FTS5 index (and remove them again), so
every path that deletes a document also cleans the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.db import connection

from aiatlas.search.text import words

BATCH = 1000


def _org_names(refs: Iterable[str]) -> dict[str, str]:
    """Reference (acronym, else name) -> "acronym name" for the organizations named."""
    from django.db.models import Q

    from aiatlas.catalog.models import Organization

    wanted = {r for r in refs if r}
    if not wanted:
        return {}
    rows = Organization.objects.filter(Q(acronym__in=wanted) | Q(name__in=wanted))
    out: dict[str, str] = {}
    for acronym, name in rows.values_list("acronym", "name"):
        out[acronym or name] = f"{acronym} {name}".strip()
    return out


def _refs(record: Mapping[str, Any]) -> list[str]:
    return [
        record.get("lead_organization") or "",
        *(record.get("co_leads") or []),
        *(p["organization"] for p in record.get("partners") or []),
    ]


def _own_words(record: Mapping[str, Any]) -> tuple[str, str]:
    """(title words, words of description, domains and output type) of a record. The
    translations of the title count as title words and those of the description as body
    words, so an activity is found by its title in any language it was given in."""
    from aiatlas.catalog.io.schema import TRANSLATION_COLUMNS

    titles = [record.get("title") or ""]
    bodies = [record.get("description") or ""]
    for column, name, _lang in TRANSLATION_COLUMNS:
        if record.get(column):
            (titles if name == "title" else bodies).append(str(record[column]))
    own = " ".join(
        [
            *bodies,
            " ".join(record.get("domains") or []),
            record.get("output_type") or "",
        ]
    )
    return " ".join(words(" ".join(titles))), " ".join(words(own))


@lru_cache(maxsize=8192)
def _name_words(name: str) -> str:
    return " ".join(words(name))


def precompute_words(sender: Any, record: dict[str, Any], **kwargs: Any) -> None:
    """Receiver of ``catalog.signals.record_cleaned``: the record's own words are worked
    out while the file is read (in the reader process of a large import), so the writing
    process only adds the organization names."""
    record["_search_words"] = _own_words(record)


def document_text(
    record: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """(title words, body words) of a record in the catalog's file schema. Words never
    span the space between parts, so the body is the own words followed by the names'."""
    names = names or {}
    title, own = record.get("_search_words") or _own_words(record)
    parts = [own] if own else []
    for ref in _refs(record):
        named = _name_words(names.get(ref, ref))
        if named:
            parts.append(named)
    return title, " ".join(parts)


def documents(records: Mapping[int, Mapping[str, Any]]) -> dict[int, tuple[str, str]]:
    names = _org_names(ref for record in records.values() for ref in _refs(record))
    return {pk: document_text(record, names) for pk, record in records.items()}


def write_documents(docs: Mapping[int, tuple[str, str]]) -> None:
    """Replace the documents of these activities (inside the caller's transaction)."""
    if not docs:
        return
    pks = list(docs)
    rows = [(pk, title, body) for pk, (title, body) in docs.items()]
    with connection.cursor() as cursor:
        for start in range(0, len(pks), 500):
            part = pks[start : start + 500]
            marks = ",".join(["%s"] * len(part))
            cursor.execute(
                f"DELETE FROM search_searchdocument WHERE activity_id IN ({marks})",  # noqa: S608
                part,
            )
        for start in range(0, len(rows), 300):
            part_rows = rows[start : start + 300]
            values = ",".join(["(%s, %s, %s)"] * len(part_rows))
            cursor.execute(
                "INSERT INTO search_searchdocument (activity_id, title, body) "  # noqa: S608
                f"VALUES {values}",
                [v for row in part_rows for v in row],
            )


def reindex_after_change(
    sender: Any, pks: list[int], records: Mapping[int, Any] | None = None, **kwargs: Any
) -> None:
    """Receiver of ``catalog.signals.activities_changed``: uses the records sent with the
    signal when they cover every key, else reads the activities back."""
    if records and set(records) >= set(pks):
        write_documents(documents({pk: records[pk] for pk in pks}))
    elif pks:
        reindex(pks)


def reindex(pks: Iterable[int] | None = None) -> int:
    """Rebuild the documents of these activities (all when None) from the database;
    returns how many were written. Also removes documents of activities that are gone."""
    from aiatlas.catalog.models import Activity
    from aiatlas.catalog.queries import iter_activity_records

    if pks is None:
        qs = Activity.objects.all()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchdocument")
            if connection.vendor == "sqlite":
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    else:
        qs = Activity.objects.filter(pk__in=list(pks))
    ids = dict(qs.values_list("public_id", "pk"))
    count = 0
    batch: dict[int, dict[str, Any]] = {}
    for record in iter_activity_records(qs):
        batch[ids[record["id"]]] = record
        if len(batch) >= BATCH:
            write_documents(documents(batch))
            count += len(batch)
            batch = {}
    write_documents(documents(batch))
    return count + len(batch)


def index_status() -> dict[str, int]:
    """Activities, documents, and activities without a document (0 when complete)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM catalog_activity")
        activities = int(cursor.fetchone()[0])
        cursor.execute("SELECT COUNT(*) FROM search_searchdocument")
        docs = int(cursor.fetchone()[0])
        cursor.execute(
            "SELECT COUNT(*) FROM catalog_activity a WHERE NOT EXISTS "
            "(SELECT 1 FROM search_searchdocument d WHERE d.activity_id = a.id)"
        )
        missing = int(cursor.fetchone()[0])
    return {"activities": activities, "documents": docs, "missing": missing}


def reindex_missing() -> int:
    """Index the activities that have no document; returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id FROM catalog_activity a WHERE NOT EXISTS "
            "(SELECT 1 FROM search_searchdocument d WHERE d.activity_id = a.id)"
        )
        missing = [int(row[0]) for row in cursor.fetchall()]
    return reindex(missing) if missing else 0
