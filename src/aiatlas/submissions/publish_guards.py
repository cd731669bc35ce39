"""What the submissions app says before an edition is published (registered with the
catalog's publishing service in ``SubmissionsConfig.ready``, so the catalog never imports
submissions)."""

from __future__ import annotations

from typing import Any

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
        f"#{s.pk} {s.title} ({s.organization.reference}, {s.get_state_display()})" for s in pending
    )
    if not items:
        return []
    return [
        Blocker(
            code="undecided_submissions",
            message=(
                f"{len(items)} submission(s) of edition {edition.year} are not decided yet "
                "(drafts, returned or in review): approve or withdraw each before publishing"
            ),
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
        f"{r.activity.public_id} {r.activity.title} ({r.activity.lead_organization.reference}"
        + (f", last in {r.last_edition})" if r.last_edition else ")")
        for r in outstanding_carry_forward(call)
    )
    if not items:
        return []
    return [
        Blocker(
            code="left_out_activities",
            message=(
                f"{len(items)} ongoing or planned activit{'y' if len(items) == 1 else 'ies'} "
                'of earlier editions were neither carried forward nor marked "not in this '
                'edition"; carry them forward or mark them, or confirm that they are left out'
            ),
            items=items,
            acknowledgeable=True,
        )
    ]
