"""Submission pages, mounted at /<lang>/submissions/."""

from django.urls import path

from aiatlas.submissions import review_views, views, views_upload

app_name = "submissions"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new, name="new"),
    path("carry/", views.carry, name="carry"),
    path("upload/", views_upload.upload, name="upload"),
    path("upload/confirm/", views_upload.confirm, name="upload-confirm"),
    path("template.docx", views.template_docx, name="template-docx"),
    path("activities/<str:public_id>/2-pager.docx", views.activity_docx, name="activity-docx"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard.csv", review_views.dashboard_csv, name="dashboard-csv"),
    path("dashboard/approve/", review_views.bulk_approve, name="bulk-approve"),
    path("dashboard/entities/<int:organization_id>/", review_views.entity, name="entity"),
    path("calls/open/", views.open_call, name="open-call"),
    path("invite/", views.invite, name="invite"),
    path("calls/<int:year>/close/", views.close_call, name="close-call"),
    path("calls/<int:year>/publish/", views.publish, name="publish"),
    path("calls/<int:year>/remind/", views.remind, name="remind"),
    path("<int:submission_id>/", views.detail, name="detail"),
    path("<int:submission_id>/submit/", views.submit, name="submit"),
    path("<int:submission_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:submission_id>/undo-withdraw/", review_views.undo_withdraw, name="undo-withdraw"),
    path("<int:submission_id>/decide/", views.decide, name="decide"),
    path("<int:submission_id>/comments/", review_views.comment, name="comment"),
    path("<int:submission_id>/history/", views.history, name="history"),
    path("<int:submission_id>/history/<int:history_id>/restore/", views.restore, name="restore"),
    path("<int:submission_id>/activity.docx", views.export_docx, name="docx"),
]
