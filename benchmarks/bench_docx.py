"""2-pager parsing speed: parse 1,000 filled 2-pagers (files per second, peak memory).

    .venv/bin/python benchmarks/bench_docx.py [--files 1000] [--seed 1]

The 2-pagers are written with ``export_activity`` from synthetic records; the database (for
the vocabulary) is a fresh SQLite file in a temporary folder. Peak memory is the Python
heap (tracemalloc) while parsing, and the process's maximum resident size.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="aiatlas-bench-docx-")
    os.environ.setdefault("AIATLAS_DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
    os.environ.setdefault("AIATLAS_DEBUG", "true")
    os.environ.setdefault("AIATLAS_ENV", "development")  # loopback, plain http
    os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from aiatlas.catalog.services.storage import load_vocabulary
    from aiatlas.catalog.services.synthetic import synthetic_records
    from aiatlas.submissions.docx import export_activity, parse_docx

    start = time.perf_counter()
    folder = Path(tmp) / "docx"
    folder.mkdir()
    paths = []
    for n, record in enumerate(synthetic_records(args.files, seed=args.seed)):
        path = folder / f"{n:05d}.docx"
        path.write_bytes(export_activity(record))
        paths.append(path)
    written = time.perf_counter() - start
    vocabulary = load_vocabulary()
    tracemalloc.start()
    start = time.perf_counter()
    ok = 0
    for path in paths:
        ok += parse_docx(path, vocabulary=vocabulary).ok
    parsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = sum(p.stat().st_size for p in paths) / len(paths)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'measure':<40} {'value':>14}")
    print(f"{'files (mean size)':<40} {f'{len(paths):,} ({size / 1024:.0f} KB)':>14}")
    print(f"{'export_activity, files/s':<40} {len(paths) / written:>14,.0f}")
    print(f"{'parse_docx, files/s':<40} {len(paths) / parsed:>14,.0f}")
    print(f"{'parsed without problems':<40} {ok:>14,}")
    print(f"{'peak Python heap while parsing, MB':<40} {peak / 1e6:>14.1f}")
    print(f"{'max resident size of the process, MB':<40} {rss:>14.0f}")


if __name__ == "__main__":
    main()
