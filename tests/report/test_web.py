"""The web report, figure pages, and the staff-only background build."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from aiatlas.report.models import ReportBuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(db: None) -> Client:
    user = get_user_model().objects.create_user("staff@example.org", password="pw", role="admin")
    client = Client()
    client.force_login(user)
    return client


def test_report_page_links_every_figure(small: None, client: Client) -> None:
    response = client.get("/en/editions/2024/report/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Food and Agriculture Organization" in html
    assert 'href="/en/editions/2024/report/figures/activities.total/"' in html
    assert "/en/activities/?edition=2024&amp;sector=academia" in html
    assert "chart-sdg-spec" in html
    assert "Build PDF" not in html  # not staff


def test_report_page_hides_private_contacts(small: None, client: Client) -> None:
    html = client.get("/en/editions/2024/report/").content.decode()
    assert "public@example.org" in html
    assert "hidden@example.org" not in html


def test_figure_page_shows_value_query_and_records(small: None, client: Client) -> None:
    response = client.get("/en/editions/2024/report/figures/sdg.2.activities/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "A000001" in html and "A000003" in html and "A000004" not in html
    assert "sdg_goals" in html
    assert "aiatlas report figure sdg.2.activities --edition 2024" in html


def test_unknown_figure_and_edition_are_404(small: None, client: Client) -> None:
    assert client.get("/en/editions/2024/report/figures/nope/").status_code == 404
    assert client.get("/en/editions/1999/report/").status_code == 404


def test_non_staff_cannot_build(small: None, client: Client) -> None:
    signed_out = client.post("/en/editions/2024/report/build/")
    assert signed_out.status_code == 302 and "/account/login/?next=" in signed_out["Location"]
    user = get_user_model().objects.create_user("plain@example.org", password="pw")
    client.force_login(user)
    assert client.post("/en/editions/2024/report/build/").status_code == 403
    assert client.get("/en/editions/2024/report/build/").status_code == 405
    assert not ReportBuild.objects.exists()


def test_build_needs_csrf_token(small: None) -> None:
    user = get_user_model().objects.create_user("staff2@example.org", password="pw", role="admin")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/en/editions/2024/report/build/").status_code == 403
    assert not ReportBuild.objects.exists()


def test_staff_build_is_queued_then_runs(small: None, staff_client: Client, tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        assert "Build PDF" in staff_client.get("/en/editions/2024/report/").content.decode()
        response = staff_client.post("/en/editions/2024/report/build/")
        assert response.status_code == 302
        build = ReportBuild.objects.get()
        assert build.task_id and build.status == ReportBuild.Status.QUEUED
        status = staff_client.get(response["Location"])
        assert status.status_code == 200 and b"hx-trigger" in status.content
        from aiatlas.report.services import run_build

        run_build(build_id=build.pk)  # what the worker does
        build.refresh_from_db()
        assert build.status == ReportBuild.Status.DONE and build.progress == 100
        partial = staff_client.get(response["Location"], headers={"HX-Request": "true"})
        assert b"hx-trigger" not in partial.content
        pdf = staff_client.get("/en/editions/2024/report/report.pdf")
        assert pdf.status_code == 200
        assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_built_report_is_kept_in_the_configured_file_storage(
    small: None, staff_client: Client, tmp_path: Path, settings: object
) -> None:
    """An object store (here Django's in-memory storage) holds the PDF and the annex: the
    data directory stays empty, and the pages and downloads read the storage."""
    from django.core.files.storage import default_storage

    from aiatlas.report.services import request_build, run_build

    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    for rebuild in (1, 2):  # a second build replaces the first files, under the same names
        name = run_build(build_id=request_build(year=2024, language="fr").pk)
        assert name == "reports/2024/fr/report.pdf"
    assert sorted(default_storage.listdir("reports/2024/fr")[1]) == ["data.csv", "report.pdf"]
    assert ReportBuild.objects.first().out_dir == "reports/2024/fr"  # type: ignore[union-attr]
    assert not (tmp_path / "reports").exists()
    pdf = staff_client.get("/en/editions/2024/report/fr/report.pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert (
        "/en/editions/2024/report/fr/report.pdf"
        in staff_client.get("/en/editions/2024/report/").content.decode()
    )
    assert staff_client.get("/en/editions/2024/report/report.pdf").status_code == 404


def test_pdf_download_404_before_any_build(small: None, client: Client, tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        assert client.get("/en/editions/2024/report/report.pdf").status_code == 404


def test_summary_marks_lead_to_the_annex_of_how_figures_were_computed(
    small: None, client: Client
) -> None:
    import re

    html = client.get("/en/editions/2024/report/").content.decode()
    summary = html[html.index('id="summary"') : html.index('id="charts"')]
    assert "<sup" not in summary  # a mark never reads like an exponent
    marks = re.findall(r'class="figure-ref" href="#fig-(F\d+)"[^>]*>\[(F\d+)\]</a>', summary)
    assert marks[:2] == [("F1", "F1"), ("F2", "F2")]
    annex = html[html.index('id="annex-figures"') :]
    for mark in {m for m, _ in marks}:
        assert f'<tr id="fig-{mark}">' in annex
    row = annex[annex.index('<tr id="fig-F2">') :].split("</tr>")[0]
    assert "activities.total" in row and "/en/activities/?" in row
    assert "/en/editions/2024/report/figures/activities.total/" in row
    assert '<td class="num">4</td>' in row  # 4 records behind 4 activities
