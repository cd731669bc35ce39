"""Keep submissions in step with the catalog: publishing an edition publishes the
approved submissions of its call."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from aiatlas.catalog.signals import edition_published


@receiver(edition_published)
def publish_approved(sender: Any, edition: Any, **kwargs: Any) -> None:
    from aiatlas.submissions.services.review import mark_published

    mark_published(edition_id=edition.pk)
