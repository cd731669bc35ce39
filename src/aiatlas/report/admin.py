"""Back office: the editable foreword and introduction, and the list of PDF builds."""

from django.contrib import admin

from aiatlas.report.models import EditionReportText, ReportBuild


@admin.register(EditionReportText)
class EditionReportTextAdmin(admin.ModelAdmin[EditionReportText]):
    list_display = ["edition", "updated_at"]
    readonly_fields = ["updated_at"]


@admin.register(ReportBuild)
class ReportBuildAdmin(admin.ModelAdmin[ReportBuild]):
    list_display = ["edition", "status", "stage", "progress", "requested_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ReportBuild._meta.get_fields() if f.concrete]
