"""Fixtures of the survey tests: XLSForm workbooks built in memory, a survey with one
invitation and its link token, a staff client."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

EN, FR = "label::English (en)", "label::French (fr)"


@pytest.fixture(autouse=True)
def survey_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.survey.urls"


def make_xlsx(
    survey: list[dict[str, Any]],
    choices: list[dict[str, Any]] | None = None,
    settings: dict[str, Any] | None = None,
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> bytes:
    """An XLSForm workbook from row dicts (column -> value), header = union of keys."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"

    def fill(sheet: Any, rows: list[dict[str, Any]]) -> None:
        header: list[str] = []
        for r in rows:
            header += [k for k in r if k not in header]
        sheet.append(header)
        for r in rows:
            sheet.append([r.get(h) for h in header])

    fill(ws, survey)
    if choices:
        fill(wb.create_sheet("choices"), choices)
    if settings:
        fill(wb.create_sheet("settings"), [settings])
    for name, rows in (extra_sheets or {}).items():
        s = wb.create_sheet(name)
        for row in rows:
            s.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def q(type_: str, name: str, en: str = "", fr: str = "", **extra: Any) -> dict[str, Any]:
    row = {"type": type_, "name": name, EN: en or name, FR: fr or f"{name} (fr)"}
    row.update(
        {
            k.replace("__", "::").replace("_en", "::English (en)").replace("_fr", "::French (fr)")
            if k.endswith(("_en", "_fr"))
            else k: v
            for k, v in extra.items()
        }
    )
    return row


def c(list_name: str, name: str, en: str = "", fr: str = "", **extra: Any) -> dict[str, Any]:
    return {"list_name": list_name, "name": name, EN: en or name, FR: fr or f"{name} (fr)", **extra}


#: a small two-page form with relevant, constraint (+ French message), or_other and a repeat
SMALL_SURVEY = [
    {"type": "begin group", "name": "p1", EN: "Strategy", FR: "Stratégie"},
    q(
        "select_one yn",
        "has_strategy",
        "Has a strategy?",
        "A une stratégie ?",
        required="yes",
        required_message_en="Answer this, please.",
        required_message_fr="Répondez à cette question, s'il vous plaît.",
    ),
    q(
        "integer",
        "year",
        "Year adopted",
        "Année d'adoption",
        relevant="${has_strategy} = 'yes'",
        required="yes",
        constraint=". >= 1990 and . <= 2025",
        constraint_message_en="Enter a year between 1990 and 2025.",
        constraint_message_fr="Indiquez une année entre 1990 et 2025.",
    ),
    q("select_one ministry or_other", "lead", "Lead ministry", "Ministère pilote"),
    q("select_multiple sector", "sectors", "Sectors", "Secteurs"),
    q("text", "comment", "Comment", "Commentaire"),
    {"type": "end group"},
    {"type": "begin repeat", "name": "inits", EN: "Initiative", FR: "Initiative"},
    q("text", "init_name", "Initiative name", "Nom de l'initiative", required="yes"),
    q("decimal", "budget", "Budget", "Budget"),
    {"type": "end repeat"},
]
SMALL_CHOICES = [
    c("yn", "yes", "Yes", "Oui"),
    c("yn", "no", "No", "Non"),
    c("ministry", "digital", "Digital", "Numérique"),
    c("ministry", "science", "Science", "Science"),
    c("sector", "health", "Health", "Santé"),
    c("sector", "agri", "Agriculture", "Agriculture"),
]


@pytest.fixture
def small_xlsx() -> bytes:
    return make_xlsx(
        SMALL_SURVEY,
        SMALL_CHOICES,
        {"form_title": "Small survey", "version": "1", "default_language": "English (en)"},
    )


@pytest.fixture
def make_survey(db: Any, small_xlsx: bytes) -> Callable[..., Any]:
    from aiatlas.survey.services.forms import create_survey

    def make(data: bytes | None = None, **fields: Any) -> Any:
        survey, _summary = create_survey(data=data or small_xlsx, filename="small.xlsx")
        fields.setdefault("opens_at", timezone.now() - dt.timedelta(days=1))
        fields.setdefault("closes_at", timezone.now() + dt.timedelta(days=10))
        for k, v in fields.items():
            setattr(survey, k, v)
        survey.save()
        return survey

    return make


@pytest.fixture
def invite() -> Callable[..., str]:
    """Invite one Member State; returns its token."""
    from aiatlas.survey.services.invitations import invite_from_csv

    def run(survey: Any, alpha3: str = "FRA", email: str = "focal@example.org") -> str:
        done = invite_from_csv(
            survey_id=survey.pk,
            data=(
                "alpha3,ministry,contact_name,contact_email\n"
                f"{alpha3},Ministry of Digital,Ada,{email}\n"
            ),
        )
        return done[0].link.rstrip("/").rsplit("/", 1)[-1]

    return run


@pytest.fixture
def staff_client(client: Any, django_user_model: Any) -> Any:
    fields = {
        django_user_model.USERNAME_FIELD: "staff@example.org",
        "password": "pw",
        "role": "admin",  # survey.manage: administrators (survey/rules.py)
    }
    user = django_user_model.objects.create_user(**fields)
    client.force_login(user)
    return client
