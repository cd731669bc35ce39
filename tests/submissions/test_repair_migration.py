"""The data migration that repairs records stored before drafts were typed."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from aiatlas.submissions import migrations
from aiatlas.submissions.models import Submission

from .conftest import GOOD_RECORD

_MIGRATION = next(
    Path(migrations.__file__).parent.glob("*_repair_malformed_drafts.py")
).stem  # whatever its number
repair = importlib.import_module(f"aiatlas.submissions.migrations.{_MIGRATION}").repair


def _run() -> None:
    repair(apps, SimpleNamespace(connection=connection))  # what RunPython passes, minus DDL


@pytest.mark.django_db
def test_malformed_drafts_are_repaired_and_the_original_stays_in_the_history(users, call, who):
    broken = Submission.objects.create(
        call=call,
        organization=who,
        record={
            "title": " Flood maps ",
            "domains": 5,
            "sdg_goals": 1,
            "countries": ["KEN", "XXX"],
            "start_year": "2024",
            "zzz": True,
        },
    )
    not_a_dict = Submission.objects.create(call=call, organization=who, record=[1, 2])
    good = Submission.objects.create(
        call=call,
        organization=who,
        record={"title": "Fine", "countries": ["KEN"], "start_year": 2024},
    )
    _run()
    broken.refresh_from_db()
    # free text keeps its whitespace, as everywhere in the catalog (lossless round trip)
    assert broken.record == {"title": " Flood maps ", "countries": ["KEN"], "start_year": 2024}
    assert broken.version == 2
    reason = broken.history.first().history_change_reason
    assert reason.startswith("repaired malformed record: dropped")
    assert "countries" in reason and "domains" in reason and "sdg_goals" in reason
    not_a_dict.refresh_from_db()
    assert not_a_dict.record == {} and not_a_dict.version == 2
    good.refresh_from_db()
    assert good.version == 1 and good.history.count() == 1  # only its creation
    client = Client()
    client.force_login(users["admin"])
    for sub in (broken, not_a_dict):
        for url in (
            f"/en/submissions/{sub.pk}/",
            f"/fr/submissions/{sub.pk}/",
            f"/en/submissions/{sub.pk}/activity.docx",
        ):
            assert client.get(url).status_code == 200, url
    _run()  # a second run changes nothing
    broken.refresh_from_db()
    assert broken.version == 2


@pytest.mark.django_db
def test_a_clean_record_is_left_alone(call, who):
    record = {k: v for k, v in GOOD_RECORD.items() if k != "start_year"}
    sub = Submission.objects.create(call=call, organization=who, record=record)
    _run()
    sub.refresh_from_db()
    assert sub.version == 1
