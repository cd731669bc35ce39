"""Curators accept or reject suggestions; the agreement page; over-claiming flags."""

from __future__ import annotations

import pytest
from django.test import Client

from aiatlas.accounts.models import User
from aiatlas.catalog.models import Activity, ActivityGoal
from aiatlas.catalog.services.importing import import_activities
from aiatlas.classify.models import SuggestionReview
from aiatlas.classify.queries import agreement_by_goal, overclaimed_goals
from aiatlas.classify.services import NotAllowed, review_suggestion, tag_activities
from tests.classify.test_tag import HEALTH, WATER
from tests.conftest import write_jsonl

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(tmp_path):
    from tests.conftest import release_editions

    release_editions(2024)  # the activities are public without publishing the edition
    import_activities(path=write_jsonl(tmp_path / "a.jsonl", [HEALTH, WATER]))
    tag_activities()
    return Activity.objects.get(public_id="T-1")


@pytest.fixture
def reviewer():
    return User.objects.create_user(email="rev@example.org", password="pw-123456!", role="reviewer")


def test_overclaim_flags_submitter_goal_without_support(tagged):
    assert overclaimed_goals(tagged) == [14]  # the submitter ticked 14; the text is about health


def test_accept_adds_curator_tag_and_reject_is_remembered(tagged, reviewer):
    review_suggestion(activity_id=tagged.pk, goal=3, accepted=True, reviewer=reviewer)
    assert ActivityGoal.objects.filter(activity=tagged, goal_id=3, source="curator").exists()
    suggested = set(
        ActivityGoal.objects.filter(activity=tagged, source="classifier").values_list(
            "goal_id", flat=True
        )
    ) - {3}
    if suggested:
        other = min(suggested)
        review_suggestion(activity_id=tagged.pk, goal=other, accepted=False, reviewer=reviewer)
        tag_activities()  # re-tagging does not bring a rejected suggestion back
        assert not ActivityGoal.objects.filter(
            activity=tagged, goal_id=other, source="classifier"
        ).exists()
    assert SuggestionReview.objects.filter(activity=tagged).count() >= 1


def test_only_reviewers_and_admins_curate(tagged):
    focal = User.objects.create_user(email="fp@example.org", password="pw-123456!")
    with pytest.raises(NotAllowed):
        review_suggestion(activity_id=tagged.pk, goal=3, accepted=True, reviewer=focal)
    url = f"/en/activities/{tagged.public_id}/sdg-review/"
    client = Client()
    response = client.post(url, {"goal": "3", "decision": "accept"})
    assert response.status_code == 302 and "/account/login/?next=" in response["Location"]
    client.force_login(focal)
    assert client.post(url, {"goal": "3", "decision": "accept"}).status_code == 403
    assert not ActivityGoal.objects.filter(source="curator").exists()


def test_review_post_needs_csrf_and_works_for_reviewer(tagged, reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    url = f"/en/activities/{tagged.public_id}/sdg-review/"
    assert client.post(url, {"goal": "3", "decision": "accept"}).status_code == 403
    client = Client()
    client.force_login(reviewer)
    response = client.post(
        url, {"goal": "3", "decision": "accept", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and "evil" not in response["Location"]
    assert client.post(url, {"goal": "99", "decision": "accept"}).status_code == 404
    assert client.post(url, {"goal": "3", "decision": "maybe"}).status_code == 404


def test_agreement_counts_and_page(tagged):
    rows = {a.goal: a for a in agreement_by_goal()}
    assert rows[14].submitter_only == 1
    assert rows[3].classifier_only == 1
    assert all(a.total == 1 for a in rows.values())  # only T-1 has submitter tags
    page = Client().get("/en/sdgs/agreement/")
    assert page.status_code == 200 and b"Kappa" in page.content
    assert Client().get("/en/sdgs/agreement/?edition=1999").status_code == 400
    assert Client().get("/en/sdgs/agreement/?edition=<script>").status_code == 400


def test_activity_page_shows_suggestions_with_evidence_and_flags(tagged, reviewer):
    page = Client().get(f"/en/activities/{tagged.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "SDG suggestions (offline classifier)" in html
    assert "Evidence" in html and "score" in html
    assert "does not seem to support" in html and "SDG 14" in html
    assert 'value="accept"' not in html  # visitors cannot curate
    client = Client()
    client.force_login(reviewer)
    assert 'value="accept"' in client.get(f"/en/activities/{tagged.public_id}/").content.decode()
