"""Programme pages, mounted under /<lang>/programme/ by ``aiatlas.urls``."""

from __future__ import annotations

from django.urls import path

from aiatlas.programme import call_views, schedule_views, views

app_name = "programme"

urlpatterns = [
    path("", views.index, name="index"),
    path("whats-on/", views.whats_on, name="whats-on"),
    path("agenda/", views.my_agenda, name="agenda"),
    path("agenda/feed/", views.agenda_feed, name="agenda-feed"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("events/<slug:slug>/tracks/<slug:track>/", views.track_detail, name="track"),
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/check-in/", views.check_in_page, name="check-in"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/sdgs/", schedule_views.session_goals, name="session-sdgs"),
    path("sessions/<int:pk>/favourite/", views.favourite, name="favourite"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker"),
    path("registrations/<str:token>/", views.registration_status, name="registration"),
    path("registrations/<str:token>/cancel/", views.cancel, name="cancel"),
    # the schedule editor, releases and the widget
    path("events/<slug:slug>/schedule/edit/", schedule_views.editor, name="schedule-editor"),
    path(
        "events/<slug:slug>/schedule/place/<int:pk>/", schedule_views.place, name="schedule-place"
    ),
    path("events/<slug:slug>/schedule/release/", schedule_views.release, name="schedule-release"),
    path(
        "events/<slug:slug>/availability/",
        schedule_views.speaker_availability,
        name="availability",
    ),
    path("events/<slug:slug>/changes/", schedule_views.changes, name="changes"),
    path("events/<slug:slug>/embed/", schedule_views.embed, name="embed"),
    # the call for sessions and its review
    path("events/<slug:slug>/call/", call_views.call_detail, name="call"),
    path("proposals/", call_views.my_proposals, name="proposals"),
    path("proposals/<int:pk>/", call_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/invite/", call_views.invite, name="proposal-invite"),
    path("proposals/<int:pk>/withdraw/", call_views.withdraw, name="proposal-withdraw"),
    path("proposals/<int:pk>/confirm/", call_views.confirm, name="proposal-confirm"),
    path("proposals/<int:pk>/files/<slug:key>/", call_views.proposal_file, name="proposal-file"),
    path("invitations/<str:token>/", call_views.invitation, name="invitation"),
    path("review/<int:pk>/", call_views.review_index, name="review"),
    path("review/<int:pk>/assign/", call_views.assign, name="review-assign"),
    path("review/<int:pk>/decide/", call_views.decide, name="review-decide"),
    path("review/proposals/<int:pk>/", call_views.review_proposal, name="review-proposal"),
    path("review/proposals/<int:pk>/conflict/", call_views.conflict, name="review-conflict"),
    path("<slug:slug>/figures/", views.figures_page, name="figures"),
    path("<slug:slug>/", views.programme_detail, name="programme"),
]
