"""Tables of the survey: questionnaires, invitations with their access tokens, responses,
(their e-mails wait in the one outbox of ``aiatlas.accounts``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from aiatlas.catalog.models import Country


class Survey(models.Model):
    """A questionnaire (the parsed XLSForm in ``form``) sent to Member States."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    form = models.JSONField(default=dict)  # the form tree, see survey.xlsform
    form_version = models.CharField(max_length=100, blank=True)
    source_name = models.CharField(max_length=300, blank=True)  # uploaded file name
    languages = models.JSONField(default=list)  # language codes, in the form's order
    default_language = models.CharField(max_length=20, default="en")
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    allow_edits = models.BooleanField(default=False)  # edit after submitting, until closing
    results_public = models.BooleanField(default=False)
    #: the secretariat publishes each Member State's submitted answers to the closed
    #: questions on the country pages (/governance/countries/XXX/); off by default
    country_pages = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False)
    #: the earlier round of the same series of surveys (its results are compared)
    previous_round = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_rounds"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def has_closed(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return bool(self.closes_at and now >= self.closes_at)


class Invitation(models.Model):
    """One Member State invited to answer; the contact is private (staff only)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    ministry = models.CharField(max_length=300, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(max_length=254)
    #: the language of the e-mails and of the link (``/<lang>/survey/r/...``)
    language = models.CharField(max_length=10, blank=True)
    invited_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "country__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "country"], name="survey_one_per_state"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.country_id}"


class AccessToken(models.Model):
    """A link token: only its SHA-256 is stored, so a copy of the database opens no
    response. An invitation gets one at invitation and one more with each reminder."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.pk} of {self.invitation_id}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "draft"
    SUBMITTED = "submitted", "submitted"


class Response(models.Model):
    """The answers of one invitation: ``{name: value}``, repeats as lists of such dicts.
    ``version`` is bumped on every save (optimistic locking)."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    answers = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    language = models.CharField(max_length=20, blank=True)
    page = models.PositiveSmallIntegerField(default=0)  # furthest page reached
    version = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    #: when the secretariat marked the response as checked, and who
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"response of {self.invitation_id} ({self.status})"
