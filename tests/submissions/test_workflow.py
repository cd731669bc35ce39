"""The workflow end to end through the services: draft, submit, entity approval, review,
approval into the catalog, publication; carry forward and withdrawal."""

from __future__ import annotations

import pytest

from aiatlas.catalog.models import Activity
from aiatlas.catalog.queries import activity_record
from aiatlas.catalog.services.activities import publish_edition
from aiatlas.submissions.exceptions import (
    DuplicatesFound,
    EditConflict,
    InvalidInput,
    InvalidState,
    NotAllowed,
    NotFound,
)
from aiatlas.submissions.models import Action, State, Submission
from aiatlas.submissions.services import drafts, review

from .conftest import GOOD_RECORD


def _draft(users, call, org, record=GOOD_RECORD, user="focal"):
    return drafts.start_draft(
        user=users[user], call_id=call.pk, organization_id=org.pk, record=dict(record)
    )


def test_new_activity_goes_from_draft_to_published(
    users, call, who, mailoutbox, django_capture_on_commit_callbacks
):
    sub = _draft(users, call, who)
    assert sub.state == State.DRAFT and sub.version == 1
    sub = drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=1)
    assert sub.state == State.IN_REVIEW  # WHO has no entity approver
    assert not Activity.objects.filter(title=GOOD_RECORD["title"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        sub = review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=2)
    assert sub.state == State.APPROVED
    rec = activity_record(sub.activity.public_id)
    assert rec["editions"] == [2025] and rec["lead_organization"] == "WHO"
    assert rec["countries"] == ["KEN", "UGA"]
    assert any("Approved" in m.subject for m in mailoutbox)
    publish_edition(year=2025, acknowledge_left_out=True)  # the 2024 activity ends
    sub.refresh_from_db()
    assert sub.state == State.PUBLISHED


def test_entity_with_approver_needs_its_approval_first(users, call, fao):
    sub = _draft(users, call, fao, user="other_focal")
    sub = drafts.submit(user=users["other_focal"], submission_id=sub.pk, expected_version=1)
    assert sub.state == State.ENTITY_REVIEW
    with pytest.raises(InvalidState):  # the secretariat cannot skip the entity's step
        review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=2)
    sub = review.approve_for_entity(
        user=users["approver"], submission_id=sub.pk, expected_version=2
    )
    assert sub.state == State.IN_REVIEW


def test_changes_requested_show_reasons_and_allow_resubmission(
    users, call, who, mailoutbox, django_capture_on_commit_callbacks
):
    sub = _draft(users, call, who)
    sub = drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=1)
    with django_capture_on_commit_callbacks(execute=True):
        sub = review.request_changes(
            user=users["reviewer"],
            submission_id=sub.pk,
            expected_version=sub.version,
            reasons=["links", "other"],
            comment="Add the project page, please.",
        )
    assert sub.state == State.CHANGES_REQUESTED
    assert sub.reason_labels[0] == "Links are broken or missing"
    assert any("Add the project page" in m.body for m in mailoutbox)
    record = dict(GOOD_RECORD, links=[{"url": "https://example.org/crops", "label": ""}])
    sub = drafts.save_draft(
        user=users["focal"], submission_id=sub.pk, record=record, expected_version=sub.version
    )
    sub = drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=sub.version)
    assert sub.state == State.IN_REVIEW


def test_request_changes_needs_a_known_reason(users, call, who):
    sub = _draft(users, call, who)
    sub = drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=1)
    for reasons, comment in ([], "x"), (["nonsense"], "x"), (["other"], "  "):
        with pytest.raises(InvalidInput):
            review.request_changes(
                user=users["reviewer"],
                submission_id=sub.pk,
                expected_version=sub.version,
                reasons=reasons,
                comment=comment,
            )
    sub.refresh_from_db()
    assert sub.state == State.IN_REVIEW


def test_carry_forward_updates_the_same_activity(users, call, old_activity):
    sub = drafts.carry_forward(user=users["focal"], call_id=call.pk, public_id=old_activity["id"])
    assert sub.action == Action.CARRY_FORWARD
    assert sub.record["title"] == old_activity["title"]
    record = dict(sub.record, status="completed", end_year=2025, start_year=2022)
    sub = drafts.save_draft(
        user=users["focal"], submission_id=sub.pk, record=record, expected_version=1
    )
    sub = drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=2)
    review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=3)
    rec = activity_record(old_activity["id"])
    assert rec["editions"] == [2024, 2025] and rec["status"] == "completed"
    assert Activity.objects.count() == 1
    with pytest.raises(InvalidState):  # one live submission per activity and call
        drafts.carry_forward(user=users["focal"], call_id=call.pk, public_id=old_activity["id"])


def test_withdraw_an_activity_from_the_edition(users, call, old_activity):
    sub = drafts.withdraw_activity(
        user=users["focal"], call_id=call.pk, public_id=old_activity["id"]
    )
    assert sub.state == State.WITHDRAWN and sub.action == Action.WITHDRAW
    assert activity_record(old_activity["id"])["editions"] == [2024]


def test_focal_point_cannot_touch_another_entitys_activity(users, call, old_activity, fao):
    with pytest.raises(NotFound):
        drafts.carry_forward(
            user=users["other_focal"], call_id=call.pk, public_id=old_activity["id"]
        )
    with pytest.raises(NotAllowed):
        _draft(users, call, fao, user="focal")


def test_stale_version_is_a_conflict_and_nothing_is_overwritten(users, call, who):
    sub = _draft(users, call, who)
    drafts.save_draft(
        user=users["focal"],
        submission_id=sub.pk,
        record=dict(GOOD_RECORD, title="First edit"),
        expected_version=1,
    )
    with pytest.raises(EditConflict) as info:
        drafts.save_draft(
            user=users["admin"],
            submission_id=sub.pk,
            record=dict(GOOD_RECORD, title="Second edit"),
            expected_version=1,
        )
    assert info.value.current.record["title"] == "First edit"
    sub.refresh_from_db()
    assert sub.record["title"] == "First edit" and sub.version == 2


def test_incomplete_draft_cannot_be_submitted_and_says_why(users, call, who):
    sub = _draft(users, call, who, record={"title": "A title", "start_year": "2024"})
    with pytest.raises(InvalidInput) as info:
        drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=1)
    fields = {f for f, _ in info.value.problems}
    assert fields == {"description"}
    sub.refresh_from_db()
    assert sub.state == State.DRAFT and sub.record["start_year"] == 2024


def test_malformed_draft_is_refused_with_every_field_and_nothing_is_stored(users, call, who):
    before = Submission.objects.count()
    with pytest.raises(InvalidInput) as info:
        _draft(
            users,
            call,
            who,
            record={"title": "x" * 600, "start_year": "twenty", "domains": 5, "sdg_goals": 1},
        )
    assert info.value.status == 422
    fields = {f for f, _ in info.value.problems}
    assert {"title", "start_year", "domains", "sdg_goals"} <= fields
    assert Submission.objects.count() == before


def test_duplicate_guard_offers_the_existing_activity(users, call, who, old_activity):
    record = dict(
        GOOD_RECORD,
        title="Digital health triage assistant",
        description=old_activity["description"],
    )
    sub = _draft(users, call, who, record=record)
    with pytest.raises(DuplicatesFound) as info:
        drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=1)
    assert info.value.candidates[0].ref == old_activity["id"]
    sub = drafts.submit(
        user=users["focal"], submission_id=sub.pk, expected_version=1, link_to=old_activity["id"]
    )
    assert sub.action == Action.CARRY_FORWARD and sub.activity.public_id == old_activity["id"]


def test_duplicate_guard_can_be_overridden_and_ignores_unrelated(users, call, who, old_activity):
    sub = _draft(users, call, who)  # crops: unrelated to the health activity
    drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=1)
    twin = _draft(
        users,
        call,
        who,
        record=dict(GOOD_RECORD, title="Crop disease detection from photos on phones"),
    )
    with pytest.raises(DuplicatesFound) as info:
        drafts.submit(user=users["focal"], submission_id=twin.pk, expected_version=1)
    assert info.value.candidates[0].kind == "submission"
    twin = drafts.submit(
        user=users["focal"], submission_id=twin.pk, expected_version=1, confirm_new=True
    )
    assert twin.state == State.IN_REVIEW


def test_history_records_who_changed_which_field_and_admin_restores(users, call, who):
    from aiatlas.submissions.queries import revisions

    sub = _draft(users, call, who)
    drafts.save_draft(
        user=users["focal"],
        submission_id=sub.pk,
        record=dict(GOOD_RECORD, title="Renamed"),
        expected_version=1,
    )
    revs = revisions(Submission.objects.get(pk=sub.pk))
    latest = revs[0]
    assert latest.user == "focal@who.example"
    assert [(c.field, c.old, c.new) for c in latest.changes] == [
        ("title", GOOD_RECORD["title"], "Renamed")
    ]
    with pytest.raises(NotAllowed):
        review.restore_version(
            user=users["focal"], submission_id=sub.pk, history_id=revs[1].history_id
        )
    sub = review.restore_version(
        user=users["admin"], submission_id=sub.pk, history_id=revs[1].history_id
    )
    assert sub.record["title"] == GOOD_RECORD["title"] and sub.version == 3
    assert len(revisions(sub)) == 3


def test_reviewer_cannot_edit_content(users, call, who):
    sub = _draft(users, call, who)
    with pytest.raises(NotAllowed):
        drafts.save_draft(
            user=users["reviewer"], submission_id=sub.pk, record=GOOD_RECORD, expected_version=1
        )


def test_closed_call_takes_no_new_drafts(users, call, who):
    from aiatlas.submissions.services.calls import close_call

    close_call(user=users["admin"], year=2025)
    with pytest.raises(InvalidState):
        _draft(users, call, who)


def test_open_call_announces_to_focal_points(
    users, mailoutbox, db, django_capture_on_commit_callbacks
):
    import datetime

    from aiatlas.submissions.services.calls import open_call

    with pytest.raises(NotAllowed):
        open_call(user=users["focal"], year=2026, deadline=datetime.date(2099, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        call = open_call(
            user=users["admin"],
            year=2026,
            deadline=datetime.date(2099, 1, 1),
            message="Please send your 2026 activities.",
        )
    assert call.edition.status == "open"
    sent = [m for m in mailoutbox if "Call for contributions" in m.subject]
    assert all(len(m.to) == 1 for m in sent)  # one message per recipient, no shared To:
    assert {"focal@who.example", "focal@fao.example"} <= {m.to[0] for m in sent}
    with pytest.raises(InvalidInput):
        open_call(user=users["admin"], year=2026, deadline=datetime.date(2000, 1, 1))


def test_rejected_suggestions_are_recorded_for_the_catalog_at_approval(users, call, who):
    from aiatlas.classify.models import SuggestionReview

    sub = _draft(users, call, who)
    sub = drafts.save_draft(
        user=users["focal"],
        submission_id=sub.pk,
        record=GOOD_RECORD,
        expected_version=1,
        rejected_goals=[15],
    )
    drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=2)
    sub = review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=3)
    decision = SuggestionReview.objects.get(activity=sub.activity, goal_id=15)
    assert decision.accepted is False and decision.reviewer == users["focal"]


def test_database_keeps_one_live_submission_per_activity_even_in_a_race(users, call, old_activity):
    from aiatlas.submissions.services.common import create

    first = drafts.carry_forward(user=users["focal"], call_id=call.pk, public_id=old_activity["id"])
    # a second request that passed the check before the first one committed
    racer = Submission(
        call=call,
        organization=first.organization,
        activity=first.activity,
        action=Action.CARRY_FORWARD,
        record={},
    )
    with pytest.raises(InvalidState, match="already has a submission"):
        create(racer, user=users["admin"], reason="created")
    assert Submission.objects.filter(activity=first.activity).count() == 1
    # a withdrawn one does not count: the activity can be carried forward again
    drafts.withdraw_submission(user=users["focal"], submission_id=first.pk, expected_version=1)
    again = drafts.carry_forward(user=users["focal"], call_id=call.pk, public_id=old_activity["id"])
    assert again.state == State.DRAFT
