"""`aiatlas initiatives …`: focus groups, initiatives and challenges from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.initiatives.services.exchange import ExchangeError


class Command(BaseCommand):
    help = "Focus groups, initiatives and challenges: export, import, demo."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="{export,import,demo}")
        sub.required = True
        export = sub.add_parser("export", help="write every group and challenge")
        export.add_argument(
            "file",
            nargs="?",
            help="output file (.jsonl, or .csv/.xlsx for deliverables); "
            "default: JSON Lines on standard output",
        )
        imp = sub.add_parser(
            "import",
            help="import a .jsonl of groups and challenges, or a .csv of deliverables "
            "(all or nothing)",
        )
        imp.add_argument("file", help="the file to import")
        sub.add_parser("demo", help="replace the illustrative groups and challenge with fresh ones")

    def handle(self, *args: Any, **options: Any) -> None:
        from aiatlas.initiatives.services import demo, exchange

        action = options["action"]
        try:
            if action == "demo":
                counts = demo.load_initiatives_demo()
                self.stdout.write(
                    "Illustrative initiatives loaded: "
                    + ", ".join(f"{n} {what}" for what, n in counts.items())
                )
            elif action == "export":
                self._export(options.get("file"))
            else:
                path = Path(options["file"])
                if not path.is_file():
                    raise CommandError(f"{path}: no such file")
                text = exchange.read_file(path)
                if path.suffix.lower() == ".csv":
                    n = exchange.import_deliverables_csv(text)
                    self.stdout.write(f"Imported {path.name}: {n} deliverables")
                elif path.suffix.lower() == ".jsonl":
                    result = exchange.import_jsonl(text)
                    self.stdout.write(
                        f"Imported {path.name}: {result.groups} groups, "
                        f"{result.challenges} challenges"
                    )
                else:
                    raise CommandError(f"{path.name}: import takes a .jsonl or a .csv file")
        except ExchangeError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"nothing was imported: {len(exc.problems)} problem(s)") from exc

    def _export(self, file: str | None) -> None:
        from aiatlas.initiatives.services import exchange

        if not file:
            sys.stdout.write(exchange.export_jsonl())
            return
        path = Path(file)
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            path.write_text(exchange.export_jsonl(), "utf-8")
        elif suffix == ".csv":
            path.write_text(exchange.export_deliverables_csv(), "utf-8")
        elif suffix == ".xlsx":
            path.write_bytes(exchange.export_deliverables_xlsx())
        else:
            raise CommandError(f"{path.name}: export writes .jsonl, .csv or .xlsx")
        self.stdout.write(f"Wrote {path}")
