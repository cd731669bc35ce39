"""The search request and result types shared by the web pages, the API and exports.

A search is a text query plus facet filters: OR within one facet, AND across facets.
``SearchParams.from_query`` turns a query string (``q=flood&goal=13&goal=11&edition=2024``)
into params or raises :class:`InvalidSearch` with a message for a 400 answer. Values of a
known facet that match nothing (``goal=99``) are kept: they simply find nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aiatlas.common.errors import InvalidInput

#: facet name in URLs and the API -> what it filters on
FACETS: dict[str, str] = {
    "organization": "lead or co-lead organization (acronym or name reference)",
    "goal": "SDG goal number 1-17 (any tag source)",
    "target": "SDG target code such as 3.8",
    "edition": "edition year",
    "status": "activity status key",
    "kind": "activity kind key",
    "technology": "technology key",
    "sector": "partner sector key",
    "country": "ISO 3166-1 alpha-3 code",
    "region": "UN M49 region code",
    "source": "SDG tag source: submitter, classifier or curator (combined with goal: the "
    "tag of that goal came from that source)",
}
#: the one control that leaves machine-only SDG tags out of the goal, target and source
#: facets (filters and counts): ``confirmed=1``
CONFIRMED = "confirmed"
#: ``exact=1``: no automatic correction of the query
EXACT = "exact"
#: the page sizes the search page offers
PAGE_SIZES = (10, 20, 50, 100)
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")
SORTS = ("relevance", "newest", "title")
MAX_QUERY_CHARS = 500
MAX_VALUES = 50
MAX_VALUE_CHARS = 100
MAX_PER_PAGE = 100
MAX_PAGE = 10_000


class InvalidSearch(InvalidInput, ValueError):
    """A search request that cannot be answered; the message says which parameter."""


def _integer(data: Mapping[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    values = data.get(name) or []
    if not values or values[-1] == "":
        return default
    raw = values[-1].strip()
    if not raw.lstrip("-").isdigit() or len(raw) > 12:
        raise InvalidSearch(f"{name} must be a whole number, not {raw[:20]!r}")
    number = int(raw)
    if not low <= number <= high:
        raise InvalidSearch(f"{name} must be between {low} and {high}, not {number}")
    return number


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    #: count only SDG tags that a person gave or confirmed (not the classifier's alone)
    confirmed: bool = False
    #: search the words as typed: no automatic correction of a query that finds nothing
    exact: bool = False

    @classmethod
    def from_query(cls, data: Mapping[str, list[str]]) -> SearchParams:
        """From a multi-valued mapping (``dict(request.GET.lists())``). Unknown parameter
        names are ignored (they may belong to the page); bad values raise InvalidSearch."""
        q_values = data.get("q") or [""]
        q = q_values[-1]
        if len(q) > MAX_QUERY_CHARS:
            raise InvalidSearch(f"q is {len(q):,} characters long; at most {MAX_QUERY_CHARS}")
        if "\x00" in q:
            raise InvalidSearch("q contains a NUL character")
        filters: dict[str, tuple[str, ...]] = {}
        for name in FACETS:
            values = [v.strip() for v in data.get(name) or [] if v.strip()]
            if len(values) > MAX_VALUES:
                raise InvalidSearch(f"{name}: at most {MAX_VALUES} values")
            if any(len(v) > MAX_VALUE_CHARS or "\x00" in v for v in values):
                raise InvalidSearch(f"{name}: a value is too long or contains NUL")
            if values:
                filters[name] = tuple(dict.fromkeys(values))
        sort_values = data.get("sort") or []
        sort = sort_values[-1] if sort_values and sort_values[-1] else "relevance"
        if sort not in SORTS:
            raise InvalidSearch(f"sort must be one of {', '.join(SORTS)}, not {sort[:20]!r}")
        page = _integer(data, "page", 1, 1, MAX_PAGE)
        per_page = _integer(data, "per_page", 20, 1, MAX_PER_PAGE)
        raw = ((data.get(CONFIRMED) or [""])[-1]).strip().lower()
        if raw not in _TRUE + _FALSE:
            raise InvalidSearch(f"{CONFIRMED} must be 1 or 0, not {raw[:20]!r}")
        exact = ((data.get(EXACT) or [""])[-1]).strip().lower()
        if exact not in _TRUE + _FALSE:
            raise InvalidSearch(f"{EXACT} must be 1 or 0, not {exact[:20]!r}")
        return cls(
            q=q.strip(),
            filters=filters,
            sort=sort,
            page=page,
            per_page=per_page,
            confirmed=raw in _TRUE,
            exact=exact in _TRUE,
        )

    def to_query(self, **changes: object) -> list[tuple[str, str]]:
        """Query-string pairs for this search (with ``changes``), for links and exports."""
        data: dict[str, object] = {
            "q": self.q,
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
        }
        data.update(changes)
        pairs: list[tuple[str, str]] = []
        if data["q"]:
            pairs.append(("q", str(data["q"])))
        filters = data.get("filters", self.filters)
        assert isinstance(filters, Mapping)
        for name in FACETS:
            pairs.extend((name, v) for v in filters.get(name, ()))
        if data.get("confirmed", self.confirmed):
            pairs.append((CONFIRMED, "1"))
        if data.get("exact", self.exact):
            pairs.append((EXACT, "1"))
        if data["sort"] != "relevance":
            pairs.append(("sort", str(data["sort"])))
        if data["page"] != 1:
            pairs.append(("page", str(data["page"])))
        if data["per_page"] != 20:
            pairs.append(("per_page", str(data["per_page"])))
        return pairs


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Hit:
    activity_id: int
    public_id: str
    title: str
    #: HTML-safe snippet: text escaped, matches wrapped in <mark>…</mark>
    snippet: str
    score: float
    #: the year of the published edition whose snapshot record this hit shows (None: the
    #: live record)
    edition: int | None = None
    #: with ``edition``: the record's SDG goals as (number, confirmed by a person)
    goals: tuple[tuple[int, bool], ...] = ()


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    #: the query as typed, when the results are those of its correction ``corrected_to``
    corrected_from: str | None = None
    corrected_to: str | None = None
    #: a correction the page offers ("did you mean …?")
    suggestion: str | None = None
    #: no activity matches every word: the results match some of them, best first
    relaxed: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))
