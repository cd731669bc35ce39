"""The call for sessions and its review: submitting, custom fields, co-speakers, editing
until the deadline, withdrawing, conflicts, balanced assignment, scores, decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from aiatlas.accounts.models import OutboxMessage, User
from aiatlas.programme.exceptions import InvalidInput, InvalidState, NotAllowed, NotFound
from aiatlas.programme.models import Proposal, ReviewAssignment, Session
from aiatlas.programme.rules import can
from aiatlas.programme.services import calls, review


@pytest.fixture
def team(db: None) -> User:
    return User.objects.create_superuser("team@example.org", "x" * 20)


def _user(email: str, **kw: Any) -> User:
    return User.objects.create_user(email, "x" * 20, **kw)


@pytest.fixture
def call(summit: Any, team: User) -> Any:
    now = timezone.now()
    return calls.open_call(
        user=team,
        event_id=summit.event.pk,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        reviews_per_proposal=2,
    )


def _submit(user: User, call: Any, title: str = "Water and AI", **kw: Any) -> Proposal:
    return calls.submit_proposal(user=user, call_id=call.pk, title=title, type="talk", **kw)


def test_submit_invites_co_speakers_one_message_each(call: Any) -> None:
    ada = _user("ada@example.org", first_name="Ada")
    proposal = _submit(ada, call, co_speakers=["bo@example.org, cy@example.org", "BO@example.org"])
    speakers = list(proposal.speakers.order_by("position"))
    assert [(s.email, s.status) for s in speakers] == [
        ("ada@example.org", "accepted"),
        ("bo@example.org", "invited"),
        ("cy@example.org", "invited"),
    ]
    sent = OutboxMessage.objects.filter(kind="programme.co_speaker").order_by("to")
    assert [m.to for m in sent] == ["bo@example.org", "cy@example.org"]
    assert all(speakers[1].token in m.link or speakers[2].token in m.link for m in sent)
    assert "Water and AI" in sent[0].subject


def test_invited_co_speaker_accepts_and_may_then_edit(call: Any) -> None:
    ada = _user("ada@example.org")
    proposal = _submit(ada, call, co_speakers=["bo@example.org"])
    bo = _user("bo@example.org")
    assert not can(bo, "edit_proposal", proposal)
    token = proposal.speakers.get(email="bo@example.org").token
    calls.answer_invitation(user=bo, token=token, accept=True)
    assert can(bo, "edit_proposal", proposal)
    with pytest.raises(NotFound):  # the link is spent
        calls.answer_invitation(user=bo, token=token, accept=True)


def test_edit_with_a_stale_version_is_refused_and_nothing_is_lost(call: Any) -> None:
    ada = _user("ada@example.org")
    proposal = _submit(ada, call)
    calls.edit_proposal(
        user=ada, proposal_id=proposal.pk, version=1, title="New title", type="talk"
    )
    with pytest.raises(InvalidState, match="in the meantime"):
        calls.edit_proposal(
            user=ada, proposal_id=proposal.pk, version=1, title="Other", type="talk"
        )
    assert Proposal.objects.get(pk=proposal.pk).title == "New title"


def test_no_submission_or_edit_after_the_deadline(call: Any) -> None:
    ada = _user("ada@example.org")
    proposal = _submit(ada, call)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    with pytest.raises(InvalidState, match="not open"):
        _submit(ada, call, title="Late")
    with pytest.raises(NotAllowed):
        calls.edit_proposal(user=ada, proposal_id=proposal.pk, version=1, title="x", type="talk")


def test_a_rolling_call_never_closes(summit: Any, team: User) -> None:
    rolling = calls.open_call(
        user=team,
        event_id=summit.event.pk,
        opens_at=timezone.now() - timedelta(days=900),
        closes_at=None,
    )
    assert rolling.rolling
    assert _submit(_user("ada@example.org"), rolling).state == "submitted"


def test_anonymous_and_non_team_users_cannot_set_up_or_submit(call: Any, summit: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed, match="Sign in"):
        _submit(AnonymousUser(), call)  # type: ignore[arg-type]
    with pytest.raises(NotAllowed):
        calls.open_call(
            user=_user("x@example.org"),
            event_id=summit.event.pk,
            opens_at=timezone.now(),
            closes_at=None,
        )


def test_bad_proposal_input_names_each_field(call: Any) -> None:
    ada = _user("ada@example.org")
    with pytest.raises(InvalidInput) as caught:
        calls.submit_proposal(
            user=ada,
            call_id=call.pk,
            title=" ",
            type="opera",
            languages=["xx"],
            co_speakers=["not an address"],
        )
    fields = {f for f, _m in caught.value.problems}
    assert fields == {"title", "type", "languages"}
    with pytest.raises(InvalidInput, match="co-speaker"):
        _submit(ada, call, co_speakers=["not an address"])
    assert not Proposal.objects.exists()


def test_custom_fields_apply_to_their_types_and_tracks_and_are_checked(
    call: Any, team: User, summit: Any
) -> None:
    health = summit.tracks["health"]
    calls.add_call_field(
        user=team,
        call_id=call.pk,
        label="Audience",
        kind="choice",
        choices=["Policy", "Research"],
        required=True,
    )
    calls.add_call_field(
        user=team,
        call_id=call.pk,
        label="Hours of hands-on",
        kind="number",
        min_value=1,
        max_value=8,
        session_types=["workshop"],
    )
    calls.add_call_field(
        user=team,
        call_id=call.pk,
        label="Patient data plan",
        kind="file",
        required=True,
        track_ids=[health.pk],
    )
    ada = _user("ada@example.org")
    with pytest.raises(InvalidInput) as caught:
        _submit(ada, call, answers={"audience": "Poetry"})
    assert [f for f, _m in caught.value.problems] == ["audience"]
    with pytest.raises(InvalidInput) as caught:
        calls.submit_proposal(
            user=ada,
            call_id=call.pk,
            title="W",
            type="workshop",
            track_id=health.pk,
            answers={"audience": "Policy", "hours-of-hands-on": "12"},
        )
    assert {f for f, _m in caught.value.problems} == {"hours-of-hands-on", "patient-data-plan"}
    done = calls.submit_proposal(
        user=ada,
        call_id=call.pk,
        title="W",
        type="workshop",
        track_id=health.pk,
        answers={"audience": "Policy", "hours-of-hands-on": "3"},
        files={"patient-data-plan": calls.Upload("plan.pdf", "application/pdf", b"%PDF-1.4")},
    )
    assert done.answers == {
        "audience": "Policy",
        "hours-of-hands-on": 3,
        "patient-data-plan": "plan.pdf",
    }
    assert done.files.get().data == b"%PDF-1.4"
    # a talk outside the health track is not asked the workshop or health questions
    assert _submit(ada, call, answers={"audience": "Research"}).answers == {"audience": "Research"}


def test_a_bad_field_definition_is_refused(call: Any, team: User) -> None:
    with pytest.raises(InvalidInput, match="two choices"):
        calls.add_call_field(user=team, call_id=call.pk, label="One", kind="choice", choices=["a"])
    with pytest.raises(InvalidInput, match="kind"):
        calls.add_call_field(user=team, call_id=call.pk, label="X", kind="colour")


def test_withdrawing_an_accepted_proposal_withdraws_its_session(call: Any, team: User) -> None:
    ada = _user("ada@example.org")
    proposal = _submit(ada, call)
    review.decide_proposals(user=team, call_id=call.pk, accept=[proposal.pk], reject=[])
    proposal.refresh_from_db()
    assert proposal.state == "accepted" and proposal.session.state == "accepted"
    calls.withdraw_proposal(user=ada, proposal_id=proposal.pk)
    assert Session.objects.get(pk=proposal.session_id).state == "withdrawn"
    with pytest.raises(NotAllowed):
        calls.withdraw_proposal(user=ada, proposal_id=proposal.pk)


def _reviewers(call: Any, team: User, n: int, tracks: list[int] | None = None) -> list[User]:
    people = [_user(f"rev{i}@example.org") for i in range(n)]
    calls.add_review_team(
        user=team, call_id=call.pk, name="Reviewers", members=people, track_ids=tracks or []
    )
    return people


def test_assignment_balances_and_honours_conflicts_and_own_proposals(call: Any, team: User) -> None:
    people = _reviewers(call, team, 3)
    speakers = [_user(f"s{i}@example.org") for i in range(6)]
    proposals = [_submit(s, call, title=f"P{i}") for i, s in enumerate(speakers)]
    review.declare_conflict(user=people[0], proposal_id=proposals[0].pk, reason="my colleague")
    # a reviewer who also proposes a session never reviews it
    own = _submit(people[1], call, title="Mine")
    review.assign_reviewers(user=team, call_id=call.pk)
    pairs = set(ReviewAssignment.objects.values_list("proposal_id", "reviewer_id"))
    assert (proposals[0].pk, people[0].pk) not in pairs
    assert (own.pk, people[1].pk) not in pairs
    per_proposal = {p.pk: sum(1 for pid, _r in pairs if pid == p.pk) for p in [*proposals, own]}
    assert set(per_proposal.values()) == {2}
    loads = sorted(sum(1 for _p, r in pairs if r == u.pk) for u in people)
    assert loads[-1] - loads[0] <= 1
    # again: nothing new
    assert review.assign_reviewers(user=team, call_id=call.pk) == {}


def test_scores_are_weighted_and_checked(call: Any, team: User) -> None:
    from aiatlas.programme.call_queries import review_overview

    relevance = calls.add_score_category(user=team, call_id=call.pk, name="Relevance", weight=3)
    speakers = calls.add_score_category(
        user=team, call_id=call.pk, name="Speakers", weight=1, max_score=10
    )
    people = _reviewers(call, team, 2)
    proposal = _submit(_user("ada@example.org"), call)
    review.assign_reviewers(user=team, call_id=call.pk)
    with pytest.raises(InvalidInput) as caught:
        review.score_proposal(
            user=people[0], proposal_id=proposal.pk, scores={relevance.pk: 6, speakers.pk: "x"}
        )
    assert {f for f, _m in caught.value.problems} == {
        f"score_{relevance.pk}",
        f"score_{speakers.pk}",
    }
    review.score_proposal(
        user=people[0], proposal_id=proposal.pk, scores={relevance.pk: 5, speakers.pk: 0}
    )
    review.score_proposal(
        user=people[1], proposal_id=proposal.pk, scores={relevance.pk: 0, speakers.pk: 10}
    )
    overview = review_overview(call)
    row = overview.rows[0]
    assert sorted(row.scores) == [25.0, 75.0]  # 3/4 and 1/4 of the weight
    assert row.score == 50.0
    assert [r.percent for r in overview.reviewers] == [100, 100]
    with pytest.raises(NotAllowed):  # not assigned
        review.score_proposal(
            user=_user("z@example.org"),
            proposal_id=proposal.pk,
            scores={relevance.pk: 1, speakers.pk: 1},
        )


def test_a_declared_conflict_removes_the_review_and_blocks_scoring(call: Any, team: User) -> None:
    cat = calls.add_score_category(user=team, call_id=call.pk, name="Relevance")
    people = _reviewers(call, team, 2)
    proposal = _submit(_user("ada@example.org"), call)
    review.assign_reviewers(user=team, call_id=call.pk)
    review.score_proposal(user=people[0], proposal_id=proposal.pk, scores={cat.pk: 4})
    review.declare_conflict(user=people[0], proposal_id=proposal.pk)
    assert not proposal.reviews.filter(reviewer=people[0]).exists()
    with pytest.raises(NotAllowed):
        review.score_proposal(user=people[0], proposal_id=proposal.pk, scores={cat.pk: 4})


def test_anonymised_review_hides_names_from_reviewers_not_from_the_team(
    call: Any, team: User
) -> None:
    people = _reviewers(call, team, 1)
    proposal = _submit(_user("ada@example.org"), call)
    assert can(people[0], "see_speaker_names", proposal)
    call.anonymised = True
    call.save()
    proposal.refresh_from_db()
    assert not can(people[0], "see_speaker_names", proposal)
    assert can(team, "see_speaker_names", proposal)


def test_preview_writes_nothing_then_decisions_send_one_message_per_speaker(
    call: Any, team: User
) -> None:
    ada = _user("ada@example.org", language="fr")
    accepted = _submit(ada, call, title="Accept me", co_speakers=["bo@example.org"])
    calls.answer_invitation(
        user=_user("bo@example.org"),
        token=accepted.speakers.get(email="bo@example.org").token,
        accept=True,
    )
    rejected = _submit(_user("cy@example.org"), call, title="Not me")
    before = OutboxMessage.objects.count()
    preview = review.preview_decisions(
        user=team, call_id=call.pk, accept=[accepted.pk], reject=[rejected.pk]
    )
    assert OutboxMessage.objects.count() == before
    assert sorted((o.to, o.decision) for o in preview) == [
        ("ada@example.org", "accepted"),
        ("bo@example.org", "accepted"),
        ("cy@example.org", "rejected"),
    ]
    assert next(o for o in preview if o.to == "ada@example.org").language == "fr"
    review.decide_proposals(user=team, call_id=call.pk, accept=[accepted.pk], reject=[rejected.pk])
    sent = OutboxMessage.objects.filter(kind__in=["programme.accepted", "programme.rejected"])
    assert sorted(m.to for m in sent) == ["ada@example.org", "bo@example.org", "cy@example.org"]
    session = Session.objects.get(proposal=accepted)
    assert [s.email for s in session.speakers.order_by("sessionspeaker__position")] == [
        "ada@example.org",
        "bo@example.org",
    ]
    with pytest.raises(InvalidState, match="Already decided"):
        review.decide_proposals(user=team, call_id=call.pk, accept=[rejected.pk], reject=[])
    with pytest.raises(InvalidInput, match="both"):
        review.preview_decisions(user=team, call_id=call.pk, accept=[1], reject=[1])


def test_confirming_an_accepted_proposal_confirms_the_session(call: Any, team: User) -> None:
    ada = _user("ada@example.org")
    proposal = _submit(ada, call)
    with pytest.raises(NotAllowed):
        calls.confirm_proposal(user=ada, proposal_id=proposal.pk)
    review.decide_proposals(user=team, call_id=call.pk, accept=[proposal.pk], reject=[])
    calls.confirm_proposal(user=ada, proposal_id=proposal.pk)
    assert Session.objects.get(proposal=proposal).state == "confirmed"


def test_a_proposal_with_forty_speakers(call: Any) -> None:
    emails = [f"p{i}@example.org" for i in range(39)]
    proposal = _submit(_user("ada@example.org"), call, co_speakers=emails)
    assert proposal.speakers.count() == 40
    assert OutboxMessage.objects.filter(kind="programme.co_speaker").count() == 39
