"""Calls for contributions: an administrator opens one per edition, with a deadline, and
every focal point and entity approver is told by e-mail."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from aiatlas.catalog.choices import EditionStatus
from aiatlas.catalog.models import Edition
from aiatlas.submissions.exceptions import InvalidInput, InvalidState
from aiatlas.submissions.models import Call
from aiatlas.submissions.services.common import require

MAX_MESSAGE = 5000


def open_call(
    *,
    user: Any,
    year: int,
    deadline: date,
    message: str = "",
    title: str = "",
    notify_focal_points: bool = True,
) -> Call:
    """Open (or re-open, or move the deadline of) the call for edition ``year``."""
    require(user, "submissions.manage_calls", None, "only administrators open calls")
    if not 1990 <= year <= 2100:
        raise InvalidInput(f"{year} is not a valid edition year")
    if deadline < timezone.localdate():
        raise InvalidInput(f"the deadline {deadline.isoformat()} is in the past")
    if len(message) > MAX_MESSAGE:
        raise InvalidInput(f"the message is {len(message)} characters long; at most {MAX_MESSAGE}")
    title = title.strip()[:300] or f"United Nations Activities on AI {year}"
    with transaction.atomic():
        edition, _ = Edition.objects.select_for_update().get_or_create(
            year=year, defaults={"title": title}
        )
        if edition.is_published:
            raise InvalidState(f"edition {year} is published; its call cannot be opened")
        edition.status = EditionStatus.OPEN
        edition.opens_on = edition.opens_on or timezone.localdate()
        edition.closes_on = deadline
        edition.save(update_fields=["status", "opens_on", "closes_on"])
        call, created = Call.objects.update_or_create(
            edition=edition,
            defaults={"deadline": deadline, "message": message, "closed_at": None},
        )
        if created:
            call.opened_by = user
            call.save(update_fields=["opened_by"])
        if notify_focal_points:
            _announce(call, reopened=not created)
    return call


def close_call(*, user: Any, year: int) -> Call:
    """No more drafts or submissions; what is in review can still be decided."""
    require(user, "submissions.manage_calls", None, "only administrators close calls")
    with transaction.atomic():
        call = (
            Call.objects.select_for_update()
            .select_related("edition")
            .filter(edition__year=year)
            .first()
        )
        if call is None:
            raise InvalidState(f"there is no call for edition {year}")
        call.closed_at = timezone.now()
        call.save(update_fields=["closed_at"])
        if call.edition.status == EditionStatus.OPEN:
            call.edition.status = EditionStatus.IN_REVIEW
            call.edition.save(update_fields=["status"])
    return call


def _announce(call: Call, *, reopened: bool) -> None:
    """One e-mail to each focal point and approver (never a shared To: line)."""
    from aiatlas.submissions.services import notifications

    notifications.call_opened(call, reopened=reopened)


def open_demo_call(*, year: int, days: int = 60) -> Call:
    """The demo database's open call (no e-mail; nobody is invited yet)."""
    with transaction.atomic():
        edition = Edition.objects.get(year=year)
        call, _ = Call.objects.get_or_create(
            edition=edition,
            defaults={
                "deadline": timezone.localdate() + timedelta(days=days),
                "message": "Demo call: carry forward last year's activities, add new ones, "
                "or upload filled 2-pagers.",
            },
        )
    return call


def send_reminders(*, user: Any, year: int) -> int:
    """E-mail the focal points of every entity with open work in the call (outstanding
    activities of the previous edition, drafts, returned submissions). Returns how many
    entities were reminded."""
    from aiatlas.submissions.queries import dashboard

    require(user, "submissions.remind", None, "only the secretariat reminds")
    call = Call.objects.select_related("edition").filter(edition__year=year).first()
    if call is None:
        raise InvalidState(f"there is no call for edition {year}")
    if not call.is_open:
        raise InvalidState(f"the call for {call.edition} is closed")
    from aiatlas.submissions.services import notifications

    reminded = 0
    with transaction.atomic():
        for row in dashboard(call):
            if not row.open_work or not row.focal_points:
                continue
            notifications.call_reminder(call, row)
            reminded += 1
    return reminded
