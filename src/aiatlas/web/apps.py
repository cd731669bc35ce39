from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "aiatlas.web"
    verbose_name = "Web pages"
