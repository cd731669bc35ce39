"""The illustrative year: released schedules, no double booking, speakers' gender and
country for the figures."""

from __future__ import annotations

from datetime import date

import pytest

from aiatlas.programme import figures_queries, queries
from aiatlas.programme.models import Event, Programme
from aiatlas.programme.services.demo import load_programme_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return load_programme_demo(today=date(2031, 3, 3))


def test_demo_schedule_is_consistent_and_released(demo):
    summit = Event.objects.get(kind="summit")
    kinds = [w.kind for w in queries.schedule_warnings(summit)]
    assert "speaker_double_booked" not in kinds and "room_overlap" not in kinds
    assert queries.schedule(summit).count == 108
    for event in Event.objects.filter(programme__illustrative=True):
        assert queries.latest_release(event) is not None, event.slug
        assert queries.unreleased_changes(event) == [], event.slug


def test_demo_figures_have_gender_and_regions(demo):
    platform = Programme.objects.get(slug="ai-for-good")
    year = Event.objects.get(kind="summit").starts_on.year
    found = figures_queries.figures(platform, year)
    assert len([g for g in found.speakers_by_gender if g != "not given"]) >= 3
    regions = [r for r in found.speakers_by_region if r != "not given"]
    assert len(regions) >= 3, found.speakers_by_region
