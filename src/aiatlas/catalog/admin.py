"""The secretariat's back office for organizations, editions and activities."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest

from aiatlas.catalog.choices import EditionStatus
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
from aiatlas.catalog.services.storage import ACTIVITY_FIELDS

#: URLs typed without a scheme are read as https (Django 6's default, chosen now)
HTTPS_URLS: dict[type[Any], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    formfield_overrides = HTTPS_URLS
    list_display = ["acronym", "name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name"]


class EditionForm(forms.ModelForm[Edition]):
    """A release date and time, where editions have one, must lie in the future."""

    class Meta:
        model = Edition
        exclude = ["status", "published_at"]  # noqa: DJ006 (new fields appear by themselves)

    def clean(self) -> dict[str, Any]:
        from aiatlas.catalog.services.publishing import ReleaseInPast, check_release_at

        data = super().clean() or {}
        if "release_at" in self.changed_data and data.get("release_at"):
            try:
                check_release_at(data["release_at"])
            except ReleaseInPast as exc:
                self.add_error("release_at", str(exc))
        return data


def _publish(
    modeladmin: admin.ModelAdmin[Edition], request: HttpRequest, queryset: Any, *, acknowledge: bool
) -> None:
    from aiatlas.catalog.exceptions import CatalogError
    from aiatlas.catalog.services.publishing import publish_edition

    for edition in queryset.order_by("year"):
        try:
            done = publish_edition(
                year=edition.year, user=request.user, acknowledge_left_out=acknowledge
            )
        except CatalogError as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
        else:
            modeladmin.message_user(
                request,
                f"Edition {done.year} is published with {done.activities:,} activities; "
                "its report build is queued.",
                messages.SUCCESS,
            )


@admin.action(description="Publish the selected editions (freeze their activities)")
def publish_editions(
    modeladmin: admin.ModelAdmin[Edition], request: HttpRequest, queryset: Any
) -> None:
    _publish(modeladmin, request, queryset, acknowledge=False)


@admin.action(
    description="Publish the selected editions, leaving out earlier activities that were "
    "neither carried forward nor marked not in this edition"
)
def publish_editions_leaving_out(
    modeladmin: admin.ModelAdmin[Edition], request: HttpRequest, queryset: Any
) -> None:
    _publish(modeladmin, request, queryset, acknowledge=True)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin[Edition]):
    """The status changes only through publishing (the same service and guards as the
    command line and the dashboard); a published edition cannot be deleted."""

    form = EditionForm
    list_display = ["year", "title", "status", "opens_on", "closes_on", "published_at"]
    readonly_fields = ["status", "published_at"]
    actions = [publish_editions, publish_editions_leaving_out]

    def has_delete_permission(self, request: HttpRequest, obj: Edition | None = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)


def _inline(model: type[Any], **options: Any) -> type[admin.TabularInline[Any, Activity]]:
    """A table of one of the activity's lists, no empty rows offered."""
    attrs = {"model": model, "extra": 0, **options}
    return type(f"{model.__name__}Inline", (admin.TabularInline,), attrs)


PartnerInline = _inline(ActivityPartner, autocomplete_fields=["organization"])
GoalInline = _inline(ActivityGoal)
TargetInline = _inline(ActivityTarget)
LinkInline = _inline(ActivityLink, formfield_overrides=HTTPS_URLS)
CoLeadInline = _inline(ActivityCoLead, autocomplete_fields=["organization"])
CountryInline = _inline(ActivityCountry)
RegionInline = _inline(ActivityRegion)
TechnologyInline = _inline(ActivityTechnology)


class EditionFormSet(forms.BaseInlineFormSet[ActivityEdition, Activity, Any]):
    """A published edition is frozen: the back office can neither add an activity to it
    nor take one out (as an import cannot)."""

    def clean(self) -> None:
        super().clean()
        published = set(
            Edition.objects.filter(status=EditionStatus.PUBLISHED).values_list("pk", flat=True)
        )
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            before = form.initial.get("edition") if form.instance.pk else None
            after = data.get("edition")
            after_pk = getattr(after, "pk", after)
            removed = before is not None and (data.get("DELETE") or after_pk != before)
            if removed and before in published:
                year = Edition.objects.get(pk=before).year
                raise forms.ValidationError(
                    f"edition {year} is published and frozen: this activity stays in it"
                )
            if after_pk in published and after_pk != before and not data.get("DELETE"):
                raise forms.ValidationError(
                    f"edition {getattr(after, 'year', after)} is published and frozen: no "
                    "activity can be added to it"
                )


class EditionInline(admin.TabularInline[ActivityEdition, Activity]):
    model = ActivityEdition
    extra = 0
    formset = EditionFormSet


class ActivityForm(forms.ModelForm[Activity]):
    """Carries the version the editor saw: a save over someone else's newer save is
    refused with a form error, never written over it."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [*ACTIVITY_FIELDS, "lead_organization"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen = data.get("seen_version")
        if self.instance.pk and seen is not None:
            current = (
                Activity.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            ).first()
            if current != seen:
                raise forms.ValidationError(
                    f"This activity was changed by someone else (you edited version {seen}, "
                    f"it is now at version {current}); nothing was saved. Reload the page "
                    "to see the current version."
                )
        return data


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    form = ActivityForm
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

    def save_model(self, request: HttpRequest, obj: Activity, form: Any, change: bool) -> None:
        if change:
            seen = form.cleaned_data.get("seen_version")
            obj.version = (seen if seen is not None else obj.version) + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        from aiatlas.catalog.signals import activities_changed

        # the search index (and any other copy) follows back-office edits too
        activities_changed.send(sender=Activity, pks=[form.instance.pk])


@admin.register(EditionSnapshot)
class EditionSnapshotAdmin(admin.ModelAdmin[EditionSnapshot]):
    list_display = ["edition", "public_id"]
    list_filter = ["edition"]
    readonly_fields = ["edition", "activity", "public_id", "record"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
