"""aiatlas import FILE: load activities from CSV, XLSX or JSON Lines."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.catalog.exceptions import FileRejected, RowError
from aiatlas.catalog.io.readers import FORMATS, detect_format
from aiatlas.catalog.services.importing import (
    ImportFailed,
    ImportReport,
    estimate_rows,
    import_activities,
)
from aiatlas.common.console import console, progress_bar

SHOWN_ERRORS = 100


class Command(BaseCommand):
    help = "Import activities from a CSV, XLSX or JSON Lines file (upsert by id)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="override the file extension")
        parser.add_argument(
            "--partial", action="store_true", help="write the good rows even if some rows are bad"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row but write nothing"
        )
        parser.add_argument(
            "--errors",
            type=Path,
            metavar="CSV",
            help="write every problem to this CSV file (row, column, message)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        out = console()
        if not path.exists():
            raise CommandError(f"{path}: no such file", returncode=1)
        if not path.is_file():
            raise CommandError(f"{path} is not a file", returncode=1)
        errors_path: Path | None = options["errors"]
        if errors_path is not None and not errors_path.parent.is_dir():
            raise CommandError(
                f"--errors {errors_path}: the folder {errors_path.parent} does not exist",
                returncode=1,
            )
        try:
            sink_file = errors_path.open("w", encoding="utf-8", newline="") if errors_path else None
        except OSError as exc:
            raise CommandError(f"--errors {errors_path}: {exc.strerror}", returncode=1) from None
        sink_writer = csv.writer(sink_file) if sink_file else None
        if sink_writer:
            sink_writer.writerow(["row", "column", "message"])

        def sink(error: RowError) -> None:
            if sink_writer:
                sink_writer.writerow([error.row or "", error.column or "", error.message])

        try:
            fmt = detect_format(path, options["format"])
            total = estimate_rows(path, fmt) if path.is_file() else None
            with progress_bar(f"Importing {path.name}", total) as update:
                report = import_activities(
                    path=path,
                    fmt=fmt,
                    partial=options["partial"],
                    dry_run=options["dry_run"],
                    progress=update,
                    error_sink=sink,
                )
        except FileRejected as exc:
            raise CommandError(exc.message, returncode=1) from None
        except RecursionError:
            raise CommandError(
                f"{path.name}: a value is nested too deeply to be read (more than about "
                "1,000 levels of lists or objects); nothing was written",
                returncode=1,
            ) from None
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}", returncode=1) from None
        except ImportFailed as exc:
            self._print_errors(out, exc.report)
            raise CommandError(str(exc), returncode=1) from None
        finally:
            if sink_file:
                sink_file.close()
        self._print_errors(out, report)
        verb = "Checked" if options["dry_run"] else "Imported"
        out.print(
            f"{verb} {path.name}: {report.rows:,} rows, {report.created:,} created, "
            f"{report.updated:,} updated, {report.error_count:,} problem(s)"
            + ("" if report.written or options["dry_run"] else " — nothing written")
        )
        if report.organizations_created:
            names = ", ".join(report.organizations_created[:20])
            more = len(report.organizations_created) - 20
            out.print(
                f"New organizations ({len(report.organizations_created)}): {names}"
                + (f" and {more} more" if more > 0 else "")
            )
        if report.editions_created:
            out.print(f"New editions: {', '.join(map(str, report.editions_created))}")
        if report.error_count:
            raise CommandError(f"{report.bad_rows:,} bad row(s) skipped", returncode=1)

    def _print_errors(self, out: Any, report: ImportReport) -> None:
        for error in report.errors[:SHOWN_ERRORS]:
            out.print(f"[red]✗[/red] {error}", markup=True)
        hidden = report.error_count - min(len(report.errors), SHOWN_ERRORS)
        if hidden > 0:
            out.print(f"… and {hidden:,} more; use --errors FILE.csv for the full list")
