"""Tasks for the worker tests: each run leaves one row behind, so a task that ran twice
shows up; one always fails with a clear reason."""

from __future__ import annotations

import time

from django_tasks import task


@task()
def leave_a_mark(number: int) -> int:
    from aiatlas.accounts.models import OutboxMessage

    time.sleep(0.02)  # long enough for two workers to be busy at the same time
    OutboxMessage.objects.create(
        from_email="worker@test",
        to=f"run{number}@test",
        subject=str(number),
        body="",
        kind="test.run",
        topic="worker-test",
        status="sent",
    )
    return number


@task()
def always_fails(edition: int) -> None:
    raise ValueError(f"edition {edition} is not published")
