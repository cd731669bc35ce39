"""The workflow's e-mails through the one outbox: one message per recipient, in the
recipient's language, each with a working link to its item (resolved with the client)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from aiatlas.accounts.models import OutboxMessage, User
from aiatlas.submissions.services import drafts, review
from tests.submissions.test_workflow import GOOD_RECORD

pytestmark = pytest.mark.django_db
OUTBOX = "aiatlas.accounts.mail.OutboxBackend"
SITE = "https://atlas.example.org"


@pytest.fixture
def w(users, call, who, settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = OUTBOX
    User.objects.filter(email="focal@who.example").update(language="fr")
    User.objects.filter(email="reviewer@example.org").update(language="es")
    return {**{k: User.objects.get(pk=u.pk) for k, u in users.items()}, "call": call, "who": who}


def _path(link: str) -> str:
    assert link.startswith(SITE + "/"), link
    return link.removeprefix(SITE)


def _submit(w: dict[str, Any]) -> Any:
    sub = drafts.start_draft(
        user=w["focal"], call_id=w["call"].pk, organization_id=w["who"].pk, record=dict(GOOD_RECORD)
    )
    return drafts.submit(user=w["focal"], submission_id=sub.pk, expected_version=sub.version)


def _check_every_message(client: Client) -> int:
    """One recipient, the recipient's language, a link in that language that opens."""
    people = {u.email: u for u in User.objects.all()}
    checked = 0
    for message in OutboxMessage.objects.all():
        assert "\n" not in message.to and "," not in message.to
        person = people[message.to]
        lang = person.language or "en"
        assert message.language == lang, (message.kind, message.to)
        assert message.link and message.link in message.body, message.kind
        assert _path(message.link).startswith(f"/{lang}/")
        client.force_login(person)
        assert client.get(_path(message.link)).status_code == 200, message.link
        checked += 1
    return checked


def test_reviewer_notified_changes_and_approval_link_to_the_submission(w, client):
    sub = _submit(w)
    notice = OutboxMessage.objects.get(kind="submission.to_review")
    assert notice.to == "reviewer@example.org" and notice.language == "es"
    assert notice.link == f"{SITE}/es/submissions/{sub.pk}/"
    sub = review.request_changes(
        user=w["reviewer"],
        submission_id=sub.pk,
        expected_version=sub.version,
        reasons=["missing_information"],
        comment="Add the project page",
    )
    changed = OutboxMessage.objects.get(kind="submission.changes_requested")
    assert changed.to == "focal@who.example" and changed.language == "fr"
    assert changed.subject.startswith("Modifications demandées")
    assert "Add the project page" in changed.body
    assert changed.link == f"{SITE}/fr/submissions/{sub.pk}/"
    sub = drafts.submit(user=w["focal"], submission_id=sub.pk, expected_version=sub.version)
    review.approve(user=w["reviewer"], submission_id=sub.pk, expected_version=sub.version)
    approved = OutboxMessage.objects.get(kind="submission.approved")
    assert approved.link == f"{SITE}/fr/submissions/{sub.pk}/"
    assert _check_every_message(client) == 4


def test_entity_approver_then_reviewers_are_told(w, fao, client):
    sub = drafts.start_draft(
        user=w["admin"],
        call_id=w["call"].pk,
        organization_id=fao.pk,
        record=dict(GOOD_RECORD),
    )
    sub = drafts.submit(user=w["admin"], submission_id=sub.pk, expected_version=sub.version)
    to_approve = OutboxMessage.objects.get(kind="submission.to_approve")
    assert to_approve.to == "approver@fao.example"
    review.approve_for_entity(
        user=w["approver"], submission_id=sub.pk, expected_version=sub.version
    )
    assert OutboxMessage.objects.get(kind="submission.to_review").to == "reviewer@example.org"
    assert _check_every_message(client) == 2


def test_call_opened_is_one_message_per_person_never_a_shared_to(w, client):
    from aiatlas.submissions.services.calls import open_call

    open_call(user=w["admin"], year=2026, deadline=datetime.date(2099, 1, 1), message="Go")
    rows = OutboxMessage.objects.filter(kind="call.opened")
    assert sorted(rows.values_list("to", flat=True)) == [
        "approver@fao.example",
        "focal@fao.example",
        "focal@who.example",
    ]
    assert rows.get(to="focal@who.example").subject.startswith("Appel à contributions")
    assert _check_every_message(client) == 3


def test_review_digest_instead_of_one_notice_per_submission(w, settings):
    from aiatlas.submissions.services.notifications import send_review_digest

    settings.AIATLAS_REVIEW_DIGEST = True
    sub = _submit(w)
    assert not OutboxMessage.objects.filter(kind="submission.to_review").exists()
    assert send_review_digest() == 1
    digest = OutboxMessage.objects.get(kind="review.digest")
    assert digest.to == "reviewer@example.org" and GOOD_RECORD["title"] in digest.body
    assert f"{SITE}/es/submissions/{sub.pk}/" in digest.body
    assert send_review_digest() == 0  # once a day
