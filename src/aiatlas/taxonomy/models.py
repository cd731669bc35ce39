"""SDG goals, targets and indicators, with their texts in the six UN languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import get_language

from aiatlas.taxonomy.texts import URI_BASE, goal_label


def _in_language(texts: dict[str, str], language: str | None) -> str:
    lang = (language or get_language() or "en").lower()
    return texts.get(lang) or texts.get(lang.split("-")[0]) or texts.get("en", "")


class _Texts:
    """What goals, targets and indicators share: a URI from their ``code`` and a title in
    each language from their ``titles``."""

    titles: dict[str, str]

    if TYPE_CHECKING:

        @property
        def code(self) -> str: ...

    @property
    def uri(self) -> str:
        return f"{URI_BASE}{self.code}"

    def title(self, language: str | None = None) -> str:
        return _in_language(self.titles, language)


class Goal(_Texts, models.Model):
    number = models.PositiveSmallIntegerField(primary_key=True)
    colour = models.CharField(max_length=7)
    titles = models.JSONField(default=dict)
    short_titles = models.JSONField(default=dict)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"SDG {self.number}"

    @property
    def code(self) -> str:
        return str(self.number)

    def short_title(self, language: str | None = None) -> str:
        return _in_language(self.short_titles, language)

    def label(self, language: str | None = None) -> str:
        """The badge label in ``language`` (the active one by default): "SDG 13", "ODD 13"."""
        return goal_label(self.number, language or get_language())


class _Numbered(_Texts, models.Model):
    """A target or an indicator: a code, its place under its parent, its titles."""

    #: the word before the code in ``str()``
    noun = ""
    position = models.PositiveSmallIntegerField(default=0)
    titles = models.JSONField(default=dict)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.noun} {self.code}"


class Target(_Numbered):
    noun = "Target"
    code = models.CharField(max_length=8, primary_key=True)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")


class Indicator(_Numbered):
    noun = "Indicator"
    code = models.CharField(max_length=12, primary_key=True)
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="indicators")
