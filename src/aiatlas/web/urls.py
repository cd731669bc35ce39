"""The public pages; mounted under a language prefix (/en/, /fr/ …) by ``aiatlas.urls``."""

from __future__ import annotations

from django.urls import path

from aiatlas.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/<str:public_id>/", views.activity_detail, name="activity-detail"),
    path(
        "activities/<str:public_id>/as-published/<int:year>/",
        views.activity_published,
        name="activity-published",
    ),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<path:ref>/", views.organization_detail, name="organization-detail"),
    path("sdgs/", views.goal_list, name="goal-list"),
    path("sdgs/<int:number>/", views.goal_detail, name="goal-detail"),
    path("editions/<int:year>/", views.edition_detail, name="edition-detail"),
    path("about/", views.about, name="about"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
