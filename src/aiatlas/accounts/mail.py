"""The one outbox. Every e-mail the application writes becomes one
:class:`~aiatlas.accounts.models.OutboxMessage` per recipient (never a shared To: line),
written in the recipient's language. When a mail server is configured (``EMAIL_BACKEND``
is not :class:`OutboxBackend`), committing the transaction queues a background task, and
the worker hands the queued messages to the server (:func:`deliver_queued`); without one,
messages wait in the outbox, where administrators read them (web page ``accounts:outbox``
and ``aiatlas outbox``).

Writing a message: :func:`send_to_each` (users or addresses, a kind of
:mod:`aiatlas.accounts.kinds`, a link to the item) or :func:`queue_message` (one recipient,
any text)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from aiatlas import config
from aiatlas.accounts.kinds import KINDS, fill
from aiatlas.common.links import absolute_url

logger = logging.getLogger(__name__)

OUTBOX_BACKEND = "aiatlas.accounts.mail.OutboxBackend"
REDACTED = "[personal link removed after sending]"
#: messages handed to the mail server per task run (the rest wait for the next run)
BATCH = 500

#: a link to the item: ("url-name", {kwargs}) reversed in the recipient's language, or a
#: function of the language code returning a path or an absolute URL
LinkSpec = tuple[str, dict[str, Any]] | Callable[[str], str] | None


class MailNotConfigured(Exception):
    """No mail server is configured: messages wait in the outbox."""


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    language: str = ""


def site_language() -> str:
    return str(settings.LANGUAGE_CODE)


def language_or_site(code: str | None) -> str:
    """``code`` when it is one of the site's languages, else the site's language."""
    codes = {c for c, _name in settings.LANGUAGES}
    return code if code in codes else site_language()


def recipient_of(who: Any) -> Recipient:
    """A :class:`Recipient` for a user, an address (its user's language when there is
    one) or a Recipient."""
    if isinstance(who, Recipient):
        return Recipient(who.email, who.name, language_or_site(who.language))
    if isinstance(who, str):
        from aiatlas.accounts.models import User

        user = User.objects.filter(email__iexact=who.strip()).first()
        if user is None:
            return Recipient(who.strip(), "", site_language())
        who = user
    name = (who.get_full_name() or "").strip() if hasattr(who, "get_full_name") else ""
    return Recipient(str(who.email), name, language_or_site(getattr(who, "language", "")))


def link_for(spec: LinkSpec, language: str) -> str:
    """The absolute link of ``spec`` in ``language`` (``/<lang>/...``), or ""."""
    if spec is None:
        return ""
    with translation.override(language):
        path = spec(language) if callable(spec) else reverse(spec[0], kwargs=spec[1])
    return absolute_url(path)


def template_text(kind: str, *, language: str, edition_id: int | None = None) -> tuple[str, str]:
    """(subject, body) of ``kind`` in ``language``: the secretariat's text for the edition,
    else its text for every edition, else the built-in text."""
    from aiatlas.accounts.models import MessageTemplate

    rows = MessageTemplate.objects.filter(kind=kind, language=language)
    found = None
    if edition_id is not None:
        found = rows.filter(edition_id=edition_id).first()
    found = found or rows.filter(edition=None).first()
    if found is not None:
        return found.subject, found.body
    base = KINDS[kind]
    with translation.override(language):
        return str(base.subject), str(base.body)


def compose(
    kind: str, *, language: str, values: dict[str, Any], edition_id: int | None = None
) -> tuple[str, str]:
    """The subject and body of one message of ``kind``, in ``language``."""
    subject, body = template_text(kind, language=language, edition_id=edition_id)
    text_values = {k: "" if v is None else str(v) for k, v in values.items()}
    with translation.override(language):
        return " ".join(fill(subject, text_values).split())[:998], fill(body, text_values)


def queue_message(
    *,
    to: str,
    subject: str,
    body: str,
    language: str = "",
    kind: str = "",
    topic: str = "",
    link: str = "",
    secret: str = "",
) -> Any:
    """Keep one message to one recipient in the outbox; it goes out after the commit."""
    from aiatlas.accounts.models import OutboxMessage

    message = OutboxMessage.objects.create(
        from_email=str(settings.DEFAULT_FROM_EMAIL)[:300],
        to=to.strip()[:254],
        subject=subject[:998],
        body=body,
        language=language_or_site(language),
        kind=kind[:40],
        topic=topic[:60],
        link=link[:500],
        secret=secret[:500],
    )
    schedule_delivery()
    return message


def send_to_each(
    recipients: Iterable[Any],
    *,
    kind: str,
    values: dict[str, Any] | None = None,
    link: LinkSpec = None,
    edition_id: int | None = None,
    topic: str = "",
) -> list[Any]:
    """One message of ``kind`` to each recipient (users, addresses or Recipients; the same
    address once), each in its recipient's language with its own link. Returns the rows."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of message {kind!r}")
    seen: set[str] = set()
    rows = []
    for who in recipients:
        if not who:
            continue
        person = recipient_of(who)
        if not person.email or person.email.lower() in seen:
            continue
        seen.add(person.email.lower())
        url = link_for(link, person.language)
        subject, body = compose(
            kind,
            language=person.language,
            values={**(values or {}), "name": person.name or person.email, "link": url},
            edition_id=edition_id,
        )
        rows.append(
            queue_message(
                to=person.email,
                subject=subject,
                body=body,
                language=person.language,
                kind=kind,
                topic=topic,
                link=url,
            )
        )
    return rows


# -- delivery ---------------------------------------------------------------------------


def transport_configured() -> bool:
    """Whether a mail server (or a test backend) takes the messages out of the outbox."""
    return str(settings.EMAIL_BACKEND) != OUTBOX_BACKEND


def schedule_delivery() -> None:
    """After the current transaction commits, queue one delivery task (when a mail server
    is configured; otherwise the messages wait in the outbox)."""
    if not transport_configured():
        return
    here = set(connection.savepoint_ids)
    if any(e[1] is _enqueue_delivery and e[0] == here for e in connection.run_on_commit):
        return  # one task per transaction is enough: it sends every queued message
    transaction.on_commit(_enqueue_delivery)


def _enqueue_delivery() -> None:
    from aiatlas.accounts.tasks import deliver_outbox_task

    backend = config.mail_task_backend()
    try:
        deliver_outbox_task.using(backend=backend).enqueue()
    except Exception:  # the messages stay queued; the Send button or next task sends them
        logger.exception("could not queue the delivery of the outbox")


def deliver_queued(
    *, ids: Sequence[int] | None = None, retry_failed: bool = False, limit: int = BATCH
) -> tuple[int, int]:
    """Hand queued messages (also failed ones with ``retry_failed``) to the mail server,
    one by one; returns (sent, failed). Each message is locked while it is sent, so two
    workers never send the same one. :class:`MailNotConfigured` without a mail server."""
    from aiatlas.accounts.models import OutboxMessage

    if not transport_configured():
        raise MailNotConfigured(
            "no mail server is configured (set AIATLAS_EMAIL_HOST): messages wait in the outbox"
        )
    statuses = [OutboxMessage.Status.QUEUED]
    if retry_failed:
        statuses.append(OutboxMessage.Status.FAILED)
    todo = OutboxMessage.objects.filter(status__in=statuses)
    if ids is not None:
        todo = todo.filter(pk__in=list(ids))
    pks = list(todo.order_by("created_at", "id").values_list("pk", flat=True)[:limit])
    sent = failed = 0
    mail_server = get_connection()
    for pk in pks:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=statuses)
                .first()
            )
            if message is None:  # sent meanwhile, or another worker holds it
                continue
            message.attempts += 1
            email = EmailMessage(
                message.subject, message.body, message.from_email or None, [message.to]
            )
            try:
                mail_server.send_messages([email])
            except Exception as exc:  # any transport error is recorded, not raised
                message.status = OutboxMessage.Status.FAILED
                message.error = f"{type(exc).__name__}: {exc}"[:2000]
                message.save(update_fields=["status", "error", "attempts"])
                failed += 1
                continue
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.error = ""
            if message.secret:  # the personal link lives only in the recipient's mailbox
                message.body = message.body.replace(message.secret, REDACTED)
                message.link = "" if message.link == message.secret else message.link
                message.secret = ""
            message.save(
                update_fields=["status", "sent_at", "error", "body", "link", "secret", "attempts"]
            )
            sent += 1
    return sent, failed


class OutboxBackend(BaseEmailBackend):
    """Django e-mail backend used when no mail server is configured: mail that Django
    itself writes (password reset) is kept in the outbox too, one row per recipient."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        count = 0
        for message in email_messages:
            for address in [*message.to, *message.cc, *message.bcc]:
                queue_message(to=str(address), subject=str(message.subject), body=str(message.body))
            count += 1
        return count


# -- the secretariat's texts ----------------------------------------------------------------


def check_texts(kind: str, *, subject: str, body: str) -> None:
    """:class:`~aiatlas.accounts.kinds.PlaceholderError` when the subject or the body
    names a placeholder that ``kind`` does not know, or has unbalanced braces."""
    from aiatlas.accounts.kinds import check_template

    check_template(KINDS[kind], subject)
    check_template(KINDS[kind], body)


def preview(
    kind: str, *, language: str, subject: str, body: str, edition_title: str = ""
) -> tuple[str, str]:
    """The texts filled with the kind's sample values (after :func:`check_texts`)."""
    check_texts(kind, subject=subject, body=body)
    base = KINDS[kind]
    with translation.override(language):
        values = {name: f"[{name}]" for name in base.placeholders} | {
            k: str(v) for k, v in base.sample.items()
        }
        values |= {
            "name": "Ada Example",
            "link": absolute_url(f"/{language}/submissions/1/"),
            "edition": edition_title or "United Nations Activities on AI 2025",
            "title": "Crop disease detection from phone photos",
            "organization": "FAO",
            "deadline": timezone.localdate().isoformat(),
        }
        values = {k: v for k, v in values.items() if k in base.placeholders}
        return " ".join(fill(subject, values).split()), fill(body, values)


def save_template(
    *,
    user: Any,
    kind: str,
    language: str,
    edition_id: int | None,
    subject: str,
    body: str,
) -> Any:
    """Store the secretariat's text of ``kind`` (checked placeholders) for one language and
    edition (``None``: every edition)."""
    from aiatlas.accounts.models import MessageTemplate

    if kind not in KINDS:
        raise ValueError(f"unknown kind of message {kind!r}")
    check_texts(kind, subject=subject, body=body)
    with transaction.atomic():
        row, _created = MessageTemplate.objects.update_or_create(
            kind=kind,
            language=language_or_site(language),
            edition_id=edition_id,
            defaults={
                "subject": subject.strip()[:300],
                "body": body,
                "updated_by": user if getattr(user, "pk", None) else None,
            },
        )
    return row


def reset_template(*, kind: str, language: str, edition_id: int | None) -> int:
    """Back to the built-in text; returns how many stored texts were removed."""
    from aiatlas.accounts.models import MessageTemplate

    deleted, _detail = MessageTemplate.objects.filter(
        kind=kind, language=language, edition_id=edition_id
    ).delete()
    return deleted
