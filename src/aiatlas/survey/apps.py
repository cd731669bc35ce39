from __future__ import annotations

from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "aiatlas.survey"
    label = "survey"
    verbose_name = "Member State surveys"
    default_auto_field = "django.db.models.BigAutoField"
