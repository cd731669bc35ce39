"""Very large files are streamed: a 1,000,000-row CSV and a 200 MB file stay far below
500 MB of memory. Each runs `aiatlas import` in a child process on its own SQLite file and
reads that process's peak memory (the suite's own database is not involved, so these run
in the SQLite pass only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(os.environ.get("AIATLAS_TEST_DATABASE_URL")),
        reason="runs on its own SQLite file; once per suite is enough",
    ),
]

CHILD = """
import os, resource, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
code = 0
try:
    call_command("import", *sys.argv[1:])
except SystemExit as exc:
    code = exc.code or 0
except Exception as exc:  # CommandError: bad rows
    print("ERROR", exc)
    code = 1
from aiatlas.catalog.models import Activity
print("ACTIVITIES", Activity.objects.count())
# VmHWM is this program's own peak (ru_maxrss can carry the parent's peak across exec)
hwm = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")]
print("MAXRSS_KB", hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""


def run_import(tmp_path, *args):
    env = {**os.environ, "AIATLAS_DATA_DIR": str(tmp_path / "var"), "AIATLAS_DATABASE_URL": ""}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, env=env, timeout=900
    )
    lines = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if " " in line)
    return proc, int(lines.get("ACTIVITIES", "-1")), int(lines.get("MAXRSS_KB", "0")) / 1024


def test_million_row_csv_is_streamed_and_a_late_bad_row_rolls_back(tmp_path):
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("title,lead_organization,start_year\n")
        for i in range(999_999):
            fh.write(f"Activity number {i},WHO,2020\n")
        fh.write("The last one,WHO,not-a-year\n")
    proc, count, peak_mb = run_import(tmp_path, str(path), "--dry-run")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "row 1000001, column 'start_year'" in proc.stdout + proc.stderr
    assert count == 0
    assert peak_mb < 500, f"peak memory {peak_mb:.0f} MB"


def test_200_mb_file_is_imported_with_flat_memory(tmp_path):
    path = tmp_path / "big.jsonl"
    description = ("Long description of a large programme. " * 250)[:10_000]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(20_500):
            fh.write(
                json.dumps(
                    {
                        "title": f"Big activity {i}",
                        "lead_organization": "UNDP",
                        "description": description,
                        "countries": ["KEN"],
                    }
                )
                + "\n"
            )
    assert path.stat().st_size > 200 * 1000 * 1000
    proc, count, peak_mb = run_import(tmp_path, str(path))
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert count == 20_500
    assert peak_mb < 500, f"peak memory {peak_mb:.0f} MB"
