"""Mail in the recipient's language, through Django's locmem mail backend: survey
invitations and reminders, account invitations, call reminders and review messages are
written in each recipient's language, link to that language's pages, and write dates in
that language; a respondent opening the link answers in the invitation's language."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core import mail
from django.utils import timezone

ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")


def _arabic_only(text: str, data: set[str]) -> bool:
    """Arabic text with no English word but the data (names, titles, URLs)."""
    for item in data:
        text = text.replace(item, "")
    text = re.sub(r"https?://\S+|\S+@\S+", "", text)
    return bool(ARABIC.search(text)) and not LATIN_WORD.search(text)


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_survey_invitation_and_reminder_are_in_the_invitees_language(
    make_survey: Any, settings: Any, client: Any
) -> None:
    from aiatlas.survey.services.invitations import invite_from_csv, remind, send_outbox

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    survey = make_survey()
    survey.closes_at = timezone.now() + timedelta(days=30)
    survey.save(update_fields=["closes_at"])
    invited = invite_from_csv(
        survey_id=survey.pk,
        data="alpha3,contact_name,contact_email,language\n"
        "EGY,Amina,amina@example.org,ar\nFRA,Claire,claire@example.org,fr\n",
    )
    remind(survey_id=survey.pk)
    send_outbox()
    by_address: dict[str, list[Any]] = {}
    for m in mail.outbox:
        by_address.setdefault(m.to[0], []).append(m)
    assert len(by_address["amina@example.org"]) == 2  # invitation, reminder
    data = {survey.title, "Amina"}
    for m in by_address["amina@example.org"]:
        assert _arabic_only(m.subject + "\n" + m.body, data), m.body
        links = _links(m.body)
        assert links and all("/ar/survey/r/" in link for link in links), links
    for m in by_address["claire@example.org"]:
        assert all("/fr/survey/r/" in link for link in _links(m.body))
        assert "Madame, Monsieur" in m.body or "Bonjour" in m.body or "Claire" in m.body
    # the closing date is written with the language's month names, not ISO or English
    ar_month = timezone.localtime(survey.closes_at).date()
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("ar"):
        expected = date_format(ar_month, "DATE_FORMAT")
    assert expected in by_address["amina@example.org"][0].body
    # the respondent's pages open in the invitation's language
    link = next(i.link for i in invited if i.email == "amina@example.org")
    page = client.get(link[link.index("/ar/") :], follow=True)
    assert page.status_code == 200
    assert 'lang="ar"' in page.content.decode() and 'dir="rtl"' in page.content.decode()


def test_account_invitation_and_review_mail_follow_each_users_language(
    db: None, settings: Any
) -> None:
    from aiatlas.accounts.mail import deliver_queued
    from aiatlas.accounts.models import Role, User
    from aiatlas.accounts.services import invite_user
    from aiatlas.catalog.services.demo import load_un_entities

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_un_entities()
    admin = User.objects.create_user(email="admin@example.org", role=Role.ADMIN)
    arabic = User.objects.create_user(email="ar@example.org", role=Role.FOCAL_POINT, language="ar")
    russian = User.objects.create_user(email="ru@example.org", role=Role.REVIEWER, language="ru")
    for user in (arabic, russian):
        link = invite_user(user=user, invited_by=admin)
        assert f"/{user.language}/account/invitation/" in link
    deliver_queued()
    sent = {m.to[0]: m for m in mail.outbox}
    assert _arabic_only(sent["ar@example.org"].body, {"aiatlas"})
    assert all("/ar/" in link for link in _links(sent["ar@example.org"].body))
    assert re.search(r"[\u0400-\u04FF]", sent["ru@example.org"].body)
    assert all("/ru/" in link for link in _links(sent["ru@example.org"].body))
