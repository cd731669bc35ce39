"""Background tasks of accounts (django-tasks; `aiatlas worker` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_outbox_task() -> dict[str, int]:
    """Hand the queued messages of the outbox to the mail server."""
    from aiatlas.accounts.mail import MailNotConfigured, deliver_queued

    try:
        sent, failed = deliver_queued()
    except MailNotConfigured:
        return {"sent": 0, "failed": 0}
    return {"sent": sent, "failed": failed}
