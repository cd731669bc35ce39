"""Tables of the call for sessions and its review: the call with its custom fields,
proposals with their speakers (invited co-speakers are tracked until they accept) and
answers, score categories, reviewer teams, assignments, reviews and conflicts of interest."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from aiatlas.programme.choices import FieldKind, InvitationStatus, SessionState, SessionType
from aiatlas.programme.models.core import Event, Session, Track


class Call(models.Model):
    """The call for sessions of one event. ``closes_at`` empty: a rolling call that never
    closes (a webinar series)."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="call")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(null=True, blank=True)
    intro = models.TextField(blank=True)  # Markdown
    #: reviewers do not see the speakers' names and affiliations
    anonymised = models.BooleanField(default=False)
    #: reviewers each proposal gets from the automatic assignment
    reviews_per_proposal = models.PositiveSmallIntegerField(default=2)
    #: session types a proposal may choose (empty: every type)
    session_types = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"call of {self.event}"

    @property
    def rolling(self) -> bool:
        return self.closes_at is None


class CallField(models.Model):
    """A custom question of the call, asked of proposals of the given session types and
    tracks (empty: all of them)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=FieldKind.choices)
    required = models.BooleanField(default=False)
    choices = models.JSONField(default=list, blank=True)  # for kind=choice
    min_value = models.IntegerField(null=True, blank=True)  # for kind=number
    max_value = models.IntegerField(null=True, blank=True)
    session_types = models.JSONField(default=list, blank=True)
    tracks = models.ManyToManyField(Track, blank=True, related_name="call_fields")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "key"], name="programme_callfield_key")
        ]

    def __str__(self) -> str:
        return self.label


class Proposal(models.Model):
    """A proposed session. Accepting it makes a session (unscheduled); the speaker then
    confirms. ``version`` guards edits against lost updates."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="proposals")
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title = models.CharField(max_length=300)
    abstract = models.TextField(blank=True)
    description = models.TextField(blank=True)  # Markdown
    type = models.CharField(max_length=20, choices=SessionType.choices)
    track = models.ForeignKey(Track, null=True, blank=True, on_delete=models.SET_NULL)
    languages = models.JSONField(default=list, blank=True)
    state = models.CharField(
        max_length=20, choices=SessionState.choices, default=SessionState.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_proposals"
    )
    #: answers to the call's custom fields by key (files: their name; the bytes are in
    #: ProposalFile)
    answers = models.JSONField(default=dict, blank=True)
    session = models.OneToOneField(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    #: when the speakers were told the decision (bulk decisions send once)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self) -> str:
        return self.title


class ProposalSpeaker(models.Model):
    """A speaker of a proposal: the submitter (accepted) or an invited co-speaker, tracked
    by e-mail until they accept with their own account."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="speakers")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(max_length=10, choices=InvitationStatus.choices)
    position = models.PositiveSmallIntegerField(default=0)
    #: secret of the invitation link (empty once answered)
    token = models.CharField(max_length=64, blank=True, db_index=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "email"], name="programme_prop_speaker")
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"


class ProposalFile(models.Model):
    """The file answering a file field (kept in the database, so backups hold it)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "key"], name="programme_prop_file_key")
        ]

    def __str__(self) -> str:
        return self.name


class ScoreCategory(models.Model):
    """A scored aspect of a proposal (relevance, speakers …) with its weight."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=120)
    weight = models.PositiveSmallIntegerField(default=1)
    max_score = models.PositiveSmallIntegerField(default=5)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class ReviewTeam(models.Model):
    """Reviewers of some tracks of a call (no tracks: every track)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    tracks = models.ManyToManyField(Track, blank=True, related_name="review_teams")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="programme_teams")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConflictOfInterest(models.Model):
    """A reviewer declares they must not review a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    reason = models.CharField(max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer_id"], name="programme_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} ≠ {self.proposal_id}"


class ReviewAssignment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer_id"], name="programme_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} → {self.proposal_id}"


class Review(models.Model):
    """One reviewer's scores (category id → score) and comment on a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_reviews"
    )
    scores = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer_id"], name="programme_review_once"
            )
        ]

    def __str__(self) -> str:
        return f"review of {self.proposal_id} by {self.reviewer_id}"
