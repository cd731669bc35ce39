"""Account pages, mounted at /<lang>/account/."""

from django.urls import path

from aiatlas.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.profile, name="profile"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_done, name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
    path("password/", views.password_change, name="password-change"),
    path("two-factor/", views.two_factor_step, name="two-factor"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke-token"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/send/", views.outbox_send, name="outbox-send"),
    path("outbox/texts/", views.message_templates, name="message-templates"),
    path("outbox/texts/<str:kind>/", views.message_template, name="message-template"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<str:task_id>/retry/", views.task_retry, name="task-retry"),
]
