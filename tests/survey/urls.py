"""The site's routes that the survey pages need (the project urls.py also mounts the API,
which other apps build); used by the survey tests only."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("", include("aiatlas.web.urls")),
    path("survey/", include("aiatlas.survey.urls")),
    path("account/", include("aiatlas.accounts.urls")),
    path("submissions/", include("aiatlas.submissions.urls")),
    # the main navigation links these
    path("programme/", include("aiatlas.programme.urls")),
    path("initiatives/", include("aiatlas.initiatives.urls")),
    path("governance/", include("aiatlas.governance.urls")),
    prefix_default_language=True,
)
