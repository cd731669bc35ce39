"""Pages of focus groups, initiatives and challenges, at /<lang>/initiatives/."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from aiatlas.common.params import four_digit_year, query_param
from aiatlas.initiatives import queries
from aiatlas.initiatives.choices import DeliverableKind, DeliverableStatus, GroupKind, GroupStatus
from aiatlas.initiatives.pages import deliverable_facets, figure_charts, leaderboards


def index(request: HttpRequest) -> HttpResponse:
    q = query_param(request, "q")
    kind = query_param(request, "kind", GroupKind)
    status = query_param(request, "status", GroupStatus)
    return render(
        request,
        "initiatives/index.html",
        {
            "groups": queries.groups(kind=kind, status=status),
            "challenges": queries.challenges(),
            "hits": queries.search(q) if q else None,
            "q": q,
            "kind": kind,
            "status": status,
            "kinds": GroupKind.choices,
            "statuses": GroupStatus.choices,
        },
    )


def group_detail(request: HttpRequest, acronym: str) -> HttpResponse:
    group = queries.group(acronym)
    if group is None:
        raise Http404(_("There is no such group."))
    return render(
        request,
        "initiatives/group.html",
        {"group": group, "timeline": queries.timeline(group)},
    )


def deliverables(request: HttpRequest) -> HttpResponse:
    q = query_param(request, "q")
    kind = query_param(request, "kind", DeliverableKind)
    status = query_param(request, "status", DeliverableStatus)
    group = query_param(request, "group")
    year_text = query_param(request, "year")
    year = four_digit_year(year_text)
    rows = queries.deliverables(q=q, kind=kind, status=status, group=group, year=year)
    chosen = {"kind": kind, "status": status, "group": group, "year": year_text}
    return render(
        request,
        "initiatives/deliverables.html",
        {
            "rows": rows,
            "facets": deliverable_facets(rows, chosen),
            "q": q,
            "chosen": chosen,
        },
    )


def challenge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = queries.challenge(slug)
    if challenge is None:
        raise Http404(_("There is no such challenge."))
    return render(
        request,
        "initiatives/challenge.html",
        {"challenge": challenge, "boards": leaderboards(challenge)},
    )


def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "initiatives/figures.html", {"charts": figure_charts()})
