"""The search's own data version: a trigger on the search documents moves it on every write.

The facet engine (``aiatlas.search.engine``) keeps the results of text queries with the
engine; a changed document must drop them. What the engine reads from the catalog carries
the catalog's own data version (``catalog.index_queries.data_version``, catalog migration
0004); this migration once put such triggers on the catalog's tables too, and the catalog's
migration 0004 now drops them from databases made before: a search migration names no
catalog table.

SQLite (one writer at a time): row triggers update one row ``search_state`` with a counter
and a random stamp (so a rolled-back change followed by another one can never repeat a
version). PostgreSQL: statement triggers append a sequence number to ``search_change``;
the version is the count and sum of the committed numbers (insert-only: no row is updated,
so concurrent writers never wait on each other or deadlock).
"""

from django.db import migrations

TABLES = ["search_searchdocument"]


def sqlite_create():
    yield (
        "CREATE TABLE IF NOT EXISTS search_state "
        "(id INTEGER PRIMARY KEY, version INTEGER NOT NULL, stamp INTEGER NOT NULL)"
    )
    yield "INSERT OR IGNORE INTO search_state (id, version, stamp) VALUES (1, 0, 0)"
    for table in TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            yield (
                f"CREATE TRIGGER IF NOT EXISTS search_v_{table}_{event.lower()} "
                f"AFTER {event} ON {table} BEGIN UPDATE search_state "
                "SET version = version + 1, stamp = random() WHERE id = 1; END"
            )


def sqlite_drop():
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            yield f"DROP TRIGGER IF EXISTS search_v_{table}_{event}"
    yield "DROP TABLE IF EXISTS search_state"


def postgres_create():
    yield "CREATE SEQUENCE IF NOT EXISTS search_change_seq"
    yield "CREATE TABLE IF NOT EXISTS search_change (id bigint PRIMARY KEY)"
    yield (
        "CREATE OR REPLACE FUNCTION search_note_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN INSERT INTO search_change (id) VALUES (nextval('search_change_seq')); "
        "RETURN NULL; END $$"
    )
    for table in TABLES:
        yield (
            f"CREATE TRIGGER search_v_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION search_note_change()"
        )


def postgres_drop():
    for table in TABLES:
        yield f"DROP TRIGGER IF EXISTS search_v_{table} ON {table}"
    yield "DROP FUNCTION IF EXISTS search_note_change()"
    yield "DROP TABLE IF EXISTS search_change"
    yield "DROP SEQUENCE IF EXISTS search_change_seq"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_create, "postgresql": postgres_create}.get(vendor)
    for sql in statements() if statements else []:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_drop, "postgresql": postgres_drop}.get(vendor)
    for sql in statements() if statements else []:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
