"""aiatlas backup FILE: the database and the data files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.common.console import console
from aiatlas.ops.exceptions import BackupError
from aiatlas.ops.services import backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online, while the app runs; PostgreSQL with pg_dump) "
        "and the data directory's files into one .tar.gz archive with a manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write, such as backup.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(path=options["file"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from None
        activities = result.tables.get("catalog.activity", 0)
        console(stderr=True).print(
            f"Backed up the {result.database} database ({activities:,} activities) and "
            f"{result.files:,} file(s) to {result.path} ({result.size / 1e6:,.1f} MB)"
        )
