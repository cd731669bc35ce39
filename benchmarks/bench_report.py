"""Edition report build time and peak memory: the demo's 2024 edition and generated
editions (about 730 activities, like the 2024 report, and 5,000).

    .venv/bin/python benchmarks/bench_report.py [--sizes 730,5000] [--repeat 3] [--no-demo]

Each database is set up once in a child process (migrate, then `aiatlas demo load` or
`aiatlas generate` with enough activities that edition 2024 holds about the size asked,
then publish 2022-2024). Each build runs in a fresh child process, so its peak memory
(ru_maxrss) belongs to that one build; "compiler MB" is the peak of the Typst compiler
processes a large edition is typeset in (aiatlas.report.parts), none for one document.
Prints medians as a table; not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SETUP = r"""
import os, sys
os.environ.setdefault("AIATLAS_ENV", "development")  # loopback, plain http
os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
import django
django.setup()
from django.core.management import call_command
from aiatlas.catalog.services.activities import publish_edition
call_command("migrate", verbosity=0)
size = int(sys.argv[1])
if size == 0:
    from aiatlas.catalog.services.demo import load_demo
    load_demo()
else:
    # generated activities are spread over editions 2022-2024 (about half in each)
    call_command("generate", activities=size * 2, seed=7)
    for year in (2022, 2023, 2024):
        publish_edition(year=year)
"""

BUILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("AIATLAS_ENV", "development")  # loopback, plain http
os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
import django
django.setup()
from pathlib import Path
from aiatlas.report.services import build_report
start = time.perf_counter()
result = build_report(year=2024, out_dir=Path(sys.argv[1]), tagged=sys.argv[2] == "tagged")
pdf_s = time.perf_counter() - start
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from aiatlas.report.pages import report_page
start = time.perf_counter()
with translation.override("en"):
    request = RequestFactory().get("/en/editions/2024/report/")
    html = render_to_string("report/report.html", report_page(2024, "en", can_build=False), request)
web_s = time.perf_counter() - start
from pypdf import PdfReader
print(json.dumps({"activities": result.activities, "entities": result.entities,
                  "pdf_s": pdf_s, "web_s": web_s, "pages": len(PdfReader(result.pdf).pages),
                  "html_mb": len(html) / 1e6,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "compiler_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run(code: str, *args: str, env: dict[str, str]) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode:
        sys.exit(proc.stderr)
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="730,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-demo", action="store_true")
    args = parser.parse_args()
    sizes = ([] if args.no_demo else [0]) + [int(s) for s in args.sizes.split(",") if s]
    rows = []
    tags = "tagged"
    with tempfile.TemporaryDirectory(prefix="aiatlas-bench-report-") as tmp:
        for size in sizes:
            data_dir = Path(tmp) / f"db{size}"
            env = {**os.environ, "AIATLAS_DATA_DIR": str(data_dir)}
            env.pop("AIATLAS_DATABASE_URL", None)
            run(SETUP, str(size), env=env)
            results = [
                json.loads(run(BUILD, str(data_dir / f"out{i}"), tags, env=env))
                for i in range(args.repeat)
            ]
            first = results[0]
            rows.append(
                (
                    "demo 2024" if size == 0 else f"generated ~{size:,}",
                    first["activities"], first["entities"], first["pages"],
                    statistics.median(r["pdf_s"] for r in results),
                    statistics.median(r["web_s"] for r in results),
                    max(r["peak_mb"] for r in results),
                    max(r["compiler_mb"] for r in results),
                )
            )  # fmt: skip
    print(f"{'edition':<20}{'activities':>11}{'entities':>9}{'pages':>7}"
          f"{'PDF+CSV s':>11}{'web s':>8}{'peak MB':>9}{'compiler MB':>13}")  # fmt: skip
    for name, n, e, pages, pdf_s, web_s, peak, child in rows:
        print(f"{name:<20}{n:>11,}{e:>9}{pages:>7}{pdf_s:>11.1f}{web_s:>8.1f}{peak:>9.0f}"
              f"{child:>13.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
