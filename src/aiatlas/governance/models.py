"""Tables of the governance app.

- :class:`Assessment`: a self-assessment of a catalog activity against the ten principles,
  made with one questionnaire version at one lifecycle stage. An assessment filled beside
  the 2-pager of a draft belongs to that submission (``submission``); for a draft of a new
  activity it has no activity until the draft is approved, then it moves to the activity
  the approval created (same row, so its history stays). Reassessing makes a new row;
  the earlier ones are the history. Answers are a JSON object ``{question id: value}``;
  ``published`` lists the question ids the entity chose to make public (default: none).
  Risk levels are not stored: they are computed from the answers by the questionnaire's
  rules (``questionnaire.Questionnaire.risks``), so they cannot drift.
- :class:`ActionItem`: a measure of the action plan, with its owner and due date.
- :class:`Instrument` with its :class:`AdoptionStep` s and :class:`StatusEntry` s: the
  registry of governance instruments, mapped (by code, see ``data/reference.yaml``) to
  principles, focus areas and functions, and to activities and initiatives.
- :class:`NationalPolicy`: national AI policy initiatives with OECD.AI-like fields.
- :class:`CallSetting`: whether a call for contributions asks for the self-assessment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from aiatlas.catalog.models import Activity, Country
from aiatlas.governance.choices import (
    ActionStatus,
    AssessmentState,
    BudgetBand,
    ImplementationStatus,
    InstrumentKind,
    PolicyType,
    SelfAssessment,
)
from aiatlas.initiatives.models import Group
from aiatlas.submissions.models import Call, Submission


class Assessment(models.Model):
    #: empty only while the assessment belongs to the draft of a new activity
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="governance_assessments",
    )
    #: the submission whose 2-pager it was filled beside (if any)
    submission = models.ForeignKey(
        Submission,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governance_assessments",
    )
    questionnaire_version = models.CharField(max_length=20)
    stage = models.CharField(max_length=20, help_text="a lifecycle stage code")
    state = models.CharField(
        max_length=12, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    #: question ids whose answers the entity publishes
    published = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["activity__public_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(activity__isnull=False) | models.Q(submission__isnull=False),
                name="assessment_of_activity_or_submission",
            )
        ]

    def __str__(self) -> str:
        subject = self.activity.public_id if self.activity else f"submission {self.submission_id}"
        return f"{subject} at {self.stage} ({self.state})"

    @property
    def lead_organization_id(self) -> int:
        """The entity that answers for the assessment (for the role predicates)."""
        if self.activity is not None:
            return int(self.activity.lead_organization_id)
        assert self.submission is not None
        return int(self.submission.organization_id)

    @property
    def title(self) -> str:
        """The activity's title, or the draft's while the activity does not exist yet."""
        if self.activity is not None:
            return str(self.activity.title)
        return self.submission.title if self.submission is not None else ""

    @property
    def organization(self) -> Any:
        if self.activity is not None:
            return self.activity.lead_organization
        return self.submission.organization if self.submission is not None else None


class ActionItem(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    principle = models.CharField(max_length=40)
    measure = models.CharField(max_length=500)
    owner = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=6, choices=ActionStatus.choices, default="open")
    #: published with the assessment (default: private)
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.measure


class Instrument(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=400)
    kind = models.CharField(max_length=20, choices=InstrumentKind.choices)
    issuing_body = models.CharField(max_length=200)
    binding = models.BooleanField(default=False)
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=ImplementationStatus.choices, default=ImplementationStatus.ADOPTED
    )
    #: codes of data/reference.yaml
    principles = models.JSONField(default=list, blank=True)
    focus_areas = models.JSONField(default=list, blank=True)
    functions = models.JSONField(default=list, blank=True)
    lifecycle_stages = models.JSONField(default=list, blank=True)
    #: [{"title", "url"}]
    links = models.JSONField(default=list, blank=True)
    activities = models.ManyToManyField(Activity, blank=True, related_name="instruments")
    groups = models.ManyToManyField(Group, blank=True, related_name="instruments")
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class AdoptionStep(models.Model):
    """One step of an instrument's adoption: e.g. approved by HLCP, then endorsed by CEB."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="steps")
    body = models.CharField(max_length=200)
    action = models.CharField(max_length=200, help_text="approved, endorsed, adopted …")
    date = models.DateField()
    link = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.body} on {self.date}"


class StatusEntry(models.Model):
    """A change of an instrument's implementation status (GDC commitments, HLAB
    recommendations): the history is these rows in date order."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="history")
    date = models.DateField()
    status = models.CharField(max_length=12, choices=ImplementationStatus.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.status} on {self.date}"


class NationalPolicy(models.Model):
    ref = models.SlugField(max_length=80, unique=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="ai_policies")
    name = models.CharField(max_length=400)
    initiative_type = models.CharField(max_length=20, choices=PolicyType.choices)
    description = models.TextField(blank=True)
    target_groups = models.JSONField(default=list, blank=True)
    responsible_organisations = models.JSONField(default=list, blank=True)
    policy_instruments = models.JSONField(default=list, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    budget_band = models.CharField(max_length=10, choices=BudgetBand.choices, blank=True)
    evaluated = models.BooleanField(default=False)
    url = models.URLField(max_length=500, blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["country__alpha3", "name"]
        verbose_name_plural = "national policies"

    def __str__(self) -> str:
        return self.name


class CallSetting(models.Model):
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="governance")
    self_assessment = models.CharField(
        max_length=10, choices=SelfAssessment.choices, default=SelfAssessment.NONE
    )

    def __str__(self) -> str:
        return f"{self.call}: self-assessment {self.self_assessment}"
