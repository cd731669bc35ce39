"""URL routes: the JSON API under /api/v1, the admin back office, and the web pages under
a language prefix (/en/, /fr/ …) so that the language is part of every shareable URL."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from aiatlas.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("aiatlas.ops.urls")),  # /healthz, /readyz, /metrics
]
urlpatterns += i18n_patterns(
    path("", include("aiatlas.web.urls")),
    path("", include("aiatlas.report.urls")),
    path("", include("aiatlas.classify.urls")),
    path("survey/", include("aiatlas.survey.urls")),
    path("account/", include("aiatlas.accounts.urls")),
    path("submissions/", include("aiatlas.submissions.urls")),
    path("programme/", include("aiatlas.programme.urls")),
    path("initiatives/", include("aiatlas.initiatives.urls")),
    path("governance/", include("aiatlas.governance.urls")),
    prefix_default_language=True,
)
