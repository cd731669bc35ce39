from django.contrib import admin

from aiatlas.taxonomy.models import Goal, Indicator, Target


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin[Goal]):
    list_display = ["number", "colour"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin[Target]):
    list_display = ["code", "goal"]
    list_filter = ["goal"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["code", "target"]
