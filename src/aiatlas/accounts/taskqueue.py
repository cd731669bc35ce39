"""The background task queue as administrators see it: recent tasks with their state and
the reason of a failure, and Retry (django-tasks, database backend)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from aiatlas.common.signals import task_retried

#: readable names of the tasks (the task's import path otherwise)
LABELS: dict[str, Any] = {
    "aiatlas.report.tasks.build_report_task": _("Report build"),
    "aiatlas.accounts.tasks.deliver_outbox_task": _("Send the outbox"),
    "aiatlas.submissions.tasks.review_digest_task": _("Reviewers' daily digest"),
}
#: django-tasks states -> the words of the page
STATES: dict[str, Any] = {
    "READY": _("queued"),
    "RUNNING": _("running"),
    "SUCCESSFUL": _("done"),
    "FAILED": _("failed"),
}


class TaskNotFound(Exception):
    pass


class TaskNotRetryable(Exception):
    pass


@dataclass(frozen=True)
class TaskRow:
    id: str
    label: str
    state: str
    status: str
    args: str
    enqueued_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    reason: str
    traceback: str
    can_retry: bool


def _reason(traceback: str) -> str:
    """The last line of a traceback: ``ValueError: the edition is not published``."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def recent_tasks(*, status: str = "", limit: int = 100) -> list[TaskRow]:
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.order_by("-enqueued_at")
    if status:
        rows = rows.filter(status=status)
    out = []
    for row in rows[:limit]:
        args = row.args_kwargs or {}
        shown = ", ".join(
            [
                *(repr(a) for a in args.get("args", [])),
                *(f"{k}={v!r}" for k, v in args.get("kwargs", {}).items()),
            ]
        )
        out.append(
            TaskRow(
                id=str(row.id),
                label=str(LABELS.get(row.task_path, row.task_path)),
                state=str(STATES.get(row.status, row.status)),
                status=row.status,
                args=shown,
                enqueued_at=row.enqueued_at,
                started_at=row.started_at,
                finished_at=row.finished_at,
                reason=_reason(row.traceback) if row.status == "FAILED" else "",
                traceback=row.traceback if row.status == "FAILED" else "",
                can_retry=row.status == "FAILED",
            )
        )
    return out


def task_counts() -> dict[str, int]:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    counts = dict.fromkeys(STATES, 0)
    for status, n in DBTaskResult.objects.values_list("status").annotate(n=Count("id")):
        counts[status] = n
    return counts


def retry_task(*, task_id: str) -> str:
    """Queue a failed task again with the same arguments; returns the new task's id."""
    from django.core.exceptions import SuspiciousOperation, ValidationError
    from django_tasks_db.models import DBTaskResult

    try:
        row = DBTaskResult.objects.filter(pk=task_id).first()
    except (ValidationError, ValueError):
        row = None
    if row is None:
        raise TaskNotFound(f"there is no task {task_id}")
    if row.status != "FAILED":
        raise TaskNotRetryable(
            f"only a failed task can be retried; this one is {STATES.get(row.status, row.status)}"
        )
    try:
        task = row.task
    except (ImportError, SuspiciousOperation) as exc:
        raise TaskNotRetryable(f"this task no longer exists in the application ({exc})") from None
    args = row.args_kwargs or {}
    result = task.enqueue(*args.get("args", []), **args.get("kwargs", {}))
    _after_retry(row.task_path, args, str(result.id))
    return str(result.id)


def _after_retry(task_path: str, args: dict[str, Any], new_id: str) -> None:
    """Tell the app that owns the task (a report build follows its new task, …)."""
    task_retried.send(sender=None, task_path=task_path, args=args, new_id=new_id)
