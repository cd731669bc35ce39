"""Controlled vocabularies of the catalog. Keys are stored; labels are shown."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from aiatlas.common.l10n import UN_LANGUAGES


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


class ContentLanguage(models.TextChoices):
    """The language an activity's text is written in: one of the six UN languages, or
    another one."""

    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    AR = "ar", _("Arabic")
    RU = "ru", _("Russian")
    ZH = "zh-hans", _("Chinese")
    OTHER = "other", _("Another language")


assert tuple(ContentLanguage.values[:-1]) == UN_LANGUAGES  # one list of the six languages

#: the controlled list of technologies: key, English label (stored in the database and in
#: exports; ``catalog.names.technology_name`` shows it translated)
TECHNOLOGIES: list[tuple[str, str]] = [
    ("machine_learning", gettext_noop("Machine learning")),
    ("nlp", gettext_noop("Natural language processing")),
    ("generative_ai", gettext_noop("Large language models / generative AI")),
    ("computer_vision", gettext_noop("Computer vision")),
    ("speech", gettext_noop("Speech")),
    ("robotics", gettext_noop("Robotics")),
    ("remote_sensing", gettext_noop("Remote sensing / earth observation")),
    ("forecasting_optimisation", gettext_noop("Forecasting and optimisation")),
    ("knowledge_graphs", gettext_noop("Knowledge graphs")),
    ("other", gettext_noop("Other")),
]
