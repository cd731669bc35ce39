"""The search document of each activity: normalised words of its title and of its body
(description, domains, organizations and partners). SQLite indexes it with FTS5 and
PostgreSQL with a generated tsvector column; see migrations/0001."""

from __future__ import annotations

from django.db import models

from aiatlas.catalog.models import Activity


class SearchDocument(models.Model):
    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField()
    body = models.TextField()

    def __str__(self) -> str:
        return f"search document of {self.activity_id}"
