"""What the search stores beside the catalog: one document (index terms per field, see
``index.py``; FTS5 on SQLite, a generated tsvector on PostgreSQL, migrations 0001 and 0004)
and one vector (``vectors.py``) per activity."""

from __future__ import annotations

from django.db import models

from aiatlas.catalog.models import Activity


class SearchDocument(models.Model):
    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField()
    summary = models.TextField(default="")
    body = models.TextField()
    partners = models.TextField(default="")

    def __str__(self) -> str:
        return f"search document of {self.activity_id}"


class SearchVector(models.Model):
    """The sentence embedding of an activity's text (``common.embeddings``), kept until the
    text or the model changes: ``digest`` is the SHA-256 of the text that was embedded."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, primary_key=True, related_name="search_vector"
    )
    model = models.CharField(max_length=100)
    digest = models.CharField(max_length=64)
    vector = models.BinaryField()
    #: when it was written (nanoseconds): the in-memory matrix is reloaded when it moves
    stamp = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"vector of {self.activity_id}"
