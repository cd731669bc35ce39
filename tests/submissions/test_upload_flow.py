"""The upload page in two steps: what was read, then confirmed drafts; re-uploading a
2-pager exported from a draft updates that draft."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aiatlas.submissions.models import Submission
from aiatlas.submissions.services import drafts
from tests.submissions.conftest import GOOD_RECORD
from tests.submissions.test_twopager_reader import PUBLISHED, _doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(users):
    def client_for(name):
        client = Client()
        client.force_login(users[name])
        return client

    return client_for


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _post(client, call, org, name, data):
    upload = SimpleUploadedFile(name, data, DOCX)
    return client.post(
        "/en/submissions/upload/", {"call": call.pk, "organization": org.pk, "files": [upload]}
    )


def _confirm(client, chosen):
    pending = client.session["submissions_pending_upload"]
    return client.post(
        "/en/submissions/upload/confirm/", {"token": pending["token"], "project": chosen}
    )


def test_published_layout_shows_each_field_state_before_any_draft(as_user, call, who):
    client = as_user("focal")
    response = _post(client, call, who, "who.docx", _doc(PUBLISHED))
    page = response.content.decode()
    assert response.status_code == 200 and Submission.objects.count() == 0
    assert "2 projects were found" in page and "AI for Health Diagnostics" in page
    assert "ambiguous" in page and "not found" in page and "Narnia" in page
    response = _confirm(client, ["0-0", "0-1"])
    assert response.status_code == 200 and "2 drafts were made" in response.content.decode()
    first = Submission.objects.get(record__title="AI for Health Diagnostics")
    assert first.record["status"] == "ongoing" and first.record["start_year"] == 2023
    assert first.record["end_year"] is None and first.source_file == "who.docx"
    assert [t["code"] for t in first.record["sdg_goals"]] == ["3", "4"]


def test_unticked_projects_make_no_draft(as_user, call, who):
    client = as_user("focal")
    _post(client, call, who, "who.docx", _doc(PUBLISHED))
    _confirm(client, ["0-1"])
    assert list(Submission.objects.values_list("record__title", flat=True)) == [
        "Skills for Young People"
    ]


def test_confirming_nothing_or_twice_is_refused_clearly(as_user, call, who):
    client = as_user("focal")
    _post(client, call, who, "who.docx", _doc(PUBLISHED))
    response = _confirm(client, [])
    assert response.status_code == 400 and "Tick at least one" in response.content.decode()
    _confirm(client, ["0-0"])
    response = client.post("/en/submissions/upload/confirm/", {"token": "x", "project": ["0-0"]})
    assert response.status_code == 400 and "upload the files again" in response.content.decode()
    assert Submission.objects.count() == 1


def _draft(users, call, who):
    return drafts.start_draft(
        user=users["focal"], call_id=call.pk, organization_id=who.pk, record=dict(GOOD_RECORD)
    )


def test_reuploading_a_draft_export_updates_that_draft(as_user, users, call, who):
    import io

    import docx

    client = as_user("focal")
    sub = _draft(users, call, who)
    exported = client.get(f"/en/submissions/{sub.pk}/activity.docx").content
    document = docx.Document(io.BytesIO(exported))
    for paragraph in document.paragraphs:
        if paragraph.text == sub.record["title"]:
            paragraph.text = "Renamed in Word"
    buffer = io.BytesIO()
    document.save(buffer)
    response = _post(client, call, who, "edited.docx", buffer.getvalue())
    assert f"Update draft #{sub.pk}" in response.content.decode()
    response = _confirm(client, ["0-0"])
    assert "updated draft" in response.content.decode()
    assert Submission.objects.count() == 1
    updated = Submission.objects.get()
    assert updated.record["title"] == "Renamed in Word" and updated.version == sub.version + 1


def test_reupload_after_the_draft_changed_says_so(as_user, users, call, who):
    client = as_user("focal")
    sub = _draft(users, call, who)
    exported = client.get(f"/en/submissions/{sub.pk}/activity.docx").content
    drafts.save_draft(
        user=users["focal"],
        submission_id=sub.pk,
        record={**sub.record, "title": "Changed"},
        expected_version=sub.version,
    )
    response = _post(client, call, who, "old.docx", exported)
    assert "has changed since this file was exported" in response.content.decode()
