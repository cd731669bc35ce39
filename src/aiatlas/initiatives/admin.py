"""The secretariat's back office for focus groups, initiatives and challenges: a group
with its milestones, sub-groups, leaders, deliverables and meetings on one page."""

from __future__ import annotations

from django.contrib import admin

from aiatlas.initiatives.models import (
    Challenge,
    Deliverable,
    Entry,
    Group,
    Leader,
    Meeting,
    MeetingDocument,
    Milestone,
    Prize,
    ProblemStatement,
    Round,
    Subgroup,
    Team,
)


class MilestoneInline(admin.TabularInline[Milestone, Group]):
    model = Milestone
    extra = 0


class SubgroupInline(admin.TabularInline[Subgroup, Group]):
    model = Subgroup
    extra = 0


class LeaderInline(admin.TabularInline[Leader, Group]):
    model = Leader
    extra = 0


class DeliverableInline(admin.StackedInline[Deliverable, Group]):
    model = Deliverable
    extra = 0
    fields = [
        ("code", "kind", "status"),
        "title",
        ("subgroup", "approved_on", "became"),
        "link",
        "summary",
        "sdg_targets",
    ]


class MeetingInline(admin.TabularInline[Meeting, Group]):
    model = Meeting
    extra = 0
    show_change_link = True
    fields = ["number", "starts_on", "ends_on", "city", "online", "participants", "countries"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin[Group]):
    list_display = ["acronym", "name", "kind", "status", "illustrative"]
    list_filter = ["kind", "status", "illustrative"]
    search_fields = ["acronym", "name"]
    filter_horizontal = ["partners"]
    autocomplete_fields = ["activities", "predecessor"]
    inlines = [MilestoneInline, SubgroupInline, LeaderInline, DeliverableInline, MeetingInline]


class MeetingDocumentInline(admin.TabularInline[MeetingDocument, Meeting]):
    model = MeetingDocument
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["group", "number", "starts_on", "city", "online"]
    list_filter = ["group"]
    inlines = [MeetingDocumentInline]


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin[Deliverable]):
    list_display = ["code", "title", "group", "kind", "status", "approved_on"]
    list_filter = ["kind", "status", "group"]
    search_fields = ["code", "title"]


class ProblemInline(admin.StackedInline[ProblemStatement, Challenge]):
    model = ProblemStatement
    extra = 0


class RoundInline(admin.TabularInline[Round, Challenge]):
    model = Round
    extra = 0
    show_change_link = True


class TeamInline(admin.TabularInline[Team, Challenge]):
    model = Team
    extra = 0


class PrizeInline(admin.TabularInline[Prize, Challenge]):
    model = Prize
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin[Challenge]):
    list_display = ["title", "year", "group", "illustrative"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProblemInline, RoundInline, TeamInline, PrizeInline]


class EntryInline(admin.TabularInline[Entry, Round]):
    model = Entry
    extra = 0


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin[Round]):
    list_display = ["name", "challenge", "level", "starts_on"]
    inlines = [EntryInline]
