"""Programme pages, mounted at /<lang>/programme/: parse, call a query or a service, render."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aiatlas.accounts.views import LOGIN_URL
from aiatlas.common.links import absolute_url, site_url
from aiatlas.programme import call_queries, figures_queries, pages, queries
from aiatlas.programme.exceptions import InvalidInput, ProgrammeError
from aiatlas.programme.forms import FilterForm, RegistrationForm
from aiatlas.programme.rules import can
from aiatlas.programme.services import agenda, registration
from aiatlas.programme.tokens import check_in_code, registration_token


def _site(request: HttpRequest) -> str:
    return site_url(request)


def error_page(request: HttpRequest, exc: ProgrammeError) -> HttpResponse:
    """The page of a domain error, for every programme page: its message (bad values: the
    message of each problem) with its HTTP status."""
    message = str(exc)
    if isinstance(exc, InvalidInput) and exc.problems:
        message = "; ".join(m for _f, m in exc.problems)
    return render(request, "programme/error.html", {"message": message}, status=exc.status)


def event_or_404(slug: str) -> Any:
    """The event of the page, else the page is not found."""
    event = queries.event(slug)
    if event is None:
        raise Http404(_("There is no such event."))
    return event


def redirect_back(nxt: str, *fallback: Any, **kwargs: Any) -> HttpResponse:
    """Back to the page ``nxt`` when it is a path on this site (never to another site),
    else to ``redirect(*fallback, **kwargs)``."""
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(*fallback, **kwargs)


def _feeds(request: HttpRequest, event: Any) -> dict[str, str]:
    ics = absolute_url(reverse("api:programme_event_ical", args=[event.slug]))
    return {
        "ical": ics,
        "webcal": "webcal://" + ics.split("://", 1)[1],
        "frab_xml": reverse("api:programme_event_frab_xml", args=[event.slug]),
        "frab_json": reverse("api:programme_event_frab_json", args=[event.slug]),
        "api": reverse("api:programme_event", args=[event.slug]),
    }


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programme/index.html",
        {"programmes": queries.programmes(), "whats_on": queries.whats_on(weeks=2)[:5]},
    )


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = queries.programme(slug)
    if programme is None:
        raise Http404(_("There is no such programme."))
    events = list(queries.events_of(programme))
    today = timezone.localdate()
    return render(
        request,
        "programme/programme.html",
        {
            "programme": programme,
            "upcoming": [e for e in reversed(events) if e.ends_on >= today],
            "past": [e for e in events if e.ends_on < today],
        },
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    filters = FilterForm(request.GET)
    clean = filters.cleaned_data if filters.is_valid() else {}
    user = request.user
    chosen = {
        "track": clean.get("track") or "",
        "room": str(clean.get("room") or ""),
        "language": clean.get("language") or "",
    }
    view = clean.get("view") or "slots"
    favourites = queries.favourite_ids(user)
    part = _schedule_part(request, event, chosen, view, favourites)
    call = call_queries.call_of(event)
    context = {
        "event": event,
        "call": call,
        "call_open": call is not None and call_queries.is_open(call),
        "team_links": can(user, "edit_schedule"),
        "questions": queries.questions(event),
        "schedule_html": part["html"],
        "options": {
            "tracks": list(event.tracks.all()),
            "rooms": list(event.rooms.all()),
            "languages": part["languages"],
            "filters": chosen,
        },
        "view": view,
        "filters_invalid": not filters.is_valid(),
        "counts": queries.registration_counts(event),
        "form": RegistrationForm(
            initial={"name": user.get_full_name(), "email": user.email}
            if user.is_authenticated
            else None
        ),
        "feeds": _feeds(request, event),
        "favourites": favourites,
        "warnings": queries.schedule_warnings(event) if can(user, "view_schedule_warnings") else [],
        "today": timezone.now().astimezone(event.zone).date(),
    }
    return render(request, "programme/event.html", context)


def track_detail(request: HttpRequest, slug: str, track: str) -> HttpResponse:
    """A track of an event: its name and its sessions on the released schedule (what the
    event page shows with the track filter), by day and time slot."""
    event = event_or_404(slug)
    found = queries.track(event, track)
    if found is None:
        raise Http404(_("There is no such track."))
    schedule = queries.schedule(event, track=found.slug)
    days = pages.schedule_days(
        schedule, view="slots", favourites=queries.favourite_ids(request.user)
    )
    return render(
        request,
        "programme/track.html",
        {
            "event": event,
            "track": found,
            "schedule_html": render_to_string(
                "programme/_schedule.html",
                {"event": event, "schedule": schedule, "days": days, "view": "slots"},
                request=request,
            ),
            "tracks": schedule.tracks,
        },
    )


#: how long a rendered schedule is kept (its key changes with every edit or release)
SCHEDULE_CACHE_SECONDS = 600


def _schedule_part(
    request: HttpRequest, event: Any, chosen: dict[str, str], view: str, favourites: set[int]
) -> dict[str, Any]:
    """The released schedule of the event page, rendered and kept in the cache under
    what it depends on: the event's stamp (release, edits), the filters, the layout, the
    language and the reader's favourites among its sessions."""
    stamp = queries.schedule_stamp(event)
    mine = ",".join(str(pk) for pk in sorted(favourites))
    raw = "|".join(
        [str(event.pk), stamp, translation.get_language() or "", view, *chosen.values(), mine]
    )
    key = "programme-schedule:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        schedule = queries.schedule(event, **chosen)
        days = pages.schedule_days(schedule, view=view, favourites=favourites)
        html = render_to_string(
            "programme/_schedule.html",
            {"event": event, "schedule": schedule, "days": days, "view": view},
        )
        found = {"html": html, "languages": schedule.languages}
        cache.set(key, found, SCHEDULE_CACHE_SECONDS)
    return found


@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        # each problem as "Field: message", in words (the form's HTML error list would be
        # shown escaped)
        problems = "; ".join(
            f"{form.fields[name].label if name in form.fields else name}: {message}"
            for name, messages_ in form.errors.items()
            for message in messages_
        )
        return error_page(request, InvalidInput(_("Check the registration form: %s") % problems))
    data = form.cleaned_data
    try:
        done = registration.register(
            event_id=event.pk,
            name=data["name"],
            email=data["email"],
            country_code=data["country"],
            mode=data["mode"],
            consent=data["consent"],
            user=request.user,
            site_url=_site(request),
            answers={q.key: request.POST.get(f"q_{q.key}", "") for q in queries.questions(event)},
        )
    except ProgrammeError as exc:
        return error_page(request, exc)
    return redirect("programme:registration", token=registration_token(done.pk))


def registration_status(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = queries.registration(token)
    except ProgrammeError as exc:
        return error_page(request, exc)
    if found is None:
        raise Http404(_("This registration no longer exists."))
    qr = ""
    if found.status == "confirmed" and found.session_id is None:
        code = check_in_code(found.pk)
        qr = qr_svg_data_uri(
            absolute_url(reverse("programme:check-in", args=[found.event.slug])) + "?code=" + code
        )
    return render(
        request,
        "programme/registration.html",
        {
            "registration": found,
            "token": token,
            "position": queries.waitlist_position(found),
            "qr": qr,
            "code": check_in_code(found.pk) if qr else "",
        },
    )


def qr_svg_data_uri(text: str) -> str:
    """``text`` as an SVG QR code in a data: URI (an <img>, so no inline style or script)."""
    import base64

    import qrcode
    from qrcode.image.svg import SvgPathImage

    svg = qrcode.make(text, image_factory=SvgPathImage, box_size=8, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@login_required(login_url=LOGIN_URL)
def check_in_page(request: HttpRequest, slug: str) -> HttpResponse:
    """At the door: scan a QR code (its link opens this page with the code) or type the
    code; the team also approves registrations of a moderated event here."""
    event = queries.event(slug)
    if event is None or not can(request.user, "check_in"):
        raise Http404(_("There is no such page."))
    status = 200
    result: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "check_in")
        try:
            if action in {"approve", "decline"}:
                done = registration.moderate_registration(
                    user=request.user,
                    registration_id=int(request.POST.get("registration") or 0),
                    approve=action == "approve",
                    site_url=_site(request),
                )
                messages.success(
                    request,
                    _("%(name)s: %(status)s.")
                    % {"name": done.name, "status": done.get_status_display()},
                )
                return redirect("programme:check-in", slug=slug)
            done = registration.check_in(
                user=request.user, event_id=event.pk, code=request.POST.get("code", "")
            )
            result = {"ok": True, "registration": done}
        except ProgrammeError as exc:
            result, status = {"ok": False, "message": str(exc)}, exc.status
    return render(
        request,
        "programme/check_in.html",
        {
            "event": event,
            "code": request.GET.get("code", "")[:200],
            "result": result,
            "counts": queries.registration_counts(event),
            "pending": queries.pending_registrations(event),
            "recent": queries.checked_in_recently(event),
        },
        status=status,
    )


def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (mail scanners follow links); POST cancels."""
    if request.method != "POST":
        return registration_status(request, token)
    try:
        done, _promoted = registration.cancel_registration(token=token, site_url=_site(request))
    except ProgrammeError as exc:
        return error_page(request, exc)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("programme:event", slug=done.event.slug)


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = can(request.user, "edit_schedule")
    session = queries.released_session(pk)
    unreleased = False
    if session is None:
        # withdrawn after a release, or not released yet: the team still sees it
        session = queries.session(pk)
        if session is None:
            raise Http404(_("There is no such session."))
        withdrawn_released = queries.is_withdrawn(session) and queries.is_on_release(session)
        if not (team or withdrawn_released):
            raise Http404(_("There is no such session."))
        unreleased = not withdrawn_released
    zone = session.event.zone
    return render(
        request,
        "programme/session.html",
        {
            "session": session,
            "unreleased": unreleased,
            "withdrawn": queries.is_withdrawn(session),
            "local_start": session.starts_at.astimezone(zone) if session.starts_at else None,
            "local_end": session.ends_at.astimezone(zone) if session.ends_at else None,
            "favourite": pk in queries.favourite_ids(request.user),
            "can_withdraw": can(request.user, "withdraw_session", session),
            "can_tag_goals": can(request.user, "tag_goals"),
            "past": session.ends_at is not None and session.ends_at < timezone.now(),
        },
        status=410 if queries.is_withdrawn(session) else 200,
    )


@require_POST
@login_required(login_url=LOGIN_URL)
def favourite(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        agenda.set_favourite(
            user=request.user, session_id=pk, favourite=request.POST.get("on") == "1"
        )
    except ProgrammeError as exc:
        return error_page(request, exc)
    return redirect_back(request.POST.get("next", ""), "programme:session", pk=pk)


@login_required(login_url=LOGIN_URL)
def my_agenda(request: HttpRequest) -> HttpResponse:
    feed = queries.agenda_feed_of(request.user)
    ics = webcal = ""
    if feed is not None:
        ics = absolute_url(reverse("api:programme_agenda_ical", args=[feed.token]))
        webcal = "webcal://" + ics.split("://", 1)[1]
    return render(
        request,
        "programme/agenda.html",
        {"sessions": queries.agenda_sessions(request.user), "ics": ics, "webcal": webcal},
    )


@require_POST
@login_required(login_url=LOGIN_URL)
def agenda_feed(request: HttpRequest) -> HttpResponse:
    try:
        agenda.agenda_feed(user=request.user, renew=request.POST.get("renew") == "1")
    except ProgrammeError as exc:
        return error_page(request, exc)
    return redirect("programme:agenda")


def speaker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = queries.speaker(pk)
    if speaker is None:
        raise Http404(_("There is no such speaker."))
    return render(
        request,
        "programme/speaker.html",
        {"profile": queries.speaker_profile(speaker), **queries.speaker_sessions(speaker)},
    )


def whats_on(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/whats_on.html", {"days": queries.whats_on(weeks=4)})


def figures_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Sessions, speakers, participants, countries and SDGs of a programme per year."""
    programme = queries.programme(slug)
    if programme is None or not can(request.user, "view_figures"):
        raise Http404(_("There is no such programme."))
    years = figures_queries.years_of(programme)
    raw = request.GET.get("year", "")
    if raw and (not raw.isdigit() or int(raw) not in years):
        return error_page(
            request, InvalidInput(_("There are no figures for the year %(y)s.") % {"y": raw[:10]})
        )
    year = int(raw) if raw else (years[-1] if years else timezone.now().year)
    found = figures_queries.figures(programme, year)
    titles = {
        "gender": _("Speakers by gender (where given)"),
        "region": _("Speakers by region"),
        "attendance": _("Participants on site and online"),
        "in_person": _("In person"),
        "online": _("Online"),
        "count": _("Number"),
    }
    return render(
        request,
        "programme/figures.html",
        {
            "programme": programme,
            "years": years,
            "figures": found,
            "charts": figures_queries.charts(found, titles),
        },
    )
