from django.urls import path

from aiatlas.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("questionnaire/", views.questionnaire_page, name="questionnaire"),
    path("figures/", views.figures_page, name="figures"),
    path("activities/", views.activities, name="activities"),
    path("activities/<str:public_id>/", views.activity_page, name="activity"),
    path("activities/<str:public_id>/start/", views.start, name="start"),
    path("assessments/<int:pk>/", views.assessment_page, name="assessment"),
    path("assessments/<int:pk>/submit/", views.submit, name="assessment-submit"),
    path("assessments/<int:pk>/actions/", views.add_action, name="assessment-action"),
    path("assessments/<int:pk>/sign-off/", views.sign_off, name="assessment-sign-off"),
    path(
        "submissions/<int:submission_id>/assessment/",
        views.start_for_submission,
        name="submission-start",
    ),
    path("review/", views.review, name="review"),
    path("instruments/", views.instruments, name="instruments"),
    path("instruments/crosswalk/<str:kind>/", views.crosswalk, name="crosswalk"),
    path("instruments/<slug:slug>/", views.instrument_page, name="instrument"),
    path("policies/", views.policies, name="policies"),
    path("policies.csv", views.policies_csv, name="policies-csv"),
    path("countries/<str:alpha3>/", views.country_page, name="country"),
]
