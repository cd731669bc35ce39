"""`aiatlas governance …`: instruments, national policies and self-assessments."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.initiatives.services.exchange import ExchangeError


class Command(BaseCommand):
    help = "AI governance: export, import, demo, and check a questionnaire file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="{export,import,demo,questionnaire}")
        sub.required = True
        export = sub.add_parser("export", help="write instruments, policies and assessments")
        export.add_argument(
            "file", nargs="?",
            help="output file (.jsonl, or .csv for national policies); default: JSON Lines "
            "on standard output",
        )  # fmt: skip
        export.add_argument(
            "--private", action="store_true",
            help="write everything, private answers, notes and people's addresses too "
            "(the complete copy); without it only what the public may see",
        )  # fmt: skip
        imp = sub.add_parser(
            "import", help="import a .jsonl, or a .csv of national policies (all or nothing)"
        )
        imp.add_argument("file", help="the file to import")
        sub.add_parser("demo", help="load the illustrative instruments, policies and assessments")
        check = sub.add_parser(
            "questionnaire", help="check a questionnaire file (YAML or JSON) and summarise it"
        )
        check.add_argument("file", help="the questionnaire file")

    def handle(self, *args: Any, **options: Any) -> None:
        from aiatlas.governance import questionnaire
        from aiatlas.governance.services import demo, exchange

        action = options["action"]
        try:
            if action == "demo":
                counts = demo.load_governance_demo()
                self.stdout.write(
                    "Illustrative governance records loaded: "
                    + ", ".join(f"{n} {what}" for what, n in counts.items())
                )
            elif action == "export":
                self._export(options.get("file"), private=options["private"])
            elif action == "questionnaire":
                path = Path(options["file"])
                if not path.is_file():
                    raise CommandError(f"{path}: no such file")
                try:
                    q = questionnaire.parse(path.read_text("utf-8"), path.name)
                except questionnaire.QuestionnaireError as exc:
                    for problem in exc.problems:
                        self.stderr.write(problem)
                    raise CommandError(f"{path.name}: {len(exc.problems)} problem(s)") from exc
                self.stdout.write(
                    f"{path.name}: version {q.version}, {len(q.questions)} questions, "
                    f"{len(q.sections)} principle sections"
                )
            else:
                path = Path(options["file"])
                if not path.is_file():
                    raise CommandError(f"{path}: no such file")
                from aiatlas.initiatives.services.exchange import read_file

                text = read_file(path)
                if path.suffix.lower() == ".csv":
                    n = exchange.import_policies_csv(text)
                    self.stdout.write(f"Imported {path.name}: {n} national policies")
                elif path.suffix.lower() == ".jsonl":
                    r = exchange.import_jsonl(text)
                    self.stdout.write(
                        f"Imported {path.name}: {r.instruments} instruments, "
                        f"{r.policies} policies, {r.assessments} assessments"
                    )
                else:
                    raise CommandError(f"{path.name}: import takes a .jsonl or a .csv file")
        except ExchangeError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"nothing was imported: {len(exc.problems)} problem(s)") from exc

    def _export(self, file: str | None, *, private: bool) -> None:
        from aiatlas.governance.services import exchange

        if not file:
            sys.stdout.write(exchange.export_jsonl(private=private))
            return
        path = Path(file)
        if path.suffix.lower() == ".jsonl":
            path.write_text(exchange.export_jsonl(private=private), "utf-8")
        elif path.suffix.lower() == ".csv":
            path.write_text(exchange.export_policies_csv(), "utf-8")
        else:
            raise CommandError(f"{path.name}: export writes .jsonl or .csv")
        self.stdout.write(f"Wrote {path}")
