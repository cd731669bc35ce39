from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "aiatlas.catalog"
    verbose_name = "Catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from aiatlas.catalog.signals import load_reference_after_migrate

        post_migrate.connect(load_reference_after_migrate, sender=self)
