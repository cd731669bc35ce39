"""The README's tour does what its text says.

The ```sh block under "## A tour" in README.md is parsed line by line and every ``aiatlas``
command in it is run, as written, on a fresh demo database in a temporary folder, in one
separate process with the real (non-test) settings: ``aiatlas migrate``, ``aiatlas demo
load``, then the tour in order. Each line then gets its own check below (exit status and
the output or file its comment promises). The rules:

- every line of the block is either a command with an entry in :data:`CHECKS` or a line of
  :data:`SKIPPED` with the reason; a new line without either fails, so the README and this
  test change together;
- commands that start a server (``aiatlas serve``) are skipped: they do not return, and
  ``tests/web/test_serve.py`` starts the server;
- files the reader brings are made first: ``activities.xlsx`` is the template's example
  row filled in for the demo's open edition (2025; 2022-2024 are published and frozen),
  ``big.csv`` is the demo data exported, plus one row with an unknown country;
- ``--activities N`` of ``aiatlas generate`` is scaled down to :data:`GENERATED` rows to
  keep the suite fast (``benchmarks/bench_catalog_io.py`` measures the big files);
- a line whose text the code does not yet live up to is an expected failure that names
  its issue (:data:`KNOWN_ISSUES`).

The tour uses its own SQLite file, so it runs in the SQLite pass of the suite only.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
import zipfile
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GENERATED = 300
#: lines of the tour that are not run, and why
SKIPPED = {
    ". .venv/bin/activate": "environment setup; the test runs the checkout's aiatlas",
    "aiatlas serve": "starts a server that does not return (tests/web/test_serve.py)",
}
#: lines that do not yet do what the README says, with the issue that fixes them
KNOWN_ISSUES: dict[str, str] = {}
ID = re.compile(r"A\d{6}")
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("AIATLAS_TEST_DATABASE_URL")),
    reason="the tour runs on its own SQLite file; once per suite (the SQLite pass) is enough",
)


def tour_lines() -> list[str]:
    """The lines of the first ```sh block after the "## A tour" heading, comments kept."""
    text = README.read_text("utf-8")
    section = text.split("\n## A tour\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def command_of(line: str) -> list[str]:
    """The argv of one tour line, without its comment, the leading ``aiatlas`` and a
    ``> file`` redirection (kept as ``[">", file]`` at the end)."""
    argv = shlex.split(line, comments=True)
    if argv[:1] == ["aiatlas"]:
        argv = argv[1:]
    if argv[:1] == ["generate"] and "--activities" in argv:
        argv[argv.index("--activities") + 1] = str(GENERATED)
    return argv


def _matches(line: str, prefix: str) -> bool:
    return line == prefix or line.startswith(prefix + " ")


# -- the checks, one per tour command (r: exit code, out, err; d: the folder) --------------


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def check_template_xlsx(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    with zipfile.ZipFile(d / "activities-template.xlsx") as book:
        assert "xl/workbook.xml" in book.namelist()


def check_import_xlsx(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    assert "1 rows, 1 created, 0 updated, 0 problem(s)" in r["out"]


def check_import_partial(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 1, r  # some rows were bad: status 1, the good ones are kept
    assert re.search(r"\d+ rows, \d+ created, [1-9]\d* updated, 1 problem\(s\)", r["out"])
    (problem,) = _rows(d / "problems.csv")
    assert problem["column"] == "countries" and "XXX" in problem["message"]


def check_export_health(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    rows = _rows(d / "health-2024.csv")
    assert rows and f"Exported {len(rows)} activities" in r["out"] + r["err"]
    for row in rows:
        assert "2024" in row["editions"].split("; ")
        goals = [goal.split(" (")[0] for goal in row["sdg_goals"].split("; ")]  # "3 (curator)"
        assert "3" in goals, row["sdg_goals"]


def check_export_who(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    records = [json.loads(line) for line in (d / "who.jsonl").read_text("utf-8").splitlines()]
    assert records
    for record in records:
        assert "WHO" in [record["lead_organization"], *record["co_leads"]], record["id"]


def check_stats(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    assert re.search(r"\d+ activities, \d+ organizations", r["out"])
    assert "Activities per SDG" in r["out"]


def check_generate(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    rows = _rows(d / "synthetic.csv")
    assert len(rows) == GENERATED and len({row["title"] for row in rows}) == GENERATED


def check_classify(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    addressed = re.search(r"SDGs addressed: (.*)", r["out"])
    assert addressed, r["out"]
    goals = {g.strip() for g in addressed.group(1).split(",")}
    assert {"7", "3"} <= goals  # energy and health, by the README's text


def check_eval(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    for column in ("accuracy", "precision", "recall", "F1"):
        assert column in r["out"]
    assert re.search(r"│ mean +│ \d+ +│ 0\.\d{3}", r["out"]), r["out"]


def check_tag(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    assert re.search(r"Tagged [1-9]\d* activities: \d+ goal and \d+ target suggestions", r["out"])


def check_report_build(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    assert (d / "build" / "report.pdf").read_bytes().startswith(b"%PDF")
    assert _rows(d / "build" / "data.csv")


def check_report_figure(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    ids = [line for line in r["out"].split() if ID.fullmatch(line)]
    assert len(ids) >= 100  # the demo's 2024 edition holds 110 activities


def check_survey_demo(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    assert re.search(r"Results: /en/survey/\d+/results/", r["out"])


def check_template_docx(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    with zipfile.ZipFile(d / "activities-template.docx") as document:
        assert "word/document.xml" in document.namelist()


def check_user_add(r: dict[str, Any], d: Path) -> None:
    assert r["code"] == 0, r
    assert "Created fp@who.int (Focal point)" in r["out"]
    assert re.search(r"http://\S+/account/invitation/\S+/", r["out"])


#: the first words of a tour line -> what its comment promises
CHECKS: dict[str, Callable[[dict[str, Any], Path], None]] = {
    "aiatlas template xlsx": check_template_xlsx,
    "aiatlas import activities.xlsx": check_import_xlsx,
    "aiatlas import big.csv": check_import_partial,
    "aiatlas export --format csv": check_export_health,
    "aiatlas export --format jsonl": check_export_who,
    "aiatlas stats": check_stats,
    "aiatlas generate": check_generate,
    "aiatlas sdg classify": check_classify,
    "aiatlas sdg eval": check_eval,
    "aiatlas sdg tag": check_tag,
    "aiatlas report build": check_report_build,
    "aiatlas report figure": check_report_figure,
    "aiatlas survey demo": check_survey_demo,
    "aiatlas template docx": check_template_docx,
    "aiatlas user add": check_user_add,
}


def _params() -> list[Any]:
    params = []
    for line in tour_lines():
        marks = [
            pytest.mark.xfail(reason=reason, strict=False)
            for prefix, reason in KNOWN_ISSUES.items()
            if _matches(line, prefix)
        ]
        params.append(pytest.param(line, marks=marks, id=line.split("#")[0].strip()))
    return params


def test_every_tour_line_is_checked_or_skipped_with_a_reason():
    for line in tour_lines():
        skipped = any(_matches(line, prefix) for prefix in SKIPPED)
        checked = [prefix for prefix in CHECKS if _matches(line, prefix)]
        assert skipped or len(checked) == 1, f"give this README line one check: {line}"


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """Run the whole tour once, in one process; (folder, line -> result)."""
    folder = tmp_path_factory.mktemp("tour")
    (folder / "datasets").symlink_to(ROOT / "datasets")
    lines = [line for line in tour_lines() if not any(_matches(line, p) for p in SKIPPED)]
    import aiatlas

    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIATLAS_", "DJANGO_"))}
    env |= {
        "AIATLAS_DATA_DIR": str(folder / "var"),
        "AIATLAS_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "aiatlas.settings",
        "PYTHONPATH": os.pathsep.join([str(Path(aiatlas.__file__).parents[1]), str(ROOT)]),
        "COLUMNS": "120",
    }
    done = subprocess.run(
        [sys.executable, __file__, str(folder / "results.json")],
        input=json.dumps(lines),
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return folder, json.loads((folder / "results.json").read_text("utf-8"))


@pytest.mark.parametrize("line", _params())
def test_tour_line_does_what_the_readme_says(line, tour):
    folder, results = tour
    if any(_matches(line, prefix) for prefix in SKIPPED):
        pytest.skip(next(r for p, r in SKIPPED.items() if _matches(line, p)))
    (check,) = [c for prefix, c in CHECKS.items() if _matches(line, prefix)]
    check(results[line], folder)


# -- the separate process: set up the demo, then run each line as the shell would --------


def _run(argv: list[str]) -> dict[str, Any]:
    from django.core.management import ManagementUtility

    target = None
    if ">" in argv:
        argv, target = argv[: argv.index(">")], argv[argv.index(">") + 1]
    out, err = io.StringIO(), io.StringIO()
    code: int | str = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            ManagementUtility(["aiatlas", *argv]).execute()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception as exc:  # a traceback is a failure of the line, not of the tour
            code = f"{type(exc).__name__}: {exc}"
    if target is not None:
        Path(target).write_text(out.getvalue(), "utf-8")
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}


def _prepare_inputs() -> None:
    """The files a reader brings: a filled-in template and a big CSV with one bad row."""
    import openpyxl

    for argv in (
        ["template", "xlsx", "--out", "activities.xlsx"],
        ["export", "--format", "csv", "--out", "big.csv"],
    ):
        assert _run(argv)["code"] == 0, argv
    book = openpyxl.load_workbook("activities.xlsx")
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(2, header.index("editions") + 1, "2025")  # the demo's open edition
    book.save("activities.xlsx")
    with open("big.csv", encoding="utf-8-sig", newline="") as handle:
        bad = next(csv.DictReader(handle))
    bad |= {"id": "", "countries": "XXX"}
    with open("big.csv", "a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(bad)).writerow(bad)


def _main() -> None:
    lines = json.loads(sys.stdin.read())
    for argv in (["migrate", "-v", "0"], ["demo", "load"]):
        result = _run(argv)
        assert result["code"] == 0, result
    _prepare_inputs()
    results = {line: _run(command_of(line)) for line in lines}
    Path(sys.argv[1]).write_text(json.dumps(results), "utf-8")


if __name__ == "__main__":
    _main()
