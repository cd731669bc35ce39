"""Background tasks of submissions (django-tasks; `aiatlas worker` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def review_digest_task() -> int:
    """The daily digest of what waits for each reviewer (with AIATLAS_REVIEW_DIGEST)."""
    from aiatlas.submissions.services.notifications import send_review_digest

    return send_review_digest()
