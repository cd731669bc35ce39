"""Controlled vocabularies of the programme. Keys are stored; labels are shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    PLATFORM = "platform", _("Year-round platform")
    DAY = "day", _("Day of the summit")
    INNOVATION = "innovation", _("Innovation programme")
    SERIES = "series", _("Webinar series")


class EventKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")
    PITCH = "pitch", _("Pitch event")
    SUMMIT_DAY = "summit_day", _("Summit day")
    SUMMIT = "summit", _("Summit")


class SessionType(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    TALK = "talk", _("Talk")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", _("Workshop")
    PITCH = "pitch", _("Pitch")
    WEBINAR = "webinar", _("Webinar")
    DEMO = "demo", _("Demo")


class SessionState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: states shown on public pages and in the feeds
PUBLIC_STATES = (SessionState.ACCEPTED, SessionState.CONFIRMED)


class GoalSource(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


#: statuses that hold a seat or a place in the queue
ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("Self-described")
