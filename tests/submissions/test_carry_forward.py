"""Carry-forward offers every activity that may continue, from the latest edition it was
in: an activity skipped one year does not fall out, a completed one is not offered."""

from __future__ import annotations

from aiatlas.catalog.models import Edition
from aiatlas.catalog.services.activities import save_activity
from aiatlas.submissions import queries
from aiatlas.submissions.models import Call
from aiatlas.submissions.services import drafts


def _activity(title: str, editions: list[int], status: str = "ongoing") -> str:
    for year in editions:
        Edition.objects.get_or_create(year=year, defaults={"title": f"Edition {year}"})
    return save_activity(
        record={"title": title, "lead_organization": "WHO", "editions": editions, "status": status}
    )["id"]


def _offered(call: Call, users) -> dict[str, int | None]:
    orgs = users["focal"].organizations.all()
    return {r.activity.public_id: r.last_edition for r in queries.carry_forward_rows(call, orgs)}


def test_carry_forward_offers_activity_skipped_a_year(users, call, old_activity):
    skipped = _activity("Skipped in 2024", [2022, 2023])
    offered = _offered(call, users)
    assert offered[skipped] == 2023  # the latest edition it appeared in
    assert offered[old_activity["id"]] == 2024


def test_carry_forward_leaves_out_completed_and_discontinued(users, call, old_activity):
    done = _activity("Finished", [2023], status="completed")
    stopped = _activity("Stopped", [2024], status="discontinued")
    planned = _activity("Planned", [2023], status="planned")
    offered = _offered(call, users)
    assert done not in offered and stopped not in offered
    assert planned in offered


def test_carry_forward_leaves_out_activities_already_in_this_edition(users, call, old_activity):
    both = _activity("Already in 2025", [2023, 2025])
    assert both not in _offered(call, users)


def test_carry_forward_counts_skipped_activities_as_outstanding(users, call, old_activity):
    skipped = _activity("Skipped in 2024", [2023])
    outstanding = {r.activity.public_id for r in queries.outstanding_carry_forward(call)}
    assert outstanding == {skipped, old_activity["id"]}
    (row,) = [r for r in queries.dashboard(call) if r.organization.acronym == "WHO"]
    assert row.outstanding == 2
    drafts.withdraw_activity(user=users["focal"], call_id=call.pk, public_id=skipped)
    drafts.carry_forward(user=users["focal"], call_id=call.pk, public_id=old_activity["id"])
    assert queries.outstanding_carry_forward(call) == []
