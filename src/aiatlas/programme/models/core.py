"""Tables of the AI for Good programme: programmes, events, tracks, rooms, speakers,
sessions, registrations with their waiting list, favourites and agenda feeds."""

from __future__ import annotations

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q

from aiatlas.catalog.models import Activity, Country, Organization
from aiatlas.programme.choices import (
    AttendanceMode,
    EventKind,
    Gender,
    GoalSource,
    ProgrammeKind,
    QuestionKind,
    RegistrationStatus,
    SessionState,
    SessionType,
)
from aiatlas.taxonomy.models import Goal


class Programme(models.Model):
    """AI for Good, AI Governance Day, the Innovation Factory, a webinar series."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices)
    summary = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    #: demo content: the pages say so
    illustrative = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """A webinar, workshop, pitch event or summit (day): one schedule, one registration."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="events")
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    summary = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    #: IANA name; sessions are stored in UTC and shown in this zone
    time_zone = models.CharField(max_length=64, default="Europe/Zurich")
    starts_on = models.DateField()
    ends_on = models.DateField()
    venue = models.CharField(max_length=200, blank=True)
    partners = models.ManyToManyField(Organization, blank=True, related_name="programme_events")
    #: in-person seats (None: no limit); online places (None: no limit)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    online_capacity = models.PositiveIntegerField(null=True, blank=True)
    registration_open = models.BooleanField(default=True)
    #: registrations wait for the organisers' approval before they take a seat
    moderated = models.BooleanField(default=False)
    #: the consent participants give (empty: the site's standard sentence)
    consent_text = models.CharField(max_length=1000, blank=True)
    #: arrival counter of registrations, advanced while the row is locked
    registration_sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def days(self) -> list:
        span = (self.ends_on - self.starts_on).days
        return [self.starts_on + timedelta(days=i) for i in range(span + 1)]


class Track(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    colour = models.CharField(max_length=7, default="#0e5aa7")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="programme_track_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """A room or stage (or the online channel of a webinar)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=120)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="programme_room_name")
        ]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    """A person who speaks. The public profile shows only what they agreed to publish;
    gender and e-mail are never shown (gender only counts in the figures)."""

    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    publish_affiliation = models.BooleanField(default=True)
    publish_bio = models.BooleanField(default=False)
    publish_country = models.BooleanField(default=False)
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    abstract = models.TextField(blank=True)
    #: Markdown, rendered safely (raw HTML escaped)
    description = models.TextField(blank=True)
    type = models.CharField(max_length=20, choices=SessionType.choices)
    state = models.CharField(
        max_length=20, choices=SessionState.choices, default=SessionState.ACCEPTED
    )
    track = models.ForeignKey(Track, null=True, blank=True, on_delete=models.SET_NULL)
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    #: language codes (en, fr, …), the first is the main one
    languages = models.JSONField(default=list, blank=True)
    #: seats for a session with its own registration (None: the room's capacity)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    takes_registrations = models.BooleanField(default=False)
    recording_url = models.URLField(max_length=500, blank=True)
    slides_url = models.URLField(max_length=500, blank=True)
    not_recorded = models.BooleanField(default=False)
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", related_name="sessions")
    activities = models.ManyToManyField(Activity, blank=True, related_name="programme_sessions")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "room__position", "title"]
        indexes = [models.Index(fields=["event", "state", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="programme_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def seats(self) -> int | None:
        if self.capacity is not None:
            return self.capacity
        return self.room.capacity if self.room is not None else None


class SessionSpeaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=40, blank=True)  # moderator, panellist …

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="programme_session_speaker")
        ]

    def __str__(self) -> str:
        return f"{self.speaker_id} in {self.session_id}"


class SessionGoal(models.Model):
    """An SDG tag of a session: suggested (by the classifier or an import), or confirmed by
    a person."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="goal_tags")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="programme_tags")
    source = models.CharField(max_length=12, choices=GoalSource.choices)

    class Meta:
        ordering = ["goal"]
        constraints = [
            models.UniqueConstraint(fields=["session", "goal"], name="programme_session_goal")
        ]

    def __str__(self) -> str:
        return f"SDG {self.goal_id} ({self.source})"


class Registration(models.Model):
    """A seat (confirmed) or a place in the queue (waitlisted) for an event, or for one
    session of it. ``sequence`` is the arrival order within the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL)
    mode = models.CharField(max_length=12, choices=AttendanceMode.choices)
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    sequence = models.PositiveIntegerField()
    consent_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    #: answers to the event's registration questions, by key
    answers = models.JSONField(default=dict, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["event", "session", "mode", "status", "sequence"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "sequence"], name="programme_reg_sequence"),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(session__isnull=True)
                & Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="programme_reg_one_active_per_event",
            ),
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=Q(session__isnull=False)
                & Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="programme_reg_one_active_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


class RegistrationQuestion(models.Model):
    """A question of an event's registration form."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(default=False)
    choices = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="programme_question_key")
        ]

    def __str__(self) -> str:
        return self.label


class Favourite(models.Model):
    """A session in a signed-in participant's personal agenda."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="programme_favourite_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.session_id}"


class AgendaFeed(models.Model):
    """The secret token of a participant's subscribable agenda (webcal) feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"agenda feed of {self.user_id}"
