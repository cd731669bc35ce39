"""Back office for calls and submissions. Submissions are read-only here (with their
history): they change through the workflow pages, which check versions and permissions;
administrators restore an earlier version from the submission's history page."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from aiatlas.submissions.models import Call, Submission


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = ["edition", "deadline", "opened_at", "closed_at"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["pk", "title", "organization", "call", "state", "version", "updated_at"]
    list_filter = ["state", "call", "action"]
    search_fields = ["record__title", "organization__acronym", "organization__name"]
    readonly_fields = ["version", "created_at", "updated_at", "submitted_at", "decided_at"]
    raw_id_fields = ["activity", "organization", "created_by", "decided_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
