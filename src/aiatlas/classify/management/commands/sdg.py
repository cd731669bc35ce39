"""aiatlas sdg: classify a text by SDG, evaluate the classifier, tag the catalog.

    aiatlas sdg classify "text" [--json]
    aiatlas sdg eval FILE.csv [--json]
    aiatlas sdg tag [--edition YEAR]

Exit codes: 0 ok, 1 bad input, 2 usage.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.common.console import UsageParser


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # pure computation; needs no URLs or database
    help = "Offline SDG classification: 'sdg classify TEXT' or 'sdg eval FILE.csv'."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.__class__ = UsageParser
        sub = parser.add_subparsers(dest="action", metavar="{classify,eval,tag}")
        p = sub.add_parser("classify", help="score one text against the 17 SDGs")
        p.add_argument("text", help="the text (title and description); '-' reads stdin")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.add_argument("--all", action="store_true", help="show all 17 goals")
        p = sub.add_parser("eval", help="accuracy on a labelled CSV with id,text,sdg,label")
        p.add_argument("file", help="CSV file")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p = sub.add_parser(
            "tag",
            help="store suggested SDGs on every activity (source: "
            "classifier); submitters' and curators' tags are never touched",
        )
        p.add_argument("--edition", type=int, metavar="YEAR", help="only this edition")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action")
        if action == "classify":
            self.classify(options)
        elif action == "eval":
            self.evaluate(options)
        elif action == "tag":
            self.tag(options)
        else:
            raise CommandError(
                "usage: aiatlas sdg {classify,eval,tag} ... (see --help)", returncode=2
            )

    def tag(self, options: dict[str, Any]) -> None:
        from aiatlas.catalog.queries import edition_exists
        from aiatlas.classify.queries import activities_to_tag
        from aiatlas.classify.services import tag_activities
        from aiatlas.common.console import console, progress_bar

        edition = options.get("edition")
        if edition is not None and not edition_exists(edition):
            raise CommandError(f"there is no edition {edition}", returncode=1)
        total = activities_to_tag(edition).count()
        with progress_bar("Tagging activities", total) as update:
            report = tag_activities(edition=edition, progress=update)
        console().print(
            f"Tagged {report.activities:,} activities: {report.goal_tags:,} goal and "
            f"{report.target_tags:,} target suggestions (source: classifier)"
            + (
                f"; {report.unsupported:,} not classified (language not supported)"
                if report.unsupported
                else ""
            )
        )

    def classify(self, options: dict[str, Any]) -> None:
        from aiatlas.classify.engine import Classifier

        text = options["text"]
        if text == "-":
            text = sys.stdin.read()
        result = Classifier.load().classify(text)
        if not result.supported:
            raise CommandError(f"cannot classify this text: {result.reason}", returncode=1)
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
            return
        from rich.table import Table

        from aiatlas.common.console import console

        out = console()
        notes = f" ({'; '.join(result.notes)})" if result.notes else ""
        out.print(f"Language: {result.language}{notes}")
        table = Table("SDG", "score", "yes?", "targets", "evidence")
        goals = sorted(result.goals, key=lambda g: -g.score)
        shown = [g for g in goals if options["all"] or g.decision or g.score >= 0.2]
        for g in shown:
            evidence = ", ".join(g.evidence.phrases[:5])
            if g.evidence.queries:
                evidence += f" [{len(g.evidence.queries)} Aurora line(s)]"
            table.add_row(
                str(g.goal),
                f"{g.score:.2f}",
                "yes" if g.decision else "no",
                " ".join(g.targets),
                evidence,
            )
        if shown:
            out.print(table)
        yes = ", ".join(str(g.goal) for g in result.positive) or "none"
        out.print(f"SDGs addressed: {yes}")

    def evaluate(self, options: dict[str, Any]) -> None:
        from aiatlas.classify.evaluate import BadDataset, evaluate

        try:
            summary = evaluate(options["file"])
        except BadDataset as exc:
            raise CommandError(str(exc), returncode=1) from None
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=1))
            return
        from rich.table import Table

        from aiatlas.common.console import console

        table = Table(
            "SDG",
            "n",
            "accuracy",
            "precision",
            "recall",
            "F1",
            title=f"{summary['file']} ({summary['rows']} rows)",
        )
        for m in summary["metrics"]:
            name = str(m["sdg"]) if m["sdg"] else "mean"
            table.add_row(
                name,
                str(m["n"]),
                *(f"{m[k]:.3f}" for k in ("accuracy", "precision", "recall", "f1")),
                style="bold" if not m["sdg"] else None,
            )
        out = console()
        out.print(table)
        low, high = summary["mean_accuracy_ci95"]
        mean = summary["metrics"][-1]["accuracy"]
        out.print(f"Mean per-SDG accuracy {mean:.3f} (bootstrap 95% interval {low:.3f}-{high:.3f})")
        cross = summary["cross_goal_fp"]
        out.print(
            f"Cross-goal false positives: {cross['mean']:.1%} of other goals' texts called yes "
            f"per goal (mean over 17 goals; {cross['texts']} positive texts, "
            f"{cross['wrong_goals_per_text']:.2f} wrong goals per text)"
        )
        langs = Table(
            "language", "n", "accuracy", "precision", "recall", "F1", title="per language"
        )
        for lang, m in summary["per_language"].items():
            langs.add_row(
                lang,
                str(m["n"]),
                *(f"{m[k]:.3f}" for k in ("accuracy", "precision", "recall", "f1")),
            )
        out.print(langs)
