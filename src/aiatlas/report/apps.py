from django.apps import AppConfig


class ReportConfig(AppConfig):
    name = "aiatlas.report"
    verbose_name = "Report"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from aiatlas.report import receivers  # noqa: F401 (connects the signal receivers)
