"""Import: upsert by id, all-or-nothing per file, --partial, every format."""

from __future__ import annotations

import pytest

from aiatlas.catalog.models import Activity, ActivityGoal, Edition, Organization
from aiatlas.catalog.services.activities import publish_edition
from aiatlas.catalog.services.exporting import export_activities
from aiatlas.catalog.services.importing import ImportFailed, import_activities
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db


def test_import_jsonl_creates_activity_with_every_field(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            make_record(
                co_leads=["UNDP"],
                sdg_goals=[
                    {"code": "2", "source": "submitter", "evidence": ""},
                    {"code": "15", "source": "classifier", "evidence": "soil; leaf"},
                ],
            )
        ],
    )
    report = import_activities(path=path)
    assert (report.created, report.updated, report.error_count) == (1, 0, 0)
    activity = Activity.objects.get()
    assert activity.public_id == "A000001"
    assert activity.lead_organization.acronym == "FAO"
    assert [o.reference for o in activity.co_leads.all()] == ["UNDP"]
    assert sorted(c.alpha3 for c in activity.countries.all()) == ["KEN", "UGA"]
    assert activity.partners.get().sector == "academia"
    assert ActivityGoal.objects.get(goal_id=15).evidence == "soil; leaf"
    assert activity.editions.get().year == 2024
    assert sorted(report.organizations_created) == ["FAO", "Makerere University", "UNDP"]
    assert report.editions_created == [2024]


def test_import_upserts_by_id_and_bumps_version(tmp_path):
    import_activities(path=write_jsonl(tmp_path / "a.jsonl", [make_record(id="X-1")]))
    report = import_activities(
        path=write_jsonl(
            tmp_path / "b.jsonl",
            [make_record(id="X-1", title="Renamed", countries=["BRA"], partners=[])],
        )
    )
    assert (report.created, report.updated) == (0, 1)
    activity = Activity.objects.get(public_id="X-1")
    assert activity.title == "Renamed"
    assert activity.version == 2
    assert [c.alpha3 for c in activity.countries.all()] == ["BRA"]
    assert not activity.partners.exists()


def test_import_is_all_or_nothing_by_default(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            make_record(title="good one"),
            make_record(title="bad", countries=["XXX"]),
            make_record(title="good two"),
        ],
    )
    with pytest.raises(ImportFailed) as info:
        import_activities(path=path)
    report = info.value.report
    assert [(e.row, e.column) for e in report.errors] == [(2, "countries")]
    assert "XXX" in report.errors[0].message
    assert Activity.objects.count() == 0
    assert Organization.objects.count() == 0
    assert Edition.objects.count() == 0


def test_import_partial_keeps_good_rows_and_reports_bad(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            make_record(title="good one"),
            make_record(title="bad", start_year="soon"),
            make_record(title="good two"),
        ],
    )
    report = import_activities(path=path, partial=True)
    assert report.created == 2
    assert [(e.row, e.column) for e in report.errors] == [(2, "start_year")]
    assert sorted(Activity.objects.values_list("title", flat=True)) == ["good one", "good two"]


def test_import_dry_run_writes_nothing(tmp_path):
    report = import_activities(
        path=write_jsonl(tmp_path / "a.jsonl", [make_record()]), dry_run=True
    )
    assert report.rows == 1 and report.error_count == 0 and not report.written
    assert Activity.objects.count() == 0


def test_new_ids_are_never_reused(tmp_path):
    import_activities(path=write_jsonl(tmp_path / "a.jsonl", [make_record(), make_record()]))
    Activity.objects.filter(public_id="A000002").delete()
    import_activities(path=write_jsonl(tmp_path / "b.jsonl", [make_record()]))
    assert sorted(Activity.objects.values_list("public_id", flat=True)) == ["A000001", "A000003"]


def test_explicit_ids_move_the_counter_past_them(tmp_path):
    import_activities(path=write_jsonl(tmp_path / "a.jsonl", [make_record(id="A000041")]))
    import_activities(path=write_jsonl(tmp_path / "b.jsonl", [make_record()]))
    assert Activity.objects.filter(public_id="A000042").exists()


def test_published_edition_cannot_gain_or_lose_activities(tmp_path):
    import_activities(
        path=write_jsonl(tmp_path / "a.jsonl", [make_record(id="P-1", editions=[2023])])
    )
    publish_edition(year=2023)
    path = write_jsonl(
        tmp_path / "b.jsonl",
        [make_record(id="P-1", editions=[2024]), make_record(id="P-2", editions=[2023])],
    )
    with pytest.raises(ImportFailed) as info:
        import_activities(path=path)
    assert {(e.row, e.column) for e in info.value.report.errors} == {
        (1, "editions"),
        (2, "editions"),
    }
    assert "published and frozen" in info.value.report.errors[0].message
    assert list(Activity.objects.get(public_id="P-1").editions.values_list("year", flat=True)) == [
        2023
    ]


def test_published_edition_export_is_frozen_snapshot(tmp_path):
    import_activities(
        path=write_jsonl(
            tmp_path / "a.jsonl",
            [make_record(id="P-1", title="As published", editions=[2023, 2024])],
        )
    )
    publish_edition(year=2023)
    import_activities(
        path=write_jsonl(
            tmp_path / "b.jsonl",
            [make_record(id="P-1", title="Edited later", editions=[2023, 2024])],
        )
    )
    frozen = tmp_path / "2023.jsonl"
    live = tmp_path / "2024.jsonl"
    export_activities(fmt="jsonl", path=frozen, edition=2023)
    export_activities(fmt="jsonl", path=live, edition=2024)
    assert '"As published"' in frozen.read_text()
    assert '"Edited later"' in live.read_text()


def test_partner_without_sector_takes_the_organization_kind(tmp_path):
    Organization.objects.create(name="University of Ghana", kind="academia")
    import_activities(
        path=write_jsonl(
            tmp_path / "a.jsonl",
            [make_record(partners=[{"organization": "university of ghana", "sector": None}])],
        )
    )
    assert Activity.objects.get().partners.get().sector == "academia"


@pytest.mark.django_db(transaction=True)
def test_bulk_import_restores_foreign_keys_and_collector_and_leaves_no_dangling_keys(tmp_path):
    import gc

    from django.db import connection

    records = [make_record(id=f"FK-{i}", partners=[], co_leads=["UNDP"]) for i in range(30)]
    report = import_activities(path=write_jsonl(tmp_path / "a.jsonl", records))
    assert report.created == 30
    assert gc.isenabled()
    assert not connection.in_atomic_block  # the import ran in bulk mode
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []


@pytest.mark.django_db(transaction=True)
def test_failed_bulk_import_also_restores_foreign_keys_and_collector(tmp_path):
    import gc

    from django.db import connection

    with pytest.raises(ImportFailed):
        import_activities(path=write_jsonl(tmp_path / "a.jsonl", [make_record(countries=["XXX"])]))
    assert gc.isenabled()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
