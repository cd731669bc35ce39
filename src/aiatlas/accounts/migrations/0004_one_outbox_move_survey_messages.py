"""One outbox: each message to several recipients becomes one message per recipient, and
the survey's own outbox (invitations and reminders) moves into this one."""

from __future__ import annotations

from django.db import migrations

REDACTED = "[personal link removed after sending]"


def forwards(apps, schema_editor):
    outbox = apps.get_model("accounts", "OutboxMessage")
    for message in outbox.objects.filter(to__contains="\n"):
        addresses = [a.strip() for a in message.to.splitlines() if a.strip()]
        for address in addresses[1:]:
            outbox.objects.create(
                created_at=message.created_at,
                from_email=message.from_email,
                to=address,
                subject=message.subject,
                body=message.body,
            )
        message.to = addresses[0] if addresses else ""
        message.save(update_fields=["to"])
    try:
        survey_outbox = apps.get_model("survey", "OutboxMessage")
    except LookupError:  # already removed
        return
    for old in survey_outbox.objects.select_related("survey").order_by("created_at", "id"):
        if old.sent_at:
            status = "sent"
        elif old.error:
            status = "failed"
        else:
            status = "queued"
        outbox.objects.create(
            created_at=old.created_at,
            from_email="",
            to=old.to_email,
            subject=old.subject,
            body=old.body,
            language=old.survey.default_language[:10],
            kind=f"survey.{old.kind}",
            topic=f"survey/{old.survey_id}",
            status=status,
            sent_at=old.sent_at,
            error=old.error,
            attempts=1 if old.sent_at or old.error else 0,
        )


def backwards(apps, schema_editor):
    outbox = apps.get_model("accounts", "OutboxMessage")
    outbox.objects.filter(kind__startswith="survey.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_outbox_status_language_templates"),
        ("survey", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
