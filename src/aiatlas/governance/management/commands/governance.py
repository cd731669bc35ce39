"""`aiatlas governance …`: instruments, national policies and self-assessments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.common.console import export_file, import_file, problems_reported


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
        from aiatlas.governance.services import demo, exchange

        action = options["action"]
        with problems_reported(self):
            if action == "demo":
                counts = demo.load_governance_demo()
                self.stdout.write(
                    "Illustrative governance records loaded: "
                    + ", ".join(f"{n} {what}" for what, n in counts.items())
                )
            elif action == "export":
                private = options["private"]
                export_file(
                    self,
                    options.get("file"),
                    {
                        ".jsonl": lambda: exchange.export_jsonl(private=private),
                        ".csv": exchange.export_policies_csv,
                    },
                )
            elif action == "questionnaire":
                self._check_questionnaire(Path(options["file"]))
            else:
                import_file(
                    self, options["file"], {".jsonl": _import_jsonl, ".csv": _import_policies}
                )

    def _check_questionnaire(self, path: Path) -> None:
        from aiatlas.governance import questionnaire

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


def _import_jsonl(text: str) -> str:
    from aiatlas.governance.services import exchange

    r = exchange.import_jsonl(text)
    return f"{r.instruments} instruments, {r.policies} policies, {r.assessments} assessments"


def _import_policies(text: str) -> str:
    from aiatlas.governance.services import exchange

    return f"{exchange.import_policies_csv(text)} national policies"
