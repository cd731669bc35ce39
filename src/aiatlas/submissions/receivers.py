"""Keep submissions in step with the catalog: publishing an edition publishes the
approved submissions of its call and closes the call, whichever way it was published
(command line, dashboard or back office)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from aiatlas.catalog.signals import edition_published


@receiver(edition_published)
def publish_approved(sender: Any, edition: Any, **kwargs: Any) -> None:
    from aiatlas.submissions.models import Call
    from aiatlas.submissions.services.review import mark_published

    mark_published(edition_id=edition.pk)
    Call.objects.filter(edition_id=edition.pk, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
