"""How fast oversized input is refused: an XLSForm and an activity workbook of about
16 KB that declare 1,048,576 rows × 1,024 columns (every cell Excel has), and a UTF-16
XML document with a DTD. Prints the median seconds per refusal (target: well under 2 s;
before the dimension guard the XLSForm took about 60 s).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_refusals.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def _workbook() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)"])
    ws.append(["text", "name", "Your name"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _declare_everything(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                part = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:AMJ1048576"', part)
            dst.writestr(info, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiatlas.settings")
    import django

    django.setup()
    from aiatlas.catalog.exceptions import FileRejected
    from aiatlas.catalog.io.readers import read_xlsx
    from aiatlas.common.safexml import UnsafeXml, fromstring
    from aiatlas.survey.xlsform import FormRefused, open_workbook

    bomb = _declare_everything(_workbook())

    def xlsform() -> None:
        try:
            open_workbook(bomb)
        except FormRefused:
            return
        raise SystemExit("the XLSForm bomb was not refused")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "activities.xlsx"
        path.write_bytes(bomb)

        def catalog() -> None:
            try:
                list(read_xlsx(path))
            except FileRejected:
                return
            raise SystemExit("the workbook bomb was not refused")

        doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY x "x">]><a>&x;</a>'

        def xml() -> None:
            try:
                fromstring(doc.encode("utf-16"))
            except UnsafeXml:
                return
            raise SystemExit("the DTD was not refused")

        rows = [
            ("XLSForm declaring 1,048,576 x 1,024", len(bomb), _median(xlsform, args.repeat)),
            (
                "activity .xlsx declaring 1,048,576 x 1,024",
                len(bomb),
                _median(catalog, args.repeat),
            ),
            ("UTF-16 XML with a DTD", len(doc) * 2, _median(xml, args.repeat)),
        ]
    print(f"{'input':<46} {'bytes':>8} {'median s':>9}")
    for name, size, seconds in rows:
        print(f"{name:<46} {size:>8,} {seconds:>9.4f}")
    sys.exit(0)


if __name__ == "__main__":
    main()
