"""The speed and memory limits that used to be timed assertions inside the test suite.

    .venv/bin/python benchmarks/bench_limits.py [--repeat 3] [--large]

Prints one row per limit: what is measured, the median (time) or the peak (memory), the
target, and whether it is met; exits with status 1 when a target is missed. The tests keep
the behaviour (the text is truncated, the images are not read, a late bad row rolls back);
this script keeps the numbers.

- ``clean()`` of 1 MB of text (tests/classify/test_textprep.py): < 2 s
- ``Classifier.classify()`` of 1 MB of text (tests/classify/test_engine.py): < 5 s
- ``parse_docx`` of a 2-pager carrying 50 MB of images (tests/submissions/test_docx.py):
  peak Python heap < 10 MB
- with ``--large`` (minutes): ``aiatlas import --dry-run`` of a 1,000,000-row CSV with a
  bad last row, and ``aiatlas import`` of a 200 MB JSON Lines file
  (tests/catalog/test_large_files.py): peak resident memory of the importing process
  < 500 MB each, on a fresh SQLite file
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
WATER = (
    "Clean water and sanitation for rural villages: an AI model predicts pump failures "
    "and helps utilities plan drinking water supply and wastewater treatment."
)

IMPORT_CHILD = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
try:
    call_command("import", *sys.argv[1:])
except BaseException:
    pass
# VmHWM is this program's own peak (ru_maxrss can carry the parent's peak across exec)
hwm = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")]
print("PEAK_KB", hwm[0])
"""


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_clean(repeat: int) -> tuple[str, float, float, str]:
    from aiatlas.classify.textprep import clean

    text = "health " * 150_000
    return ("clean() of 1 MB of text", median_seconds(lambda: clean(text), repeat), 2.0, "s")


def bench_classify(repeat: int) -> tuple[str, float, float, str]:
    from aiatlas.classify.engine import Classifier

    classifier = Classifier.load()
    text = (WATER + " ") * (1_000_000 // len(WATER))
    seconds = median_seconds(lambda: classifier.classify(text), repeat)
    return ("Classifier.classify() of 1 MB of text", seconds, 5.0, "s")


def bench_docx_images(tmp: Path) -> tuple[str, float, float, str]:
    from aiatlas.catalog.services.storage import load_vocabulary
    from aiatlas.catalog.services.synthetic import synthetic_records
    from aiatlas.submissions.docx import export_activity, parse_docx

    record = next(iter(synthetic_records(1, seed=1)))
    path = tmp / "pictures.docx"
    source = zipfile.ZipFile(io.BytesIO(export_activity(record)))
    with source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for n in range(5):
            target.writestr(f"word/media/image{n}.png", os.urandom(10 * 1024 * 1024))
    vocabulary = load_vocabulary()
    tracemalloc.start()
    result = parse_docx(path, vocabulary=vocabulary)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if result.problems:
        raise SystemExit(f"the 2-pager did not parse: {result.problems}")
    return ("parse_docx with 50 MB of images, heap", peak / 1024 / 1024, 10.0, "MB")


def _import_peak(tmp: Path, *args: str) -> float:
    env = {**os.environ, "AIATLAS_DATA_DIR": str(tmp / "var"), "AIATLAS_DATABASE_URL": ""}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [sys.executable, "-c", IMPORT_CHILD, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    peaks = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("PEAK_KB")]
    if not peaks:
        raise SystemExit(f"the import did not finish: {proc.stderr[-2000:]}")
    return int(peaks[0]) / 1024


def bench_million_rows(tmp: Path) -> tuple[str, float, float, str]:
    path = tmp / "million.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("title,lead_organization,start_year\n")
        for i in range(999_999):
            fh.write(f"Activity number {i},WHO,2020\n")
        fh.write("The last one,WHO,not-a-year\n")
    peak = _import_peak(tmp / "a", str(path), "--dry-run")
    return ("import --dry-run, 1,000,000-row CSV, RSS", peak, 500.0, "MB")


def bench_200_mb(tmp: Path) -> tuple[str, float, float, str]:
    path = tmp / "big.jsonl"
    description = ("Long description of a large programme. " * 250)[:10_000]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(20_500):
            record = {"title": f"Big activity {i}", "lead_organization": "UNDP"}
            fh.write(json.dumps({**record, "description": description, "countries": ["KEN"]}))
            fh.write("\n")
    peak = _import_peak(tmp / "b", str(path))
    return ("import of a 200 MB JSON Lines file, RSS", peak, 500.0, "MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--large", action="store_true", help="also the big-file imports")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="aiatlas-bench-limits-"))
    os.environ["AIATLAS_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rows = [bench_clean(args.repeat), bench_classify(args.repeat), bench_docx_images(tmp)]
    if args.large:
        rows += [bench_million_rows(tmp), bench_200_mb(tmp)]
    missed = 0
    print(f"{'limit':<44} {'measured':>10} {'target':>10}  ok")
    for name, value, target, unit in rows:
        ok = value < target
        missed += not ok
        limit = f"< {target:g} {unit}"
        print(f"{name:<44} {value:>7.2f} {unit:<2} {limit:>10}  {'yes' if ok else 'NO'}")
    raise SystemExit(1 if missed else 0)


if __name__ == "__main__":
    main()
