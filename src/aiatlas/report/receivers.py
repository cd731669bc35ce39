"""Publishing an edition freezes the names of its lead organizations and its data licence
(inside the publishing transaction) and queues its report build (after it commits, so the worker
sees the snapshots)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from aiatlas.catalog.signals import edition_published

log = logging.getLogger(__name__)


@receiver(edition_published)
def freeze_entities(sender: Any, edition: Any, **kwargs: Any) -> None:
    from aiatlas.report.models import EditionEntity
    from aiatlas.report.snapshots import entity_infos

    leads = {
        str(v)
        for v in edition.snapshots.values_list("record__lead_organization", flat=True).distinct()
    }
    EditionEntity.objects.filter(edition=edition).delete()
    EditionEntity.objects.bulk_create(
        EditionEntity(
            edition=edition,
            reference=i.reference,
            name=i.name,
            acronym=i.acronym,
            kind=i.kind,
            website=i.website,
        )
        for i in entity_infos(leads).values()
    )


@receiver(edition_published)
def freeze_licence(sender: Any, edition: Any, **kwargs: Any) -> None:
    from aiatlas.report.models import EditionLicence
    from aiatlas.report.opendata import configured_licence

    EditionLicence.objects.update_or_create(
        edition=edition, defaults={"licence": configured_licence().id}
    )


@receiver(edition_published)
def queue_report_build(
    sender: Any, edition: Any, user: Any = None, build_report: bool = True, **kwargs: Any
) -> None:
    if not build_report:
        return
    year = edition.year

    def queue() -> None:
        from aiatlas.report.services import request_build

        try:
            request_build(year=year, user=user)
        except Exception:  # the edition is published either way; a build can be re-queued
            log.exception("could not queue the report build of edition %s", year)

    transaction.on_commit(queue)
