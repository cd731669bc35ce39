"""What the catalog publishes to the indexes kept beside it (the search's facet engine).

This is the one interface through which another app reads the catalog in bulk: rows of
the catalog's own tables as plain tuples, one pass per table, and a data version that moves
on every write to them. The SQL is the catalog's, on its own tables (names taken from the
models), so a change of the catalog's schema is made here and nowhere else; no other app
names a catalog table (``tests/test_architecture.py``). Tuples straight from the cursor, not
model instances: the link rows of 100,000 activities (about a million) load in a second.

The data version: triggers on the tables read here (migration 0004) move one counter on
every write, however it is made (imports, the back office, bulk tagging, raw SQL). SQLite
(one writer at a time): row triggers update the one row of ``catalog_state`` with a counter
and a random stamp (so a rolled-back change followed by another can never repeat a
version). PostgreSQL: statement triggers append a sequence number to ``catalog_change``;
the version is the count and sum of the committed numbers (insert-only, so concurrent
writers never wait on each other). The set of released editions is part of the version,
so it also moves when an edition's release time passes.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models

from aiatlas.catalog import models as m
from aiatlas.catalog.choices import EditionStatus
from aiatlas.catalog.queries import released_edition_ids

Row = tuple[Any, ...]

#: link -> (model of the link rows, field holding the value), read as (activity id, value)
LINKS: dict[str, tuple[type[models.Model], str]] = {
    "technology": (m.ActivityTechnology, "technology"),
    "sector": (m.ActivityPartner, "sector"),
    "country": (m.ActivityCountry, "country"),
    "region": (m.ActivityRegion, "region"),
}


def _fetch(sql: str, params: list[Any] | None = None) -> list[Row]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall())


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _col(model: type[models.Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)  # type: ignore[union-attr]


def _pairs(model: type[models.Model], *names: str) -> str:
    columns = ", ".join(_col(model, n) for n in ("activity", *names))
    return f"SELECT {columns} FROM {_table(model)}"  # noqa: S608


#: the activity columns the facet engine filters on (the row's key first); the engine's
#: own selection, not the record's field list (that is catalog/fields.py)
_FILTERED = ("id", "status", "kind", "start_year")


def activity_rows() -> list[tuple[int, str, str, int | None, str, str]]:
    """(id, status, kind, start year, public id, title) of every activity, public or not."""
    columns = ", ".join(_col(m.Activity, n) for n in (*_FILTERED, "public_id", "title"))
    return _fetch(f"SELECT {columns} FROM {_table(m.Activity)}")  # type: ignore[return-value]  # noqa: S608


def goal_tags() -> list[tuple[int, int, str]]:
    """(activity id, goal number, source) of every SDG tag."""
    return _fetch(_pairs(m.ActivityGoal, "goal", "source"))  # type: ignore[return-value]


def target_tags() -> list[tuple[int, str, str]]:
    """(activity id, target code in lower case, source) of every target tag."""
    rows = _fetch(_pairs(m.ActivityTarget, "target", "source"))
    return [(a, str(t).lower(), s) for a, t, s in rows]


def links(name: str) -> list[tuple[int, Any]]:
    """(activity id, value) of one kind of link (:data:`LINKS`): technology code, partner
    sector, country code or region code."""
    model, field = LINKS[name]
    return _fetch(_pairs(model, field))  # type: ignore[return-value]


def open_edition_links() -> list[tuple[int, int]]:
    """(activity id, edition id) for the editions not yet published. What a published
    edition holds is read from its snapshots (:func:`published_snapshots`), everywhere."""
    link, edition = m.ActivityEdition, m.Edition
    sql = (
        f"SELECT l.{_col(link, 'activity')}, l.{_col(link, 'edition')} FROM {_table(link)} l "  # noqa: S608
        f"JOIN {_table(edition)} e ON e.{_col(edition, 'id')} = l.{_col(link, 'edition')} "
        f"WHERE e.{_col(edition, 'status')} <> %s"
    )
    return _fetch(sql, [EditionStatus.PUBLISHED.value])  # type: ignore[return-value]


def organization_refs() -> list[tuple[int, str]]:
    """(activity id, reference) of the lead and each co-lead, once each; the reference is
    the organization's acronym, else its name (as the file schema writes it)."""
    org = m.Organization
    refs = {
        pk: acronym or name
        for pk, acronym, name in _fetch(
            f"SELECT {_col(org, 'id')}, {_col(org, 'acronym')}, {_col(org, 'name')} "  # noqa: S608
            f"FROM {_table(org)}"
        )
    }
    leads = (
        f"SELECT {_col(m.Activity, 'id')}, {_col(m.Activity, 'lead_organization')} "  # noqa: S608
        f"FROM {_table(m.Activity)} UNION ALL {_pairs(m.ActivityCoLead, 'organization')}"
    )
    return [(a, refs[o]) for a, o in _fetch(f"SELECT DISTINCT * FROM ({leads}) u")]  # noqa: S608


def published_snapshots() -> list[tuple[int, int, int, int | None, dict[str, Any]]]:
    """(snapshot id, edition id, year, activity id or None, record) of every published
    edition's snapshot records, by year and public id."""
    return list(
        m.EditionSnapshot.objects.filter(edition__status=EditionStatus.PUBLISHED)
        .order_by("edition__year", "public_id")
        .values_list("pk", "edition_id", "edition__year", "activity_id", "record")
    )


def data_version() -> tuple[int, ...]:
    """Moves whenever a table read here changes, or an edition's release time passes."""
    if connection.vendor == "postgresql":
        rows = _fetch("SELECT COUNT(*), COALESCE(SUM(id), 0) FROM catalog_change")
    else:
        rows = _fetch("SELECT version, stamp FROM catalog_state WHERE id = 1")
    version = tuple(int(v) for v in rows[0]) if rows else (0, 0)
    return (*version, -1, *released_edition_ids())
