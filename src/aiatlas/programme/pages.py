"""What the schedule pages show beyond one query: the public schedule's cards and the
editor's rows, with their texts worked out once in Python (times, links, the meta
line, speakers, the room choices), so a 400-session page renders a few template
variables per session instead of an include full of tags and filters."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from aiatlas.programme.choices import SessionType
from aiatlas.programme.queries import Entry, Schedule

#: speakers named on a card; the rest are counted
SPEAKERS_ON_A_CARD = 6


class Card(TypedDict):
    """One session of the public schedule, as its card (and its list line) shows it. A
    dict, not an object: the template language looks a name up in a dict first, and
    400 cards of fourteen names each make that count."""

    pk: int
    url: str
    title: str
    start: str  # "09:00", in the event's zone
    end: str
    start_iso: str
    end_iso: str
    room: str
    track: str
    track_slug: str
    #: the track's page (empty without a track)
    track_url: str
    type: str
    languages: str  # "EN, FR"
    speakers: str  # "A, B and 3 more"
    favourite: bool
    #: the card's article, escaped (see ``_card_html``; empty for the compact list)
    html: SafeString


class Group(TypedDict):
    """A time slot (``label`` its start) or a stage's column (``label`` its name)."""

    label: str
    iso: str
    cards: list[Card]


@dataclass
class DayView:
    date: Any
    index: int
    #: the day's sessions in time order (the compact list)
    cards: list[Card]
    #: by time slot, or by stage (``?view=rooms``)
    groups: list[Group]


#: a stand-in id: reversed once, then replaced by each session's id
_MARKER = 987654321


def url_maker(name: str, *args: Any, wrap: Callable[[str], str] = str) -> Callable[[int], str]:
    """The URL of ``name`` for an id, with ``reverse`` (and ``wrap``, e.g. making it
    absolute) run once for the pattern: a feed or page of 400 sessions would otherwise
    spend more on reversing i18n URLs than on the rest."""
    head, tail = wrap(reverse(name, args=[*args, _MARKER])).rsplit(str(_MARKER), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


def _speakers_text(entry: Entry) -> str:
    names = [name for _id, name in entry.speakers]
    shown = ", ".join(names[:SPEAKERS_ON_A_CARD])
    more = len(names) - SPEAKERS_ON_A_CARD
    if more > 0:
        shown += " " + ngettext("and %(n)s more", "and %(n)s more", more) % {"n": more}
    return shown


def _card_html(c: Card, in_agenda: str) -> SafeString:
    """The card of the grid views, written here rather than by a template of some twenty
    tags and filters drawn 400 times. Every value goes through ``escape`` (the standard
    library's, which Django's calls) before it is put in the markup."""
    e = html.escape
    room = f' · <span class="prog-room">{e(c["room"])}</span>' if c["room"] else ""
    meta = e(c["type"])
    if c["track"]:
        meta += f' · <a href="{e(c["track_url"])}">{e(c["track"])}</a>'
    if c["languages"]:
        meta += f' · <span translate="no">{e(c["languages"])}</span>'
    if c["favourite"]:
        meta += f' · <span class="prog-fav">★ {e(in_agenda)}</span>'
    speakers = f'\n  <p class="prog-speakers">{e(c["speakers"])}</p>' if c["speakers"] else ""
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<article class="prog-session{" has-track" if c["track"] else ""}" '
        f'data-track="{e(c["track_slug"])}">\n'
        f'  <p class="prog-session-when"><time datetime="{e(c["start_iso"])}">{e(c["start"])}'
        f'</time>–<time datetime="{e(c["end_iso"])}">{e(c["end"])}</time>{room}</p>\n'
        f'  <h4 class="prog-session-title"><a href="{e(c["url"])}" dir="auto">{e(c["title"])}'
        f"</a></h4>\n"
        f'  <p class="meta">{meta}</p>{speakers}\n'
        "</article>"
    )


def schedule_days(schedule: Schedule, *, view: str, favourites: set[int]) -> list[DayView]:
    """The schedule's days with one card per session, grouped for ``view`` ("slots":
    by start time, "rooms": by stage, "list": the day's cards only)."""
    url = url_maker("programme:session")
    types = {value: str(label) for value, label in SessionType.choices}
    in_agenda = gettext("in my agenda")
    cards: dict[int, Card] = {}
    track_urls = {
        t.pk: reverse("programme:track", args=[schedule.event.slug, t.slug])
        for t in schedule.tracks
    }

    def card(s: Entry) -> Card:
        found = cards.get(s.pk)
        if found is None:
            found = cards[s.pk] = Card(
                pk=s.pk,
                url=url(s.pk),
                title=s.title,
                start=f"{s.local_start:%H:%M}",
                end=f"{s.local_end:%H:%M}",
                start_iso=s.starts_at.isoformat() if s.starts_at else "",
                end_iso=s.ends_at.isoformat() if s.ends_at else "",
                room=s.room.name if s.room else "",
                track=s.track.name if s.track else "",
                track_slug=s.track.slug if s.track else "",
                track_url=track_urls.get(s.track.pk, "") if s.track else "",
                type=types.get(s.type, s.type),
                languages=", ".join(s.languages).upper(),
                speakers=_speakers_text(s),
                favourite=s.pk in favourites,
                html=SafeString(),
            )
            if view != "list":  # the compact list draws its own line
                found["html"] = _card_html(found, in_agenda)
        return found

    days = []
    for day in schedule.days:
        in_order = [card(s) for slot in day.slots for s in slot.sessions]
        if view == "rooms":
            groups = [
                Group(label=name, iso="", cards=[card(s) for s in items])
                for name, items in day.rooms
            ]
        elif view == "list":
            groups = []
        else:
            groups = [
                Group(
                    label=f"{slot.starts:%H:%M}",
                    iso=slot.starts.isoformat(),
                    cards=[card(s) for s in slot.sessions],
                )
                for slot in day.slots
            ]
        days.append(DayView(day.date, day.index, in_order, groups))
    return days


@dataclass
class EditorRow:
    """One session of the schedule editor with its place form's values."""

    session: Entry
    #: the session's id as text (an int in a template goes through number formatting,
    #: five times a row)
    id: str
    #: "40 seats", or empty
    seats: str
    url: str
    action: str
    room_options: SafeString
    day: str
    start: str
    end: str


def editor_rows(event: Any, sessions: list[Entry], rooms: list[Any]) -> list[EditorRow]:
    """The editor's rows: the room choices are escaped once per room and only the
    session's own room is marked, instead of a template loop over every room in every
    row (20 stages × 400 sessions)."""
    url = url_maker("programme:session")
    place = url_maker("programme:schedule-place", event.slug)
    options = {
        r.pk: (
            format_html('<option value="{}">{}</option>', r.pk, r.name)
            if not r.capacity
            else format_html('<option value="{}">{} ({})</option>', r.pk, r.name, r.capacity)
        )
        for r in rooms
    }
    rows = []
    for s in sessions:
        parts = ['<option value="">—</option>']
        for pk, option in options.items():
            parts.append(option.replace(">", " selected>", 1) if pk == s.room_id else option)
        rows.append(
            EditorRow(
                session=s,
                id=str(s.pk),
                seats=gettext("%(n)s seats") % {"n": s.seats} if s.seats else "",
                url=url(s.pk),
                action=place(s.pk),
                room_options=mark_safe("".join(parts)),  # noqa: S308 - every part is format_html
                day=f"{s.local_start:%Y-%m-%d}" if s.local_start else "",
                start=f"{s.local_start:%H:%M}" if s.local_start else "",
                end=f"{s.local_end:%H:%M}" if s.local_end else "",
            )
        )
    return rows


@dataclass
class GoalChoice:
    """One goal of the team's SDG form: ticked if the session carries it, and the
    classifier's score and evidence when it suggested it."""

    number: int
    title: str
    ticked: bool
    tag_source: str  # "suggested", "confirmed", or empty
    score: str = ""  # "0.93"
    targets: str = ""
    evidence: str = ""


def goal_choices(
    goals: list[Any], tags: dict[int, str], suggestions: list[Any], language: str
) -> tuple[list[GoalChoice], list[GoalChoice]]:
    """The classifier's suggestions (best first) and the other goals, for the form. A
    suggestion is not ticked unless the session carries it already: a person ticks."""
    suggested = {s.goal: s for s in suggestions}
    choices = {
        g.number: GoalChoice(
            g.number, g.short_title(language) or g.title(language), g.number in tags,
            tags.get(g.number, ""),
        )
        for g in goals
    }  # fmt: skip
    for number, s in suggested.items():
        c = choices.get(number)
        if c is not None:
            c.score, c.targets, c.evidence = f"{s.score:.2f}", " ".join(s.targets), s.evidence
    first = [choices[s.goal] for s in suggestions if s.goal in choices]
    return first, [c for n, c in choices.items() if n not in suggested]
