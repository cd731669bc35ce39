from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aiatlas.submissions"
    verbose_name = "Submissions"

    def ready(self) -> None:
        from aiatlas.submissions import receivers  # noqa: F401 (connects the signal receivers)
