"""The open-data package of a published edition: a valid Frictionless data package with a
Table Schema per CSV file, DCAT metadata, its licence, the same bytes every time, and
linked from the edition page with the report and its build state."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.test import Client, override_settings

from aiatlas.catalog.models import Edition
from aiatlas.catalog.services.activities import publish_edition, save_activity
from aiatlas.report.opendata import package_zip
from tests.conftest import make_record

pytestmark = pytest.mark.django_db


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {Path(n).name: archive.read(n) for n in archive.namelist()}


def test_open_data_package_is_a_valid_frictionless_package(small, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    response = Client().get("/en/editions/2024/open-data.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="aiatlas-edition-2024.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / "aiatlas-edition-2024"
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert names == ["activities", "sdg_goals", "sdg_targets", "partners", "countries"]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in package["resources"]:
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    with (folder / "activities.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert sorted(rows) == ["A000001", "A000003", "A000004", "A000005"]
    assert rows["A000005"]["contact_email"] == ""  # not public
    assert rows["A000004"]["contact_email"] == "public@example.org"


def test_open_data_package_carries_dcat_metadata(small):
    files = _files(package_zip(2024))
    meta = json.loads(files["dcat.jsonld"])
    assert meta["@type"] == "dcat:Dataset"
    assert meta["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    (dist,) = meta["dcat:distribution"]
    assert dist["dcat:downloadURL"]["@id"].endswith("/en/editions/2024/open-data.zip")
    assert dist["dcat:mediaType"] == "application/zip"
    response = Client().get("/en/editions/2024/dcat.jsonld")
    assert response.status_code == 200 and json.loads(response.content) == meta


def test_open_data_package_is_frozen_and_identical_each_time(small):
    first = package_zip(2024)
    record = make_record(id="A000003", title="Edited after publishing", editions=[2024])
    save_activity(record=record)
    with override_settings(DATA_LICENCE="CC0-1.0"):  # a later setting does not relicense
        again = package_zip(2024)
    assert again == first
    assert b"Edited after publishing" not in _files(again)["activities.csv"]


def test_open_data_licence_follows_the_setting_at_publication(tmp_path):
    save_activity(record=make_record(editions=[2030]))
    with override_settings(DATA_LICENCE="CC0-1.0"):
        publish_edition(year=2030)
    package = json.loads(_files(package_zip(2030))["datapackage.json"])
    assert package["licenses"][0]["name"] == "CC0-1.0"


def test_open_data_of_an_unpublished_edition_is_not_found(small):
    Edition.objects.create(year=2031, title="Open one", status="open")
    assert Client().get("/en/editions/2031/open-data.zip").status_code == 404
    assert Client().get("/en/editions/1999/open-data.zip").status_code == 404
    assert Client().get("/en/editions/2031/dcat.jsonld").status_code == 404


def test_edition_page_links_report_open_data_and_build_state(small, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    page = Client().get("/en/editions/2024/").content.decode()
    assert 'id="edition-outputs"' in page
    assert "/en/editions/2024/report/" in page and "/en/editions/2024/open-data.zip" in page
    assert "Creative Commons Attribution 4.0 International" in page
    assert "/en/editions/2024/report/report.pdf" not in page  # not built yet
    assert "have not been built yet" in page
    built = tmp_path / "reports" / "2024"
    built.mkdir(parents=True)
    (built / "report.pdf").write_bytes(b"%PDF-1.7")
    (built / "data.csv").write_text("id\n", "utf-8")
    page = Client().get("/en/editions/2024/").content.decode()
    assert "/en/editions/2024/report/report.pdf" in page
    assert "/en/editions/2024/report/data.csv" in page
    Edition.objects.create(year=2032, title="Still open", status="open")
    assert 'id="edition-outputs"' not in Client().get("/en/editions/2032/").content.decode()


def test_open_data_activities_csv_imports_back(small, tmp_path):
    from aiatlas.catalog.models import Activity
    from aiatlas.catalog.services.demo import reset_catalog
    from aiatlas.catalog.services.importing import import_activities

    path = tmp_path / "activities.csv"
    path.write_bytes(_files(package_zip(2024))["activities.csv"])
    reset_catalog()
    report = import_activities(path=path)
    assert not report.errors and report.created == 4
    assert sorted(Activity.objects.values_list("public_id", flat=True)) == [
        "A000001",
        "A000003",
        "A000004",
        "A000005",
    ]


def test_report_states_its_licence_and_links_the_package(small, tmp_path):
    from aiatlas.report.services import build_report
    from tests.report.test_build import _text

    html = Client().get("/en/editions/2024/report/").content.decode()
    assert "Creative Commons Attribution 4.0 International" in html
    assert "/en/editions/2024/open-data.zip" in html
    text = _text(build_report(year=2024, out_dir=tmp_path).pdf)
    assert "Data licence: Creative Commons Attribution 4.0 International (CC-BY-4.0)" in text
    assert "/en/editions/2024/open-data.zip" in "".join(text.split())
