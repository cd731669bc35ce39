"""Once: triggers on the catalog's editions and snapshots. The catalog keeps its own data
version now (catalog migration 0004, which also drops these triggers from older
databases); this migration is kept, empty, so that the migration history stays whole."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_data_version"),
        ("catalog", "0002_edition_release_at"),
    ]

    operations: list[migrations.operations.base.Operation] = []
