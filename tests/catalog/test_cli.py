"""The aiatlas commands: exit codes 0 ok, 1 bad input, 2 usage; thin over the services."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from aiatlas.catalog.models import Activity, Edition, EditionSnapshot, Organization
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db


def test_template_csv_and_xlsx_import_cleanly(cli, tmp_path):
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"t.{fmt}"
        assert cli("template", fmt, "--out", str(out))[0] == 0
        code, stdout, _ = cli("import", str(out))
        assert code == 0, stdout
    assert Activity.objects.count() == 2


def test_template_docx_writes_the_2_pager_that_parses_back(cli, tmp_path):
    from aiatlas.submissions.docx import parse_docx

    out = tmp_path / "2-pager.docx"
    assert cli("template", "docx", "--out", str(out))[0] == 0
    result = parse_docx(out)
    assert result.filename and isinstance(result.record, dict)


def test_import_good_file_exit_0_and_summary(cli, tmp_path):
    code, out, _ = cli("import", str(write_jsonl(tmp_path / "a.jsonl", [make_record()])))
    assert code == 0
    assert "1 rows, 1 created, 0 updated, 0 problem(s)" in out


def test_import_bad_file_exit_1_lists_rows(cli, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [make_record(countries=["XXX"])])
    errors = tmp_path / "errors.csv"
    code, out, err = cli("import", str(path), "--errors", str(errors))
    assert code == 1
    assert "row 1, column 'countries': unknown country code 'XXX'" in out
    assert "nothing was imported" in err
    assert errors.read_text().splitlines()[1].startswith("1,countries,")
    assert Activity.objects.count() == 0


def test_import_rejected_file_exit_1(cli, tmp_path):
    (tmp_path / "x.csv").write_bytes(b"%PDF-1.4")
    code, _, err = cli("import", str(tmp_path / "x.csv"))
    assert code == 1 and "looks like a PDF document" in err


def test_import_partial_exit_1_but_keeps_good_rows(cli, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [make_record(), make_record(start_year="x")])
    code, out, _ = cli("import", str(path), "--partial")
    assert code == 1 and "1 created" in out
    assert Activity.objects.count() == 1


def test_usage_errors_exit_2(tmp_path):
    env = {**os.environ, "AIATLAS_DATA_DIR": str(tmp_path)}
    for args in (
        ["export", "--format", "pdf"],
        ["template", "pdf"],
        ["import"],
        ["export", "--format", "xlsx"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "aiatlas", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 2, (args, proc.stderr)


def test_export_to_stdout_and_filters(cli, tmp_path):
    cli(
        "import",
        str(
            write_jsonl(
                tmp_path / "a.jsonl",
                [make_record(id="E-1", editions=[2023]), make_record(id="E-2", editions=[2024])],
            )
        ),
    )
    code, out, _ = cli("export", "--format", "jsonl", "--edition", "2024")
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["E-2"]
    code, _, err = cli("export", "--edition", "1999")
    assert code == 1 and "there is no edition 1999" in err
    code, _, err = cli("export", "--sdg", "18")
    assert code == 1 and "SDG 18 does not exist" in err


def test_generate_is_deterministic_with_a_seed(cli, tmp_path):
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    cli("generate", "--activities", "50", "--seed", "3", "--out", str(a))
    cli("generate", "--activities", "50", "--seed", "3", "--out", str(b))
    cli("generate", "--activities", "50", "--seed", "4", "--out", str(c))
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    assert cli("generate", "--activities", "120")[0] == 0
    assert Activity.objects.count() == 120
    assert cli("generate", "--activities", "0")[0] == 2


def test_stats_reports_counts(cli, tmp_path):
    cli("import", str(write_jsonl(tmp_path / "a.jsonl", [make_record()])))
    code, out, _ = cli("stats", "--json")
    data = json.loads(out)
    assert code == 0 and data["activities"] == 1 and data["goals"]["2"] == 1


def test_demo_load_meets_the_demo_data_promises(cli):
    code, out, _ = cli("demo", "load")
    assert code == 0 and "Demo data: illustrative, not real UN activities" in out
    un = Organization.objects.filter(kind="un_entity")
    assert un.count() >= 45
    assert Activity.objects.count() >= 150
    assert Activity.objects.values("lead_organization").distinct().count() >= 30
    for year in (2022, 2023, 2024):
        edition = Edition.objects.get(year=year)
        assert edition.is_published and edition.activities.count() >= 40
        assert EditionSnapshot.objects.filter(edition=edition).count() == edition.activities.count()
    carried = [a for a in Activity.objects.prefetch_related("editions") if a.editions.count() > 1]
    assert len(carried) >= 20
    sectors = set(Activity.objects.values_list("partners__sector", flat=True))
    assert {"un_entity", "government", "academia", "private_sector", "civil_society"} <= sectors
    continents = set(Activity.objects.values_list("countries__region__name", flat=True))
    assert {"Africa", "Americas", "Asia", "Europe", "Oceania"} <= continents
    goals = set(Activity.objects.values_list("goal_tags__goal_id", flat=True))
    assert set(range(1, 18)) <= goals
    # the offline classifier has suggested tags beside the submitters'
    sources = set(Activity.objects.values_list("goal_tags__source", flat=True))
    assert {"submitter", "classifier", "curator"} <= sources
    # the 2025 call is open and the demo accounts can sign in with the printed passwords
    from aiatlas.accounts.models import User
    from aiatlas.submissions.models import Call

    assert Call.objects.get(edition__year=2025).is_open
    printed = re.findall(r"(\S+@demo\.aiatlas\.org)\s+(\S+)", out)
    assert len(printed) == 5
    for email, password in printed:
        assert User.objects.get(email=email).check_password(password)
    assert list(User.objects.get(email="focal.who@demo.aiatlas.org").organizations.all()) == [
        Organization.objects.get(acronym="WHO")
    ]
    # loading twice (refresh) gives the same catalog, not doubles, and new passwords
    count = Activity.objects.count()
    code, _, _ = cli("demo", "load")
    assert code == 0
    assert Activity.objects.count() == count and User.objects.count() == 5
    email, old_password = printed[0]
    assert not User.objects.get(email=email).check_password(old_password)


def test_demo_refresh_never_wipes_real_data(cli, tmp_path):
    from aiatlas.catalog.exceptions import CatalogError
    from aiatlas.catalog.services.demo import load_demo

    cli("import", str(write_jsonl(tmp_path / "a.jsonl", [make_record(title="Real work")])))
    with pytest.raises(CatalogError, match="not demo data"):
        load_demo(refresh=True)
    assert Activity.objects.filter(title="Real work").exists()


def test_edition_publish_and_list(cli, tmp_path):
    cli("import", str(write_jsonl(tmp_path / "a.jsonl", [make_record(editions=[2023])])))
    code, out, _ = cli("edition", "publish", "2023")
    assert code == 0 and "1 activities frozen" in out
    assert Edition.objects.get(year=2023).is_published
    code, _, err = cli("edition", "publish", "2023")
    assert code == 1 and "published already" in err
    code, _, err = cli("edition", "publish", "1999")
    assert code == 1 and "no edition 1999" in err
    code, out, _ = cli("edition", "list")
    assert code == 0 and "2023" in out and "published" in out


def _aiatlas(tmp_path, *args):
    """The real ``aiatlas`` command in a fresh process."""
    env = {**os.environ, "AIATLAS_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-m", "aiatlas", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["import", "missing.jsonl"], 1, "missing.jsonl: no such file"),
        (["import", "."], 1, ". is not a file"),
        (
            ["import", "ok.jsonl", "--errors", "no/such/folder/e.csv"],
            1,
            "--errors no/such/folder/e.csv: the folder no/such/folder does not exist",
        ),
        (["export", "--out", "no/such/folder/x.csv"], 1, "the folder no/such/folder does not"),
        (["export", "--edition", "abc"], 2, "argument --edition: invalid int value: 'abc'"),
        (["export", "--sdg", "x"], 2, "argument --sdg: invalid int value: 'x'"),
        (["template", "csv", "--out", "no/such/t.csv"], 1, "no/such/t.csv: No such file"),
        (["edition", "publish", "20x5"], 2, "invalid int value: '20x5'"),
    ],
)
def test_user_mistakes_are_one_line_and_the_documented_exit_code(tmp_path, args, code, message):
    (tmp_path / "ok.jsonl").write_text(json.dumps(make_record()) + "\n")
    proc = _aiatlas(tmp_path, *args)
    assert proc.returncode == code, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    problem = [line for line in proc.stderr.splitlines() if "error" in line.lower()]
    assert len(problem) == 1, proc.stderr


def test_traceback_flag_still_shows_the_traceback_for_a_bug_report(tmp_path):
    proc = _aiatlas(tmp_path, "template", "csv", "--out", "no/such/t.csv", "--traceback")
    assert proc.returncode == 1 and "Traceback" in proc.stderr


def test_deeply_nested_json_lines_are_refused_in_one_line(cli, tmp_path):
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    code, out, err = cli("import", str(deep))
    assert code == 1
    assert "deep.jsonl: a value is nested too deeply to be read" in err
    assert "Traceback" not in out + err
    assert Activity.objects.count() == 0


def test_bad_edition_year_is_exit_1_naming_it(cli):
    code, _, err = cli("export", "--edition", "99999")
    assert code == 1 and "there is no edition 99999" in err
