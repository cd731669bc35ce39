"""Import of KoboToolbox and ODK Central exports (sample files made by us in their
layouts, see fixtures/interop/make_fixtures.py), export in the Kobo layout, the results
page of imported rounds (numbers, maps, comparison) and the staff import page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from aiatlas.survey import export, queries
from aiatlas.survey.exceptions import BadImport
from aiatlas.survey.models import Invitation, Response, Survey
from aiatlas.survey.services.forms import create_survey, set_previous_round
from aiatlas.survey.services.imports import import_responses

pytestmark = pytest.mark.django_db
HERE = Path(__file__).resolve().parent / "fixtures" / "interop"
FORM = HERE / "ai_readiness_form.xlsx"


def _file(name: str) -> tuple[str, bytes]:
    return name, (HERE / name).read_bytes()


def _new_survey(title: str = "") -> Survey:
    s, _summary = create_survey(data=FORM.read_bytes(), filename=FORM.name, title=title)
    return s


@pytest.fixture
def survey() -> Survey:
    return _new_survey()


def _answers(survey: Survey) -> dict[str, dict[str, Any]]:
    return {r.alpha3: r.answers for r in queries.iter_rows(survey)}


def _xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- import


def test_kobo_csv_imports_every_row(survey: Survey) -> None:
    result = import_responses(survey_id=survey.pk, files=[_file("kobo_ai_readiness.csv")])
    assert (result.layout, result.created, result.replaced) == ("kobo", 6, 0)
    answers = _answers(survey)
    assert sorted(answers) == ["BRA", "DEU", "FJI", "FRA", "IND", "KEN"]
    fra = answers["FRA"]
    assert fra["country"] == "FRA" and fra["year"] == 2018 and fra["budget_musd"] == 12.5
    assert fra["sectors"] == ["health", "agri"]
    assert fra["hq"] == "48.856600 2.352200 0 0"
    assert "year" not in answers["BRA"] and "sectors" not in answers["FJI"]
    r = Response.objects.get(invitation__survey=survey, invitation__country_id="FRA")
    assert r.status == "submitted" and r.submitted_at.isoformat().startswith("2025-03-01T08:41")
    # a state that was not invited gets an invitation without a contact
    inv = Invitation.objects.get(survey=survey, country_id="FJI")
    assert (inv.ministry, inv.contact_email) == ("imported", "")


def test_odk_central_xlsx_imports_nested_repeats(survey: Survey) -> None:
    result = import_responses(survey_id=survey.pk, files=[_file("odk_ai_readiness.xlsx")])
    assert (result.layout, result.created) == ("odk", 5)
    answers = _answers(survey)
    fra = answers["FRA"]["initiatives"]
    assert [i["init_name"] for i in fra] == ["Open health data", "AI for farms"]
    assert [p["partner_name"] for p in fra[0]["partners"]] == [
        "Hospital network",
        "University of Lyon",
    ]
    assert "partners" not in fra[1]
    assert len(answers["JPN"]["initiatives"][0]["partners"]) == 3
    assert "initiatives" not in answers["CHL"]
    assert answers["KEN"]["budget_musd"] == 3.5 and answers["CHL"]["has_strategy"] == "no"


def test_odk_central_csv_files_and_zip(survey: Survey, tmp_path: Path) -> None:
    """The same export as CSV files (``Form.csv``, ``Form-repeat.csv``) and as their ZIP."""
    import zipfile

    wb = load_workbook(HERE / "odk_ai_readiness.xlsx")
    files = []
    for ws in wb.worksheets:
        buf = io.StringIO()
        csv.writer(buf).writerows(
            [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
        )
        files.append((f"{ws.title}.csv", buf.getvalue().encode()))
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        for name, data in files:
            z.writestr(name, data)
    other = _new_survey()
    assert import_responses(survey_id=survey.pk, files=files).created == 5
    assert (
        import_responses(survey_id=other.pk, files=[("export.zip", zbuf.getvalue())]).created == 5
    )
    assert _answers(survey) == _answers(other)
    assert len(_answers(other)["FRA"]["initiatives"]) == 2


def _problems(survey: Survey, files: list[tuple[str, bytes]], **kw: Any) -> list[str]:
    with pytest.raises(BadImport) as exc:
        import_responses(survey_id=survey.pk, files=files, **kw)
    assert Response.objects.filter(invitation__survey=survey).count() == 0
    return exc.value.errors


def test_every_problem_is_named_and_nothing_is_stored(survey: Survey) -> None:
    header = ["intro/country", "strategy/has_strategy", "strategy/year", "strategy/sectors",
              "colour", "_uuid", "_index"]  # fmt: skip
    rows = [
        ["FRA", "yes", "2018", "health", "", "u1", 1],
        ["XXX", "perhaps", "soon", "health space", "blue", "u2", 2],
        ["FRA", "no", "", "", "", "u3", 3],
        ["", "no", "", "", "", "u4", 4],
    ]
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows([header, *rows])
    errors = _problems(survey, [("kobo.csv", buf.getvalue().encode())])
    text = "\n".join(errors)
    assert "kobo.csv, column colour: no question of the form has this name here" in text
    assert "kobo.csv, row 3, column strategy/has_strategy: perhaps is not a choice" in text
    assert "kobo.csv, row 3, column strategy/year: Enter a whole number." in text
    assert "kobo.csv, row 3, column strategy/sectors: space is not a choice" in text
    # the Member State question names its own problem once
    assert "kobo.csv, row 3, column intro/country: XXX is not a choice of this question" in text
    assert "kobo.csv, row 3: XXX" not in text
    assert "kobo.csv, row 4: France has another response (kobo.csv, row 2)" in text
    assert "kobo.csv, row 5, column intro/country: no Member State" in text
    assert Invitation.objects.filter(survey=survey).count() == 0


def test_member_state_column_outside_the_form(survey: Survey) -> None:
    """``_member_state`` (the Kobo-layout export's column): a code or an English name."""
    data = b"_member_state;strategy/has_strategy\nfrance;yes\nAtlantis;no\nKE;no\n"
    errors = _problems(survey, [("k.csv", data)])
    assert errors == ["k.csv, row 3: Atlantis is not a country code or name"]
    result = import_responses(
        survey_id=survey.pk, files=[("k.csv", data.replace(b"Atlantis", b"BRA"))]
    )
    assert result.created == 3
    assert sorted(_answers(survey)) == ["BRA", "FRA", "KEN"]


def test_orphan_repeat_rows_and_unknown_tables(survey: Survey) -> None:
    data = _xlsx(
        {
            "ai_readiness": [["intro-country", "KEY"], ["FRA", "uuid:1"]],
            "ai_readiness-initiatives": [
                ["init_name", "PARENT_KEY", "KEY"],
                ["A", "uuid:2", "uuid:2/initiatives[1]"],
            ],
            "notes": [["text", "_parent_index"], ["x", 1]],
        }
    )
    errors = _problems(survey, [("odk.xlsx", data)])
    assert errors == [
        "odk.xlsx, sheet notes: no repeat of the form matches this table",
        "odk.xlsx, sheet ai_readiness-initiatives, row 2: its parent row uuid:2 is not in "
        "the export",
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "a.pdf: give a .csv, .xlsx or .zip export"),
        ("a.xlsx", b"PK\x03\x04broken", "a.xlsx: not an .xlsx workbook"),
        ("a.zip", b"PK\x03\x04broken", "a.zip: not a ZIP file"),
        ("a.csv", b"\xff\xfe\x00\x00" * 3 + b"\x81", "a.csv: not a text file"),
    ],
)
def test_bad_files_are_refused_by_name(
    survey: Survey, name: str, data: bytes, message: str
) -> None:
    assert _problems(survey, [(name, data)]) == [message]


def test_two_main_tables_or_none_refused(survey: Survey) -> None:
    a = ("a.csv", b"intro/country\nFRA\n")
    errors = _problems(survey, [a, ("b.csv", b"intro/country\nDEU\n")])
    assert errors[0].startswith("Give one main table") and "a.csv, b.csv" in errors[0]
    errors = _problems(survey, [a], country_question="nation")
    assert errors == ["a.csv: no column nation names the Member State"]


def test_existing_response_needs_replace(survey: Survey) -> None:
    import_responses(survey_id=survey.pk, files=[_file("kobo_ai_readiness.csv")])
    with pytest.raises(BadImport) as exc:
        import_responses(survey_id=survey.pk, files=[_file("odk_ai_readiness.xlsx")])
    assert len(exc.value.errors) == 3  # FRA, KEN, BRA were in both
    assert "France already has a response in this survey" in exc.value.errors[0]
    assert _answers(survey)["FRA"]["budget_musd"] == 12.5  # nothing changed
    result = import_responses(
        survey_id=survey.pk, files=[_file("odk_ai_readiness.xlsx")], replace=True
    )
    assert (result.created, result.replaced) == (2, 3)
    assert _answers(survey)["FRA"]["budget_musd"] == 14
    assert len(_answers(survey)) == 8


# ---------------------------------------------------------------- export in the Kobo layout


def test_kobo_export_reads_back_the_same_answers(survey: Survey) -> None:
    import_responses(survey_id=survey.pk, files=[_file("odk_ai_readiness.xlsx")])
    data = export.kobo_xlsx(survey)
    wb = load_workbook(io.BytesIO(data), read_only=True)
    assert wb.sheetnames == ["ai_readiness", "initiatives", "partners"]
    header = [c.value for c in next(wb["ai_readiness"].iter_rows(max_row=1))]
    assert header[:3] == ["intro/country", "intro/respondent_role", "intro/hq"]
    assert "strategy/sectors/health" in header and "_uuid" in header and "_index" in header
    inner = [c.value for c in next(wb["partners"].iter_rows(max_row=1))]
    assert inner == ["initiatives/partners/partner_name", "_index", "_parent_table_name",
                     "_parent_index", "_submission__uuid"]  # fmt: skip
    copy = _new_survey()
    assert import_responses(survey_id=copy.pk, files=[("back.xlsx", data)]).created == 5
    assert _answers(copy) == _answers(survey)
    text = "".join(export.kobo_csv(survey))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "intro/country" and len(rows) == 6
    csv_copy = _new_survey()
    import_responses(survey_id=csv_copy.pk, files=[("back.csv", text.encode())])
    assert {
        k: {q: v for q, v in a.items() if q != "initiatives"} for k, a in _answers(survey).items()
    } == _answers(csv_copy)


# ---------------------------------------------------------------- results of two rounds


def _spec(html: str, spec_id: str) -> dict[str, Any]:
    m = re.search(rf'<script id="{spec_id}" type="application/json">(.*?)</script>', html, re.S)
    assert m, spec_id
    return json.loads(m.group(1))


def test_results_page_of_imported_rounds(staff_client: Client) -> None:
    first = _new_survey("AI readiness 2025")
    second = _new_survey("AI readiness 2026")
    import_responses(survey_id=first.pk, files=[_file("kobo_ai_readiness.csv")])
    import_responses(survey_id=second.pk, files=[_file("odk_ai_readiness.xlsx")])
    set_previous_round(survey_id=second.pk, previous_round_id=first.pk)
    r = staff_client.get(f"/en/survey/{second.pk}/results/?map=has_strategy")
    assert r.status_code == 200
    html = r.content.decode()
    assert "5 of 5 invited Member States submitted" in html
    assert "5 of the 193 UN Member States submitted." in html
    # the response map: the five states (by ISO numeric) are "Submitted"
    status = _spec(html, "map-status-spec")
    lookup = status["transform"][0]["from"]["data"]["values"]
    assert {v["id"]: v["value"] for v in lookup} == {
        "250": "Submitted", "404": "Submitted", "076": "Submitted", "392": "Submitted",
        "152": "Submitted",
    }  # fmt: skip
    assert status["data"]["url"].endswith("web/vendor/world-atlas-countries-110m.json")
    assert status["mark"]["type"] == "geoshape"
    # the answer map of has_strategy: Chile said no
    answer = _spec(html, "map-answer-spec")
    values = {v["name"]: v["value"] for v in answer["transform"][0]["from"]["data"]["values"]}
    assert values == {"France": "Yes", "Kenya": "Yes", "Brazil": "Yes", "Japan": "Yes",
                      "Chile": "No"}  # fmt: skip
    # comparison with the earlier round: has_strategy yes 4 of 6 then, 4 of 5 now
    assert "Earlier round: AI readiness 2025 — 6 of 6 invited Member States submitted." in html
    comparison = _spec(html, "round-1-spec")  # round-0 is the Member State question
    shares = {(v["answer"], v["round"]): round(v["share"], 3) for v in comparison["data"]["values"]}
    assert shares[("Yes", "Earlier round")] == 0.667 and shares[("Yes", "This round")] == 0.8
    assert '<td class="num">4 (67%)</td><td class="num">4 (80%)</td>' in html
    # count axes in whole numbers
    sectors_id = re.search(r'id="(q\d+-sectors-spec)"', html).group(1)  # type: ignore[union-attr]
    axis = _spec(html, sectors_id)["encoding"]["x"]["axis"]
    assert axis == {"values": [0, 1, 2, 3], "format": "d"}  # 3 at most: every integer
    year_id = re.search(r'id="(q\d+-year-spec)"', html).group(1)  # type: ignore[union-attr]
    assert _spec(html, year_id)["encoding"]["y"]["axis"]["format"] == "d"
    # the regional rate is against the Member States of the region (Americas: 2 of 35)
    assert '<th scope="row">Americas</th><td class="num">35</td><td class="num">2</td>' in html


def test_answer_map_of_a_select_multiple_choice(staff_client: Client, survey: Survey) -> None:
    import_responses(survey_id=survey.pk, files=[_file("odk_ai_readiness.xlsx")])
    survey.results_public = True
    survey.save()
    html = Client().get(f"/fr/survey/{survey.pk}/results/?map=sectors&mv=agri").content.decode()
    values = _spec(html, "map-answer-spec")["transform"][0]["from"]["data"]["values"]
    from django.utils import translation

    with translation.override("fr"):
        not_chosen = translation.gettext("Not chosen")
    assert {v["name"]: v["value"] for v in values}["Japan"] == not_chosen
    chosen = sorted(v["name"] for v in values if v["value"] == "Agriculture")
    assert chosen == ["Chile", "France", "Kenya"]
    # an unknown question or choice is ignored, never an error
    for query in ("map=nope", "map=sectors&mv=nope", "map=comment"):
        assert Client().get(f"/en/survey/{survey.pk}/results/?{query}").status_code == 200


def test_round_cannot_be_a_cycle(survey: Survey) -> None:
    other = _new_survey()
    set_previous_round(survey_id=other.pk, previous_round_id=survey.pk)
    with pytest.raises(ValueError, match="earlier round of itself"):
        set_previous_round(survey_id=survey.pk, previous_round_id=other.pk)
    with pytest.raises(ValueError, match="There is no survey"):
        set_previous_round(survey_id=survey.pk, previous_round_id=999999)


# ---------------------------------------------------------------- the staff page and the command


def test_import_page_staff_only_names_problems_and_imports(
    staff_client: Client, survey: Survey
) -> None:
    url = f"/en/survey/manage/{survey.pk}/import/"
    assert Client().get(url).status_code == 302  # to the login page
    assert staff_client.get(url).status_code == 200
    bad = b"intro/country;strategy/year\nFRA;soon\n"
    r = staff_client.post(url, {"export": SimpleUploadedFile("k.csv", bad), "country": "country"})
    assert r.status_code == 400
    assert "k.csv, row 2, column strategy/year: Enter a whole number." in r.content.decode()
    r = staff_client.post(
        url,
        {
            "export": [
                SimpleUploadedFile("odk.xlsx", (HERE / "odk_ai_readiness.xlsx").read_bytes())
            ],
            "country": "country",
        },
    )
    assert r.status_code == 302 and r["Location"] == f"/en/survey/manage/{survey.pk}/responses/"
    page = staff_client.get(r["Location"] + "?checked=no").content.decode()
    assert "5 responses imported (ODK Central), 0 replaced." in page
    assert page.count("Mark ") == 5  # each submitted, unchecked row has its button
    fra = Invitation.objects.get(survey=survey, country_id="FRA")
    r = staff_client.post(
        f"/en/survey/manage/{survey.pk}/responses/{fra.pk}/check/", {"checked": "1", "next": "list"}
    )
    assert r["Location"] == f"/en/survey/manage/{survey.pk}/responses/"
    page = staff_client.get(r["Location"] + "?checked=no").content.decode()
    assert page.count("Mark ") == 4
    checked = staff_client.get(r["Location"] + "?checked=yes").content.decode()
    assert "France" in checked and "Kenya" not in checked
    r = staff_client.get(f"/en/survey/{survey.pk}/results/kobo.csv")
    assert b"".join(r.streaming_content).decode().count("\r\n") == 6


def test_command_import_round_and_export(survey: Survey, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "survey", "import", str(survey.pk), str(HERE / "kobo_ai_readiness.csv"), stdout=out
    )
    assert "kobo export: 6 response(s) imported, 0 replaced" in out.getvalue()
    with pytest.raises(CommandError) as exc:
        call_command("survey", "import", str(survey.pk), str(HERE / "kobo_ai_readiness.csv"))
    assert exc.value.returncode == 1 and "already has a response" in str(exc.value)
    later = _new_survey()
    call_command("survey", "round", str(later.pk), "--previous", str(survey.pk), stdout=out)
    later.refresh_from_db()
    assert later.previous_round_id == survey.pk
    with pytest.raises(CommandError) as exc:
        call_command("survey", "round", str(later.pk), "--previous", "soon")
    assert exc.value.returncode == 2
    target = tmp_path / "k.xlsx"
    call_command(
        "survey",
        "export",
        str(survey.pk),
        "--format",
        "kobo-xlsx",
        "--out",
        str(target),
        stdout=out,
    )
    assert load_workbook(target).sheetnames[0] == "ai_readiness"
