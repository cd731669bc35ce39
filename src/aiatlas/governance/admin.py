"""The back office of the governance app: instruments, national policies, call settings
(who may: ``accounts.use_back_office``). Assessments are read here; they are written on
their own pages, where the rules of ``governance/rules.py`` apply."""

from __future__ import annotations

from django.contrib import admin

from aiatlas.governance.models import (
    ActionItem,
    AdoptionStep,
    Assessment,
    CallSetting,
    Instrument,
    NationalPolicy,
    StatusEntry,
)


class StepInline(admin.TabularInline[AdoptionStep, Instrument]):
    model = AdoptionStep
    extra = 0


class StatusInline(admin.TabularInline[StatusEntry, Instrument]):
    model = StatusEntry
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin[Instrument]):
    list_display = ["title", "kind", "issuing_body", "binding", "status", "illustrative"]
    list_filter = ["kind", "binding", "status", "illustrative"]
    search_fields = ["title", "issuing_body", "slug"]
    filter_horizontal = ["activities", "groups"]
    inlines = [StepInline, StatusInline]


@admin.register(NationalPolicy)
class NationalPolicyAdmin(admin.ModelAdmin[NationalPolicy]):
    list_display = ["name", "country", "initiative_type", "start_year", "illustrative"]
    list_filter = ["initiative_type", "evaluated", "illustrative"]
    search_fields = ["name", "ref", "country__name"]


@admin.register(CallSetting)
class CallSettingAdmin(admin.ModelAdmin[CallSetting]):
    list_display = ["call", "self_assessment"]


class ActionInline(admin.TabularInline[ActionItem, Assessment]):
    model = ActionItem
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin[Assessment]):
    list_display = ["activity", "stage", "state", "questionnaire_version", "created_at"]
    list_filter = ["state", "stage", "questionnaire_version"]
    readonly_fields = ["answers", "published"]
    inlines = [ActionInline]
