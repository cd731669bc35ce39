from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aiatlas.submissions"
    verbose_name = "Submissions"

    def ready(self) -> None:
        from aiatlas.catalog.services.publishing import register_publish_guard
        from aiatlas.submissions import publish_guards, receivers  # noqa: F401 (receivers)

        register_publish_guard(publish_guards.undecided_submissions)
        register_publish_guard(publish_guards.left_out_activities)
