"""Import and export of N generated activities on SQLite (and PostgreSQL when
AIATLAS_BENCH_POSTGRES_URL is set): median seconds, activities per second, peak memory.

    .venv/bin/python benchmarks/bench_catalog_io.py [--activities 100000] [--repeat 3]

Each measurement runs in a fresh child process on a fresh database, so peak memory
(ru_maxrss of that process) belongs to that one operation.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("AIATLAS_ENV", "development")  # loopback, plain http
os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
import django
django.setup()
from pathlib import Path
from django.core.management import call_command
call_command("migrate", verbosity=0)
action, path = sys.argv[1], Path(sys.argv[2])
from aiatlas.catalog.services.importing import import_activities
from aiatlas.catalog.services.exporting import export_activities
if action == "export":
    import_activities(path=path)
    out = path.with_suffix(".out" + path.suffix)
    start = time.perf_counter()
    n = export_activities(fmt=path.suffix.lstrip("."), path=out)
else:
    start = time.perf_counter()
    n = import_activities(path=path).created
seconds = time.perf_counter() - start
hwm = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")]
peak_kb = int(hwm[0]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"n": n, "seconds": seconds, "peak_mb": peak_kb / 1024}))
"""


def fresh_database(kind: str, tmp: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{tmp / f'bench-{uuid.uuid4().hex[:6]}.sqlite3'}", None
    base = os.environ["AIATLAS_BENCH_POSTGRES_URL"].rstrip("/")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    subprocess.run(
        ["psql", base.rsplit("/", 1)[0] + "/postgres", "-qc", f"CREATE DATABASE {name}"], check=True
    )
    return base.rsplit("/", 1)[0] + f"/{name}", name


def drop(name: str | None) -> None:
    if name:
        base = os.environ["AIATLAS_BENCH_POSTGRES_URL"].rstrip("/").rsplit("/", 1)[0]
        subprocess.run(["psql", base + "/postgres", "-qc", f"DROP DATABASE {name}"], check=True)


def measure(kind: str, action: str, data: Path, tmp: Path) -> dict[str, float]:
    url, name = fresh_database(kind, tmp)
    try:
        env = {**os.environ, "AIATLAS_DATABASE_URL": url, "AIATLAS_DATA_DIR": str(tmp)}
        out = subprocess.run(
            [sys.executable, "-c", CHILD, action, str(data)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        drop(name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="csv,jsonl")
    args = parser.parse_args()
    kinds = ["sqlite"] + (["postgres"] if os.environ.get("AIATLAS_BENCH_POSTGRES_URL") else [])
    rows = []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for fmt in args.formats.split(","):
            data = tmp / f"generated.{fmt}"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "aiatlas",
                    "generate",
                    "--activities",
                    str(args.activities),
                    "--seed",
                    "7",
                    "--out",
                    str(data),
                ],
                check=True,
                capture_output=True,
                env={**os.environ, "AIATLAS_ENV": "development", "AIATLAS_DATA_DIR": str(tmp)},
            )
            for kind in kinds:
                for action in ("import", "export"):
                    runs = [measure(kind, action, data, tmp) for _ in range(args.repeat)]
                    median = statistics.median(r["seconds"] for r in runs)
                    rows.append(
                        (
                            kind,
                            fmt,
                            action,
                            int(runs[0]["n"]),
                            median,
                            runs[0]["n"] / median,
                            max(r["peak_mb"] for r in runs),
                        )
                    )
                    print(f"  {kind} {fmt} {action}: {median:.2f} s", file=sys.stderr)
    print(f"\n{args.activities:,} generated activities, median of {args.repeat} runs\n")
    print("| database | format | operation | activities | median s | activities/s | peak MB |")
    print("|---|---|---|---:|---:|---:|---:|")
    for kind, fmt, action, n, median, rate, peak in rows:
        print(f"| {kind} | {fmt} | {action} | {n:,} | {median:.2f} | {rate:,.0f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
