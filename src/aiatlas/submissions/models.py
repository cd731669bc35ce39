"""Calls for contributions, submissions (drafts of activity records) and their review.

A submission holds a whole activity record in the file schema (``record``), as the focal
point edits it; the catalog only changes when the secretariat approves it. Every save is
kept by django-simple-history (who, when, the record before and after).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aiatlas.catalog.models import Activity, Edition, Organization


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ENTITY_REVIEW = "entity_review", _("Awaiting entity approval")
    IN_REVIEW = "in_review", _("In secretariat review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: states in which the focal point may edit the record
EDITABLE = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
#: states that count as "submitted" on the dashboard
SUBMITTED = frozenset({State.ENTITY_REVIEW, State.IN_REVIEW})


class Action(models.TextChoices):
    NEW = "new", _("New activity")
    CARRY_FORWARD = "carry_forward", _("Carried forward")
    WITHDRAW = "withdraw", _("Withdrawn from this edition")
    CO_REPORT = "co_report", _("Co-reported with another entity")


class Reason(models.TextChoices):
    """Why a reviewer sends a submission back (several may apply; a comment adds detail)."""

    MISSING_INFORMATION = "missing_information", _("Required information is missing")
    UNCLEAR_DESCRIPTION = "unclear_description", _("The description is unclear or too short")
    NOT_AI = "not_ai", _("The activity does not use or address AI")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the scope of this edition")
    DUPLICATE = "duplicate", _("Duplicates another activity")
    SDG_TAGS = "sdg_tags", _("The SDG tags do not match the description")
    PARTNERS = "partners", _("Partners or co-leads need checking")
    LINKS = "links", _("Links are broken or missing")
    CONTACT = "contact", _("Contact details need checking")
    OTHER = "other", _("Other (see the comment)")


class Call(models.Model):
    """A call for contributions: one per edition, with a deadline."""

    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="call")
    deadline = models.DateField()
    message = models.TextField(blank=True, help_text=_("Shown to focal points and e-mailed"))
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-edition__year"]

    def __str__(self) -> str:
        return f"call for {self.edition}"

    @property
    def year(self) -> int:
        return self.edition.year

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and not self.edition.is_published

    @property
    def is_late(self) -> bool:
        return timezone.localdate() > self.deadline


class Submission(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="submissions")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="submissions"
    )
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.NEW)
    #: the catalog activity this submission updates (carried forward, linked to as a
    #: duplicate, or created at approval)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    #: another entity's activity this one reports too: approving it adds this submission's
    #: organization to that activity's co-leads (the activity is not rewritten)
    co_report_of = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="co_reports"
    )
    record = models.JSONField(default=dict)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(default=1)
    reasons = models.JSONField(default=list, blank=True)
    review_comment = models.TextField(blank=True)
    #: classifier suggestions the submitter or a reviewer rejected: goal numbers
    rejected_goals = models.JSONField(default=list, blank=True)
    #: the focal point saw the likely duplicates and submitted anyway
    duplicates_checked = models.BooleanField(default=False)
    source_file = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["call", "organization", "state"])]
        constraints = [
            # one live submission per activity and call, even when two people race
            models.UniqueConstraint(
                fields=["call", "activity"],
                condition=models.Q(activity__isnull=False) & ~models.Q(state="withdrawn"),
                name="one_live_submission_per_activity",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def title(self) -> str:
        value: Any = self.record.get("title") if isinstance(self.record, dict) else ""
        return str(value or "").strip() or str(_("(untitled)"))

    @property
    def lead_organization_id(self) -> int:
        """What the permission rules check: the organization this submission speaks for."""
        return self.organization_id

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(Reason.choices)
        return [str(labels.get(r, r)) for r in self.reasons]


class Comment(models.Model):
    """One message on a submission: a comment in the thread between the secretariat and
    the entity, or (``internal``) a reviewers' note that focal points never see."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["submission", "internal"])]

    def __str__(self) -> str:
        return f"{'note' if self.internal else 'comment'} on #{self.submission_id}"
