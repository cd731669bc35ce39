"""Invite Member States from a CSV file, remind those who have not answered, and send the
outbox. Each invitation gets an unguessable link; only the token's SHA-256 is stored."""

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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aiatlas.catalog.models import Country
from aiatlas.survey.exceptions import BadInvitations, TokenInvalid
from aiatlas.survey.models import AccessToken, Invitation, OutboxMessage, ResponseStatus, Survey

CSV_COLUMNS = ["alpha3", "ministry", "contact_name", "contact_email"]
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


def site_url() -> str:
    from aiatlas.common.urls import site_url as configured

    return configured()


def link_for(survey: Survey, token: str, base_url: str = "") -> str:
    codes = {c for c, _name in settings.LANGUAGES}
    lang = survey.default_language if survey.default_language in codes else settings.LANGUAGE_CODE
    return f"{(base_url or site_url()).rstrip('/')}/{lang}/survey/r/{token}/"


def _message(survey: Survey, inv: Invitation, kind: str, link: str) -> OutboxMessage:
    codes = {c for c, _name in settings.LANGUAGES}
    lang = survey.default_language if survey.default_language in codes else "en"
    with translation.override(lang):
        if kind == OutboxMessage.Kind.INVITATION:
            subject = _("Invitation: %(title)s") % {"title": survey.title}
            intro = _("Your country is invited to answer the questionnaire “%(title)s”.")
        else:
            subject = _("Reminder: %(title)s") % {"title": survey.title}
            intro = _(
                "This is a reminder: the questionnaire “%(title)s” has not been "
                "submitted yet. The new link below works like the earlier one."
            )
        closes = (
            (
                _("The questionnaire closes on %(date)s.")
                % {"date": survey.closes_at.date().isoformat()}
            )
            if survey.closes_at
            else ""
        )
        body = "\n\n".join(
            x
            for x in [
                _("Dear %(name)s,")
                % {"name": inv.contact_name or inv.ministry or inv.country.name},
                intro % {"title": survey.title},
                _(
                    "Open your country's questionnaire with this personal link (no account is "
                    "needed; please do not share it outside your team):"
                ),
                link,
                closes,
            ]
            if x
        )
    return OutboxMessage(
        survey=survey,
        invitation=inv,
        kind=kind,
        to_email=inv.contact_email,
        subject=subject[:300],
        body=body,
    )


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
    """One invitation per Member State in the file; all or nothing."""
    try:
        rows = read_invitation_csv(data)
    except UnicodeDecodeError:
        raise BadInvitations(["the file is not UTF-8 text (save it as CSV UTF-8)"]) from None
    countries = {c.alpha3: c for c in Country.objects.all()}
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
        messages = []
        for _number, row in rows:
            inv = Invitation.objects.create(
                survey=survey,
                country=countries[row["alpha3"].upper()],
                ministry=row.get("ministry", "")[:300],
                contact_name=row.get("contact_name", "")[:200],
                contact_email=row["contact_email"],
            )
            link = link_for(survey, new_token(inv), base_url)
            messages.append(_message(survey, inv, OutboxMessage.Kind.INVITATION, link))
            out.append(Invited(inv.country_id, inv.contact_email, link))
        OutboxMessage.objects.bulk_create(messages)
    return out


def remind(*, survey_id: int, base_url: str = "") -> list[Invited]:
    """A reminder, with a fresh link, to every invitation not yet submitted."""
    now = timezone.now()
    out: list[Invited] = []
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey_id)
        pending = (
            survey.invitations.select_related("country")
            .exclude(response__status=ResponseStatus.SUBMITTED)
            .order_by("country_id")
        )
        messages = []
        for inv in pending:
            link = link_for(survey, new_token(inv), base_url)
            messages.append(_message(survey, inv, OutboxMessage.Kind.REMINDER, link))
            inv.reminded_at, inv.reminders = now, inv.reminders + 1
            inv.save(update_fields=["reminded_at", "reminders"])
            out.append(Invited(inv.country_id, inv.contact_email, link))
        OutboxMessage.objects.bulk_create(messages)
    return out


_LINK = re.compile(r"https?://\S+/survey/r/[A-Za-z0-9_-]{43}/")


def send_outbox(*, limit: int = 500) -> tuple[int, int]:
    """Send waiting messages with Django's e-mail backend; (sent, failed). A sent message
    keeps no link: the token lives only in the recipient's mailbox."""
    from django.core.mail import send_mail

    sent = failed = 0
    ids = list(OutboxMessage.objects.filter(sent_at=None).values_list("pk", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():
            msg = OutboxMessage.objects.select_for_update().get(pk=pk)
            if msg.sent_at:
                continue
            try:
                send_mail(msg.subject, msg.body, None, [msg.to_email])
            except Exception as exc:  # any transport error is recorded, not raised
                msg.error = str(exc)[:2000]
                msg.save(update_fields=["error"])
                failed += 1
                continue
            msg.sent_at = timezone.now()
            msg.body = _LINK.sub("[personal link removed after sending]", msg.body)
            msg.error = ""
            msg.save(update_fields=["sent_at", "body", "error"])
            sent += 1
    return sent, failed
