"""The fixed vocabularies of focus groups, initiatives and challenges."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group")
    GLOBAL_INITIATIVE = "global_initiative", _("Global initiative")
    INITIATIVE = "initiative", _("Initiative")
    OTHER = "other", _("Other body")


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Participation(models.TextChoices):
    OPEN = "open", _("Open to all")
    MEMBERS = "members", _("Members only")


class MilestoneKind(models.TextChoices):
    ESTABLISHED = "established", _("Established")
    EXTENDED = "extended", _("Extended")
    RENAMED = "renamed", _("Renamed")
    TRANSFERRED = "transferred", _("Work transferred")
    CLOSED = "closed", _("Closed")


class SubgroupKind(models.TextChoices):
    WORKING = "working", _("Working group")
    TOPIC = "topic", _("Topic group")
    AD_HOC = "ad_hoc", _("Ad-hoc group")


class LeadRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    WG_LEAD = "wg_lead", _("Working group lead")


class DeliverableKind(models.TextChoices):
    TECHNICAL_REPORT = "technical_report", _("Technical report")
    TECHNICAL_SPECIFICATION = "technical_specification", _("Technical specification")
    GUIDELINE = "guideline", _("Guideline")
    ROADMAP = "roadmap", _("Roadmap")
    GLOSSARY = "glossary", _("Glossary")
    OPEN_CODE = "open_code", _("Open code")
    OTHER = "other", _("Other")


class DeliverableStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    TRANSFERRED = "transferred", _("Transferred")


class RoundLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional round")
    GLOBAL = "global", _("Global round")
    FINAL = "final", _("Final")


class TeamCategory(models.TextChoices):
    STUDENT = "student", _("Students")
    PROFESSIONAL = "professional", _("Professionals")
    MIXED = "mixed", _("Mixed")
