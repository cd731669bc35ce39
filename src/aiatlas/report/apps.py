from typing import Any

from django.apps import AppConfig


def _follow_retried_build(
    sender: Any, task_path: str, args: dict[str, Any], new_id: str, **kwargs: Any
) -> None:
    """A retried report build points at its new task (the edition page follows it)."""
    if task_path != "aiatlas.report.tasks.build_report_task" or not args.get("args"):
        return
    from aiatlas.report.models import ReportBuild

    ReportBuild.objects.filter(pk=args["args"][0]).update(
        task_id=new_id, status=ReportBuild.Status.QUEUED, error=""
    )


class ReportConfig(AppConfig):
    name = "aiatlas.report"
    verbose_name = "Report"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from aiatlas.common.signals import task_retried

        task_retried.connect(_follow_retried_build, dispatch_uid="report-follow-retried-build")
        from aiatlas.report import receivers  # noqa: F401 (connects the signal receivers)
