"""The one publish service: the same guards from the command line, the dashboard and the
back office; publishing twice, a release date in the past and undecided submissions are
clear errors; a published edition's snapshots and report survive organization renames."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from aiatlas.accounts.models import Role, User
from aiatlas.catalog.models import Activity, Edition, EditionSnapshot, Organization
from aiatlas.catalog.services.activities import save_activity
from aiatlas.catalog.services.publishing import (
    AlreadyPublished,
    NotAllowed,
    PublishRefused,
    ReleaseInPast,
    publish_blockers,
    publish_edition,
)
from aiatlas.report.models import ReportBuild
from aiatlas.submissions.models import Call, State, Submission
from tests.conftest import make_record

pytestmark = pytest.mark.django_db


def _admin(email: str = "admin@example.org") -> User:
    return User.objects.create_user(email=email, password="x" * 20, role=Role.ADMIN)


def _call(year: int = 2025) -> Call:
    edition, _ = Edition.objects.get_or_create(year=year, defaults={"title": f"AI {year}"})
    return Call.objects.create(edition=edition, deadline=dt.date(year, 12, 1))


def test_publish_twice_is_a_clear_error():
    save_activity(record=make_record(editions=[2023]))
    assert publish_edition(year=2023).activities == 1
    with pytest.raises(AlreadyPublished, match=r"published already.*cannot be published again"):
        publish_edition(year=2023)
    assert EditionSnapshot.objects.count() == 1


def test_publish_refuses_a_release_date_in_the_past():
    save_activity(record=make_record(editions=[2023]))
    yesterday = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(ReleaseInPast, match="in the past"):
        publish_edition(year=2023, release_at=yesterday)
    assert not Edition.objects.get(year=2023).is_published
    publish_edition(year=2023, release_at=timezone.now() + dt.timedelta(days=3))
    assert Edition.objects.get(year=2023).is_published


def test_publish_by_someone_not_admin_is_refused():
    save_activity(record=make_record(editions=[2023]))
    reviewer = User.objects.create_user(
        email="r@example.org", password="x" * 20, role=Role.REVIEWER
    )
    with pytest.raises(NotAllowed):
        publish_edition(year=2023, user=reviewer)
    assert not Edition.objects.get(year=2023).is_published


def test_publish_lists_undecided_submissions_by_name():
    call = _call()
    who = Organization.objects.create(acronym="WHO", name="World Health Organization")
    for title, state in [("Malaria maps", State.DRAFT), ("Triage bot", State.IN_REVIEW)]:
        Submission.objects.create(call=call, organization=who, record={"title": title}, state=state)
    with pytest.raises(PublishRefused) as info:
        publish_edition(year=2025, acknowledge_left_out=True)  # not a choice: still refused
    message = str(info.value)
    assert "2 submissions" in message
    assert "Malaria maps (WHO, Draft)" in message and "Triage bot (WHO" in message
    assert not info.value.only_acknowledgeable
    assert not Edition.objects.get(year=2025).is_published


def test_publish_needs_a_choice_about_activities_left_out():
    _call()
    skipped = save_activity(record=make_record(title="Soil sensors", editions=[2023]))
    done = save_activity(record=make_record(title="Finished", editions=[2024], status="completed"))
    (blocker,) = publish_blockers(year=2025)
    assert blocker.acknowledgeable and blocker.code == "left_out_activities"
    assert any(skipped["id"] in item and "last in 2023" in item for item in blocker.items)
    assert not any(done["id"] in item for item in blocker.items)
    with pytest.raises(PublishRefused) as info:
        publish_edition(year=2025)
    assert info.value.only_acknowledgeable and "Soil sensors" in str(info.value)
    published = publish_edition(year=2025, acknowledge_left_out=True)
    assert published.left_out == list(blocker.items)
    assert not Call.objects.get(edition__year=2025).is_open


def test_publish_queues_the_report_build(django_capture_on_commit_callbacks):
    save_activity(record=make_record(editions=[2023]))
    admin = _admin()
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(year=2023, user=admin)
    (build,) = ReportBuild.objects.all()
    assert build.edition.year == 2023 and build.requested_by == admin and build.task_id


def test_publish_without_report_build_queues_none(django_capture_on_commit_callbacks):
    save_activity(record=make_record(editions=[2023]))
    with django_capture_on_commit_callbacks(execute=True):
        publish_edition(year=2023, build_report=False)
    assert not ReportBuild.objects.exists()


def test_cli_publish_lists_guards_and_takes_the_choice(cli):
    _call()
    skipped = save_activity(record=make_record(title="Soil sensors", editions=[2023]))
    code, out, _ = cli("edition", "check", "2025")
    assert code == 0 and skipped["id"] in out
    code, _, err = cli("edition", "publish", "2025")
    assert code == 1 and "Soil sensors" in err and "--acknowledge-left-out" in err
    code, _, err = cli("edition", "publish", "2025", "--release-at", "2001-01-01T00:00")
    assert code == 1 and "in the past" in err
    code, _, err = cli("edition", "publish", "2025", "--release-at", "soon")
    assert code == 2 and "not a date" in err
    code, out, _ = cli("edition", "publish", "2025", "--acknowledge-left-out", "--no-report")
    assert code == 0 and "Left out by choice: 1" in out
    code, _, err = cli("edition", "publish", "2025")
    assert code == 1 and "published already" in err


def test_dashboard_publish_shows_the_guards_then_publishes():
    _call()
    save_activity(record=make_record(title="Soil sensors", editions=[2023]))
    client = Client()
    client.force_login(_admin())
    url = "/en/submissions/calls/2025/publish/"
    page = client.get(url).content.decode()
    assert "Soil sensors" in page and 'name="acknowledge_left_out"' in page
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 409 and "Soil sensors" in response.content.decode()
    response = client.post(url, {"confirm": "yes", "acknowledge_left_out": "yes"})
    assert response.status_code == 302
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 409 and "published already" in response.content.decode()
    assert client.get("/en/submissions/calls/1999/publish/").status_code == 404


def test_back_office_cannot_set_the_status_and_publishes_through_the_service():
    save_activity(record=make_record(editions=[2023]))
    edition = Edition.objects.get(year=2023)
    client = Client()
    client.force_login(_admin())
    url = f"/admin/catalog/edition/{edition.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert "status" not in form.fields and "published_at" not in form.fields
    response = client.post(url, {"year": 2023, "title": "Renamed", "status": "published"})
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.title == "Renamed" and not edition.is_published
    changelist = "/admin/catalog/edition/"
    for _ in range(2):  # the second time: a clear message, nothing changes
        response = client.post(
            changelist,
            {"action": "publish_editions", "_selected_action": [edition.pk]},
            follow=True,
        )
        assert response.status_code == 200
    text = response.content.decode()
    assert "published already" in text
    assert Edition.objects.get(pk=edition.pk).is_published
    assert EditionSnapshot.objects.filter(edition=edition).count() == 1
    snapshot = EditionSnapshot.objects.get()
    assert client.get(f"/admin/catalog/editionsnapshot/{snapshot.pk}/delete/").status_code == 403
    assert client.get(f"/admin/catalog/edition/{edition.pk}/delete/").status_code == 403


def test_renaming_or_merging_an_organization_keeps_the_published_snapshot_and_report():
    from aiatlas.report.content import build_content

    who = Organization.objects.create(acronym="WHO", name="World Health Organization")
    Organization.objects.create(acronym="PAHO", name="Pan American Health Organization")
    first = save_activity(record=make_record(lead_organization="WHO", editions=[2023]))
    save_activity(record=make_record(title="Second", lead_organization="PAHO", editions=[2023]))
    publish_edition(year=2023)
    before = list(EditionSnapshot.objects.order_by("public_id").values_list("record", flat=True))
    report_before = build_content(2023)
    chapters_before = [c.entity.display for c in report_before.chapters]
    # rename WHO, then merge PAHO into it
    who.name, who.acronym = "World Health Org. (renamed)", "WHO-X"
    who.save()
    paho = Organization.objects.get(acronym="PAHO")
    Activity.objects.filter(lead_organization=paho).update(lead_organization=who)
    paho.delete()
    after = list(EditionSnapshot.objects.order_by("public_id").values_list("record", flat=True))
    assert after == before and before[0]["lead_organization"] == "WHO"
    report_after = build_content(2023)
    assert [c.entity.display for c in report_after.chapters] == chapters_before
    assert report_after.figures["entities.total"].value == 2
    assert first["id"] in report_after.figures["activities.total"].public_ids


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
@pytest.mark.django_db(transaction=True)
def test_two_admins_publishing_at_once_exactly_one_wins():
    save_activity(record=make_record(editions=[2023]))
    admins = [_admin(f"admin{i}@example.org") for i in range(6)]
    barrier = threading.Barrier(len(admins))
    outcomes: list[str] = []

    def run(user: User) -> None:
        try:
            barrier.wait()
            publish_edition(year=2023, user=user, build_report=False)
            outcomes.append("ok")
        except AlreadyPublished:
            outcomes.append("AlreadyPublished")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(u,)) for u in admins]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["AlreadyPublished"] * 5 + ["ok"]
    assert EditionSnapshot.objects.count() == 1


def test_check_of_a_published_edition_says_so(cli):
    save_activity(record=make_record(editions=[2023]))
    publish_edition(year=2023)
    (blocker,) = publish_blockers(year=2023)
    assert blocker.code == "published" and not blocker.acknowledgeable
    code, out, _ = cli("edition", "check", "2023")
    assert code == 0 and "published already" in out
