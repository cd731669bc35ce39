from django.apps import AppConfig


class ClassifyConfig(AppConfig):
    name = "aiatlas.classify"
    verbose_name = "SDG classification"
    default_auto_field = "django.db.models.BigAutoField"
