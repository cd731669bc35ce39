"""Two concurrent submissions with one token: exactly one succeeds (real transactions, so
PostgreSQL only; SQLite serialises writers with IMMEDIATE transactions anyway)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from aiatlas.survey.models import Response

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database for real concurrency"
)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_make_one(make_survey: Any, invite: Any) -> None:
    from aiatlas.survey.exceptions import AlreadySubmitted, StaleResponse
    from aiatlas.survey.services.responses import submit_response

    survey = make_survey()
    token = invite(survey)
    inv = survey.invitations.get()
    Response.objects.create(
        invitation=inv, version=3, answers={"has_strategy": "no", "sectors": ["health"]}
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            submit_response(token=token, version=3, language="en")
            outcomes.append("ok")
        except (AlreadySubmitted, StaleResponse) as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["AlreadySubmitted", "ok"]
    r = Response.objects.get()
    assert r.status == "submitted" and r.version == 4
