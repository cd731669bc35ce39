"""`aiatlas initiatives …`: focus groups, initiatives and challenges from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aiatlas.common.console import export_file, import_file, problems_reported


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
        with problems_reported(self):
            if action == "demo":
                counts = demo.load_initiatives_demo()
                self.stdout.write(
                    "Illustrative initiatives loaded: "
                    + ", ".join(f"{n} {what}" for what, n in counts.items())
                )
            elif action == "export":
                export_file(
                    self,
                    options.get("file"),
                    {
                        ".jsonl": exchange.export_jsonl,
                        ".csv": exchange.export_deliverables_csv,
                        ".xlsx": exchange.export_deliverables_xlsx,
                    },
                )
            else:
                import_file(
                    self,
                    options["file"],
                    {".jsonl": _import_jsonl, ".csv": _import_deliverables},
                )


def _import_jsonl(text: str) -> str:
    from aiatlas.initiatives.services import exchange

    result = exchange.import_jsonl(text)
    return f"{result.groups} groups, {result.challenges} challenges"


def _import_deliverables(text: str) -> str:
    from aiatlas.initiatives.services import exchange

    return f"{exchange.import_deliverables_csv(text)} deliverables"
