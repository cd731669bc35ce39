"""Stemmed terms in four weighted fields (title, summary, body, partners), the FTS5
vocabulary (typo suggestions) and one stored vector per activity.

Documents written by the previous analysis (unstemmed words in two fields) are deleted;
the ``post_migrate`` receiver of the search app rebuilds every missing document at the end
of ``migrate``. Columns are added with plain ALTER TABLE (so SQLite keeps the table and
its triggers).
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_doc_au",
    "DROP TRIGGER IF EXISTS search_doc_ad",
    "DROP TRIGGER IF EXISTS search_doc_ai",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
]
COLUMNS = "title, summary, body, partners"
NEW = "new.title, new.summary, new.body, new.partners"
OLD = "old.title, old.summary, old.body, old.partners"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE search_fts USING fts5({COLUMNS}, "
    "content='search_searchdocument', content_rowid='activity_id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')",
    "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.activity_id, {NEW}); END",
    "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.activity_id, {OLD}); END",
    "CREATE TRIGGER search_doc_au AFTER UPDATE ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.activity_id, {OLD}); "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.activity_id, {NEW}); END",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]
POSTGRES_CREATE = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title), 'A') || "
    "setweight(to_tsvector('simple', summary), 'B') || "
    "setweight(to_tsvector('simple', body), 'C') || "
    "setweight(to_tsvector('simple', partners), 'D')) STORED",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
]
ADD_COLUMNS = [
    "ALTER TABLE search_searchdocument ADD COLUMN summary TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE search_searchdocument ADD COLUMN partners TEXT NOT NULL DEFAULT ''",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        for sql in POSTGRES_DROP:
            schema_editor.execute(sql)
    schema_editor.execute("DELETE FROM search_searchdocument")
    for sql in ADD_COLUMNS:
        schema_editor.execute(sql)
    for sql in {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    raise RuntimeError("search migration 0004 cannot be reversed; restore a backup instead")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_snapshot_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument",
                    name="summary",
                    field=models.TextField(default=""),
                ),
                migrations.AddField(
                    model_name="searchdocument",
                    name="partners",
                    field=models.TextField(default=""),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SearchVector",
            fields=[
                (
                    "activity",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_vector",
                        serialize=False,
                        to="catalog.activity",
                    ),
                ),
                ("model", models.CharField(max_length=100)),
                ("digest", models.CharField(max_length=64)),
                ("vector", models.BinaryField()),
                ("stamp", models.BigIntegerField(db_index=True)),
            ],
        ),
    ]
