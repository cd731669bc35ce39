"""aiatlas restore FILE: put a backup back into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.common.console import console
from aiatlas.ops.exceptions import BackupError
from aiatlas.ops.services import restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'aiatlas backup' into the configured database (which must "
        "be empty unless --force), with its data files; then migrate and rebuild the search "
        "index. Stop the web app and workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="an archive written by aiatlas backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data (everything in it is lost)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(path=options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from None
        activities = result.tables.get("catalog.activity", 0)
        console(stderr=True).print(
            f"Restored the backup of {result.created_at}: {result.database} database "
            f"({activities:,} activities, {result.indexed:,} indexed for search) and "
            f"{result.files:,} file(s)"
        )
