"""Back-office registration: surveys, invitations (contacts are private), responses and
the outbox. Day-to-day work happens on the staff pages under /<lang>/survey/manage/."""

from __future__ import annotations

from django.contrib import admin

from aiatlas.survey.models import Invitation, Response, Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ["title", "form_version", "opens_at", "closes_at", "results_public", "is_demo"]
    exclude = ["form"]
    readonly_fields = ["source_name", "languages", "default_language", "form_version"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["country", "survey", "ministry", "contact_email", "reminders"]
    list_filter = ["survey"]
    search_fields = ["country__name", "ministry", "contact_name", "contact_email"]
    raw_id_fields = ["country"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin[Response]):
    list_display = ["invitation", "status", "submitted_at", "version"]
    list_filter = ["status", "invitation__survey"]
    readonly_fields = ["invitation", "answers", "version", "submitted_at", "started_at"]
