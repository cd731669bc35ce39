"""Controlled vocabularies of the catalog. Keys are stored; labels are shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    UN_ENTITY = "un_entity", _("UN entity")
    GOVERNMENT = "government", _("Government")
    ACADEMIA = "academia", _("Academia")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental")
    OTHER = "other", _("Other")


class EditionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for submissions")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class ActivityKind(models.TextChoices):
    PROJECT = "project", _("Project")
    INITIATIVE = "initiative", _("Initiative")
    FOCUS_GROUP = "focus_group", _("Focus group")
    TOOL_OR_DATASET = "tool_or_dataset", _("Tool or dataset")
    PUBLICATION = "publication", _("Publication")
    EVENT_SERIES = "event_series", _("Event series")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")


class TagSource(models.TextChoices):
    SUBMITTER = "submitter", _("Submitter")
    CLASSIFIER = "classifier", _("Classifier")
    CURATOR = "curator", _("Curator")


#: the controlled list of technologies: key, label
TECHNOLOGIES: list[tuple[str, str]] = [
    ("machine_learning", "Machine learning"),
    ("nlp", "Natural language processing"),
    ("generative_ai", "Large language models / generative AI"),
    ("computer_vision", "Computer vision"),
    ("speech", "Speech"),
    ("robotics", "Robotics"),
    ("remote_sensing", "Remote sensing / earth observation"),
    ("forecasting_optimisation", "Forecasting and optimisation"),
    ("knowledge_graphs", "Knowledge graphs"),
    ("other", "Other"),
]
