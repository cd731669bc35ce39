"""Embargo: an approved activity of an open edition is not public — page, search, facets,
API, exports, citations, sitemap — until its edition is published or its release time
passes; the secretariat sees it with a "not yet public" banner."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from aiatlas.catalog.models import Activity, Edition
from aiatlas.catalog.queries import (
    embargoed_activities,
    is_public,
    public_activities,
    released_edition_ids,
    released_editions_q,
)
from tests.web.conftest import approve_new_submission


@pytest.fixture
def embargoed(published: None) -> str:
    return approve_new_submission(2025)


def _export_ids(client: Client, query: str = "") -> list[str]:
    response = client.get(f"/api/v1/activities.json{query}")
    assert response.status_code == 200
    return [r["id"] for r in json.loads(b"".join(response.streaming_content))]


def test_embargoed_activity_is_hidden_from_visitors(client: Client, embargoed: str) -> None:
    activity = Activity.objects.get(public_id=embargoed)
    assert not is_public(activity)
    assert list(embargoed_activities().values_list("public_id", flat=True)) == [embargoed]
    # its page and its API record are not found
    assert client.get(f"/en/activities/{embargoed}/").status_code == 404
    assert client.get(f"/api/v1/activities/{embargoed}").status_code == 404
    for fmt in ("bibtex", "csl-json"):
        assert (
            client.get(f"/api/v1/activities/{embargoed}/citation?format={fmt}").status_code == 404
        )
    # no search, facet, export or sitemap lists it
    assert embargoed not in _export_ids(client)
    assert embargoed not in _export_ids(client, "?edition=2025")
    assert client.get("/api/v1/activities?q=locust").json()["count"] == 0
    page = client.get("/en/activities/?q=locust").content.decode()
    assert embargoed not in page
    editions = {f["value"]: f["count"] for f in client.get("/api/v1/facets").json()["edition"]}
    assert editions["2025"] == 1  # the carried forward A000006 only
    sitemap = client.get("/en/sitemap.xml").content.decode()
    assert "/en/activities/A000006/" in sitemap and embargoed not in sitemap
    # the edition page and the API counts leave it out
    api = {e["year"]: e["activities"] for e in client.get("/api/v1/editions").json()}
    assert api[2025] == 1
    orgs = {o["reference"]: o["activities"] for o in client.get("/api/v1/organizations").json()}
    assert orgs["FAO"] == 2  # A000001 and A000003, not the embargoed one


def test_staff_see_embargoed_activity_with_a_banner(client: Client, embargoed: str) -> None:
    from aiatlas.accounts.models import User

    client.force_login(User.objects.get(email="rev2025@example.org"))
    response = client.get(f"/en/activities/{embargoed}/")
    assert response.status_code == 200
    assert "Not yet public." in response.content.decode()
    # public activities carry no banner
    assert "Not yet public." not in client.get("/en/activities/A000006/").content.decode()


def test_only_their_own_focal_points_see_embargoed_pages(client: Client, embargoed: str) -> None:
    from aiatlas.accounts.models import Role, User
    from aiatlas.catalog.models import Organization

    client.force_login(User.objects.get(email="focal2025@example.org"))  # FAO, the lead
    assert client.get(f"/en/activities/{embargoed}/").status_code == 200
    other = User.objects.create_user(email="focal@who.example", role=Role.FOCAL_POINT)
    other.organizations.set([Organization.objects.get(acronym="WHO")])
    client.force_login(other)
    assert client.get(f"/en/activities/{embargoed}/").status_code == 404


def test_release_time_makes_activities_public(client: Client, embargoed: str) -> None:
    edition = Edition.objects.get(year=2025)
    later = timezone.now() + timedelta(days=2)
    Edition.objects.filter(pk=edition.pk).update(release_at=later)
    assert not public_activities().filter(public_id=embargoed).exists()
    assert public_activities(later + timedelta(seconds=1)).filter(public_id=embargoed).exists()
    assert client.get(f"/en/activities/{embargoed}/").status_code == 404
    # a release time in the past releases the edition at once, unpublished
    Edition.objects.filter(pk=edition.pk).update(release_at=timezone.now() - timedelta(minutes=1))
    assert client.get(f"/en/activities/{embargoed}/").status_code == 200
    assert embargoed in _export_ids(client, "?edition=2025")
    assert client.get("/api/v1/activities?q=locust").json()["count"] == 1


def test_publishing_the_edition_ends_the_embargo(client: Client, embargoed: str) -> None:
    from aiatlas.catalog.services.publishing import publish_edition

    publish_edition(year=2025, acknowledge_left_out=True, build_report=False)
    assert client.get(f"/en/activities/{embargoed}/").status_code == 200
    assert client.get(f"/api/v1/activities/{embargoed}").status_code == 200
    assert embargoed in _export_ids(client, "?edition=2025")
    assert f"/en/activities/{embargoed}/" in client.get("/en/sitemap.xml").content.decode()


def test_released_edition_ids_follow_the_one_rule(published: None) -> None:
    """The fast query of the search engine's version says what ``released_editions_q`` says."""
    now = timezone.now()
    Edition.objects.filter(year=2025).update(release_at=now + timedelta(hours=1))
    for moment in (now, now + timedelta(hours=2)):
        expected = list(
            Edition.objects.filter(released_editions_q(moment))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert released_edition_ids(moment) == expected
    assert len(released_edition_ids(now)) == 2  # 2023 and 2024, published


def test_unknown_activity_and_edition_are_404(client: Client, published: None) -> None:
    assert client.get("/en/activities/A999999/").status_code == 404
    assert client.get("/en/activities/A000003/as-published/2025/").status_code == 404
    assert client.get("/en/activities/A000002/as-published/2024/").status_code == 404
    assert client.get("/en/sdgs/3/?edition=1999").status_code == 404
    assert client.get("/en/sdgs/3/?edition=abc").status_code == 404
    assert client.get("/en/organizations/FAO/?edition=20245").status_code == 404
    assert client.get("/api/v1/editions/2025/figures").status_code == 404
    assert client.get("/api/v1/activities/A000003/citation?edition=2025").status_code == 404
