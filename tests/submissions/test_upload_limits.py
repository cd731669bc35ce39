"""Upload limits of the 2-pager upload: the number of files and the size of each file,
refused with the documented message before anything is parsed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aiatlas.submissions.docx import MAX_FILES_PER_UPLOAD, export_activity
from aiatlas.submissions.models import Submission
from tests.conftest import make_record

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def focal(users):
    client = Client()
    client.force_login(users["focal"])
    return client


def _upload(client, call, org, files, *, confirm=False):
    """Upload; with ``confirm``, also confirm every project found (the second step)."""
    response = client.post(
        "/en/submissions/upload/", {"call": call.pk, "organization": org.pk, "files": files}
    )
    if not confirm or response.status_code != 200:
        return response
    pending = client.session["submissions_pending_upload"]
    chosen = [
        f"{f}-{p}" for f, file in enumerate(pending["files"]) for p in range(len(file["projects"]))
    ]
    return client.post(
        "/en/submissions/upload/confirm/", {"token": pending["token"], "project": chosen}
    )


def test_201_files_get_the_at_most_200_files_message(focal, call, who):
    data = export_activity(make_record())
    files = [SimpleUploadedFile(f"f{n}.docx", data, DOCX) for n in range(MAX_FILES_PER_UPLOAD + 1)]
    response = _upload(focal, call, who, files)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"at most {MAX_FILES_PER_UPLOAD} are allowed" in page
    assert "Traceback" not in page and "TooManyFilesSent" not in page
    assert Submission.objects.count() == 0


def test_exactly_200_files_are_accepted(focal, call, who):
    data = export_activity(make_record())
    files = [SimpleUploadedFile(f"f{n}.docx", data, DOCX) for n in range(MAX_FILES_PER_UPLOAD)]
    response = _upload(focal, call, who, files, confirm=True)
    assert response.status_code == 200
    assert Submission.objects.count() == MAX_FILES_PER_UPLOAD


def test_an_over_large_docx_is_refused_by_its_size(focal, call, who):
    big = SimpleUploadedFile("big.docx", b"PK\x03\x04" + b"\0" * (21 * 1024 * 1024), DOCX)
    response = _upload(focal, call, who, [big])
    assert response.status_code == 400
    assert "big.docx is 21.0 MB; at most 20.0 MB are allowed" in response.content.decode()
    assert Submission.objects.count() == 0
