from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "aiatlas.ops"
    verbose_name = "Operations"
