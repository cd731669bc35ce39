"""The one outbox: one message per recipient in the recipient's language with a working
link, delivery by the task (locmem backend in tests), the Send button, the secretariat's
texts with checked placeholders and a preview, the reviewers' notices and digest."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from aiatlas.accounts.mail import MailNotConfigured, deliver_queued, send_to_each
from aiatlas.accounts.models import MessageTemplate, OutboxMessage, Role, User

pytestmark = pytest.mark.django_db(transaction=True)
OUTBOX = "aiatlas.accounts.mail.OutboxBackend"
SITE = "https://atlas.example.org"


@pytest.fixture(autouse=True)
def site(settings: Any) -> None:
    settings.SITE_URL = SITE


def _path(link: str) -> str:
    assert link.startswith(SITE + "/"), link
    return link.removeprefix(SITE)


def _people(make_user: Any, org: Any) -> dict[str, User]:
    return {
        "fr": make_user("fr@who.example", Role.FOCAL_POINT, [org], language="fr"),
        "en": make_user("en@who.example", Role.FOCAL_POINT, [org]),
        "admin": make_user("chief@un.example", Role.ADMIN),
    }


def test_send_to_each_one_message_per_recipient_language_and_link(make_user, org, settings):
    settings.EMAIL_BACKEND = OUTBOX
    people = _people(make_user, org)
    rows = send_to_each(
        [people["fr"], people["en"], "en@who.example", "nobody@else.example"],
        kind="submission.to_review",
        values={"title": "Flood maps", "organization": "WHO"},
        link=("accounts:profile", {}),
    )
    assert [r.to for r in rows] == ["fr@who.example", "en@who.example", "nobody@else.example"]
    by_to = {r.to: r for r in OutboxMessage.objects.all()}
    assert by_to["fr@who.example"].language == "fr"
    assert by_to["fr@who.example"].subject == "À examiner : Flood maps"
    assert by_to["fr@who.example"].link == f"{SITE}/fr/account/"
    assert by_to["en@who.example"].subject == "To review: Flood maps"
    assert by_to["nobody@else.example"].language == "en"  # not a user: the site's language
    assert all(r.link in r.body and "127.0.0.1" not in r.body for r in by_to.values())


def test_delivery_task_sends_each_message_to_its_one_recipient(
    make_user, org, client, django_capture_on_commit_callbacks
):
    from django.db import transaction

    people = _people(make_user, org)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_to_each(
            [people["fr"], people["en"]],
            kind="submission.approved",
            values={"title": "Flood maps", "public_id": "A000001", "edition": "AI 2025"},
            link=("accounts:profile", {}),
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["en@who.example", "fr@who.example"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    client.force_login(people["fr"])
    for message in mail.outbox:
        link = next(w for w in message.body.split() if w.startswith(SITE))
        assert client.get(_path(link)).status_code == 200


def test_transport_failure_marks_failed_and_send_button_retries(make_user, client, settings):
    settings.EMAIL_BACKEND = "tests.accounts.failing_backend.FailingBackend"
    admin = make_user("chief@un.example", Role.ADMIN)
    send_to_each(["a@x.org"], kind="review.digest", values={"count": 1, "items": "-"})
    message = OutboxMessage.objects.get()
    assert message.status == "failed" and "SMTP server said no" in message.error
    client.force_login(admin)
    page = client.get("/en/account/outbox/?status=failed").content.decode()
    assert "SMTP server said no" in page and "Send 1 message" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    r = client.post("/en/account/outbox/send/", follow=True)
    assert "1 sent, 0 failed" in r.content.decode()
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2


def test_without_mail_server_messages_wait_and_send_is_refused(make_user, client, settings):
    settings.EMAIL_BACKEND = OUTBOX
    send_to_each(["a@x.org"], kind="review.digest", values={"count": 1, "items": "-"})
    with pytest.raises(MailNotConfigured):
        deliver_queued()
    client.force_login(make_user("chief@un.example", Role.ADMIN))
    r = client.post("/en/account/outbox/send/", follow=True)
    assert "no mail server is configured" in r.content.decode()
    assert OutboxMessage.objects.get().status == "queued"


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.FOCAL_POINT])
def test_outbox_send_and_texts_are_for_administrators(make_user, client, role):
    client.force_login(make_user("x@un.example", role))
    assert client.post("/en/account/outbox/send/").status_code == 403
    assert client.get("/en/account/outbox/texts/").status_code == 403
    assert client.get("/en/account/outbox/texts/call.opened/").status_code == 403


def test_message_text_unknown_placeholder_is_a_form_error(make_user, client):
    client.force_login(make_user("chief@un.example", Role.ADMIN))
    url = "/en/account/outbox/texts/call.opened/"
    typed = "Hello {name}, the deadline is {deadlin}. {link}"
    r = client.post(
        url,
        {
            "language": "en",
            "edition": "",
            "subject": "Call {edition}",
            "body": typed,
            "action": "save",
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "unknown placeholder(s): {deadlin}" in html and "{deadlin}" in html  # kept typed
    assert not MessageTemplate.objects.exists()
    r = client.post(
        url, {"language": "en", "subject": "Call {edition", "body": "x", "action": "preview"}
    )
    assert r.status_code == 400 and "braces do not match" in r.content.decode()


def test_message_text_preview_save_and_used_per_edition(make_user, client, org):
    from aiatlas.catalog.models import Edition

    edition = Edition.objects.create(year=2030, title="AI 2030")
    client.force_login(make_user("chief@un.example", Role.ADMIN))
    url = "/en/account/outbox/texts/call.opened/"
    form = {
        "language": "fr",
        "edition": str(edition.pk),
        "subject": "Appel {edition}",
        "body": "Bonjour {name}, avant le {deadline} : {link}",
    }
    r = client.post(url, {**form, "action": "preview"})
    assert r.status_code == 200 and "Appel AI 2030" in r.content.decode()
    assert not MessageTemplate.objects.exists()
    r = client.post(url, {**form, "action": "save"}, follow=True)
    assert "Saved" in r.content.decode()
    person = make_user("fr@who.example", Role.FOCAL_POINT, [org], language="fr")
    send_to_each(
        [person],
        kind="call.opened",
        values={"edition": "AI 2030", "deadline": "2030-03-01"},
        link=("accounts:profile", {}),
        edition_id=edition.pk,
    )
    sent = OutboxMessage.objects.get(to="fr@who.example")
    assert sent.subject == "Appel AI 2030"
    assert sent.body == f"Bonjour fr@who.example, avant le 2030-03-01 : {SITE}/fr/account/"
    client.post(url, {**form, "action": "reset"})
    assert not MessageTemplate.objects.exists()


def test_unknown_kind_of_text_is_404(make_user, client):
    client.force_login(make_user("chief@un.example", Role.ADMIN))
    assert client.get("/en/account/outbox/texts/nope/").status_code == 404


def test_outbox_command_shows_state(cli, settings):
    settings.EMAIL_BACKEND = OUTBOX
    send_to_each(["a@x.org"], kind="review.digest", values={"count": 2, "items": "- x"})
    code, out, _ = cli("outbox")
    assert code == 0 and "To: a@x.org" in out and "queued" in out
