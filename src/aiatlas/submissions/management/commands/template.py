"""aiatlas template csv|xlsx|docx: an empty activity file (header and an example row), or
the Word 2-pager that focal points fill in and upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aiatlas.catalog.services.exporting import write_template
from aiatlas.common.console import console


class Command(BaseCommand):
    help = (
        "Write an empty activity template: csv or xlsx (header row and one example row), "
        "or docx (the 2-pager focal points fill in and upload)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", choices=["csv", "xlsx", "docx"])
        parser.add_argument("--out", type=Path, help="default: activities-template.FORMAT")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["out"] or Path(f"activities-template.{options['format']}")
        if options["format"] == "docx":
            from aiatlas.submissions.docx import write_template as write_docx

            write_docx(path)
            console().print(f"Wrote {path} — fill it in and upload it under Submissions")
            return
        write_template(fmt=options["format"], path=path)
        console().print(f"Wrote {path} — see docs/data-format.md for the columns")
