from __future__ import annotations

from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "aiatlas.programme"
    label = "programme"
    verbose_name = "AI for Good programme"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from aiatlas.programme.messages import register_kinds

        register_kinds()
