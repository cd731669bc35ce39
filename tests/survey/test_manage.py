"""Staff pages and the `aiatlas survey` commands: upload, preview, dates, invitations,
reminders through the outbox, and the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aiatlas.accounts.models import OutboxMessage
from aiatlas.survey.models import Invitation, Response, Survey
from tests.survey.conftest import make_xlsx, q

pytestmark = pytest.mark.django_db

CSV = (
    "alpha3,ministry,contact_name,contact_email\n"
    "KEN,Ministry of ICT,Wanjiru,w@example.org\n"
    "fra,Ministère du Numérique,Claire,c@example.org\n"
)


def test_manage_pages_need_an_administrator(client: Client, django_user_model: Any) -> None:
    r = client.get("/en/survey/manage/")
    assert r.status_code == 302 and r["Location"].startswith("/en/account/login/?next=")
    reviewer = django_user_model.objects.create_user("r@example.org", role="reviewer")
    client.force_login(reviewer)
    assert client.get("/en/survey/manage/").status_code == 403


def test_upload_form_and_refusal_lists_sheet_row_column(
    staff_client: Client, small_xlsx: bytes
) -> None:
    bad = make_xlsx([q("text", "a"), q("text", "b", relevant="pulldata('a', 'b', 'c', ${a})")])
    r = staff_client.post(
        "/en/survey/manage/", {"file": SimpleUploadedFile("bad.xlsx", bad), "title": ""}
    )
    body = r.content.decode()
    assert r.status_code == 400
    assert "survey sheet, row 3, column relevant: function &#x27;pulldata&#x27;" in body
    assert not Survey.objects.exists()
    r = staff_client.post(
        "/en/survey/manage/",
        {"file": SimpleUploadedFile("small.xlsx", small_xlsx), "title": "Pilot"},
    )
    survey = Survey.objects.get()
    assert r.status_code == 302 and survey.title == "Pilot"
    assert survey.languages == ["en", "fr"]


def test_preview_in_every_language(staff_client: Client, make_survey: Any) -> None:
    survey = make_survey()
    en = staff_client.get(f"/en/survey/manage/{survey.pk}/preview/0/").content.decode()
    fr = staff_client.get(f"/fr/survey/manage/{survey.pk}/preview/0/").content.decode()
    assert "Has a strategy?" in en and "A une stratégie ?" in fr
    detail = staff_client.get(f"/en/survey/manage/{survey.pk}/").content.decode()
    assert f"/fr/survey/manage/{survey.pk}/preview/0/" in detail


def test_set_dates_and_options(staff_client: Client, make_survey: Any) -> None:
    survey = make_survey()
    r = staff_client.post(
        f"/en/survey/manage/{survey.pk}/",
        {"title": "Renamed", "opens_at": "2030-01-01T00:00", "closes_at": "2029-01-01T00:00"},
    )
    assert r.status_code == 400 and "must come after" in r.content.decode()
    r = staff_client.post(
        f"/en/survey/manage/{survey.pk}/",
        {
            "title": "Renamed",
            "opens_at": "2030-01-01T00:00",
            "closes_at": "2030-02-01T00:00",
            "allow_edits": "on",
            "results_public": "on",
        },
    )
    survey.refresh_from_db()
    assert r.status_code == 302 and survey.title == "Renamed"
    assert survey.allow_edits and survey.results_public and survey.closes_at.month == 2


def test_invite_from_csv_and_remind_through_outbox(staff_client: Client, make_survey: Any) -> None:
    survey = make_survey()
    r = staff_client.post(
        f"/en/survey/manage/{survey.pk}/invite/",
        {"file": SimpleUploadedFile("inv.csv", CSV.encode())},
    )
    assert r.status_code == 302
    assert sorted(Invitation.objects.values_list("country_id", flat=True)) == ["FRA", "KEN"]
    msgs = list(OutboxMessage.objects.order_by("to"))
    assert [m.kind for m in msgs] == ["survey.invitation", "survey.invitation"]
    assert [m.to for m in msgs] == ["c@example.org", "w@example.org"]
    assert all(m.topic == f"survey/{survey.pk}" and m.status == "queued" for m in msgs)
    assert "/en/survey/r/" in msgs[0].body
    page = staff_client.get(f"/en/survey/manage/{survey.pk}/")
    assert "Remind 2 Member States" in page.content.decode()
    assert "2 waiting, 0 sent, 0 failed" in page.content.decode()
    staff_client.post(f"/en/survey/manage/{survey.pk}/remind/")
    assert OutboxMessage.objects.filter(kind="survey.reminder").count() == 2
    assert Invitation.objects.filter(reminders=1).count() == 2


def test_invitation_links_work_and_reminder_link_too(client: Client, make_survey: Any) -> None:
    from aiatlas.survey.services.invitations import invite_from_csv, remind

    survey = make_survey()
    first = invite_from_csv(survey_id=survey.pk, data=CSV, base_url="https://x.org")
    again = remind(survey_id=survey.pk, base_url="https://x.org")
    for link in (first[0].link, again[0].link):
        assert link.startswith("https://x.org/en/survey/r/")
        assert client.get(link.removeprefix("https://x.org")).status_code == 200


@pytest.mark.parametrize(
    ("csv_text", "error"),
    [
        ("alpha3,contact_email\nXXX,a@example.org\n", "row 2, column alpha3: 'XXX' is not"),
        (
            "alpha3,contact_email\nKEN,a@example.org\nKEN,b@example.org\n",
            "row 3, column alpha3: KEN appears twice (first on row 2)",
        ),
        ("alpha3,contact_email\nKEN,not-an-email\n", "row 2, column contact_email"),
        ("country,email\nKEN,a@example.org\n", "row 1: missing column(s) alpha3, contact_email"),
        ("alpha3,contact_email\n", "the file has no invitations"),
    ],
)
def test_bad_invitation_file_imports_nothing(make_survey: Any, csv_text: str, error: str) -> None:
    from aiatlas.survey.exceptions import BadInvitations
    from aiatlas.survey.services.invitations import invite_from_csv

    survey = make_survey()
    with pytest.raises(BadInvitations) as exc:
        invite_from_csv(survey_id=survey.pk, data=csv_text)
    assert any(error in e for e in exc.value.errors), exc.value.errors
    assert not Invitation.objects.exists() and not OutboxMessage.objects.exists()


def test_send_outbox_removes_the_link_after_sending(make_survey: Any, settings: Any) -> None:
    from aiatlas.survey.services.invitations import invite_from_csv, send_outbox

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    survey = make_survey()
    done = invite_from_csv(survey_id=survey.pk, data=CSV)
    assert send_outbox() == (2, 0)
    assert len(mail.outbox) == 2 and done[0].link in mail.outbox[0].body
    assert all(
        m.to == [address]
        for m, address in zip(mail.outbox, ["w@example.org", "c@example.org"], strict=True)
    )
    stored = OutboxMessage.objects.get(to="w@example.org")
    assert stored.status == "sent" and stored.sent_at is not None
    assert "/survey/r/" not in stored.body and not stored.secret
    assert send_outbox() == (0, 0)


def test_command_load_refused_exits_1_with_the_error_list(cli: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(make_xlsx([q("text", "a"), q("foo", "b")]))
    code, _out, err = cli("survey", "load", str(bad))
    assert code == 1
    assert "survey sheet, row 3, column type: pyxform: Unknown question type 'foo'" in err
    assert not Survey.objects.exists()


def test_command_load_invite_remind_export(cli: Any, tmp_path: Path, small_xlsx: bytes) -> None:
    form = tmp_path / "form.xlsx"
    form.write_bytes(small_xlsx)
    code, out, _err = cli("survey", "load", str(form))
    assert code == 0 and "languages en, fr" in out
    survey = Survey.objects.get()
    code, out, _ = cli("survey", "load", str(form), "--check")
    assert code == 0 and "checked, not stored" in out and Survey.objects.count() == 1
    inv = tmp_path / "inv.csv"
    inv.write_text(CSV, "utf-8")
    code, out, _ = cli("survey", "invite", str(survey.pk), str(inv))
    assert code == 0 and "2 invitation(s)" in out
    code, out, _ = cli("survey", "remind", str(survey.pk))
    assert code == 0 and "2 reminder(s)" in out
    code, out, _ = cli(
        "survey", "export", str(survey.pk), "--format", "xlsx", "--out", str(tmp_path / "r.xlsx")
    )
    assert code == 0 and (tmp_path / "r.xlsx").stat().st_size > 0
    assert cli("survey", "remind", "999")[0] == 1
    assert cli("survey")[0] == 2


def test_command_demo_loads_form_and_150_responses(cli: Any, client: Client) -> None:
    code, out, _err = cli("survey", "demo")
    assert code == 0, out
    survey = Survey.objects.get(is_demo=True)
    assert Response.objects.filter(status="submitted").count() == 150
    assert "Demo data: illustrative, not real survey responses." in out
    body = client.get(f"/en/survey/{survey.pk}/results/").content.decode()
    assert "Demo data: illustrative, not real survey responses." in body
    assert "150 of 193 invited Member States submitted" in body
    link = out.split("Answer as a Member State: ")[1].split()[0]
    assert client.get(link).status_code == 200
    code, _o, _e = cli("survey", "demo")  # again: replaces the demo, never duplicates
    assert Survey.objects.filter(is_demo=True).count() == 1


LANG_CSV = (
    "alpha3,ministry,contact_name,contact_email,language\n"
    "KEN,Ministry of ICT,Wanjiru,w@example.org,\n"
    "FRA,Ministère du Numérique,Claire,c@example.org,fr\n"
)


def test_invitation_in_the_respondents_language_opens_in_it(
    client: Client, make_survey: Any
) -> None:
    from aiatlas.survey.services.invitations import invite_from_csv

    survey = make_survey()
    done = {d.country: d for d in invite_from_csv(survey_id=survey.pk, data=LANG_CSV)}
    assert "/fr/survey/r/" in done["FRA"].link and "/en/survey/r/" in done["KEN"].link
    assert Invitation.objects.get(country_id="FRA").language == "fr"
    french = OutboxMessage.objects.get(to="c@example.org")
    assert french.language == "fr" and french.subject.startswith("Invitation :")
    assert done["FRA"].link in french.body
    page = client.get("/" + done["FRA"].link.split("/", 3)[3])
    assert page.status_code == 200 and 'lang="fr"' in page.content.decode()


def test_invitation_file_with_an_unknown_language_is_refused(make_survey: Any) -> None:
    from aiatlas.survey.exceptions import BadInvitations
    from aiatlas.survey.services.invitations import invite_from_csv

    survey = make_survey()
    with pytest.raises(BadInvitations) as exc:
        invite_from_csv(
            survey_id=survey.pk, data="alpha3,contact_email,language\nKEN,a@example.org,xx\n"
        )
    assert any("column language: 'xx'" in e for e in exc.value.errors)
    assert not OutboxMessage.objects.exists()


def test_respondent_pages_have_no_catalog_menu_or_demo_banner(
    client: Client, make_survey: Any
) -> None:
    from aiatlas.survey.services.invitations import invite_from_csv

    survey = make_survey()
    link = invite_from_csv(survey_id=survey.pk, data=CSV)[0].link
    html = client.get("/" + link.split("/", 3)[3], follow=True).content.decode()
    assert "site-header" not in html and "demo-banner" not in html
    assert "/en/activities/" not in html and 'class="survey-respondent"' in html


def test_send_button_without_mail_server_says_so(
    staff_client: Client, make_survey: Any, settings: Any
) -> None:
    from aiatlas.survey.services.invitations import invite_from_csv

    settings.EMAIL_BACKEND = "aiatlas.accounts.mail.OutboxBackend"
    survey = make_survey()
    invite_from_csv(survey_id=survey.pk, data=CSV)
    r = staff_client.post(f"/en/survey/manage/{survey.pk}/send/", follow=True)
    assert "no mail server is configured" in r.content.decode()
    assert OutboxMessage.objects.filter(status="queued").count() == 2


def test_send_button_sends_one_message_per_member_state(
    staff_client: Client, make_survey: Any
) -> None:
    from aiatlas.survey.services.invitations import invite_from_csv

    survey = make_survey()
    invite_from_csv(survey_id=survey.pk, data=CSV)
    r = staff_client.post(f"/en/survey/manage/{survey.pk}/send/", follow=True)
    assert "2 sent, 0 failed" in r.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["c@example.org", "w@example.org"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)


def test_responses_table_open_one_and_mark_checked(staff_client: Client, make_survey: Any) -> None:
    from aiatlas.survey.services.invitations import invite_from_csv

    survey = make_survey()
    invite_from_csv(survey_id=survey.pk, data=CSV)
    ken = Invitation.objects.get(country_id="KEN")
    Response.objects.create(invitation=ken, answers={}, status="submitted")
    table = staff_client.get(f"/en/survey/manage/{survey.pk}/responses/")
    assert table.status_code == 200
    html = table.content.decode()
    assert "Kenya" in html and "not started" in html and "responses.csv" in html
    one = staff_client.get(f"/en/survey/manage/{survey.pk}/responses/{ken.pk}/")
    assert one.status_code == 200 and "Mark as checked" in one.content.decode()
    r = staff_client.post(
        f"/en/survey/manage/{survey.pk}/responses/{ken.pk}/check/", {"checked": "1"}, follow=True
    )
    assert "Marked as checked" in r.content.decode()
    ken.response.refresh_from_db()
    assert ken.response.checked_at is not None and ken.response.checked_by is not None
    staff_client.post(f"/en/survey/manage/{survey.pk}/responses/{ken.pk}/check/", {"checked": "0"})
    ken.response.refresh_from_db()
    assert ken.response.checked_at is None


def test_check_without_response_is_404_and_staff_only(
    staff_client: Client, make_survey: Any
) -> None:
    from aiatlas.survey.services.invitations import invite_from_csv

    survey = make_survey()
    invite_from_csv(survey_id=survey.pk, data=CSV)
    fra = Invitation.objects.get(country_id="FRA")
    url = f"/en/survey/manage/{survey.pk}/responses/{fra.pk}/check/"
    assert staff_client.post(url).status_code == 404
    assert staff_client.get(f"/en/survey/manage/{survey.pk}/responses/99999/").status_code == 404
    assert Client().get(f"/en/survey/manage/{survey.pk}/responses/").status_code == 302
