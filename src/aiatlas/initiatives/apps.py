from __future__ import annotations

from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "aiatlas.initiatives"
    label = "initiatives"
    verbose_name = "Focus groups, initiatives and challenges"
    default_auto_field = "django.db.models.BigAutoField"
