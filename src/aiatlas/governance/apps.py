from __future__ import annotations

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "aiatlas.governance"
    label = "governance"
    verbose_name = "AI governance and ethics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """The self-assessment joins the submission workflow (a call that requires it
        refuses a draft without it; an approved draft's assessment moves to its activity)
        and the edition report (the chapter "Ethics principles")."""
        from django.db.models.signals import pre_delete

        from aiatlas.governance import report_chapter
        from aiatlas.governance.services import assessments
        from aiatlas.report.content import register_chapter
        from aiatlas.submissions.hooks import register_submit_guard, submission_approved
        from aiatlas.submissions.models import Submission

        register_submit_guard(assessments.submission_problems)
        submission_approved.connect(
            assessments.move_to_activity, dispatch_uid="governance-move-assessment"
        )
        pre_delete.connect(
            assessments.forget_draft, sender=Submission, dispatch_uid="governance-forget-draft"
        )
        register_chapter(report_chapter.ethics_chapter)
