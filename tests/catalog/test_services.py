"""Single-record saves: optimistic locking, validation, publication."""

from __future__ import annotations

import pytest

from aiatlas.catalog.exceptions import FrozenEdition, NotFound, VersionConflict
from aiatlas.catalog.models import Activity
from aiatlas.catalog.services.activities import InvalidActivity, publish_edition, save_activity
from tests.conftest import make_record

pytestmark = pytest.mark.django_db


def test_save_activity_creates_then_updates_with_version():
    saved = save_activity(record=make_record())
    assert saved["id"] == "A000001"
    updated = save_activity(record={**saved, "title": "New title"}, expected_version=1)
    assert updated["title"] == "New title"
    assert Activity.objects.get().version == 2


def test_stale_version_gets_a_conflict_and_nothing_changes():
    saved = save_activity(record=make_record())
    save_activity(record={**saved, "title": "First editor"}, expected_version=1)
    with pytest.raises(VersionConflict) as info:
        save_activity(record={**saved, "title": "Second editor"}, expected_version=1)
    assert "version 1" in str(info.value) and "now at version 2" in str(info.value)
    activity = Activity.objects.get()
    assert (activity.title, activity.version) == ("First editor", 2)


def test_invalid_record_lists_every_problem():
    with pytest.raises(InvalidActivity) as info:
        save_activity(record=make_record(title="", countries=["XXX"]))
    assert {c for c, _ in info.value.errors} == {"title", "countries"}
    assert not Activity.objects.exists()


def test_publish_twice_and_unknown_edition():
    save_activity(record=make_record(editions=[2023]))
    assert publish_edition(year=2023).activities == 1
    with pytest.raises(FrozenEdition):
        publish_edition(year=2023)
    with pytest.raises(NotFound):
        publish_edition(year=1999)
