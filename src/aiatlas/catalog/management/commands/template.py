"""aiatlas template csv|xlsx: an empty activity file with a header and an example row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aiatlas.catalog.services.exporting import write_template
from aiatlas.cli import console


class Command(BaseCommand):
    help = "Write an empty activity template (header row and one example row)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", choices=["csv", "xlsx"])
        parser.add_argument("--out", type=Path, help="default: activities-template.FORMAT")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["out"] or Path(f"activities-template.{options['format']}")
        write_template(fmt=options["format"], path=path)
        console().print(f"Wrote {path} — see docs/data-format.md for the columns")
