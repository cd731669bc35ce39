"""Survey pages, mounted under /<lang>/survey/ by ``aiatlas.urls``."""

from __future__ import annotations

from django.urls import path

from aiatlas.survey.views import manage, respondent, results

app_name = "survey"

urlpatterns = [
    path("r/<str:token>/", respondent.start, name="start"),
    path("r/<str:token>/page/<int:index>/", respondent.page, name="page"),
    path("r/<str:token>/review/", respondent.review, name="review"),
    path("r/<str:token>/receipt/", respondent.receipt, name="receipt"),
    path("r/<str:token>/receipt.pdf", respondent.receipt_pdf, name="receipt-pdf"),
    path("manage/", manage.survey_list, name="manage"),
    path("manage/<int:pk>/", manage.survey_detail, name="manage-detail"),
    path("manage/<int:pk>/preview/<int:index>/", manage.preview, name="preview"),
    path("manage/<int:pk>/form.xml", manage.xform_download, name="xform"),
    path(
        "manage/<int:pk>/responses/<int:invitation_id>/files/<str:key>",
        manage.response_file,
        name="response-file",
    ),
    path("manage/<int:pk>/invite/", manage.invite, name="invite"),
    path("manage/<int:pk>/remind/", manage.remind, name="remind"),
    path("manage/<int:pk>/send/", manage.send, name="send"),
    path("manage/<int:pk>/import/", manage.import_responses, name="import"),
    path("manage/<int:pk>/responses/", manage.response_list, name="responses"),
    path(
        "manage/<int:pk>/responses/<int:invitation_id>/",
        manage.response_detail,
        name="response-detail",
    ),
    path(
        "manage/<int:pk>/responses/<int:invitation_id>/check/",
        manage.response_check,
        name="response-check",
    ),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/results/responses.csv", results.export_csv, name="export-csv"),
    path("<int:pk>/results/repeats.csv", results.export_repeats, name="export-repeats"),
    path("<int:pk>/results/results.xlsx", results.export_xlsx, name="export-xlsx"),
    path("<int:pk>/results/kobo.csv", results.export_kobo_csv, name="export-kobo-csv"),
    path("<int:pk>/results/kobo.xlsx", results.export_kobo_xlsx, name="export-kobo-xlsx"),
]
