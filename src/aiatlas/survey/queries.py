"""Read queries of the survey: submitted responses with their country and region,
response rates, per-question summaries and cross-tabulations."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from aiatlas.catalog.models import Country
from aiatlas.survey.form import Form, Node
from aiatlas.survey.models import Invitation, Response, ResponseStatus, Survey

REGION = "_region"  # pseudo-question: the M49 region of the responding Member State


@dataclass
class Row:
    alpha3: str
    country: str
    region: str
    region_code: str
    ministry: str
    submitted_at: Any
    answers: dict[str, Any]
    m49: str = ""  # the numeric code (ISO 3166-1 numeric), which the world map joins on


@dataclass
class Filters:
    region: str = ""  # M49 region code
    question: str = ""  # a select question ...
    value: str = ""  # ... and one of its choices

    def active(self) -> bool:
        return bool(self.region or (self.question and self.value))


def iter_rows(
    survey: Survey, *, status: str = ResponseStatus.SUBMITTED, chunk: int = 1000
) -> Iterator[Row]:
    qs = (
        Response.objects.filter(invitation__survey=survey, status=status)
        .select_related("invitation__country__region")
        .order_by("invitation__country_id")
        .only(
            "answers",
            "submitted_at",
            "invitation__ministry",
            "invitation__country__alpha3",
            "invitation__country__name",
            "invitation__country__m49",
            "invitation__country__region__code",
            "invitation__country__region__name",
        )
    )
    for r in qs.iterator(chunk_size=chunk):
        c = r.invitation.country
        yield Row(
            c.alpha3,
            c.name,
            c.region.name if c.region else "",
            c.region.code if c.region else "",
            r.invitation.ministry,
            r.submitted_at,
            r.answers or {},
            c.m49,
        )


def _as_list(v: Any) -> list[str]:
    if isinstance(v, list):
        return [str(x) for x in v]
    return [] if v is None or v == "" else [str(v)]


def filtered_rows(survey: Survey, filters: Filters) -> list[Row]:
    rows = list(iter_rows(survey))
    if filters.region:
        rows = [r for r in rows if r.region_code == filters.region]
    if filters.question and filters.value:
        rows = [r for r in rows if filters.value in _as_list(r.answers.get(filters.question))]
    return rows


@dataclass
class Rate:
    label: str
    code: str
    invited: int
    submitted: int
    drafts: int
    #: UN Member States of the region, and how many of them submitted
    members: int = 0
    members_submitted: int = 0

    @property
    def rate(self) -> float:
        return self.submitted / self.invited if self.invited else 0.0

    @property
    def member_rate(self) -> float:
        return self.members_submitted / self.members if self.members else 0.0


MEMBER_STATES_FILE = Path(__file__).resolve().parent / "data" / "un_member_states.txt"


@cache
def member_states() -> frozenset[str]:
    """The alpha-3 codes of the 193 UN Member States (``data/un_member_states.txt``)."""
    lines = MEMBER_STATES_FILE.read_text("utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def response_rates(survey: Survey) -> tuple[Rate, list[Rate]]:
    """Overall and by M49 region: invited, submitted, in progress, and the Member States
    of the region (every region with a Member State is listed, invited or not)."""
    members = member_states()
    by: dict[str, Rate] = {}
    total = Rate("All", "", 0, 0, 0)
    for c in Country.objects.filter(alpha3__in=members).select_related("region"):
        code, name = (c.region.code, c.region.name) if c.region else ("", "Unknown")
        by.setdefault(code, Rate(name, code, 0, 0, 0)).members += 1
        total.members += 1
    invs = Invitation.objects.filter(survey=survey).select_related("country__region", "response")
    for inv in invs.only(
        "country__alpha3", "country__region__code", "country__region__name", "response__status"
    ):
        region = inv.country.region
        code, name = (region.code, region.name) if region else ("", "Unknown")
        rate = by.setdefault(code, Rate(name, code, 0, 0, 0))
        status = getattr(getattr(inv, "response", None), "status", None)
        member = inv.country.alpha3 in members
        for r in (rate, total):
            r.invited += 1
            r.submitted += status == ResponseStatus.SUBMITTED
            r.drafts += status == ResponseStatus.DRAFT
            r.members_submitted += member and status == ResponseStatus.SUBMITTED
    return total, sorted(by.values(), key=lambda r: r.label)


@dataclass
class StateStatus:
    alpha3: str
    name: str
    m49: str
    status: str  # "submitted", "draft" or "invited"


def state_statuses(survey: Survey) -> list[StateStatus]:
    """Every invited country with the state of its response, for the world map."""
    invs = (
        Invitation.objects.filter(survey=survey)
        .select_related("country", "response")
        .only("country__alpha3", "country__name", "country__m49", "response__status")
        .order_by("country__name")
    )
    out = []
    for inv in invs:
        status = getattr(getattr(inv, "response", None), "status", None) or "invited"
        out.append(StateStatus(inv.country.alpha3, inv.country.name, inv.country.m49, status))
    return out


@dataclass
class Summary:
    node: Node
    label: str
    kind: str  # "choices", "numbers", "texts"
    answered: int
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # name, label, n
    bins: list[tuple[float, float, int]] = field(default_factory=list)  # low, high, n
    stats: dict[str, float] = field(default_factory=dict)
    texts: list[tuple[str, str]] = field(default_factory=list)  # country, text


def _values(form: Form, rows: list[Row], name: str) -> list[tuple[Row, Any]]:
    rep = form.repeat_of(name)
    out: list[tuple[Row, Any]] = []
    for row in rows:
        if rep is None:
            v = row.answers.get(name)
            if v not in (None, "", []):
                out.append((row, v))
        else:
            for inst in row.answers.get(rep, []) or []:
                v = inst.get(name)
                if v not in (None, "", []):
                    out.append((row, v))
    return out


def histogram(values: list[float], max_bins: int = 12) -> list[tuple[float, float, int]]:
    """Equal-width bins with 'nice' edges (1, 2 or 5 times a power of ten)."""
    if not values:
        return []
    lo, hi = min(values), max(values)
    if lo == hi:
        return [(lo, hi, len(values))]
    bins = min(max_bins, max(1, math.ceil(math.log2(len(values)) + 1)))
    raw = (hi - lo) / bins
    power = 10 ** math.floor(math.log10(raw))
    width = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(lo / width) * width
    n = max(1, math.ceil((hi - start) / width + 1e-9))
    if start + n * width <= hi:
        n += 1
    counts = [0] * n
    for v in values:
        counts[min(n - 1, int((v - start) // width))] += 1
    return [(start + i * width, start + (i + 1) * width, c) for i, c in enumerate(counts)]


def summarize(form: Form, rows: list[Row], node: Node, lang: str) -> Summary:
    label = form.text(node.get("label"), lang) or node["name"]
    values = _values(form, rows, node["name"])
    qtype = node["type"]
    if qtype in ("select_one", "select_multiple"):
        counter: Counter[str] = Counter()
        for _row, v in values:
            counter.update(_as_list(v))
        items = [(c["name"], form.text(c["label"], lang)) for c in form.choices(node)]
        if node.get("or_other"):
            from aiatlas.survey.render import _other_label

            items.append(("other", _other_label(lang)))
        return Summary(
            node,
            label,
            "choices",
            len(values),
            counts=[(n, lab, counter.get(n, 0)) for n, lab in items],
        )
    if qtype in ("integer", "decimal"):
        nums = [float(v) for _row, v in values if isinstance(v, int | float)]
        stats = {}
        if nums:
            stats = {
                "min": min(nums),
                "median": statistics.median(nums),
                "max": max(nums),
                "mean": statistics.fmean(nums),
            }
        return Summary(node, label, "numbers", len(nums), bins=histogram(nums), stats=stats)
    return Summary(
        node, label, "texts", len(values), texts=[(row.country, str(v)) for row, v in values]
    )


def summaries(form: Form, rows: list[Row], lang: str) -> list[Summary]:
    return [
        summarize(form, rows, q, lang)
        for q in form.questions
        if q["type"] in ("select_one", "select_multiple", "integer", "decimal", "text", "date")
    ]


def select_questions(form: Form) -> list[Node]:
    return [
        q
        for q in form.questions
        if q["type"] in ("select_one", "select_multiple") and form.repeat_of(q["name"]) is None
    ]


@dataclass
class CrossTab:
    rows: list[tuple[str, str]]  # (key, label)
    cols: list[tuple[str, str]]
    cells: dict[tuple[str, str], int]
    row_label: str
    col_label: str

    def table(self) -> list[tuple[str, list[int], int]]:
        return [
            (
                label,
                [self.cells.get((k, c), 0) for c, _ in self.cols],
                sum(self.cells.get((k, c), 0) for c, _ in self.cols),
            )
            for k, label in self.rows
        ]

    def totals(self) -> list[int]:
        return [sum(self.cells.get((k, c), 0) for k, _ in self.rows) for c, _ in self.cols]


def _axis(
    form: Form, rows: list[Row], name: str, lang: str
) -> tuple[str, list[tuple[str, str]], Any]:
    if name == REGION:
        regions = sorted({(r.region_code, r.region) for r in rows})
        from django.utils.translation import gettext

        return gettext("Region"), regions, lambda row: [row.region_code]
    node = form.by_name[name]
    items = [(c["name"], form.text(c["label"], lang)) for c in form.choices(node)]
    if node.get("or_other"):
        from aiatlas.survey.render import _other_label

        items.append(("other", _other_label(lang)))
    return (
        form.text(node.get("label"), lang) or name,
        items,
        lambda row: _as_list(row.answers.get(name)),
    )


def crosstab(form: Form, rows: list[Row], row_q: str, col_q: str, lang: str) -> CrossTab:
    """Counts of respondents for each pair of answers (select_multiple counts each choice)."""
    row_label, row_items, row_get = _axis(form, rows, row_q, lang)
    col_label, col_items, col_get = _axis(form, rows, col_q, lang)
    cells: Counter[tuple[str, str]] = Counter()
    for row in rows:
        for a in row_get(row):
            for b in col_get(row):
                cells[a, b] += 1
    return CrossTab(row_items, col_items, dict(cells), row_label, col_label)


def response_count(survey: Any) -> int:
    """Responses (open or submitted) of a survey, for its staff page."""
    from aiatlas.survey.models import Response

    return Response.objects.filter(invitation__survey=survey).count()


def invitation_with_response(survey: Any, invitation_id: int) -> tuple[Any, Any]:
    """One invitation of ``survey`` with its country, and its response (or None);
    ``(None, None)`` when the survey has no such invitation."""
    from aiatlas.survey.models import Invitation, Response

    inv = (
        Invitation.objects.select_related("country").filter(pk=invitation_id, survey=survey).first()
    )
    if inv is None:
        return None, None
    return inv, Response.objects.filter(invitation=inv).select_related("checked_by").first()


def survey_by_id(pk: int) -> Survey | None:
    """The survey with this id, or None."""
    return Survey.objects.filter(pk=pk).first()


def other_surveys(survey: Survey) -> list[tuple[int, str]]:
    """(id, title) of every other survey: the candidates for its earlier round."""
    return [
        (pk, f"{title} (#{pk})")
        for pk, title in Survey.objects.exclude(pk=survey.pk).values_list("id", "title")
    ]


def invitations_with_responses(
    survey: Survey, *, status: str = "", checked: str = ""
) -> list[Invitation]:
    """The survey's invitations with country and response, for the staff tables.
    ``status``: submitted, draft or none (not started); ``checked``: yes or no."""
    qs = survey.invitations.select_related("country", "response", "response__checked_by")
    if status == "none":
        qs = qs.filter(response__isnull=True)
    elif status in (ResponseStatus.SUBMITTED, ResponseStatus.DRAFT):
        qs = qs.filter(response__status=status)
    if checked == "yes":
        qs = qs.filter(response__checked_at__isnull=False)
    elif checked == "no":
        qs = qs.filter(response__status=ResponseStatus.SUBMITTED, response__checked_at__isnull=True)
    return list(qs)


@dataclass
class RoundShare:
    name: str
    label: str
    earlier: int
    earlier_share: float
    now: int
    now_share: float


@dataclass
class RoundComparison:
    node: Node
    label: str
    earlier_answered: int
    now_answered: int
    shares: list[RoundShare]


def compare_rounds(
    form: Form, rows: list[Row], earlier_form: Form, earlier_rows: list[Row], lang: str
) -> list[RoundComparison]:
    """For every select question of both rounds (same name and type, outside repeats):
    the share of respondents choosing each choice, then and now."""
    out = []
    earlier_names = {q["name"]: q for q in select_questions(earlier_form)}
    for q in select_questions(form):
        old = earlier_names.get(q["name"])
        if old is None or old["type"] != q["type"]:
            continue
        now_s = summarize(form, rows, q, lang)
        old_s = summarize(earlier_form, earlier_rows, old, lang)
        old_counts = {name: n for name, _label, n in old_s.counts}
        shares = [
            RoundShare(
                name,
                label,
                old_counts.get(name, 0),
                old_counts.get(name, 0) / old_s.answered if old_s.answered else 0.0,
                n,
                n / now_s.answered if now_s.answered else 0.0,
            )
            for name, label, n in now_s.counts
        ]
        out.append(RoundComparison(q, now_s.label, old_s.answered, now_s.answered, shares))
    return out


def previous_round(survey: Survey) -> Survey | None:
    """The earlier round of the same survey, or None."""
    if survey.previous_round_id is None:
        return None
    return Survey.objects.filter(pk=survey.previous_round_id).first()


#: question types whose answers a country page may show: chosen from a list or a number,
#: never free text, files, places or the names and addresses a respondent typed
CLOSED_TYPES = frozenset({"select_one", "select_multiple", "rank", "integer", "decimal", "range"})


@dataclass
class CountryAnswers:
    survey_id: int
    title: str
    submitted_at: Any
    #: (question label, answer as the respondent read it)
    rows: list[tuple[str, str]]


def country_answers(alpha3: str, lang: str) -> list[CountryAnswers]:
    """The Member State's submitted answers to the closed questions of every survey the
    secretariat publishes on country pages (``Survey.country_pages``, off by default).
    Questions inside repeats are left out; an "other" answer shows the choice's label,
    not what was typed beside it; the invitation's contact never leaves the survey."""
    from aiatlas.survey.render import answer_text

    out: list[CountryAnswers] = []
    responses = (
        Response.objects.filter(
            invitation__country_id=alpha3.upper(),
            invitation__survey__country_pages=True,
            status=ResponseStatus.SUBMITTED,
        )
        .select_related("invitation__survey")
        .order_by("-invitation__survey__created_at", "invitation__survey_id")
    )
    for response in responses:
        survey = response.invitation.survey
        form = Form(survey.form)
        code = form.language_for(lang)
        rows = []
        for node in form.questions:
            if node.get("type") not in CLOSED_TYPES or form.repeat_of(node["name"]):
                continue
            shown = answer_text(form, node, response.answers.get(node["name"]), code)
            if shown:
                rows.append((form.text(node.get("label"), code) or node["name"], shown))
        out.append(CountryAnswers(survey.pk, survey.title, response.submitted_at, rows))
    return out
