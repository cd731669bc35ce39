"""URL routes: the admin back office for now; the web catalog and API mount here."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
