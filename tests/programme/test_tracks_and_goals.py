"""Track pages (the released schedule of one track) and the team's SDG suggestions for a
session, confirmed by a person (issue 20)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from aiatlas.programme.models import SessionGoal
from aiatlas.programme.services.sessions import create_session

TRACK = "/en/programme/events/summit-2031/tracks/{slug}/"


def _team(client: Any) -> Any:
    user = get_user_model().objects.create_superuser("sdg-team@example.org", "x" * 20)
    client.force_login(user)
    return user


def _health_session(summit: Any, abstract: str = "") -> Any:
    return create_session(
        event=summit.event,
        title="AI for maternal health",
        abstract=abstract,
        description="Diagnosing disease in rural clinics and improving access to vaccines.",
    )


# -- track pages -------------------------------------------------------------------------


def test_a_track_page_lists_the_released_sessions_of_its_track_only(client, summit):
    response = client.get(TRACK.format(slug="health"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 dir="auto">Health</h1>' in body
    assert "Opening keynote" in body
    assert "Climate panel" not in body and "Sunday workshop" not in body
    # the other track is one link away
    assert TRACK.format(slug="climate") in body


def test_a_track_page_shows_the_released_title_not_the_live_one(client, summit):
    session = summit.sessions["opening"]
    session.title = "Renamed after the release"
    session.save()
    body = client.get(TRACK.format(slug="health")).content.decode()
    assert "Opening keynote" in body and "Renamed after the release" not in body


def test_an_unknown_track_or_event_is_not_found(client, summit):
    assert client.get(TRACK.format(slug="nope")).status_code == 404
    assert client.get("/en/programme/events/nope/tracks/health/").status_code == 404


def test_the_session_page_and_the_schedule_link_to_the_track_page(client, summit):
    url = TRACK.format(slug="health")
    session = client.get(f"/en/programme/sessions/{summit.sessions['opening'].pk}/")
    assert f'href="{url}"' in session.content.decode()
    schedule = client.get("/en/programme/events/summit-2031/").content.decode()
    assert f'href="{url}"' in schedule  # the card's track label and the track list
    listing = client.get("/en/programme/events/summit-2031/?view=list").content.decode()
    assert f'href="{url}"' in listing


# -- SDG suggestions, confirmed by a person ------------------------------------------------


def _url(session: Any) -> str:
    return f"/en/programme/sessions/{session.pk}/sdgs/"


def test_the_classifier_suggests_health_for_a_health_session_with_its_evidence(client, summit):
    _team(client)
    session = _health_session(
        summit, "Reducing child mortality and treating disease with better medicines."
    )
    response = client.post(_url(session), {"action": "suggest"})
    assert response.status_code == 200
    suggested = response.context["suggested"]
    assert 3 in [g.number for g in suggested]
    health = next(g for g in suggested if g.number == 3)
    assert health.evidence and "score" in health.evidence and not health.ticked
    assert "Suggested by the classifier" in response.content.decode()
    # asking stores nothing
    assert not SessionGoal.objects.filter(session=session).exists()


def test_only_the_ticked_goals_are_stored_confirmed(client, summit):
    _team(client)
    session = summit.sessions["opening"]  # carries 3 confirmed and 13 suggested
    response = client.post(_url(session), {"action": "save", "goals": ["3", "9"]})
    assert response.status_code == 302
    tags = dict(SessionGoal.objects.filter(session=session).values_list("goal_id", "source"))
    assert tags == {3: "confirmed", 9: "confirmed"}  # 13 was not ticked: gone
    public = client.get(f"/en/programme/sessions/{session.pk}/").content.decode()
    assert "SDG 9" in public and "SDG 13" not in public


def test_an_empty_abstract_gets_a_clear_message(client, summit):
    _team(client)
    session = _health_session(summit, abstract="   ")
    response = client.post(_url(session), {"action": "suggest"})
    assert response.status_code == 200
    assert "The session has no abstract" in response.content.decode()


def test_a_goal_that_is_not_a_number_gets_a_clear_message(client, summit):
    _team(client)
    session = summit.sessions["opening"]
    response = client.post(_url(session), {"action": "save", "goals": ["three", "18"]})
    assert response.status_code == 200
    assert "An SDG is a number from 1 to 17." in response.content.decode()
    response = client.post(_url(session), {"action": "save", "goals": ["18"]})
    assert "Unknown SDG(s): 18." in response.content.decode()
    assert SessionGoal.objects.filter(session=session).count() == 2  # unchanged


@pytest.mark.parametrize("action", ["suggest", "save"])
def test_a_visitor_or_a_participant_cannot_suggest_or_save(client, summit, action):
    session = summit.sessions["opening"]
    anonymous = client.post(_url(session), {"action": action, "goals": ["1"]})
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    participant = get_user_model().objects.create_user("p@example.org", "y" * 20)
    client.force_login(participant)
    response = client.post(_url(session), {"action": action, "goals": ["1"]})
    assert response.status_code == 403
    assert client.get(_url(session)).status_code == 404
    assert not SessionGoal.objects.filter(session=session, goal_id=1).exists()


def test_the_team_sees_the_form_with_the_current_tags_ticked(client, summit):
    _team(client)
    session = summit.sessions["opening"]
    response = client.get(_url(session))
    assert response.status_code == 200
    ticked = {g.number for g in response.context["others"] if g.ticked}
    assert ticked == {3, 13}
    session_page = client.get(f"/en/programme/sessions/{session.pk}/").content.decode()
    assert _url(session) in session_page
