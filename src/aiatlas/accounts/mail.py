"""Mail without an SMTP server: :class:`OutboxBackend` keeps each message in the database,
where administrators read it (web page ``accounts:outbox`` and ``aiatlas outbox``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class OutboxBackend(BaseEmailBackend):
    """Django e-mail backend that stores messages as :class:`OutboxMessage` rows."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from aiatlas.accounts.models import OutboxMessage

        rows = [
            OutboxMessage(
                from_email=str(message.from_email or "")[:300],
                to="\n".join(str(a) for a in [*message.to, *message.cc, *message.bcc]),
                subject=str(message.subject)[:998],
                body=str(message.body),
            )
            for message in email_messages
        ]
        OutboxMessage.objects.bulk_create(rows)
        return len(rows)
