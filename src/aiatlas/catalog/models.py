"""Tables of the catalog: reference lists, organizations, editions, activities and snapshots."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models.functions import Lower

from aiatlas.catalog.choices import (
    ActivityKind,
    ActivityStatus,
    ContentLanguage,
    EditionStatus,
    OrganizationKind,
    TagSource,
)
from aiatlas.taxonomy.models import Goal, Target


class Region(models.Model):
    """A UN M49 region (``001`` World, ``002`` Africa, ``202`` Sub-Saharan Africa …)."""

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """An ISO 3166-1 country or territory with its M49 region and sub-region."""

    alpha3 = models.CharField(max_length=3, primary_key=True)
    alpha2 = models.CharField(max_length=2, unique=True)
    m49 = models.CharField(max_length=3)
    name = models.CharField(max_length=100)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subregion = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class Technology(models.Model):
    key = models.CharField(max_length=40, primary_key=True)
    label = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "technologies"

    def __str__(self) -> str:
        return self.label


class Organization(models.Model):
    acronym = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(
        max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.OTHER
    )
    website = models.URLField(max_length=500, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="organizations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organization_name_unique"),
            models.UniqueConstraint(
                Lower("acronym"),
                condition=~models.Q(acronym=""),
                name="organization_acronym_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """How files and URLs name this organization: its acronym, else its full name."""
        return self.acronym or self.name


class Edition(models.Model):
    """A reporting cycle, such as the 2024 edition of "United Nations Activities on AI"."""

    year = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=300)
    status = models.CharField(
        max_length=20, choices=EditionStatus.choices, default=EditionStatus.PLANNED
    )
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    #: optional: the edition's activities become public at this moment even before it is
    #: published (see ``catalog.queries.public_activities``)
    release_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Optional. Approved activities of this edition stay hidden from the "
        "public until the edition is published or this date and time passes.",
    )

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED


class Activity(models.Model):
    public_id = models.CharField(max_length=64, unique=True)
    kind = models.CharField(
        max_length=20, choices=ActivityKind.choices, default=ActivityKind.PROJECT
    )
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    output_type = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.ONGOING
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty: open-ended"
    )
    domains = models.JSONField(default=list, blank=True)
    lead_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="led_activities"
    )
    co_leads: models.ManyToManyField[Organization, ActivityCoLead] = models.ManyToManyField(
        Organization, blank=True, related_name="co_led_activities", through="ActivityCoLead"
    )
    countries: models.ManyToManyField[Country, ActivityCountry] = models.ManyToManyField(
        Country, blank=True, related_name="activities", through="ActivityCountry"
    )
    regions: models.ManyToManyField[Region, ActivityRegion] = models.ManyToManyField(
        Region, blank=True, related_name="activities", through="ActivityRegion"
    )
    technologies: models.ManyToManyField[Technology, ActivityTechnology] = models.ManyToManyField(
        Technology, blank=True, related_name="activities", through="ActivityTechnology"
    )
    editions: models.ManyToManyField[Edition, ActivityEdition] = models.ManyToManyField(
        Edition, blank=True, related_name="activities", through="ActivityEdition"
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(max_length=254, blank=True)
    contact_public = models.BooleanField(default=False)
    #: the language the title and description are written in
    language = models.CharField(
        max_length=8, choices=ContentLanguage.choices, default=ContentLanguage.EN
    )
    #: translations of the title and description: ``{"fr": {"title": …, "description": …}}``
    #: (the record's ``title_fr`` … columns, see docs/data-format.md)
    translations = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["public_id"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="activity_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.title}"


class ActivityListRow(models.Model):
    """A row of one of the activity's many-to-many lists (co-leads, countries, regions,
    technologies, editions): the activity and one item of the list, at most once.

    The only index on ``activity`` is the unique pair: the single-column index Django
    would add is redundant and slows large imports."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, db_index=False)
    activity_id: int
    #: the name of the column of the listed item
    item: ClassVar[str]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.item + '_id')} of activity {self.activity_id}"


def one_row_per_pair(table: str, item: str) -> list[models.BaseConstraint]:
    """The constraint of a list table ``table``: each ``item`` once per activity."""
    return [models.UniqueConstraint(fields=["activity", item], name=f"{table}_unique")]


class ActivityCoLead(ActivityListRow):
    item = "organization"
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT)

    class Meta:
        db_table = "catalog_activity_co_leads"
        constraints = one_row_per_pair(db_table, "organization")


class ActivityCountry(ActivityListRow):
    item = "country"
    country = models.ForeignKey(Country, on_delete=models.CASCADE)

    class Meta:
        db_table = "catalog_activity_countries"
        constraints = one_row_per_pair(db_table, "country")


class ActivityRegion(ActivityListRow):
    item = "region"
    region = models.ForeignKey(Region, on_delete=models.CASCADE)

    class Meta:
        db_table = "catalog_activity_regions"
        constraints = one_row_per_pair(db_table, "region")


class ActivityTechnology(ActivityListRow):
    item = "technology"
    technology = models.ForeignKey(Technology, on_delete=models.CASCADE)

    class Meta:
        db_table = "catalog_activity_technologies"
        constraints = one_row_per_pair(db_table, "technology")


class ActivityEdition(ActivityListRow):
    item = "edition"
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT)

    class Meta:
        db_table = "catalog_activity_editions"
        constraints = one_row_per_pair(db_table, "edition")


class ActivityPartner(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="partners", db_index=False
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="partnerships"
    )
    sector = models.CharField(max_length=20, choices=OrganizationKind.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organization"], name="partner_once_per_activity"
            )
        ]

    def __str__(self) -> str:
        return f"partner {self.organization_id} ({self.sector})"


class ActivityGoal(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="goal_tags", db_index=False
    )
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="activity_tags")
    source = models.CharField(max_length=12, choices=TagSource.choices)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["activity", "goal", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "goal", "source"], name="goal_tag_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"SDG {self.goal_id} ({self.source})"


class ActivityTarget(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="target_tags", db_index=False
    )
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="activity_tags")
    source = models.CharField(max_length=12, choices=TagSource.choices)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["activity", "target", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "target", "source"], name="target_tag_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"target {self.target_id} ({self.source})"


class ActivityLink(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=2000)
    label = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["activity", "position"]

    def __str__(self) -> str:
        return self.url


class EditionSnapshot(models.Model):
    """What a published edition published about one activity, frozen at publication."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="snapshots")
    activity = models.ForeignKey(
        Activity, null=True, on_delete=models.SET_NULL, related_name="snapshots"
    )
    public_id = models.CharField(max_length=64)
    record = models.JSONField()

    class Meta:
        ordering = ["edition", "public_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "public_id"], name="snapshot_once_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id} in edition {self.edition_id}"


class IdSequence(models.Model):
    """Counters for public ids; a number handed out is never handed out again."""

    name = models.CharField(max_length=40, primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last}"


class SiteSetting(models.Model):
    """Small facts about this database, such as whether it holds demo data."""

    key = models.CharField(max_length=60, primary_key=True)
    value = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.key
