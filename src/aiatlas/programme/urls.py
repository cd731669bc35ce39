"""Programme pages, mounted under /<lang>/programme/ by ``aiatlas.urls``."""

from __future__ import annotations

from django.urls import path

from aiatlas.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.index, name="index"),
    path("whats-on/", views.whats_on, name="whats-on"),
    path("agenda/", views.my_agenda, name="agenda"),
    path("agenda/feed/", views.agenda_feed, name="agenda-feed"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/favourite/", views.favourite, name="favourite"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker"),
    path("registrations/<str:token>/", views.registration_status, name="registration"),
    path("registrations/<str:token>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/", views.programme_detail, name="programme"),
]
