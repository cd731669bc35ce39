"""Publishing an edition: the one path the command line, the submissions dashboard and the
back office all take, with the same guards.

Apps above the catalog add guards without the catalog importing them: the submissions
app registers, in its ``AppConfig.ready``, a guard that lists undecided submissions and
one that lists activities of earlier editions nobody carried forward or left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from aiatlas.catalog.choices import EditionStatus
from aiatlas.catalog.exceptions import CatalogError, FrozenEdition, NotFound
from aiatlas.catalog.models import Activity, Edition, EditionSnapshot
from aiatlas.catalog.queries import iter_activity_records
from aiatlas.catalog.signals import edition_published
from aiatlas.common.rules import allowed

#: how many names a refusal lists before "and N more"
SHOWN = 20


@dataclass(frozen=True)
class Blocker:
    """Something that stands between an edition and its publication."""

    code: str  # stable key, e.g. "undecided_submissions"
    message: str  # what is wrong and what to do, for people
    items: tuple[str, ...] = ()  # the things concerned, by name
    #: an explicit choice (``acknowledge_left_out``) lets publishing go ahead
    acknowledgeable: bool = False

    def describe(self, shown: int = SHOWN) -> str:
        listed = "; ".join(self.items[:shown])
        more = f"; and {len(self.items) - shown} more" if len(self.items) > shown else ""
        return f"{self.message}: {listed}{more}" if listed else self.message


PublishGuard = Callable[[Edition], list[Blocker]]
_GUARDS: list[PublishGuard] = []


def register_publish_guard(guard: PublishGuard) -> None:
    """Add a check that runs before every publication (registering twice is harmless)."""
    if guard not in _GUARDS:
        _GUARDS.append(guard)


class NotAllowed(CatalogError):
    pass


class AlreadyPublished(FrozenEdition):
    pass


class ReleaseInPast(CatalogError):
    pass


class PublishRefused(CatalogError):
    """Guards stopped the publication; nothing changed."""

    def __init__(self, year: int, blockers: list[Blocker]) -> None:
        self.year = year
        self.blockers = blockers
        super().__init__(
            f"edition {year} cannot be published yet: " + " | ".join(b.describe() for b in blockers)
        )

    @property
    def only_acknowledgeable(self) -> bool:
        return all(b.acknowledgeable for b in self.blockers)


@dataclass
class Published:
    year: int
    activities: int
    #: what the publisher chose to leave out (acknowledged blockers), by name
    left_out: list[str] = field(default_factory=list)


def _edition(year: int) -> Edition:
    edition = Edition.objects.filter(year=year).first()
    if edition is None:
        raise NotFound(f"there is no edition {year}")
    return edition


def publish_blockers(*, year: int) -> list[Blocker]:
    """What the guards say about publishing ``year`` now (for the confirmation page)."""
    edition = _edition(year)
    if edition.is_published:
        return [
            Blocker(
                code="published",
                message=f"edition {year} is published already; a published edition is frozen",
            )
        ]
    return [b for guard in _GUARDS for b in guard(edition)]


def _has_release_at() -> bool:
    return any(f.name == "release_at" for f in Edition._meta.get_fields())


def check_release_at(release_at: dt.datetime | None) -> None:
    """A release date and time must lie in the future (and carry a time zone)."""
    if release_at is None:
        return
    if timezone.is_naive(release_at):
        release_at = timezone.make_aware(release_at)
    if release_at <= timezone.now():
        raise ReleaseInPast(
            f"the release date {release_at:%Y-%m-%d %H:%M %Z} is in the past; give a future "
            "date and time, or none to release on publication"
        )


def publish_edition(
    *,
    year: int,
    user: Any = None,
    acknowledge_left_out: bool = False,
    release_at: dt.datetime | None = None,
    build_report: bool = True,
) -> Published:
    """Publish an edition: freeze a snapshot of every activity in it, mark it published and
    (after commit) queue its report build.

    ``user`` is checked for ``catalog.publish_edition`` when given (the command line runs
    as the operator). Guards refuse with :class:`PublishRefused` listing what is in the
    way; blockers that are a choice (activities of earlier editions left out) pass with
    ``acknowledge_left_out``. The edition row is locked, so of two administrators
    publishing at once exactly one succeeds; the other gets :class:`AlreadyPublished`.
    """
    if user is not None and not allowed(user, "catalog.publish_edition"):
        raise NotAllowed("only administrators publish editions")
    check_release_at(release_at)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().filter(year=year).first()
        if edition is None:
            raise NotFound(f"there is no edition {year}")
        if edition.is_published:
            when = timezone.localtime(edition.published_at) if edition.published_at else None
            raise AlreadyPublished(
                f"edition {year} is published already"
                + (f" (since {when:%Y-%m-%d %H:%M})" if when else "")
                + "; a published edition is frozen and cannot be published again"
            )
        blockers = [b for guard in _GUARDS for b in guard(edition)]
        refusing = [b for b in blockers if not (b.acknowledgeable and acknowledge_left_out)]
        if refusing:
            raise PublishRefused(year, refusing)
        activities = Activity.objects.filter(editions=edition)
        pk_by_id = dict(activities.values_list("public_id", "pk"))
        snapshots = [
            EditionSnapshot(
                edition=edition, activity_id=pk_by_id[rec["id"]], public_id=rec["id"], record=rec
            )
            for rec in iter_activity_records(activities)
        ]
        EditionSnapshot.objects.bulk_create(snapshots, batch_size=1000)
        edition.status = EditionStatus.PUBLISHED
        edition.published_at = timezone.now()
        fields = ["status", "published_at"]
        if release_at is not None and _has_release_at():
            edition.release_at = release_at  # type: ignore[attr-defined]
            fields.append("release_at")
        edition.save(update_fields=fields)
        edition_published.send(
            sender=Edition, edition=edition, user=user, build_report=build_report
        )
    left_out = [item for b in blockers if b.acknowledgeable for item in b.items]
    return Published(year=year, activities=len(snapshots), left_out=left_out)
