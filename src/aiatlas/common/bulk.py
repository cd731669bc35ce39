"""Bulk writes of rows that are already clean: the catalog's import and the search
documents it brings."""

from __future__ import annotations

from typing import Any

from django.db import connection


def insert_rows(model: Any, fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain bulk INSERT of already clean values: the ORM's per-object work is the slowest
    part of a large import, and these rows need none of it. PostgreSQL gets COPY (one
    round trip per batch); SQLite a prepared statement run for every row. Triggers on the
    table run as for any insert."""
    if not rows:
        return
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        cursor.executemany(sql, rows)
