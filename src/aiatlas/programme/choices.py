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
    #: waits for the organisers' approval (events with moderation)
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


#: statuses that hold a seat or a place in the queue
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("Self-described")


class FieldKind(models.TextChoices):
    """The kinds of a call's custom field."""

    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    NUMBER = "number", _("Number")
    FILE = "file", _("File")


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


#: states of a proposal its speakers may still edit (until the call closes)
EDITABLE_STATES = (SessionState.SUBMITTED,)
#: states a proposal may be withdrawn from
WITHDRAWABLE_STATES = (SessionState.SUBMITTED, SessionState.ACCEPTED, SessionState.CONFIRMED)


class QuestionKind(models.TextChoices):
    """The kinds of an event's custom registration question."""

    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    CHECKBOX = "checkbox", _("Yes / no")


class ChangeKind(models.TextChoices):
    """What a schedule release says about a session, against the release before."""

    ADDED = "added", _("Added")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")
    RENAMED = "renamed", _("Renamed")
