"""Background tasks of the report (django-tasks; the worker of `aiatlas serve`, or
`aiatlas worker`, runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def build_report_task(build_id: int) -> str:
    from aiatlas.report.services import run_build

    return run_build(build_id=build_id)
