"""The project's URLs plus the account pages, mounted as the lead will mount them
(``account/`` inside the language prefix), unless they are mounted already."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from aiatlas.urls import urlpatterns as project_urls


def _mounted(patterns, namespace):
    for pattern in patterns:
        if getattr(pattern, "namespace", None) == namespace:
            return True
        if _mounted(getattr(pattern, "url_patterns", []) or [], namespace):
            return True
    return False


urlpatterns = list(project_urls)
if not _mounted(project_urls, "accounts"):
    urlpatterns += i18n_patterns(path("account/", include("aiatlas.accounts.urls")))

# the admin-only back office as AtlasAdminConfig installs it
from django.contrib import admin  # noqa: E402

from aiatlas.accounts.admin_site import AtlasAdminSite  # noqa: E402

atlas_site = AtlasAdminSite(name="atlas_admin")
atlas_site._registry.update(admin.site._registry)
urlpatterns.append(path("atlas-admin/", atlas_site.urls))
