"""The fixed vocabularies of the governance app (the principles, focus areas, functions
and lifecycle stages are data: ``data/reference.yaml``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")


class RiskLevel(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class InstrumentKind(models.TextChoices):
    PRINCIPLES = "principles", _("Principles")
    RECOMMENDATION = "recommendation", _("Recommendation")
    RESOLUTION = "resolution", _("Resolution")
    GUIDANCE = "guidance", _("Guidance")
    STANDARD = "standard", _("Standard")
    TOOL = "tool", _("Tool")
    COMMITMENT = "commitment", _("Compact commitment")
    REPORT = "report", _("Report recommendation")


class ImplementationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    IN_PROGRESS = "in_progress", _("Being implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    SUPERSEDED = "superseded", _("Superseded")


class SelfAssessment(models.TextChoices):
    """What a call for contributions asks of each activity."""

    NONE = "none", _("Not asked")
    OPTIONAL = "optional", _("Optional")
    REQUIRED = "required", _("Required")


class PolicyType(models.TextChoices):
    STRATEGY = "strategy", _("National strategy, agenda or plan")
    BODY = "body", _("Coordination or governance body")
    REGULATION = "regulation", _("Regulation or legislation")
    GUIDANCE = "guidance", _("Guidance, ethics framework or standard")
    FUNDING = "funding", _("Funding programme or grant")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure, data or compute")
    SKILLS = "skills", _("Skills, education or awareness")
    OTHER = "other", _("Other")


class BudgetBand(models.TextChoices):
    UNKNOWN = "", _("Not known")
    UNDER_1M = "<1M", _("Less than 1 million USD")
    M1_5 = "1M-5M", _("1–5 million USD")
    M5_20 = "5M-20M", _("5–20 million USD")
    M20_100 = "20M-100M", _("20–100 million USD")
    M100_500 = "100M-500M", _("100–500 million USD")
    OVER_500M = ">500M", _("More than 500 million USD")
