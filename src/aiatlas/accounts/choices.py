"""The roles a user can have (one each); who may do what with a role is in rules.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator (secretariat)")
    REVIEWER = "reviewer", _("Reviewer (secretariat)")
    FOCAL_POINT = "focal_point", _("Focal point")
    ENTITY_APPROVER = "entity_approver", _("Entity approver")
