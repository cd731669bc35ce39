"""The catalog's data version (``catalog.index_queries.data_version``).

Triggers on the tables ``catalog.index_queries`` reads move one counter on every write,
however it is made, so an index kept beside the catalog (the search's facet engine) knows
when to rebuild. SQLite: row triggers update the one row of ``catalog_state``. PostgreSQL:
statement triggers append a sequence number to ``catalog_change`` (insert-only).

Until this migration the search app kept such triggers on these tables itself (search
migrations 0002 and 0003, ``search_v_*``); they are dropped here, on the catalog's own
tables, so that no other app's migration touches them.
"""

from django.db import migrations

TABLES = [
    "catalog_activity",
    "catalog_activity_co_leads",
    "catalog_activity_countries",
    "catalog_activity_regions",
    "catalog_activity_technologies",
    "catalog_activity_editions",
    "catalog_activitypartner",
    "catalog_activitygoal",
    "catalog_activitytarget",
    "catalog_edition",
    "catalog_editionsnapshot",
    "catalog_organization",
]
EVENTS = ("insert", "update", "delete")


def _legacy_drops(vendor):
    for table in TABLES:
        if vendor == "sqlite":
            for event in EVENTS:
                yield f"DROP TRIGGER IF EXISTS search_v_{table}_{event}"
        else:
            yield f"DROP TRIGGER IF EXISTS search_v_{table} ON {table}"


def sqlite_create():
    yield (
        "CREATE TABLE IF NOT EXISTS catalog_state "
        "(id INTEGER PRIMARY KEY, version INTEGER NOT NULL, stamp INTEGER NOT NULL)"
    )
    yield "INSERT OR IGNORE INTO catalog_state (id, version, stamp) VALUES (1, 0, 0)"
    for table in TABLES:
        for event in EVENTS:
            yield (
                f"CREATE TRIGGER IF NOT EXISTS catalog_v_{table}_{event} "
                f"AFTER {event.upper()} ON {table} BEGIN UPDATE catalog_state "
                "SET version = version + 1, stamp = random() WHERE id = 1; END"
            )


def sqlite_drop():
    for table in TABLES:
        for event in EVENTS:
            yield f"DROP TRIGGER IF EXISTS catalog_v_{table}_{event}"
    yield "DROP TABLE IF EXISTS catalog_state"


def postgres_create():
    yield "CREATE SEQUENCE IF NOT EXISTS catalog_change_seq"
    yield "CREATE TABLE IF NOT EXISTS catalog_change (id bigint PRIMARY KEY)"
    yield (
        "CREATE OR REPLACE FUNCTION catalog_note_change() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN INSERT INTO catalog_change (id) VALUES (nextval('catalog_change_seq')); "
        "RETURN NULL; END $$"
    )
    for table in TABLES:
        yield (
            f"CREATE TRIGGER catalog_v_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION catalog_note_change()"
        )


def postgres_drop():
    for table in TABLES:
        yield f"DROP TRIGGER IF EXISTS catalog_v_{table} ON {table}"
    yield "DROP FUNCTION IF EXISTS catalog_note_change()"
    yield "DROP TABLE IF EXISTS catalog_change"
    yield "DROP SEQUENCE IF EXISTS catalog_change_seq"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_create, "postgresql": postgres_create}.get(vendor)
    if statements is None:
        return
    for sql in [*_legacy_drops(vendor), *statements()]:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_drop, "postgresql": postgres_drop}.get(vendor)
    for sql in statements() if statements else []:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_activity_language"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
