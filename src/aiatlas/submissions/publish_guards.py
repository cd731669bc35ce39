"""What the submissions app says before an edition is published (registered with the
catalog's publishing service in ``SubmissionsConfig.ready``, so the catalog never imports
submissions)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aiatlas.catalog.services.publishing import Blocker


def _call(edition: Any) -> Any:
    from aiatlas.submissions.models import Call

    return Call.objects.filter(edition=edition).select_related("edition").first()


def undecided_submissions(edition: Any) -> list[Blocker]:
    """Drafts, returned and in-review submissions would miss the edition: refused."""
    from aiatlas.submissions.models import EDITABLE, SUBMITTED, Submission

    call = _call(edition)
    if call is None:
        return []
    pending = (
        Submission.objects.filter(call=call, state__in=[*EDITABLE, *SUBMITTED])
        .select_related("organization")
        .order_by("organization__acronym", "pk")
    )
    items = tuple(
        _("#%(number)s %(title)s (%(organization)s, %(state)s)")
        % {
            "number": s.pk,
            "title": s.title,
            "organization": s.organization.reference,
            "state": s.get_state_display(),
        }
        for s in pending
    )
    if not items:
        return []
    return [
        Blocker(
            code="undecided_submissions",
            message=ngettext(
                "%(n)s submission of edition %(year)s is not decided yet (a draft, returned "
                "or in review): approve or withdraw it before publishing",
                "%(n)s submissions of edition %(year)s are not decided yet (drafts, returned "
                "or in review): approve or withdraw each before publishing",
                len(items),
            )
            % {"n": len(items), "year": edition.year},
            items=items,
        )
    ]


def left_out_activities(edition: Any) -> list[Blocker]:
    """Activities of earlier editions that may continue and that nobody carried forward
    or marked "not in this edition": publishing leaves them out only by explicit choice."""
    from aiatlas.submissions.queries import outstanding_carry_forward

    call = _call(edition)
    if call is None:
        return []
    items = tuple(
        (
            _("%(id)s %(title)s (%(organization)s, last in %(edition)s)")
            if r.last_edition
            else _("%(id)s %(title)s (%(organization)s)")
        )
        % {
            "id": r.activity.public_id,
            "title": r.activity.title,
            "organization": r.activity.lead_organization.reference,
            "edition": r.last_edition,
        }
        for r in outstanding_carry_forward(call)
    )
    if not items:
        return []
    return [
        Blocker(
            code="left_out_activities",
            message=ngettext(
                "%(n)s ongoing or planned activity of earlier editions was neither carried "
                'forward nor marked "not in this edition"; carry it forward or mark it, or '
                "confirm that it is left out",
                "%(n)s ongoing or planned activities of earlier editions were neither carried "
                'forward nor marked "not in this edition"; carry them forward or mark them, or '
                "confirm that they are left out",
                len(items),
            )
            % {"n": len(items)},
            items=items,
            acknowledgeable=True,
        )
    ]
