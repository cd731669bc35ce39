"""Results: response rates, per-question figures, cross-tab, filters, exports, privacy."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from aiatlas.survey import charts, queries
from aiatlas.survey.form import Form
from aiatlas.survey.models import Invitation, Response

pytestmark = pytest.mark.django_db

FIXTURE = {  # alpha3 -> answers (FRA, DEU Europe; KEN Africa; BRA Americas invited, no reply)
    "FRA": {
        "has_strategy": "yes",
        "year": 2018,
        "lead": "digital",
        "sectors": ["health"],
        "comment": "<b>bold</b> & co",
        "inits": [{"init_name": "A", "budget": 2.0}, {"init_name": "=1+1"}],
    },
    "DEU": {"has_strategy": "yes", "year": 2020, "lead": "science", "sectors": ["health", "agri"]},
    "KEN": {"has_strategy": "no", "lead": "other", "lead_other": "Planning", "sectors": ["agri"]},
}


@pytest.fixture
def survey(make_survey: Any) -> Any:
    from aiatlas.catalog.models import Country

    s = make_survey()
    for code in ["FRA", "DEU", "KEN", "BRA"]:
        inv = Invitation.objects.create(
            survey=s,
            country=Country.objects.get(alpha3=code),
            contact_email=f"secret-{code}@example.org",
            ministry=f"Ministry {code}",
        )
        if code in FIXTURE:
            Response.objects.create(
                invitation=inv,
                answers=FIXTURE[code],
                status="submitted",
                submitted_at=timezone.now(),
            )
    return s


def test_response_rate_overall_and_by_region(survey: Any) -> None:
    total, by_region = queries.response_rates(survey)
    assert (total.invited, total.submitted) == (4, 3)
    rates = {r.label: (r.invited, r.submitted) for r in by_region}
    assert rates == {
        "Africa": (1, 1),
        "Americas": (1, 0),
        "Asia": (0, 0),
        "Europe": (2, 2),
        "Oceania": (0, 0),
    }
    # against the 193 UN Member States: every region is listed, invited or not
    members = {r.label: (r.members, r.members_submitted) for r in by_region}
    assert members == {
        "Africa": (54, 1),
        "Americas": (35, 0),
        "Asia": (47, 0),
        "Europe": (43, 2),
        "Oceania": (14, 0),
    }
    assert (total.members, total.members_submitted) == (193, 3)
    assert round(next(r for r in by_region if r.label == "Europe").member_rate, 3) == 0.047


def test_question_summaries(survey: Any) -> None:
    form = Form(survey.form)
    rows = queries.filtered_rows(survey, queries.Filters())
    by = {s.node["name"]: s for s in queries.summaries(form, rows, "en")}
    assert by["lead"].counts == [
        ("digital", "Digital", 1),
        ("science", "Science", 1),
        ("other", "Other", 1),
    ]
    assert [(n, k) for n, _label, k in by["sectors"].counts] == [("health", 2), ("agri", 2)]
    assert by["year"].stats["median"] == 2019 and by["year"].answered == 2
    assert sum(n for _lo, _hi, n in by["year"].bins) == 2
    assert by["comment"].texts == [("France", "<b>bold</b> & co")]
    assert by["budget"].answered == 1  # repeat answers are summarised too
    fr = {s.node["name"]: s for s in queries.summaries(form, rows, "fr")}
    assert fr["has_strategy"].label == "A une stratégie ?"
    assert fr["has_strategy"].counts[0][1] == "Oui"


def test_chart_spec_is_vega_lite_with_table_alternative(survey: Any) -> None:
    form = Form(survey.form)
    rows = queries.filtered_rows(survey, queries.Filters())
    s = queries.summarize(form, rows, form.by_name["lead"], "en")
    chart = charts.summary_chart(s, 0)
    assert chart is not None
    assert chart["spec"]["$schema"].endswith("vega-lite/v5.json")
    assert chart["spec"]["mark"]["type"] == "bar"
    assert chart["rows"] == [("Digital", 1), ("Science", 1), ("Other", 1)]
    h = charts.summary_chart(queries.summarize(form, rows, form.by_name["year"], "en"), 1)
    assert h is not None and h["spec"]["encoding"]["x"]["bin"] == {"binned": True}


def test_histogram_bins_cover_every_value() -> None:
    values = [0.0, 1.0, 2.5, 7.0, 9.9, 10.0, 55.0]
    bins = queries.histogram(values)
    assert sum(n for _a, _b, n in bins) == len(values)
    assert bins[0][0] <= 0 and bins[-1][1] > 55
    assert queries.histogram([3.0, 3.0]) == [(3.0, 3.0, 2)]


def test_crosstab_lead_ministry_by_region(survey: Any) -> None:
    form = Form(survey.form)
    rows = queries.filtered_rows(survey, queries.Filters())
    tab = queries.crosstab(form, rows, "lead", queries.REGION, "en")
    table = {label: counts for label, counts, _t in tab.table()}
    cols = [label for _k, label in tab.cols]
    assert cols == ["Africa", "Europe"]
    assert table["Digital"] == [0, 1] and table["Other"] == [1, 0]


def test_filters_by_region_and_answer(survey: Any) -> None:
    europe = queries.filtered_rows(survey, queries.Filters(region="150"))
    assert {r.alpha3 for r in europe} == {"FRA", "DEU"}
    agri = queries.filtered_rows(survey, queries.Filters(question="sectors", value="agri"))
    assert {r.alpha3 for r in agri} == {"DEU", "KEN"}


def test_results_page_for_staff_and_escaping(survey: Any, staff_client: Client) -> None:
    r = staff_client.get(f"/en/survey/{survey.pk}/results/?row=lead&col=_region")
    body = r.content.decode()
    assert r.status_code == 200
    assert "3 of 4 invited Member States submitted" in body
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in body and "<b>bold</b>" not in body
    assert "secret-FRA@example.org" not in body  # contacts are private
    r = staff_client.get(f"/en/survey/{survey.pk}/results/?region=002")
    assert "1 response shown" in r.content.decode()


def test_private_results_hidden_from_anonymous(survey: Any, client: Client) -> None:
    for path in [
        "results/",
        "results/responses.csv",
        "results/repeats.csv",
        "results/results.xlsx",
    ]:
        assert client.get(f"/en/survey/{survey.pk}/{path}").status_code == 404
    survey.results_public = True
    survey.save()
    public = client.get(f"/en/survey/{survey.pk}/results/")
    assert public.status_code == 200
    body = public.content.decode()
    assert "3 of 4 invited Member States submitted" in body
    assert "secret-FRA@example.org" not in body  # public results, private contacts


def _csv(response: Any) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_one_row_per_response(survey: Any, staff_client: Client) -> None:
    rows = _csv(staff_client.get(f"/en/survey/{survey.pk}/results/responses.csv"))
    assert [r["country_alpha3"] for r in rows] == ["DEU", "FRA", "KEN"]
    deu = rows[0]
    assert deu["sectors"] == "health agri" and deu["sectors/agri"] == "1"
    assert deu["region"] == "Europe" and deu["year"] == "2020"
    assert rows[2]["lead"] == "other" and rows[2]["lead_other"] == "Planning"
    assert "contact_email" not in deu
    reps = _csv(staff_client.get(f"/en/survey/{survey.pk}/results/repeats.csv"))
    assert [(r["country_alpha3"], r["index"], r["init_name"]) for r in reps] == [
        ("FRA", "1", "A"),
        ("FRA", "2", "'=1+1"),
    ]


def test_xlsx_export_has_responses_and_repeats(survey: Any, staff_client: Client) -> None:
    from openpyxl import load_workbook

    r = staff_client.get(f"/en/survey/{survey.pk}/results/results.xlsx")
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    assert wb.sheetnames == ["responses", "repeats"]
    rows = list(wb["responses"].iter_rows(values_only=True))
    assert rows[0][0] == "country_alpha3" and len(rows) == 4
    assert len(list(wb["repeats"].iter_rows(values_only=True))) == 3
