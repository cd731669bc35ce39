"""URLs that a figure leads to: its page in the web report and the catalog search that
lists the same activities."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import translation

from aiatlas.report.figures import Figure


def _absolute(path: str) -> str:
    from aiatlas.common.links import absolute_url

    return absolute_url(path)


def figure_url(year: int, figure_id: str, *, language: str = "en", absolute: bool = False) -> str:
    with translation.override(language):
        path = reverse("report:figure", kwargs={"year": year, "figure_id": figure_id})
    return _absolute(path) if absolute else path


def search_url(figure: Figure, *, language: str = "en") -> str:
    """The catalog search listing the figure's activities (live records)."""
    with translation.override(language):
        try:
            path = reverse("web:activity-list")
        except NoReverseMatch:
            path = f"/{language}/activities/"
    return f"{path}?{urlencode(list(figure.search))}"
