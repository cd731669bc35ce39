"""aiatlas export: write activities as CSV, XLSX or JSON Lines."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.catalog.exceptions import CatalogError
from aiatlas.catalog.services.exporting import EXPORT_FORMATS, export_activities
from aiatlas.common.console import console, progress_bar


class Command(BaseCommand):
    help = "Export activities (all, or one edition, organization or SDG)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
        parser.add_argument(
            "--out", type=Path, help="file to write; default: standard output (csv and jsonl only)"
        )
        parser.add_argument("--edition", type=int, metavar="YEAR")
        parser.add_argument("--organization", metavar="ACRONYM_OR_NAME")
        parser.add_argument("--sdg", type=int, metavar="GOAL")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        out_path: Path | None = options["out"]
        if out_path is None and fmt == "xlsx":
            raise CommandError("--format xlsx needs --out FILE.xlsx", returncode=2)
        if out_path is not None and not out_path.parent.is_dir():
            raise CommandError(
                f"--out {out_path}: the folder {out_path.parent} does not exist", returncode=1
            )
        target = out_path or Path(tempfile.mkstemp(suffix=f".{fmt}")[1])
        try:
            with progress_bar("Exporting", None) as update:
                count = export_activities(
                    fmt=fmt,
                    path=target,
                    edition=options["edition"],
                    organization=options["organization"],
                    sdg=options["sdg"],
                    progress=update,
                )
        except CatalogError as exc:
            raise CommandError(str(exc), returncode=1) from None
        except OSError as exc:
            raise CommandError(f"--out {target}: {exc.strerror or exc}", returncode=1) from None
        if out_path is None:
            with target.open("r", encoding="utf-8") as fh:
                for chunk in iter(lambda: fh.read(1 << 16), ""):
                    sys.stdout.write(chunk)
            target.unlink()
        else:
            console(stderr=True).print(f"Exported {count:,} activities to {out_path}")
