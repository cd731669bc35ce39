"""aiatlas edition list | publish YEAR: the reporting editions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from aiatlas.catalog.exceptions import CatalogError
from aiatlas.catalog.queries import catalog_counts
from aiatlas.catalog.services.activities import publish_edition
from aiatlas.cli import console


class Command(BaseCommand):
    help = "List the editions, or publish one (freezing a snapshot of its activities)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="{list,publish}")
        sub.add_parser("list", help="editions with their status and activity counts")
        publish = sub.add_parser("publish", help="publish and freeze an edition")
        publish.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        out = console()
        if options.get("action") == "publish":
            try:
                count = publish_edition(year=options["year"])
            except CatalogError as exc:
                raise CommandError(str(exc), returncode=1) from None
            out.print(f"Published edition {options['year']}: {count:,} activities frozen")
            return
        if options.get("action") not in (None, "list"):
            raise CommandError("usage: aiatlas edition {list,publish YEAR}", returncode=2)
        table = Table("Edition", "Status", "Activities")
        for year, status, n in catalog_counts()["editions"]:
            table.add_row(str(year), status, f"{n:,}")
        out.print(table)
