"""Keep the search documents in step with the catalog.

A document holds the index terms (``analysis.index_terms``: folded, stemmed in the record's
language) of four fields, weighted in that order when ranking:

- ``title``, with the title's translations (each stemmed in its own language);
- ``summary``: domains, technologies (their labels), output type, and one term ``sdgN`` per
  SDG goal the activity is tagged with (what the taxonomy's six-language terms expand to);
- ``body``: the description and its translations;
- ``partners``: lead and co-lead organizations and partners, each by acronym and full name.

The catalog sends ``activities_changed`` inside its writing transaction after each batch;
the receiver rewrites those documents with one DELETE and one multi-row INSERT, and queues
the embedding of their text (``search.vectors``) once the transaction commits. On SQLite,
triggers copy the documents into the FTS5 index (and remove them again), so every path
that deletes a document also cleans the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connection

from aiatlas.common.bulk import insert_rows
from aiatlas.search.analysis import detect_language, index_terms
from aiatlas.search.models import SearchDocument

BATCH = 1000
#: version of the analysis: documents written by another version are rebuilt (migrations)
ANALYSIS_VERSION = 2


class Document(NamedTuple):
    title: str
    summary: str
    body: str
    partners: str


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


@lru_cache(maxsize=1)
def _technology_labels() -> dict[str, str]:
    from aiatlas.catalog.choices import TECHNOLOGIES

    return dict(TECHNOLOGIES)


def record_language(record: Mapping[str, Any]) -> str:
    return detect_language(f"{record.get('title') or ''}. {record.get('description') or ''}")


def _terms(text: str, lang: str) -> str:
    return " ".join(index_terms(text, lang))


def _translated_terms(record: Mapping[str, Any], name: str) -> list[str]:
    """The terms of a field's translations (``title_fr`` …), each in its own language, so
    that an activity is found by its title in any language it was given in."""
    from aiatlas.catalog.io.schema import TRANSLATION_COLUMNS

    return [
        _terms(str(record[column]), lang.split("-")[0])
        for column, field, lang in TRANSLATION_COLUMNS
        if field == name and record.get(column)
    ]


@lru_cache(maxsize=8192)
def _name_terms(name: str) -> str:
    return " ".join(index_terms(name, "en"))


def document_text(record: Mapping[str, Any], names: Mapping[str, str] | None = None) -> Document:
    """The document of a record in the catalog's file schema. Words never span the space
    between parts (each part is its own run of terms)."""
    names = names or {}
    lang = record_language(record)
    labels = _technology_labels()
    summary_parts = [
        *(record.get("domains") or []),
        *(labels.get(t, t) for t in record.get("technologies") or []),
        record.get("output_type") or "",
    ]
    summary = " ".join(p for p in (_terms(s, lang) for s in summary_parts) if p)
    goals = sorted({str(g["code"]) for g in record.get("sdg_goals") or []}, key=int)
    summary = " ".join([summary, *(f"sdg{g}" for g in goals)]).strip()
    partners = " ".join(p for p in (_name_terms(names.get(ref, ref)) for ref in _refs(record)) if p)
    return Document(
        title=" ".join(
            [_terms(record.get("title") or "", lang), *_translated_terms(record, "title")]
        ).strip(),
        summary=summary,
        body=" ".join(
            [
                _terms(record.get("description") or "", lang),
                *_translated_terms(record, "description"),
            ]
        ).strip(),
        partners=partners,
    )


def documents(records: Mapping[int, Mapping[str, Any]]) -> dict[int, Document]:
    names = _org_names(ref for record in records.values() for ref in _refs(record))
    return {pk: document_text(record, names) for pk, record in records.items()}


def write_documents(docs: Mapping[int, Document]) -> None:
    """Replace the documents of these activities (inside the caller's transaction)."""
    if not docs:
        return
    pks = list(docs)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), 500):
            part = pks[start : start + 500]
            marks = ",".join(["%s"] * len(part))
            cursor.execute(
                f"DELETE FROM search_searchdocument WHERE activity_id IN ({marks})",  # noqa: S608
                part,
            )
    insert_rows(
        SearchDocument,
        ["activity", "title", "summary", "body", "partners"],
        [(pk, *doc) for pk, doc in docs.items()],
    )


def reindex_after_change(
    sender: Any, pks: list[int], records: Mapping[int, Any] | None = None, **kwargs: Any
) -> None:
    """Receiver of ``catalog.signals.activities_changed``: uses the records sent with the
    signal when they cover every key, else reads the activities back; then queues the
    embeddings of the changed texts for after the commit."""
    if records and set(records) >= set(pks):
        write_documents(documents({pk: records[pk] for pk in pks}))
    elif pks:
        reindex(pks)
    if pks:
        from aiatlas.search.vectors import queue_embedding

        queue_embedding(list(pks))


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
    from aiatlas.catalog.models import Activity
    from aiatlas.search.models import SearchDocument

    return {
        "activities": Activity.objects.count(),
        "documents": SearchDocument.objects.count(),
        "missing": Activity.objects.filter(search_document__isnull=True).count(),
    }


def reindex_missing() -> int:
    """Index the activities that have no document; returns how many."""
    from aiatlas.catalog.models import Activity

    missing = list(
        Activity.objects.filter(search_document__isnull=True).values_list("pk", flat=True)
    )
    return reindex(missing) if missing else 0
