"""Import of KoboToolbox and ODK Central exports (sample files made by us in their
layouts, see fixtures/interop/make_fixtures.py) and export in the Kobo layout."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from aiatlas.survey import export, queries
from aiatlas.survey.exceptions import BadImport
from aiatlas.survey.form import Form
from aiatlas.survey.models import Response
from aiatlas.survey.services.forms import create_survey
from aiatlas.survey.services.imports import import_responses

pytestmark = pytest.mark.django_db
HERE = Path(__file__).resolve().parent / "fixtures" / "interop"


def _file(name: str) -> tuple[str, bytes]:
    return name, (HERE / name).read_bytes()


@pytest.fixture
def survey() -> Any:
    s, _summary = create_survey(
        data=(HERE / "ai_readiness_form.xlsx").read_bytes(), filename="ai_readiness_form.xlsx"
    )
    return s


def _answers(survey: Any) -> dict[str, dict[str, Any]]:
    return {r.alpha3: r.answers for r in queries.iter_rows(survey)}


def test_kobo_csv_imports_every_row(survey: Any) -> None:
    result = import_responses(survey_id=survey.pk, files=[_file("kobo_ai_readiness.csv")])
    assert (result.layout, result.created, result.replaced) == ("kobo", 6, 0)
    answers = _answers(survey)
    assert sorted(answers) == ["BRA", "DEU", "FJI", "FRA", "IND", "KEN"]
    fra = answers["FRA"]
    assert fra["country"] == "FRA" and fra["year"] == 2018 and fra["budget_musd"] == 12.5
    assert fra["sectors"] == ["health", "agri"]
    assert fra["hq"] == "48.856600 2.352200 0 0"
    assert "year" not in answers["BRA"]
    r = Response.objects.get(invitation__survey=survey, invitation__country_id="FRA")
    assert r.status == "submitted" and r.submitted_at.isoformat().startswith("2025-03-01T08:41")


def test_odk_central_xlsx_imports_nested_repeats(survey: Any) -> None:
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
