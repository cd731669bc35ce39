"""The facet engine also reads the editions (which are published, which released) and the
snapshot records of published editions: their writes move the data version as well."""

from django.db import migrations

TABLES = ["catalog_edition", "catalog_editionsnapshot"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS search_v_{table}_{event.lower()} "
                    f"AFTER {event} ON {table} BEGIN UPDATE search_state "
                    "SET version = version + 1, stamp = random() WHERE id = 1; END"
                )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER search_v_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION search_note_change()"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS search_v_{table}_{event}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS search_v_{table} ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_data_version"),
        ("catalog", "0002_edition_release_at"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
