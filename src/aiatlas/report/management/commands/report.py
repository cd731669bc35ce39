"""aiatlas report: build an edition's report, reproduce or list its figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.common.console import console
from aiatlas.report.exceptions import ReportError


class Command(BaseCommand):
    help = "Build an edition's report (PDF + data.csv) or reproduce one of its figures."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="write report.pdf and data.csv")
        build.add_argument("--edition", type=int, required=True, metavar="YEAR")
        build.add_argument(
            "--out",
            type=Path,
            metavar="DIR",
            help="write the two files into this folder instead of keeping them in the "
            "file storage, where the site serves them from (reports/<year>/, a "
            "sub-folder per language other than English)",
        )
        build.add_argument(
            "--lang", "--language", dest="language", default="en", metavar="LANG",
            help="the report's language: en, fr, es, ar, ru or zh-hans (default en)",
        )  # fmt: skip
        figure = sub.add_parser("figure", help="reproduce one figure from the database")
        figure.add_argument("figure_id", metavar="ID")
        figure.add_argument("--edition", type=int, required=True, metavar="YEAR")
        figure.add_argument("--records", action="store_true", help="list the records behind it")
        figure.add_argument("--json", action="store_true")
        figures = sub.add_parser("figures", help="list every figure of an edition")
        figures.add_argument("--edition", type=int, required=True, metavar="YEAR")
        figures.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except ReportError as exc:
            raise CommandError(str(exc), returncode=1) from None

    def _build(self, options: dict[str, Any]) -> None:
        from aiatlas.common.console import progress_bar
        from aiatlas.report.services import REPORT_FILES, REPORTS, build_and_keep, build_report

        language = options["language"]
        with progress_bar("Building the report", 100) as update:

            def progress(stage: str, percent: int) -> None:
                update(percent)

            if options["out"]:
                result = build_report(
                    year=options["edition"], out_dir=options["out"], language=language,
                    progress=progress,
                )  # fmt: skip
                wrote = f"{result.pdf} and {result.csv}"
            else:
                result, folder = build_and_keep(
                    year=options["edition"], language=language, progress=progress
                )
                pdf, csv = (REPORTS.where(f"{folder}/{name}") for name in REPORT_FILES)
                wrote = f"{pdf} and {csv}"
        out = console()
        out.print(
            f"Edition {result.year}: {result.activities:,} activities from {result.entities} "
            f"entities; wrote {wrote} in {result.seconds:.1f} s"
        )
        for warning in result.warnings:
            console(stderr=True).print(f"[yellow]typst warning:[/yellow] {warning}")

    def _figure(self, options: dict[str, Any]) -> None:
        from aiatlas.report.figures import compute_figure
        from aiatlas.report.snapshots import load_edition

        fig = compute_figure(load_edition(options["edition"]), options["figure_id"])
        if options["json"]:
            payload = {
                "id": fig.id, "edition": options["edition"], "label": fig.label,
                "value": fig.value, "display": fig.display, "query": fig.query,
                "records": list(fig.public_ids), "details": fig.details,
            }  # fmt: skip
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        out = console()
        out.print(f"{fig.id} = {fig.display}    ({fig.label})", markup=False)
        out.print(f"query: {fig.query}", markup=False)
        out.print(f"records: {len(fig.public_ids):,}", markup=False)
        if options["records"]:
            for public_id in fig.public_ids:
                self.stdout.write(public_id)

    def _figures(self, options: dict[str, Any]) -> None:
        from aiatlas.report.figures import Figures
        from aiatlas.report.snapshots import load_edition

        figures = Figures(load_edition(options["edition"]))
        rows = figures.all()
        if options["json"]:
            payload = {f.id: {"value": f.value, "display": f.display} for f in rows}
            self.stdout.write(json.dumps(payload, indent=2))
            return
        for f in rows:
            self.stdout.write(f"{f.id}\t{f.display}\t{f.label}")
