"""The web report; mounted under the language prefix by ``aiatlas.urls``."""

from __future__ import annotations

from django.urls import path

from aiatlas.report import views

app_name = "report"

urlpatterns = [
    path("editions/<int:year>/report/", views.report, name="report"),
    path("editions/<int:year>/report/figures/<str:figure_id>/", views.figure, name="figure"),
    path("editions/<int:year>/report/build/", views.build, name="build"),
    path(
        "editions/<int:year>/report/builds/<int:build_id>/", views.build_status, name="build-status"
    ),
    path("editions/<int:year>/report/report.pdf", views.download_pdf, name="pdf"),
    path(
        "editions/<int:year>/report/<slug:language>/report.pdf",
        views.download_pdf_in,
        name="pdf-language",
    ),
    path("editions/<int:year>/report/data.csv", views.download_csv, name="csv"),
    path("editions/<int:year>/open-data.zip", views.open_data, name="open-data"),
    path("editions/<int:year>/dcat.jsonld", views.dcat, name="dcat"),
]
