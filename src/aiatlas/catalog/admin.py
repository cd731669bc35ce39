"""The secretariat's back office for organizations, editions and activities."""

from django.contrib import admin

from aiatlas.catalog.models import (
    Activity,
    ActivityCoLead,
    ActivityCountry,
    ActivityEdition,
    ActivityGoal,
    ActivityLink,
    ActivityPartner,
    ActivityRegion,
    ActivityTarget,
    ActivityTechnology,
    Edition,
    EditionSnapshot,
    Organization,
)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["acronym", "name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin[Edition]):
    list_display = ["year", "title", "status", "opens_on", "closes_on", "published_at"]
    readonly_fields = ["published_at"]


class PartnerInline(admin.TabularInline[ActivityPartner, Activity]):
    model = ActivityPartner
    extra = 0
    autocomplete_fields = ["organization"]


class GoalInline(admin.TabularInline[ActivityGoal, Activity]):
    model = ActivityGoal
    extra = 0


class TargetInline(admin.TabularInline[ActivityTarget, Activity]):
    model = ActivityTarget
    extra = 0


class LinkInline(admin.TabularInline[ActivityLink, Activity]):
    model = ActivityLink
    extra = 0


class CoLeadInline(admin.TabularInline[ActivityCoLead, Activity]):
    model = ActivityCoLead
    extra = 0
    autocomplete_fields = ["organization"]


class CountryInline(admin.TabularInline[ActivityCountry, Activity]):
    model = ActivityCountry
    extra = 0


class RegionInline(admin.TabularInline[ActivityRegion, Activity]):
    model = ActivityRegion
    extra = 0


class TechnologyInline(admin.TabularInline[ActivityTechnology, Activity]):
    model = ActivityTechnology
    extra = 0


class EditionInline(admin.TabularInline[ActivityEdition, Activity]):
    model = ActivityEdition
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ["public_id", "title", "lead_organization", "kind", "status", "version"]
    list_filter = ["kind", "status", "editions"]
    search_fields = ["public_id", "title"]
    readonly_fields = ["public_id", "version", "created_at", "updated_at"]
    autocomplete_fields = ["lead_organization"]
    inlines = [
        CoLeadInline,
        PartnerInline,
        GoalInline,
        TargetInline,
        LinkInline,
        CountryInline,
        RegionInline,
        TechnologyInline,
        EditionInline,
    ]


@admin.register(EditionSnapshot)
class EditionSnapshotAdmin(admin.ModelAdmin[EditionSnapshot]):
    list_display = ["edition", "public_id"]
    list_filter = ["edition"]
    readonly_fields = ["edition", "activity", "public_id", "record"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
