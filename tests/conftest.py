"""Shared fixtures: real files in a temporary folder, the activity schema, a CLI runner."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aiatlas.catalog.io.schema import COLUMNS


def make_record(**overrides: Any) -> dict[str, Any]:
    """A complete, valid activity record; override any field."""
    record: dict[str, Any] = {
        "id": "",
        "kind": "project",
        "title": "Crop disease detection from phone photos",
        "description": "Farmers photograph leaves; a vision model flags **cassava** disease.",
        "output_type": "Mobile application",
        "status": "ongoing",
        "start_year": 2021,
        "end_year": None,
        "domains": ["agriculture", "food security"],
        "lead_organization": "FAO",
        "co_leads": [],
        "partners": [{"organization": "Makerere University", "sector": "academia"}],
        "countries": ["UGA", "KEN"],
        "regions": ["002"],
        "technologies": ["computer_vision"],
        "sdg_goals": [{"code": "2", "source": "submitter", "evidence": ""}],
        "sdg_targets": [{"code": "2.4", "source": "submitter", "evidence": ""}],
        "links": [{"url": "https://example.org/cassava", "label": "Project page"}],
        "contact_name": "Ada Example",
        "contact_email": "ada@example.org",
        "contact_public": False,
        "editions": [2024],
    }
    record.update(overrides)
    return record


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def write_csv_rows(
    path: Path,
    rows: list[dict[str, Any]],
    columns: list[str] | None = None,
    encoding: str = "utf-8",
) -> Path:
    columns = columns or COLUMNS
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


@pytest.fixture
def cli() -> Callable[..., tuple[int, str, str]]:
    """Run an aiatlas command in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                call_command(*args, stdout=out, stderr=err)
            except CommandError as exc:
                code = exc.returncode
                err.write(str(exc))
            except SystemExit as exc:
                code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue()

    return run


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """On PostgreSQL, close connections that server threads (live servers, races) left
    open, so that the run's test database is dropped at the end, not left behind."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )


def release_editions(*years: int) -> None:
    """Create these editions open but released (``release_at`` an hour ago), so that the
    activities imported into them are public without publishing the editions."""
    from datetime import timedelta

    from django.utils import timezone

    from aiatlas.catalog.models import Edition

    past = timezone.now() - timedelta(hours=1)
    for year in years:
        Edition.objects.update_or_create(
            year=year, defaults={"title": f"Edition {year}", "release_at": past}
        )
