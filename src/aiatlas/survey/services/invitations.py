"""Invite Member States from a CSV file and remind those who have not answered, through the
one outbox (``aiatlas.accounts.mail``). Each invitation gets an unguessable link in its
language; only the token's SHA-256 is stored, and the outbox drops the link once sent."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aiatlas.accounts.mail import compose, deliver_queued, queue_message
from aiatlas.catalog.models import Country
from aiatlas.common.links import absolute_url
from aiatlas.survey.exceptions import BadInvitations, TokenInvalid
from aiatlas.survey.models import AccessToken, Invitation, ResponseStatus, Survey

CSV_COLUMNS = ["alpha3", "ministry", "contact_name", "contact_email", "language"]
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    AccessToken.objects.create(invitation=invitation, token_hash=hash_token(token))
    return token


def find_invitation(token: str) -> Invitation:
    """The invitation of a link token; TokenInvalid when unknown, tampered or expired."""
    if not _TOKEN.match(token or ""):
        raise TokenInvalid("malformed token")
    row = (
        AccessToken.objects.select_related("invitation__survey", "invitation__country")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if row is None:
        raise TokenInvalid("unknown token")
    if row.expires_at and row.expires_at <= timezone.now():
        raise TokenInvalid("expired token")
    return row.invitation


def survey_language(survey: Survey, code: str = "") -> str:
    """``code`` when it is a site language, else the survey's, else the site's language."""
    codes = {c for c, _name in settings.LANGUAGES}
    for candidate in (code, survey.default_language):
        if candidate in codes:
            return candidate
    return str(settings.LANGUAGE_CODE)


def link_for(survey: Survey, token: str, language: str = "", base_url: str = "") -> str:
    """The respondent's personal link, opening in ``language`` (``/<lang>/survey/r/…``),
    on the public site (``SITE_URL``) unless ``base_url`` is given."""
    path = f"/{survey_language(survey, language)}/survey/r/{token}/"
    return f"{base_url.rstrip('/')}{path}" if base_url else absolute_url(path)


def _queue(survey: Survey, inv: Invitation, kind: str, link: str) -> None:
    lang = survey_language(survey, inv.language)
    with translation.override(lang):
        closes = (
            (
                _("The questionnaire closes on %(date)s.")
                % {"date": date_format(timezone.localtime(survey.closes_at).date(), "DATE_FORMAT")}
            )
            if survey.closes_at
            else ""
        )
    subject, body = compose(
        f"survey.{kind}",
        language=lang,
        values={
            "name": inv.contact_name or inv.ministry or inv.country.name,
            "survey": survey.title,
            "closes": closes,
            "link": link,
        },
    )
    queue_message(
        to=inv.contact_email,
        subject=subject[:300],
        body=body,
        language=lang,
        kind=f"survey.{kind}",
        topic=topic_of(survey),
        link=link,
        secret=link,
    )


def topic_of(survey: Survey) -> str:
    """The outbox topic of a survey's messages."""
    return f"survey/{survey.pk}"


@dataclass
class Invited:
    country: str
    email: str
    link: str


def read_invitation_csv(data: bytes | str) -> list[tuple[int, dict[str, str]]]:
    text = data.decode("utf-8-sig", errors="strict") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("alpha3", "contact_email") if c not in header]
    if missing:
        raise BadInvitations(
            [f"row 1: missing column(s) {', '.join(missing)} (expected {', '.join(CSV_COLUMNS)})"]
        )
    rows = []
    for number, raw in enumerate(reader, start=2):
        row = {
            (k or "").strip().lower(): (v or "").strip()
            for k, v in raw.items()
            if isinstance(v, str)
        }
        if any(row.values()):
            rows.append((number, row))
    return rows


def invite_from_csv(*, survey_id: int, data: bytes | str, base_url: str = "") -> list[Invited]:
    """One invitation per Member State in the file, each e-mailed through the outbox in
    its language (the optional ``language`` column, else the survey's); all or nothing."""
    try:
        rows = read_invitation_csv(data)
    except UnicodeDecodeError:
        raise BadInvitations(["the file is not UTF-8 text (save it as CSV UTF-8)"]) from None
    countries = {c.alpha3: c for c in Country.objects.all()}
    codes = {c for c, _name in settings.LANGUAGES}
    errors: list[str] = []
    seen: dict[str, int] = {}
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey_id)
        already = set(survey.invitations.values_list("country_id", flat=True))
        for number, row in rows:
            code = row.get("alpha3", "").upper()
            if code not in countries:
                errors.append(
                    f"row {number}, column alpha3: {code or '(empty)'!r} is not an "
                    "ISO 3166 alpha-3 code"
                )
            elif code in seen:
                errors.append(
                    f"row {number}, column alpha3: {code} appears twice (first on row {seen[code]})"
                )
            elif code in already:
                errors.append(f"row {number}, column alpha3: {code} is already invited")
            seen.setdefault(code, number)
            language = row.get("language", "").lower()
            if language and language not in codes:
                errors.append(
                    f"row {number}, column language: {language!r} is not one of "
                    f"{', '.join(sorted(codes))}"
                )
            try:
                validate_email(row.get("contact_email", ""))
            except ValidationError:
                errors.append(
                    f"row {number}, column contact_email: "
                    f"{row.get('contact_email', '')!r} is not an e-mail address"
                )
        if not rows:
            errors.append("the file has no invitations")
        if errors:
            raise BadInvitations(errors)
        out: list[Invited] = []
        for _number, row in rows:
            inv = Invitation.objects.create(
                survey=survey,
                country=countries[row["alpha3"].upper()],
                ministry=row.get("ministry", "")[:300],
                contact_name=row.get("contact_name", "")[:200],
                contact_email=row["contact_email"],
                language=survey_language(survey, row.get("language", "").lower()),
            )
            link = link_for(survey, new_token(inv), inv.language, base_url)
            _queue(survey, inv, "invitation", link)
            out.append(Invited(inv.country_id, inv.contact_email, link))
    return out


def pending_invitations(survey: Survey) -> QuerySet[Invitation]:
    """The invitations of ``survey`` not yet submitted (those a reminder goes to)."""
    return (
        survey.invitations.select_related("country")
        .exclude(response__status=ResponseStatus.SUBMITTED)
        .order_by("country_id")
    )


def remind(*, survey_id: int, base_url: str = "") -> list[Invited]:
    """A reminder, with a fresh link, to every invitation not yet submitted."""
    now = timezone.now()
    out: list[Invited] = []
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey_id)
        for inv in pending_invitations(survey):
            link = link_for(survey, new_token(inv), inv.language, base_url)
            _queue(survey, inv, "reminder", link)
            inv.reminded_at, inv.reminders = now, inv.reminders + 1
            inv.save(update_fields=["reminded_at", "reminders"])
            out.append(Invited(inv.country_id, inv.contact_email, link))
    return out


def send_outbox(*, limit: int = 500) -> tuple[int, int]:
    """Send the waiting messages of the one outbox now; (sent, failed).
    :class:`~aiatlas.accounts.mail.MailNotConfigured` without a mail server."""
    return deliver_queued(retry_failed=True, limit=limit)
