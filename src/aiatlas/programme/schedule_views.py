"""The schedule editor (server-rendered forms, no script needed), schedule releases with
their public changelog, and the embeddable schedule widget."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from aiatlas.accounts.views import LOGIN_URL
from aiatlas.common.links import absolute_url
from aiatlas.programme import pages, queries
from aiatlas.programme.exceptions import InvalidInput, ProgrammeError
from aiatlas.programme.forms import AvailabilityForm, EditorFilterForm, FilterForm, PlaceForm
from aiatlas.programme.rules import can
from aiatlas.programme.services import availability, releases, sessions
from aiatlas.programme.views import error_page, event_or_404, redirect_back
from aiatlas.security import CONTENT_SECURITY_POLICY

#: above this many sessions the editor opens on the first day rather than on everything
EDITOR_ONE_DAY_ABOVE = 120


@login_required(login_url=LOGIN_URL)
def editor(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    if not can(request.user, "edit_schedule"):
        raise Http404(_("There is no such page."))
    filters = EditorFilterForm(request.GET)
    clean = filters.cleaned_data if filters.is_valid() else {}
    day = clean.get("day") or ""
    if day and day != "all" and day not in {d.isoformat() for d in event.days}:
        day = ""
    room = clean.get("room") or ""
    track = clean.get("track") or ""
    only_flagged = bool(clean.get("flagged"))
    # a big schedule opens on its first day (one form per session): "all" shows all
    entries = queries.live_entries(event)  # read once: rows, warnings and pending changes
    narrowed = not day and not room and not track and not only_flagged
    if narrowed and len(entries) > EDITOR_ONE_DAY_ABOVE:
        day = event.days[0].isoformat()
    else:
        narrowed = False
    warnings = queries.schedule_warnings(event, entries)
    flagged: dict[int, list[str]] = {}
    for w in warnings:
        for sid in w.sessions:
            flagged.setdefault(sid, []).append(w.message)
    items = queries.editor_sessions(
        event, day="" if day == "all" else day, room=room, track=track, entries=entries
    )
    for s in items:
        s.warnings = flagged.get(s.pk, [])
    if only_flagged:
        items = [s for s in items if s.warnings]
    latest = queries.latest_release(event)
    rooms = list(event.rooms.all())
    return render(
        request,
        "programme/editor.html",
        {
            "event": event,
            "rows": pages.editor_rows(event, items, rooms),
            "sessions": items,
            "rooms": rooms,
            "days": event.days,
            "day": day,
            "room": room,
            "track": track,
            "tracks": list(event.tracks.all()),
            "only_flagged": only_flagged,
            "narrowed": narrowed,
            "filters_invalid": not filters.is_valid(),
            "warnings": warnings,
            "pending": queries.unreleased_changes(event, entries, latest),
            "latest": latest,
            "here": request.get_full_path(),
        },
    )


@require_POST
@login_required(login_url=LOGIN_URL)
def place(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_or_404(slug)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return error_page(request, InvalidInput(_("Check the slot: %s") % problems))
    data = form.cleaned_data
    starts = ends = None
    if data.get("day") is not None:
        starts = datetime.combine(data["day"], data["start"], tzinfo=event.zone)
        ends = datetime.combine(data["day"], data["end"], tzinfo=event.zone)
    try:
        done = sessions.schedule_session(
            user=request.user,
            session_id=pk,
            room_id=data.get("room"),
            starts_at=starts,
            ends_at=ends,
        )
    except ProgrammeError as exc:
        return error_page(request, exc)
    if done.event_id != event.pk:
        raise Http404(_("There is no such session."))
    messages.success(request, _("“%(title)s” is placed.") % {"title": done.title})
    return redirect_back(data.get("next") or "", "programme:schedule-editor", slug=slug)


@require_POST
@login_required(login_url=LOGIN_URL)
def release(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    try:
        done = releases.release_schedule(
            user=request.user, event_id=event.pk, comment=request.POST.get("comment", "")
        )
    except ProgrammeError as exc:
        return error_page(request, exc)
    messages.success(request, _("Version %(n)d of the schedule is released.") % {"n": done.number})
    return redirect("programme:changes", slug=slug)


def changes(request: HttpRequest, slug: str) -> HttpResponse:
    """The public changelog: each released version and what moved, was added or
    cancelled."""
    event = event_or_404(slug)
    zone = event.zone
    items = list(queries.releases(event))
    for r in items:
        for c in r.changes:
            for side in ("was", "now"):
                entry = c.get(side)
                if entry and entry.get("starts_at"):
                    entry["local"] = datetime.fromisoformat(entry["starts_at"]).astimezone(zone)
    return render(request, "programme/changes.html", {"event": event, "releases": items})


#: the widget may be framed by any site; everything else of the policy stays strict
EMBED_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")


@xframe_options_exempt
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The embeddable schedule: a compact list without the site's frame, for an iframe."""
    event = event_or_404(slug)
    filters = FilterForm(request.GET)
    clean = filters.cleaned_data if filters.is_valid() else {}
    schedule = queries.schedule(
        event,
        track=clean.get("track") or "",
        room=str(clean.get("room") or ""),
        language=clean.get("language") or "",
    )
    response = render(
        request,
        "programme/embed.html",
        {
            "event": event,
            "schedule": schedule,
            "page": absolute_url(reverse("programme:event", args=[slug]), request),
            "now": timezone.now(),
        },
    )
    response.headers["Content-Security-Policy"] = EMBED_POLICY
    return response


@login_required(login_url=LOGIN_URL)
def speaker_availability(request: HttpRequest, slug: str) -> HttpResponse:
    """When a speaker can speak at the event: the speaker's own windows (their speaker
    record is linked to their account), or any speaker's for the programme team
    (``?speaker=<id>``). GET shows; POST adds a window or removes one."""
    event = event_or_404(slug)
    user = request.user
    team = can(user, "edit_schedule")
    mine = queries.own_speakers_at(user, event)
    choices = queries.event_speakers(event) if team else mine
    if not choices:
        raise Http404(_("There is no such page."))
    raw = request.POST.get("speaker") or request.GET.get("speaker") or ""
    chosen = next((s for s in choices if str(s.pk) == raw), None)
    if raw and chosen is None:
        return error_page(request, InvalidInput(_("That speaker has no session at this event.")))
    chosen = chosen or (mine[0] if mine else choices[0])
    form = AvailabilityForm()
    status, error = 200, ""
    if request.method == "POST":
        try:
            remove = request.POST.get("remove", "")
            if remove:
                availability.remove_window(
                    user=user, window_id=int(remove) if remove.isdigit() else 0
                )
                messages.success(request, _("The window is removed."))
                return redirect(_availability_url(slug, chosen.pk))
            form = AvailabilityForm(request.POST)
            if not form.is_valid():
                problems = "; ".join(
                    f"{form.fields[k].label}: {e}" for k, errs in form.errors.items() for e in errs
                )
                raise InvalidInput(_("Check the window: %s") % problems)
            data = form.cleaned_data
            availability.add_window(
                user=user,
                event_id=event.pk,
                speaker_id=chosen.pk,
                starts_at=datetime.combine(data["day"], data["start"], tzinfo=event.zone),
                ends_at=datetime.combine(data["day"], data["end"], tzinfo=event.zone),
            )
            messages.success(request, _("The window is added."))
            return redirect(_availability_url(slug, chosen.pk))
        except ProgrammeError as exc:
            status, error = exc.status, str(exc)
    return render(
        request,
        "programme/availability.html",
        {
            "event": event,
            "speaker": chosen,
            "choices": choices,
            "team": team,
            "windows": queries.availability_of(chosen, event),
            "sessions": queries.speaker_sessions_at(chosen, event),
            "form": form,
            "error": error,
        },
        status=status,
    )


def _availability_url(slug: str, speaker_id: int) -> str:
    return reverse("programme:availability", args=[slug]) + f"?speaker={speaker_id}"


def _goal_numbers(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError as exc:
        raise InvalidInput(_("An SDG is a number from 1 to 17.")) from exc


@login_required(login_url=LOGIN_URL)
def session_goals(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's SDG tags of a session: "Suggest SDGs" asks the classifier (nothing is
    stored), the team ticks the goals that hold and saves; only those are kept."""
    user = request.user
    suggestions: list = []
    asked = False
    if request.method == "POST":
        try:
            if request.POST.get("action") == "suggest":
                suggestions = sessions.suggest_goals(user=user, session_id=pk)
                asked = True
            else:
                kept = sessions.set_confirmed_goals(
                    user=user, session_id=pk, goals=_goal_numbers(request.POST.getlist("goals"))
                )
                messages.success(
                    request,
                    _("SDG tags saved: %(goals)s.") % {"goals": ", ".join(map(str, kept)) or "—"},
                )
                return redirect("programme:session-sdgs", pk=pk)
        except ProgrammeError as exc:
            if exc.status != 400:
                return error_page(request, exc)
            messages.error(request, str(exc))
    elif not can(user, "tag_goals"):
        raise Http404(_("There is no such page."))
    session = queries.session(pk)
    if session is None:
        raise Http404(_("There is no such session."))
    suggested, others = pages.goal_choices(
        queries.goals(), queries.goal_sources(session), suggestions,
        translation.get_language() or "en",
    )  # fmt: skip
    return render(
        request,
        "programme/session_goals.html",
        {"session": session, "suggested": suggested, "others": others, "asked": asked},
    )
