"""The submission pages through Django's test client: editing, conflicts, duplicates,
review, history, uploads of 2-pagers and every bad input of the web side."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aiatlas.submissions.docx import export_activity
from aiatlas.submissions.models import State, Submission
from aiatlas.submissions.services import drafts
from tests.conftest import make_record

from .conftest import GOOD_RECORD

SCRIPT = '<script>alert("x")</script>'
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def as_user(users):
    def client_for(name):
        client = Client()
        client.force_login(users[name])
        return client

    return client_for


def _draft(users, call, who, record=GOOD_RECORD):
    return drafts.start_draft(
        user=users["focal"], call_id=call.pk, organization_id=who.pk, record=dict(record)
    )


def _form(record, version, **extra):
    data = {
        "version": version,
        "title": record.get("title", ""),
        "kind": "project",
        "description": record.get("description", ""),
        "status": "ongoing",
        "start_year": "2023",
        "countries": ["KEN", "UGA"],
        "technologies": ["computer_vision"],
        "sdg_goals": ["2"],
    }
    data.update(extra)
    return data


def test_anonymous_is_sent_to_login(db):
    response = Client().get("/en/submissions/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_home_shows_call_and_previous_edition_for_focal_point(as_user, call, old_activity):
    page = as_user("focal").get("/en/submissions/").content.decode()
    assert "UN Activities on AI 2025" in page
    assert old_activity["title"] in page and "Carry forward" in page


def test_editing_saves_a_new_version_and_escapes_html(as_user, users, call, who):
    sub = _draft(users, call, who)
    client = as_user("focal")
    response = client.post(f"/en/submissions/{sub.pk}/", _form(GOOD_RECORD, 1, title=SCRIPT))
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.version == 2 and sub.record["title"] == SCRIPT
    assert sub.record["countries"] == ["KEN", "UGA"]
    page = client.get(f"/en/submissions/{sub.pk}/").content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_second_save_of_a_stale_version_gets_the_conflict_page(as_user, users, call, who):
    sub = _draft(users, call, who)
    first = as_user("focal").post(f"/en/submissions/{sub.pk}/", _form(GOOD_RECORD, 1, title="Mine"))
    assert first.status_code == 302
    second = as_user("admin").post(
        f"/en/submissions/{sub.pk}/", _form(GOOD_RECORD, 1, title="Theirs")
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Mine" in page and "Theirs" in page and "nothing was saved" in page
    sub.refresh_from_db()
    assert sub.record["title"] == "Mine" and sub.version == 2


def test_over_long_and_wrong_values_are_listed_by_field(as_user, users, call, who):
    sub = _draft(users, call, who)
    client = as_user("focal")
    response = client.post(
        f"/en/submissions/{sub.pk}/",
        _form(GOOD_RECORD, 1, start_year="20x4", links="not a url"),
    )
    # wrong values are refused at save, by field, and the form keeps what was typed
    assert response.status_code == 400
    page = response.content.decode()
    assert "start_year" in page and "countries" in page and "links" in page
    assert "not a url" in page
    sub.refresh_from_db()
    assert sub.version == 1 and sub.state == State.DRAFT
    too_long = client.post(f"/en/submissions/{sub.pk}/", _form(GOOD_RECORD, 1, title="x" * 501))
    assert too_long.status_code == 400 and "at most 500" in too_long.content.decode()
    sub.refresh_from_db()
    assert sub.version == 1


def test_wrong_types_in_the_form_are_refused_clearly(as_user, users, call, who):
    sub = _draft(users, call, who)
    response = as_user("focal").post(
        f"/en/submissions/{sub.pk}/", _form(GOOD_RECORD, "abc", sdg_goals=["99"])
    )
    assert response.status_code == 400
    sub.refresh_from_db()
    assert sub.version == 1


def test_submit_shows_duplicates_and_links_to_the_existing_activity(
    as_user, users, call, who, old_activity
):
    sub = _draft(
        users,
        call,
        who,
        dict(GOOD_RECORD, title=old_activity["title"], description=old_activity["description"]),
    )
    client = as_user("focal")
    response = client.post(f"/en/submissions/{sub.pk}/submit/", {"version": 1})
    assert response.status_code == 409
    assert old_activity["id"] in response.content.decode()
    response = client.post(
        f"/en/submissions/{sub.pk}/submit/", {"version": 1, "link_to": old_activity["id"]}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == State.IN_REVIEW and sub.activity.public_id == old_activity["id"]


def test_review_reasons_reach_the_submitter_and_approval_publishes(as_user, users, call, who):
    sub = _draft(users, call, who)
    drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=1)
    reviewer = as_user("reviewer")
    queue = reviewer.get("/en/submissions/").content.decode()
    assert GOOD_RECORD["title"] in queue
    response = reviewer.post(
        f"/en/submissions/{sub.pk}/decide/",
        {"version": 2, "decision": "changes", "reasons": ["sdg_tags"], "comment": "SDG 2 only?"},
    )
    assert response.status_code == 302
    page = as_user("focal").get(f"/en/submissions/{sub.pk}/").content.decode()
    assert "The SDG tags do not match the description" in page and "SDG 2 only?" in page
    drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=3)
    response = reviewer.post(
        f"/en/submissions/{sub.pk}/decide/", {"version": 4, "decision": "approve"}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == State.APPROVED
    assert as_user("focal").get(f"/en/activities/{sub.activity.public_id}/").status_code == 200


def test_classifier_suggestions_are_accepted_or_rejected_per_goal(as_user, users, call, who):
    record = dict(
        GOOD_RECORD,
        title="Machine learning triage of malaria and tuberculosis in rural clinics",
        description="Community health workers use an AI model to diagnose malaria and "
        "tuberculosis from blood smear images, reducing deaths and improving access to "
        "essential health care services and treatment in rural clinics.",
        sdg_goals=[],
    )
    sub = _draft(users, call, who, record)
    client = as_user("focal")
    page = client.get(f"/en/submissions/{sub.pk}/").content.decode()
    assert 'id="suggestions"' in page and 'value="accept:3"' in page
    form = _form(record, 1, sdg_goals=[], suggestion="accept:3")
    assert client.post(f"/en/submissions/{sub.pk}/", form).status_code == 302
    sub.refresh_from_db()
    curator = [t for t in sub.record["sdg_goals"] if t["source"] == "curator"]
    assert curator[0]["code"] == "3" and "focal@who.example" in curator[0]["evidence"]
    page = client.get(f"/en/submissions/{sub.pk}/").content.decode()
    assert 'value="accept:3"' not in page  # accepted: no longer suggested
    # the curator tag survives a later save of the form (it has no checkbox of its own)
    assert client.post(f"/en/submissions/{sub.pk}/", _form(record, 2, sdg_goals=[])).status_code
    sub.refresh_from_db()
    assert any(t["source"] == "curator" for t in sub.record["sdg_goals"])
    # an accepted suggestion is listed with a way to take it back
    assert 'id="accepted"' in page and 'value="remove:3"' in page
    # rejecting hides the suggestion and is kept for the catalog's curation record
    form = _form(record, sub.version, sdg_goals=[], suggestion="reject:6")
    assert client.post(f"/en/submissions/{sub.pk}/", form).status_code == 302
    sub.refresh_from_db()
    assert sub.rejected_goals == [6]
    assert 'value="accept:6"' not in client.get(f"/en/submissions/{sub.pk}/").content.decode()
    form = _form(record, sub.version, sdg_goals=[], suggestion="remove:3")
    assert client.post(f"/en/submissions/{sub.pk}/", form).status_code == 302
    sub.refresh_from_db()
    assert not any(t["source"] == "curator" for t in sub.record["sdg_goals"])


def test_history_page_shows_the_diff_and_admin_restores(as_user, users, call, who):
    sub = _draft(users, call, who)
    drafts.save_draft(
        user=users["focal"],
        submission_id=sub.pk,
        record=dict(GOOD_RECORD, title="Renamed"),
        expected_version=1,
    )
    page = as_user("focal").get(f"/en/submissions/{sub.pk}/history/").content.decode()
    assert "Renamed" in page and GOOD_RECORD["title"] in page and "focal@who.example" in page
    assert "Restore version" not in page  # only administrators restore
    admin = as_user("admin")
    page = admin.get(f"/en/submissions/{sub.pk}/history/").content.decode()
    first = sub.history.order_by("history_id").first().history_id
    response = admin.post(f"/en/submissions/{sub.pk}/history/{first}/restore/")
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.record["title"] == GOOD_RECORD["title"] and sub.version == 3


def test_dashboard_counts_per_entity_for_the_secretariat_only(as_user, users, call, who):
    _draft(users, call, who)
    assert as_user("focal").get("/en/submissions/dashboard/").status_code == 403
    page = as_user("reviewer").get("/en/submissions/dashboard/").content.decode()
    row = page.split('title="World Health Organization">WHO</a></th>')[1].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells[:2] == ["1", "1"]  # one outstanding 2024 activity, one draft
    assert "focal@who.example" in row


def test_admin_opens_a_call_from_the_web(as_user, db, users):
    assert as_user("focal").get("/en/submissions/calls/open/").status_code == 403
    response = as_user("admin").post(
        "/en/submissions/calls/open/",
        {"year": 2030, "deadline": "2099-01-31", "message": "Send yours", "title": ""},
    )
    assert response.status_code == 302
    bad = as_user("admin").post(
        "/en/submissions/calls/open/", {"year": 2031, "deadline": "2001-01-01"}
    )
    assert bad.status_code == 400 and "in the past" in bad.content.decode()


def test_template_and_export_downloads_are_word_files(as_user, users, call, who):
    response = Client().get("/en/submissions/template.docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    sub = _draft(users, call, who)
    response = as_user("focal").get(f"/en/submissions/{sub.pk}/activity.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert as_user("other_focal").get(f"/en/submissions/{sub.pk}/activity.docx").status_code == 404


def _upload(client, call, org, *files):
    """Upload, then confirm every project found (the two steps of the upload page)."""
    response = client.post(
        "/en/submissions/upload/", {"call": call.pk, "organization": org.pk, "files": list(files)}
    )
    if response.status_code != 200:
        return response
    pending = client.session["submissions_pending_upload"]
    chosen = [
        f"{f}-{p}" for f, file in enumerate(pending["files"]) for p in range(len(file["projects"]))
    ]
    confirmed = client.post(
        "/en/submissions/upload/confirm/", {"token": pending["token"], "project": chosen}
    )
    confirmed.preview = response
    return confirmed


def test_upload_of_filled_2_pagers_makes_drafts(as_user, call, who):
    good = SimpleUploadedFile("good.docx", export_activity(make_record(title="From Word")), DOCX)
    broken = SimpleUploadedFile(
        "broken.docx", export_activity(make_record(title="Broken", start_year="soon")), DOCX
    )
    response = _upload(as_user("focal"), call, who, good, broken)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 drafts were made" in page and "Start year" in response.preview.content.decode()
    titles = sorted(Submission.objects.values_list("record__title", flat=True))
    assert titles == ["Broken", "From Word"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.docx", b"%PDF-1.7\n" + b"0" * 100, "PDF"),
        ("notzip.docx", b"hello, this is text", "not a Word"),
        ("macro.docm", b"PK\x03\x04" + b"0" * 100, "macro"),
    ],
)
def test_bad_files_make_no_draft_and_say_why(as_user, call, who, name, data, message):
    response = _upload(as_user("focal"), call, who, SimpleUploadedFile(name, data))
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert Submission.objects.count() == 0


def test_zip_bomb_upload_is_refused_and_nothing_saved(as_user, call, who):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.docx", export_activity(make_record()))
        archive.writestr("bomb.docx", b"\0" * (60 * 1024 * 1024))
    response = _upload(as_user("focal"), call, who, SimpleUploadedFile("up.zip", out.getvalue()))
    assert response.status_code == 400 and "zip bomb" in response.content.decode()
    assert Submission.objects.count() == 0


def test_500_files_in_one_upload_are_refused(as_user, call, who):
    data = export_activity(make_record())
    files = [SimpleUploadedFile(f"f{n}.docx", data, DOCX) for n in range(500)]
    response = _upload(as_user("focal"), call, who, *files)
    assert response.status_code == 400
    assert "at most 200" in response.content.decode()
    assert Submission.objects.count() == 0


def test_upload_for_another_entity_is_refused(as_user, call, fao):
    good = SimpleUploadedFile("good.docx", export_activity(make_record()), DOCX)
    response = _upload(as_user("focal"), call, fao, good)
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_html_in_every_text_field_is_shown_as_text_everywhere(as_user, users, call, who):
    sub = _draft(users, call, who)
    hostile = _form(
        GOOD_RECORD,
        1,
        title=SCRIPT,
        description=SCRIPT + "\n<b>bold</b>",
        output_type=SCRIPT,
        domains=SCRIPT,
        other_partners=f"{SCRIPT} (academia)",
        contact_name=SCRIPT,
        links="https://example.org/x (" + SCRIPT + ")",
    )
    assert as_user("focal").post(f"/en/submissions/{sub.pk}/", hostile).status_code == 302
    drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=2, confirm_new=True)
    pages = [
        as_user("focal").get(f"/en/submissions/{sub.pk}/"),  # read-only once submitted
        as_user("reviewer").get(f"/en/submissions/{sub.pk}/"),
        as_user("reviewer").get(f"/en/submissions/{sub.pk}/history/"),
        as_user("reviewer").get("/en/submissions/"),
        as_user("focal").get("/en/submissions/"),
    ]
    for response in pages:
        body = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in body and "<b>bold</b>" not in body
    assert "&lt;script&gt;" in pages[0].content.decode()


def test_admin_invites_a_focal_point_and_bad_invitations_say_why(
    as_user, users, who, mailoutbox, django_capture_on_commit_callbacks
):
    admin = as_user("admin")
    assert "Invite a focal point" in admin.get("/en/submissions/dashboard/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/en/submissions/invite/",
            {"email": "new@who.example", "role": "focal_point", "organization": who.pk},
        )
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["new@who.example"] and "/account/invitation/" in (
        mailoutbox[-1].body
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/en/submissions/invite/",
            {"email": "fr@who.example", "role": "focal_point", "organization": who.pk,
             "language": "fr"},
        )  # fmt: skip
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["fr@who.example"]
    assert "/fr/account/invitation/" in mailoutbox[-1].body
    cases = [
        ({"email": "new@who.example", "role": "focal_point", "organization": who.pk}, "exists"),
        ({"email": "z@who.example", "role": "reviewer", "language": "xx"}, "valid choice"),
        ({"email": "x@who.example", "role": "focal_point"}, "at least one"),
        ({"email": "not-an-address", "role": "reviewer"}, "valid"),
        ({"email": "y@who.example", "role": "emperor"}, "valid choice"),
    ]
    for data, message in cases:
        response = admin.post("/en/submissions/invite/", data)
        assert response.status_code == 400 and message in response.content.decode(), data
    from aiatlas.accounts.models import User

    assert not User.objects.filter(
        email__in=["x@who.example", "y@who.example", "z@who.example"]
    ).exists()
    assert User.objects.get(email="fr@who.example").language == "fr"


def test_any_activity_downloads_as_a_2_pager_without_private_contact(db, old_activity):
    from aiatlas.catalog.queries import activity_record
    from aiatlas.catalog.services.activities import save_activity
    from aiatlas.submissions.docx import parse_docx

    record = activity_record(old_activity["id"])
    save_activity(
        record={**record, "contact_name": "Dr Private", "contact_email": "private@who.example"}
    )
    page = Client().get(f"/en/activities/{old_activity['id']}/").content.decode()
    assert f"/en/submissions/activities/{old_activity['id']}/2-pager.docx" in page
    response = Client().get(f"/en/submissions/activities/{old_activity['id']}/2-pager.docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    parsed = parse_docx(io.BytesIO(response.content))
    assert parsed.record["title"] == old_activity["title"]
    assert parsed.record["contact_email"] == "" and parsed.record["contact_name"] == ""
    assert Client().get("/en/submissions/activities/A999999/2-pager.docx").status_code == 404


def old_activity_id(call):
    from aiatlas.catalog.models import Activity

    return Activity.objects.get(editions__year=2024).public_id


def test_publishing_waits_for_every_decision_then_publishes_approved(as_user, users, call, who):
    from aiatlas.submissions.services import review

    sub = _draft(users, call, who)
    admin = as_user("admin")
    assert admin.post("/en/submissions/calls/2025/publish/", {}).status_code == 400  # no tick
    response = admin.post("/en/submissions/calls/2025/publish/", {"confirm": "yes"})
    assert response.status_code == 409 and "not decided yet" in response.content.decode()
    call.edition.refresh_from_db()
    assert not call.edition.is_published
    drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=1)
    review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=2)
    response = admin.post("/en/submissions/calls/2025/publish/", {"confirm": "yes"})
    # the 2024 activity was neither carried forward nor left out: that needs a choice
    assert response.status_code == 409 and old_activity_id(call) in response.content.decode()
    response = admin.post(
        "/en/submissions/calls/2025/publish/", {"confirm": "yes", "acknowledge_left_out": "yes"}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    call.edition.refresh_from_db()
    assert call.edition.is_published and sub.state == State.PUBLISHED
    page = admin.get("/en/submissions/dashboard/?year=2025").content.decode()
    assert "This edition is published." in page and "publish-form" not in page


def test_reminders_go_to_entities_with_open_work_only(
    as_user, users, call, who, fao, mailoutbox, django_capture_on_commit_callbacks
):
    _draft(users, call, who)  # WHO has a draft (and an outstanding 2024 activity)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("reviewer").post("/en/submissions/calls/2025/remind/")
    assert response.status_code == 302
    reminders = [m for m in mailoutbox if m.subject.startswith("Reminder")]
    assert [m.to for m in reminders] == [["focal@who.example"]]  # FAO has nothing open
    assert "carry forward or withdraw: 1" in reminders[0].body
    assert "drafts not yet submitted: 1" in reminders[0].body


def test_reuploading_an_exported_2_pager_updates_that_activity(as_user, call, who, old_activity):
    from aiatlas.catalog.queries import activity_record

    record = dict(activity_record(old_activity["id"]), status="completed")
    upload = SimpleUploadedFile("mine.docx", export_activity(record), DOCX)
    response = _upload(as_user("focal"), call, who, upload)
    assert response.status_code == 200 and "updates activity" in response.content.decode()
    sub = Submission.objects.get()
    assert sub.activity.public_id == old_activity["id"] and sub.action == "carry_forward"
    again = SimpleUploadedFile("again.docx", export_activity(record), DOCX)
    response = _upload(as_user("focal"), call, who, again)
    assert "already has a submission" in response.content.decode()
    assert Submission.objects.filter(activity__isnull=True).count() == 1
