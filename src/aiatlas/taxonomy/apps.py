from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TaxonomyConfig(AppConfig):
    name = "aiatlas.taxonomy"
    verbose_name = "SDG taxonomy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from aiatlas.taxonomy.signals import load_after_migrate

        post_migrate.connect(load_after_migrate, sender=self)
