"""JSON API of the programme under /api/v1/programme/, and its feeds: iCalendar for an
event and for a personal agenda, the frab schedule in XML and JSON. Each event record
links its own feeds."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_type_hints

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import create_model

from aiatlas.common.links import absolute_url, site_url
from aiatlas.common.schemas import ErrorOut
from aiatlas.programme import figures_queries, pages, queries
from aiatlas.programme.choices import AttendanceMode
from aiatlas.programme.exceptions import InvalidInput, ProgrammeError
from aiatlas.programme.feeds import frab, ical
from aiatlas.programme.services import registration
from aiatlas.programme.tokens import registration_token

router = Router(tags=["programme"])


class EventLinks(Schema):
    html: str
    api: str
    sessions: str
    ical: str
    webcal: str
    frab_xml: str
    frab_json: str


class EventOut(Schema):
    slug: str
    title: str
    kind: str
    programme: str
    starts_on: str
    ends_on: str
    time_zone: str
    venue: str
    partners: list[str]
    capacity: int | None
    online_capacity: int | None
    links: EventLinks


class ProgrammeOut(Schema):
    slug: str
    title: str
    kind: str
    summary: str
    illustrative: bool
    events: list[str]


class SpeakerOut(Schema):
    id: int
    name: str
    affiliation: str


class SessionOut(Schema):
    id: int
    guid: str
    event: str
    title: str
    subtitle: str
    abstract: str
    type: str
    state: str
    track: str
    room: str
    starts_at: datetime | None
    ends_at: datetime | None
    languages: list[str]
    speakers: list[SpeakerOut]
    sdg_goals: list[dict[str, Any]]
    recording_url: str
    slides_url: str
    not_recorded: bool
    url: str


class RegistrationIn(Schema):
    name: str = ""
    email: str = ""
    consent: bool = False
    mode: Literal["in_person", "online"] = AttendanceMode.IN_PERSON
    country: str = ""


class RegistrationOut(Schema):
    status: str
    sequence: int
    waitlist_position: int | None
    token: str
    links: dict[str, str]


def _abs(request: HttpRequest, path: str) -> str:
    return absolute_url(path, request)


def _event(slug: str) -> Any:
    found = queries.event(slug)
    if found is None:
        raise HttpError(404, "there is no such event")
    return found


def _event_record(request: HttpRequest, event: Any) -> dict[str, Any]:
    ics = _abs(request, reverse("api:programme_event_ical", args=[event.slug]))
    return {
        "slug": event.slug,
        "title": event.title,
        "kind": event.kind,
        "programme": event.programme.slug,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "time_zone": event.time_zone,
        "venue": event.venue,
        "partners": [p.acronym or p.name for p in event.partners.all()],
        "capacity": event.capacity,
        "online_capacity": event.online_capacity,
        "links": {
            "html": _abs(request, reverse("programme:event", args=[event.slug])),
            "api": _abs(request, reverse("api:programme_event", args=[event.slug])),
            "sessions": _abs(request, reverse("api:programme_event_sessions", args=[event.slug])),
            "ical": ics,
            "webcal": "webcal://" + ics.split("://", 1)[1],
            "frab_xml": _abs(request, reverse("api:programme_event_frab_xml", args=[event.slug])),
            "frab_json": _abs(request, reverse("api:programme_event_frab_json", args=[event.slug])),
        },
    }


def _session_url(request: HttpRequest) -> Any:
    url = pages.url_maker("programme:session", wrap=lambda path: _abs(request, path))
    return lambda s: url(s.pk)


def _session_record(request: HttpRequest, s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "guid": str(s.guid),
        "event": s.event.slug,
        "title": s.title,
        "subtitle": s.subtitle,
        "abstract": s.abstract,
        "type": s.type,
        "state": s.state,
        "track": s.track.name if s.track else "",
        "room": s.room.name if s.room else "",
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "languages": s.languages,
        "speakers": [
            queries.speaker_profile(link.speaker) for link in getattr(s, "ordered_speakers", [])
        ],
        "sdg_goals": [{"goal": t.goal_id, "source": t.source} for t in s.goal_tags.all()],
        "recording_url": s.recording_url,
        "slides_url": s.slides_url,
        "not_recorded": s.not_recorded,
        "url": _session_url(request)(s),
    }


@router.get(
    "/programme/programmes",
    response={200: list[ProgrammeOut], 422: ErrorOut},
    url_name="programme_list",
)
def programme_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": p.slug,
            "title": p.title,
            "kind": p.kind,
            "summary": p.summary,
            "illustrative": p.illustrative,
            "events": [e.slug for e in p.events.all()],
        }
        for p in queries.programmes()
    ]


@router.get(
    "/programme/events/{slug}",
    response={200: EventOut, 404: ErrorOut, 422: ErrorOut},
    url_name="programme_event",
)
def event_record(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _event_record(request, _event(slug))


@router.get(
    "/programme/events/{slug}/sessions",
    response={200: list[SessionOut], 404: ErrorOut, 422: ErrorOut},
    url_name="programme_event_sessions",
)
def event_sessions(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    return [_session_record(request, s) for s in queries.released_sessions(_event(slug))]


@router.get(
    "/programme/sessions/{pk}",
    response={200: SessionOut, 410: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    url_name="programme_session",
)
def session_record(request: HttpRequest, pk: int) -> dict[str, Any]:
    found = queries.released_session(pk)
    if found is None:
        raise HttpError(404, "there is no such session on the programme")
    return _session_record(request, found)


@router.get(
    "/programme/events/{slug}/schedule.ics",
    response={200: None, 404: ErrorOut, 422: ErrorOut},
    url_name="programme_event_ical",
)
def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    body = ical.event_calendar(
        event,
        queries.released_sessions(event, goals=False),
        source=absolute_url(request.get_full_path(), request),
        event_url=_abs(request, reverse("programme:event", args=[slug])),
        session_url=_session_url(request),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _frab(request: HttpRequest, slug: str) -> dict[str, Any]:
    event = _event(slug)
    return frab.schedule_data(
        event,
        queries.released_sessions(event, goals=False),
        version=queries.schedule_version(event),
        base_url=site_url(request) + "/",
        session_url=_session_url(request),
    )


@router.get(
    "/programme/events/{slug}/schedule.xml",
    response={200: None, 404: ErrorOut, 422: ErrorOut},
    url_name="programme_event_frab_xml",
)
def event_frab_xml(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(frab.to_xml(_frab(request, slug)), content_type="application/xml")


@router.get(
    "/programme/events/{slug}/schedule.json",
    response={200: None, 404: ErrorOut, 422: ErrorOut},
    url_name="programme_event_frab_json",
)
def event_frab_json(request: HttpRequest, slug: str) -> HttpResponse:
    return JsonResponse(frab.to_json(_frab(request, slug)), json_dumps_params={"indent": 1})


@router.get(
    "/programme/agenda/{token}.ics",
    response={200: None, 404: ErrorOut, 422: ErrorOut},
    url_name="programme_agenda_ical",
)
def agenda_ical(request: HttpRequest, token: str) -> HttpResponse:
    user = queries.agenda_user(token)
    if user is None:
        raise HttpError(404, "this agenda link is not valid (it may have been renewed)")
    body = ical.agenda_calendar(
        queries.agenda_sessions(user),
        source=absolute_url(request.get_full_path(), request),
        session_url=_session_url(request),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


#: the error answers of the registration writes
_WRITE_ERRORS: dict[int, Any] = {code: ErrorOut for code in (400, 404, 409, 410, 422)}


@router.post(
    "/programme/events/{slug}/registrations",
    response={
        201: RegistrationOut,
        400: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        410: ErrorOut,
        422: ErrorOut,
    },
    url_name="programme_register",
)
def register(request: HttpRequest, slug: str, payload: RegistrationIn) -> Any:
    """Register by name and e-mail (with consent): confirmed while seats remain, else
    waitlisted in arrival order. The token opens the status and cancel links."""
    event = _event(slug)
    try:
        done = registration.register(
            event_id=event.pk,
            name=payload.name,
            email=payload.email,
            consent=payload.consent,
            mode=payload.mode,
            country_code=payload.country,
            site_url=site_url(request),
        )
    except InvalidInput as exc:
        detail = "; ".join(f"{f}: {m}" for f, m in exc.problems) or str(exc)
        raise HttpError(400, detail) from exc
    except ProgrammeError as exc:
        raise HttpError(exc.status, str(exc)) from exc
    return Status(201, _registration_out(request, done))


def _registration_out(request: HttpRequest, done: Any) -> dict[str, Any]:
    token = registration_token(done.pk)
    return {
        "status": done.status,
        "sequence": done.sequence,
        "waitlist_position": queries.waitlist_position(done),
        "token": token,
        "links": {
            "status": _abs(request, reverse("programme:registration", args=[token])),
            "cancel": _abs(request, reverse("api:programme_cancel", args=[token])),
        },
    }


@router.post(
    "/programme/registrations/{token}/cancel",
    response={
        200: RegistrationOut,
        400: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        410: ErrorOut,
        422: ErrorOut,
    },
    url_name="programme_cancel",
)
def cancel(request: HttpRequest, token: str) -> dict[str, Any]:
    try:
        done, _promoted = registration.cancel_registration(token=token, site_url=site_url(request))
    except ProgrammeError as exc:
        raise HttpError(exc.status, str(exc)) from exc
    return _registration_out(request, done)


#: the figures as ``figures_queries.Figures`` declares them (one list of the figures),
#: each of them always in the answer
_FIGURE_FIELDS: dict[str, Any] = {
    name: (hint, ...) for name, hint in get_type_hints(figures_queries.Figures).items()
}
FiguresOut = create_model("FiguresOut", __base__=Schema, **_FIGURE_FIELDS)


@router.get(
    "/programme/programmes/{slug}/figures",
    response={200: FiguresOut, 404: ErrorOut, 422: ErrorOut},
    url_name="programme_figures",
)
def programme_figures(request: HttpRequest, slug: str, year: int | None = None) -> Any:
    """The programme's figures for one year (default: its latest year with events)."""
    from dataclasses import asdict

    programme = queries.programme(slug)
    if programme is None:
        raise HttpError(404, "There is no such programme.")
    years = figures_queries.years_of(programme)
    if year is None:
        year = years[-1] if years else timezone.now().year
    elif year not in years:
        raise HttpError(404, f"There are no figures for the year {year}.")
    return asdict(figures_queries.figures(programme, year))
