"""The figures of a programme for one year: one function computes them, the figures page,
its charts and the API all read it (one owner per figure)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from aiatlas.programme.choices import PUBLIC_STATES, AttendanceMode, Gender, RegistrationStatus
from aiatlas.programme.models import Programme, Registration, Session, SessionGoal, Speaker


@dataclass
class Figures:
    programme: str
    year: int
    events: int
    sessions: int
    speakers: int
    speakers_by_gender: dict[str, int]
    speakers_by_region: dict[str, int]
    registrants: int
    participants_in_person: int
    participants_online: int
    checked_in: int
    countries: int
    sdgs: list[int]
    #: how each number was counted
    notes: dict[str, str] = field(default_factory=dict)


def years_of(programme: Programme) -> list[int]:
    return sorted({d.year for d in programme.events.values_list("starts_on", flat=True)})


def figures(programme: Programme, year: int) -> Figures:
    """Sessions (accepted and confirmed) of the programme's events starting in ``year``;
    their distinct speakers by gender where given and by region of their country;
    registrations for whole events: registrants (everyone who registered and did not
    cancel), participants confirmed in person and online, checked in at the door, their
    countries; the SDGs tagged on sessions by a person (confirmed tags)."""
    events = programme.events.filter(starts_on__year=year)
    sessions = Session.objects.filter(event__in=events, state__in=PUBLIC_STATES)
    speakers = Speaker.objects.filter(sessions__in=sessions).distinct()
    labels = dict(Gender.choices)
    gender = Counter(
        str(labels.get(g, g)) if g else str(_("not given"))
        for g in speakers.values_list("gender", flat=True)
    )
    region = Counter(
        name or str(_("not given"))
        for name in speakers.values_list("country__region__name", flat=True)
    )
    regs = Registration.objects.filter(event__in=events, session__isnull=True)
    active = regs.exclude(status=RegistrationStatus.CANCELLED)
    confirmed = regs.filter(status=RegistrationStatus.CONFIRMED)
    per_mode = dict(confirmed.values_list("mode").annotate(n=Count("pk")))
    sdgs = sorted(
        set(
            SessionGoal.objects.filter(session__in=sessions, source="confirmed").values_list(
                "goal_id", flat=True
            )
        )
    )
    return Figures(
        programme=programme.slug,
        year=year,
        events=events.count(),
        sessions=sessions.count(),
        speakers=speakers.count(),
        speakers_by_gender=dict(sorted(gender.items())),
        speakers_by_region=dict(sorted(region.items())),
        registrants=active.count(),
        participants_in_person=per_mode.get(AttendanceMode.IN_PERSON, 0),
        participants_online=per_mode.get(AttendanceMode.ONLINE, 0),
        checked_in=confirmed.filter(checked_in_at__isnull=False).count(),
        countries=confirmed.filter(country__isnull=False).values("country").distinct().count(),
        sdgs=sdgs,
        notes={
            "sessions": _("accepted and confirmed sessions of the year's events"),
            "speakers": _("distinct speakers of those sessions"),
            "registrants": _("registrations for whole events, not cancelled (waiting ones too)"),
            "participants": _("confirmed registrations, by attendance mode"),
            "countries": _("countries given by confirmed participants"),
            "sdgs": _("SDGs tagged on those sessions and confirmed by a person"),
        },
    )


def _bar(values: dict[str, int], title: str) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": "container",
        "data": {"values": [{"label": k, "n": v} for k, v in values.items()]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": None, "sort": "-x"},
            "x": {"field": "n", "type": "quantitative", "title": None},
        },
    }


def charts(f: Figures, titles: dict[str, str]) -> list[dict[str, Any]]:
    """Vega-Lite bar charts of the figures, in the shape the site's chart partial takes."""
    parts = {
        "gender": f.speakers_by_gender,
        "region": f.speakers_by_region,
        "attendance": {
            titles["in_person"]: f.participants_in_person,
            titles["online"]: f.participants_online,
        },
    }
    out = []
    for key, values in parts.items():
        out.append(
            {
                "id": f"chart-{key}",
                "spec_id": f"chart-{key}-spec",
                "title": titles[key],
                "description": ", ".join(f"{k}: {v}" for k, v in values.items()),
                "spec": _bar(values, titles[key]),
                "columns": [titles[key], titles["count"]],
                "table": [(k, v, "") for k, v in values.items()],
            }
        )
    return out
