"""Tables of the report: the editable texts of an edition and the record of PDF builds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aiatlas.catalog.models import Edition


class EditionReportText(models.Model):
    """The foreword and introduction of an edition's report, written in Markdown."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="report_text")
    foreword = models.TextField(blank=True, help_text=_("Markdown"))
    introduction = models.TextField(blank=True, help_text=_("Markdown"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition"]
        verbose_name = _("report text")

    def __str__(self) -> str:
        return f"report text of {self.edition}"


class ReportBuild(models.Model):
    """One request to build an edition's PDF, run as a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="report_builds")
    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("percent"))
    error = models.TextField(blank=True)
    out_dir = models.CharField(max_length=500, blank=True)
    #: the language the report is built in (one of the six UN languages)
    language = models.CharField(max_length=8, default="en")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"report build {self.pk} of {self.edition} ({self.status})"


class EditionEntity(models.Model):
    """A lead organization as a published edition named it, frozen at publication, so
    renaming or merging the organization later does not change the edition's report."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="entities")
    reference = models.CharField(max_length=300)  # as the snapshot records name it
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    website = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["edition", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "reference"], name="entity_once_per_edition")
        ]

    def __str__(self) -> str:
        return f"{self.reference} in {self.edition}"


class EditionLicence(models.Model):
    """The licence of a published edition's data, frozen at publication."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="licence")
    licence = models.CharField(max_length=40, help_text=_("SPDX identifier, e.g. CC-BY-4.0"))

    def __str__(self) -> str:
        return f"{self.licence} for {self.edition}"
