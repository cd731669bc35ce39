"""Tables of the schedule's life: speakers' availability and the numbered releases with
what changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from aiatlas.programme.models.core import Event, Speaker


class SpeakerAvailability(models.Model):
    """A window in which a speaker can speak at an event. A speaker with no window for
    an event is taken to be available throughout it."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="availability")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.speaker_id} {self.starts_at:%Y-%m-%d %H:%M}"


class ScheduleRelease(models.Model):
    """A released version of an event's schedule: what was on it (``snapshot``, one entry
    per public session) and what changed against the release before (``changes``)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    released_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    comment = models.CharField(max_length=500, blank=True)
    snapshot = models.JSONField(default=list)
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="programme_release_number")
        ]

    def __str__(self) -> str:
        return f"{self.event} v{self.number}"
