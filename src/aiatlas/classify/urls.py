from django.urls import path

from aiatlas.classify import views

app_name = "classify"
urlpatterns = [
    path("sdgs/agreement/", views.agreement, name="agreement"),
    path("activities/<str:public_id>/sdg-review/", views.review, name="review"),
]
