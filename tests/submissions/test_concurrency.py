"""Real races between two requests (PostgreSQL only: SQLite serialises writers with its
IMMEDIATE transactions). Eight people carry the same activity forward at once, or save the
same draft at once: exactly one wins, the others get a clear error, nothing is lost."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from aiatlas.submissions.exceptions import EditConflict, InvalidState
from aiatlas.submissions.models import Submission
from aiatlas.submissions.services import drafts

from .conftest import GOOD_RECORD

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database for real races"
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(work: Callable[[int], None], n: int = 8) -> list[str]:
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
            outcomes.append("ok")
        except (InvalidState, EditConflict) as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_simultaneous_carry_forward_makes_one_submission(users, call, old_activity):
    outcomes = _race(
        lambda i: drafts.carry_forward(
            user=users["focal"], call_id=call.pk, public_id=old_activity["id"]
        )
    )
    assert outcomes == ["InvalidState"] * 7 + ["ok"]
    assert Submission.objects.count() == 1


def test_simultaneous_saves_of_one_version_keep_exactly_one(users, call, who):
    sub = drafts.start_draft(
        user=users["focal"], call_id=call.pk, organization_id=who.pk, record=GOOD_RECORD
    )
    outcomes = _race(
        lambda i: drafts.save_draft(
            user=users["focal"],
            submission_id=sub.pk,
            record=dict(GOOD_RECORD, title=f"Edit {i}"),
            expected_version=1,
        )
    )
    assert outcomes == ["EditConflict"] * 7 + ["ok"]
    sub.refresh_from_db()
    assert sub.version == 2 and sub.record["title"].startswith("Edit ")
    assert sub.history.count() == 2
