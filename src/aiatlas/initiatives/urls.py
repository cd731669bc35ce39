from django.urls import path

from aiatlas.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
    path("deliverables/", views.deliverables, name="deliverables"),
    path("figures/", views.figures, name="figures"),
    path("challenges/<slug:slug>/", views.challenge_detail, name="challenge"),
    path("<str:acronym>/", views.group_detail, name="group"),
]
