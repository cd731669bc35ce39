"""What curators decided about the classifier's suggestions.

Accepting a suggestion adds a curator tag to the activity; rejecting one removes the
classifier tag and is remembered here, so that re-tagging never suggests it again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from aiatlas.catalog.models import Activity
from aiatlas.taxonomy.models import Goal


class SuggestionReview(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sdg_reviews")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="+")
    accepted = models.BooleanField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "goal"], name="one_review_per_goal")
        ]

    def __str__(self) -> str:
        verdict = "accepted" if self.accepted else "rejected"
        return f"SDG {self.goal_id} {verdict} for activity {self.activity_id}"
