"""aiatlas stats: what the catalog holds."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.table import Table

from aiatlas.catalog.queries import catalog_counts
from aiatlas.catalog.services.demo import DEMO_NOTICE, is_demo_database
from aiatlas.common.console import console


class Command(BaseCommand):
    help = "Show counts of activities, organizations, editions and SDG tags."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = catalog_counts()
        demo = is_demo_database()
        if options["json"]:
            self.stdout.write(json.dumps({**counts, "demo_data": demo}, indent=2))
            return
        out = console()
        if demo:
            out.print(f"[bold yellow]{DEMO_NOTICE}[/bold yellow]")
        out.print(
            f"{counts['activities']:,} activities, {counts['organizations']:,} organizations "
            f"({counts['un_entities']} UN entities, {counts['lead_organizations']} leading "
            f"activities), {counts['partners']:,} partnerships"
        )
        editions = Table("Edition", "Status", "Activities", title="Editions")
        for year, status, n in counts["editions"]:
            editions.add_row(str(year), status, f"{n:,}")
        out.print(editions)
        goals = Table("SDG", "Activities", title="Activities per SDG (any source)")
        for goal, n in counts["goals"].items():
            goals.add_row(str(goal), f"{n:,}")
        out.print(goals)
