"""Survey speed: convert forms, render and validate a page, results page, exports.

    .venv/bin/python benchmarks/bench_survey.py [--repeat 5]

Runs on a fresh SQLite database in a temporary folder (AIATLAS_DATABASE_URL can point
elsewhere). Prints medians. Issue 7 targets: a 300-question form converts in < 2 s; the
results page for 195 responses renders in < 200 ms; exporting 10,000 responses (time and
peak memory; rows are synthesised in memory because one survey has at most one response
per country, so the export code runs exactly as for stored rows).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def million_rows(data: bytes) -> bytes:
    """The same workbook with its survey sheet declaring every row and column of Excel."""
    import re
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:AMJ1048576"', body)
            dst.writestr(item, body)
    return out.getvalue()


def big_form(questions: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "survey"
    ws.append(
        [
            "type",
            "name",
            "label::English (en)",
            "label::French (fr)",
            "required",
            "constraint",
            "relevant",
        ]
    )
    kinds = ["text", "integer", "select_one yn", "select_multiple yn", "decimal", "date"]
    for g in range(questions // 10):
        ws.append(["begin group", f"g{g}", f"Group {g}", f"Groupe {g}"])
        for i in range(10):
            n = g * 10 + i
            kind = kinds[n % len(kinds)]
            ws.append(
                [
                    kind,
                    f"q{n}",
                    f"Question {n}",
                    f"Question {n} (fr)",
                    "yes" if n % 3 == 0 else None,
                    ". >= 0" if kind == "integer" else None,
                    f"${{q{n - 2}}} != 'no'"
                    if n % 5 == 4 and kinds[(n - 2) % 6] == "select_one yn"
                    else None,
                ]
            )
        ws.append(["end group"])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)", "label::French (fr)"])
    ch.append(["yn", "yes", "Yes", "Oui"])
    ch.append(["yn", "no", "No", "Non"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-survey-")
    os.environ.setdefault("AIATLAS_DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
    os.environ.setdefault("AIATLAS_DEBUG", "true")
    os.environ.setdefault("AIATLAS_ENV", "development")  # loopback, plain http
    os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from aiatlas.survey import engine, export
    from aiatlas.survey.demo import DEMO_XLSX, synthetic_answers
    from aiatlas.survey.form import Form
    from aiatlas.survey.queries import Row
    from aiatlas.survey.render import page_widgets
    from aiatlas.survey.services.demo import load_demo
    from aiatlas.survey.xlsform import FormRefused, read_xlsform

    call_command("migrate", verbosity=0)
    rows: list[tuple[str, str]] = []
    demo = DEMO_XLSX.read_bytes()
    rows.append(
        (
            "convert demo form (pyxform check included)",
            f"{median_time(lambda: read_xlsform(demo), args.repeat) * 1000:.0f} ms",
        )
    )
    big = big_form(1000)
    rows.append(
        (
            "load 1,000-question form through pyxform (target < 2 s)",
            f"{median_time(lambda: read_xlsform(big), args.repeat) * 1000:.0f} ms",
        )
    )
    bomb = million_rows(big_form(10))

    def refuse_bomb() -> None:
        try:
            read_xlsform(bomb)
        except FormRefused:
            return
        raise SystemExit("the million-row workbook was not refused")

    rows.append(
        (
            f"refuse a {len(bomb) // 1024} KB workbook declaring 1,048,576 rows (target < 2 s)",
            f"{median_time(refuse_bomb, args.repeat) * 1000:.1f} ms",
        )
    )
    big_form_ = Form(read_xlsform(big)[0])
    big_page = big_form_.pages[len(big_form_.pages) // 2]
    big_post = {f"q{n}": ["1"] for n in range(1000)}

    def page_big() -> None:
        got = engine.read_page(big_form_, big_page, {}, big_post)
        settled = engine.settle(big_form_, got.answers)
        engine.validate_nodes(big_form_, settled, big_page.nodes, "en")
        page_widgets(big_form_, big_page, settled, "en")

    rows.append(
        (
            "page of a 1,000-question form: read, settle, validate, render (target < 100 ms)",
            f"{median_time(page_big, args.repeat * 4) * 1000:.1f} ms",
        )
    )

    spec, _w = read_xlsform(demo)
    form = Form(spec)
    answers = engine.settle(form, synthetic_answers("KEN", "Africa"))
    page = form.pages[3]
    post = {
        k: [str(x) for x in v] if isinstance(v, list) else [str(v)]
        for k, v in answers.items()
        if not isinstance(v, list) or k != "initiatives"
    }

    def render_validate() -> None:
        got = engine.read_page(form, page, answers, post)
        settled = engine.settle(form, got.answers)
        engine.validate_nodes(form, settled, page.nodes, "fr")
        page_widgets(form, page, settled, "fr")

    rows.append(
        (
            "render + validate one page (demo, capacity)",
            f"{median_time(render_validate, args.repeat * 20) * 1000:.2f} ms",
        )
    )

    result = load_demo(responses=195, invited=210)
    survey = result.survey
    client = Client()
    url = f"/en/survey/{survey.pk}/results/"
    with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
        assert client.get(url).status_code == 200
        rows.append(
            (
                f"results page, {result.submitted} responses (target < 200 ms)",
                f"{median_time(lambda: client.get(url), args.repeat) * 1000:.0f} ms",
            )
        )
    load_demo(responses=150)
    survey = type(survey).objects.get(is_demo=True)
    csv_time = median_time(
        lambda: "".join(export.to_csv(export.response_table(survey))), args.repeat
    )
    rows.append(("export 150 responses, CSV", f"{csv_time * 1000:.0f} ms"))
    rows.append(
        (
            "export 150 responses, XLSX",
            f"{median_time(lambda: export.to_xlsx(survey), args.repeat) * 1000:.0f} ms",
        )
    )

    # 10,000 responses through the same export code (rows synthesised in memory from a
    # pool of 200 answer sets, so the figure is the export's, not the generator's)
    pool = [engine.settle(form, synthetic_answers(f"P{i:03d}", "Africa")) for i in range(200)]

    def fake_rows(_survey: Any, **_kw: Any) -> Any:
        for i in range(10_000):
            code = f"C{i:05d}"
            yield Row(code, code, "Africa", "002", "Ministry", None, pool[i % len(pool)])

    original = export.iter_rows
    export.iter_rows = fake_rows  # type: ignore[assignment]
    try:
        jobs: list[tuple[str, Callable[[], Any]]] = [
            ("CSV", lambda: sum(len(c) for c in export.to_csv(export.response_table(survey)))),
            ("XLSX", lambda: len(export.to_xlsx(survey))),
        ]
        for label, fn in jobs:
            elapsed = median_time(fn, 1)
            tracemalloc.start()
            fn()
            _cur, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rows.append(
                (
                    f"export 10,000 responses, {label}",
                    f"{elapsed:.2f} s, peak {peak / 1e6:.1f} MB (tracemalloc)",
                )
            )
    finally:
        export.iter_rows = original  # type: ignore[assignment]

    width = max(len(a) for a, _ in rows)
    for a, b in rows:
        print(f"{a:<{width}}  {b}")


if __name__ == "__main__":
    main()
