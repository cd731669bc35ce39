from __future__ import annotations

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "aiatlas.governance"
    label = "governance"
    verbose_name = "AI governance and ethics"
    default_auto_field = "django.db.models.BigAutoField"
