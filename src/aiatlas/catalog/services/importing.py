"""Import activity files: stream, validate every row, upsert by public id.

All-or-nothing per file by default: one bad row and nothing is written. With
``partial=True`` the good rows are written and the bad ones reported.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from aiatlas.catalog.exceptions import CatalogError, RowError
from aiatlas.catalog.io import pipeline
from aiatlas.catalog.io.readers import Row, detect_format, read_rows
from aiatlas.catalog.io.validation import RecordErrors, validate_record
from aiatlas.catalog.services.storage import BatchWriter, load_vocabulary

BATCH = 1000
KEEP_ERRORS = 10_000


@dataclass
class ImportReport:
    path: str
    format: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    organizations_created: list[str] = field(default_factory=list)
    editions_created: list[int] = field(default_factory=list)
    written: bool = False

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})

    def add_error(self, error: RowError, sink: Callable[[RowError], None] | None) -> None:
        self.error_count += 1
        if len(self.errors) < KEEP_ERRORS:
            self.errors.append(error)
        if sink:
            sink(error)


class ImportFailed(CatalogError):
    """Bad rows in an all-or-nothing import: nothing was written. The report lists them."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            f"{report.path}: {report.error_count:,} problem(s) found; nothing was imported"
        )
        self.report = report


class _Rollback(Exception):
    pass


def estimate_rows(path: Path, fmt: str) -> int | None:
    """A quick upper bound of the rows in a file, for progress bars."""
    if fmt == "xlsx":
        return None
    count = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
    return max(count - (1 if fmt == "csv" else 0), 0)


@contextmanager
def _bulk_mode() -> Iterator[None]:
    """On SQLite, outside any transaction: no per-row foreign-key lookups while the file is
    written. Safe because every key an import writes is one it has just read or created
    inside its own IMMEDIATE transaction, which holds the only write lock (validated
    codes, organizations, editions, the new activities). The pragma cannot change inside
    a transaction, so a nested call keeps the checks on; they are back on afterwards."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys=ON")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No automatic cyclic garbage collection while a file is imported: the rows are
    acyclic and freed by reference counting, but their allocations would set off full
    collections over every live object again and again (a fifth of a large import's time).
    The writer runs a young-generation collection after each batch instead; everything
    is back as it was afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_activities(
    *,
    path: Path,
    fmt: str | None = None,
    partial: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    error_sink: Callable[[RowError], None] | None = None,
) -> ImportReport:
    """Import one file. Raises :class:`ImportFailed` (nothing written) when any row is bad
    and ``partial`` is false, or ``FileRejected`` when the file cannot be read at all."""
    fmt = detect_format(path, fmt)
    report = ImportReport(path=str(path), format=fmt)
    try:
        with _bulk_mode(), _collector_paused(), transaction.atomic():
            _run(
                path,
                fmt,
                report,
                partial=partial,
                dry_run=dry_run,
                progress=progress,
                error_sink=error_sink,
            )
            if report.error_count and not partial:
                raise _Rollback
            if dry_run:
                raise _Rollback
    except _Rollback:
        if report.error_count and not partial:
            report.created = report.updated = 0
            report.organizations_created, report.editions_created = [], []
            raise ImportFailed(report) from None
        report.written = False
        return report
    report.written = True
    return report


def _run(
    path: Path,
    fmt: str,
    report: ImportReport,
    *,
    partial: bool,
    dry_run: bool,
    progress: Callable[[int], None] | None,
    error_sink: Callable[[RowError], None] | None,
) -> None:
    vocab = load_vocabulary()
    writer = BatchWriter(dry_run=dry_run)
    seen: dict[str, int] = {}
    batch: list[tuple[int, dict[str, Any]]] = []
    writing = True  # once a row is bad in all-or-nothing mode, only validate

    def flush() -> None:
        nonlocal batch
        if batch and (writing or dry_run):
            before = len(writer.result.errors)
            writer.write(batch)
            for error in writer.result.errors[before:]:
                report.add_error(error, error_sink)
        batch = []
        gc.collect(1)

    def checked_rows() -> Iterator[Row]:
        for row_number, raw, row_errors in read_rows(path, fmt):
            if row_errors or raw is None:
                yield row_number, None, row_errors
                continue
            try:
                record = validate_record(raw, vocab)
            except RecordErrors as exc:
                yield row_number, None, [RowError(row_number, c, m) for c, m in exc.errors]
                continue
            yield row_number, record, []

    parallel = pipeline.can_parallelise(path.stat().st_size)
    for row_number, record, row_errors in pipeline.iterate(checked_rows, parallel=parallel):
        report.rows += 1
        if progress and report.rows % 500 == 0:
            progress(report.rows)
        if row_errors or record is None:
            for error in row_errors:
                report.add_error(error, error_sink)
            writing = writing and partial
            continue
        if record["id"]:
            first = seen.get(record["id"])
            if first is not None:
                report.add_error(
                    RowError(
                        row_number,
                        "id",
                        f"duplicate id {record['id']!r}; row {first} has it already",
                    ),
                    error_sink,
                )
                writing = writing and partial
                continue
            seen[record["id"]] = row_number
        batch.append((row_number, record))
        if len(batch) >= BATCH:
            flush()
    flush()
    if progress:
        progress(report.rows)
    report.created = writer.result.created
    report.updated = writer.result.updated
    report.organizations_created = writer.result.organizations_created
    report.editions_created = writer.result.editions_created
