"""aiatlas generate --activities N: synthetic activities for scale tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aiatlas.catalog.io.readers import detect_format
from aiatlas.catalog.io.validation import validate_record
from aiatlas.catalog.io.writers import write_records
from aiatlas.catalog.services.storage import BatchWriter, load_vocabulary
from aiatlas.catalog.services.synthetic import synthetic_records
from aiatlas.common.console import console, progress_bar


class Command(BaseCommand):
    help = (
        "Generate N synthetic activities (deterministic with --seed) into the database or a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--activities", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", type=Path, help="write a .csv, .xlsx or .jsonl file instead")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["activities"]
        if count < 1 or count > 10_000_000:
            raise CommandError("--activities must be between 1 and 10,000,000", returncode=2)
        records = synthetic_records(count, seed=options["seed"])
        out: Path | None = options["out"]
        if out is not None:
            fmt = detect_format(out)
            with progress_bar(f"Writing {out.name}", count):
                written = write_records(records, fmt, out, labels=False)
            console().print(f"Wrote {written:,} synthetic activities to {out}")
            return
        vocab = load_vocabulary()
        with transaction.atomic(), progress_bar("Generating", count) as update:
            writer = BatchWriter()
            batch: list[tuple[int, dict[str, Any]]] = []
            for i, record in enumerate(records, start=1):
                batch.append((i, validate_record(record, vocab)))
                if len(batch) == 1000:
                    writer.write(batch)
                    batch = []
                    update(i)
            if batch:
                writer.write(batch)
        console().print(f"Generated {writer.result.created:,} synthetic activities")
