"""Import and export of focus groups, initiatives and challenges: lossless and
all-or-nothing, like activities.

- **JSON Lines** (``.jsonl``), the complete form: one object a line, ``"type": "group"``
  (with its milestones, sub-groups, leaders, deliverables, meetings and their documents,
  partners by acronym, activities by public id, predecessor by acronym) or
  ``"type": "challenge"`` (problem statements, rounds, teams, entries, prizes). Export then
  import into an empty database gives the same export, byte for byte.
- **CSV** and **XLSX** of deliverables (one row each, the columns of
  :data:`DELIVERABLE_COLUMNS`), for the lists focus groups keep in spreadsheets.

An import checks every line first and writes nothing when any line is wrong; each problem
names its line (or row) and field. Importing a record that exists (same acronym / slug)
replaces it with what the file says. The format is documented in docs/initiatives.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from aiatlas.catalog.models import Activity, Organization
from aiatlas.common.exchange import (
    Checker,
    ExchangeError,
    csv_text,
    import_lines,
    import_rows,
    iso,
    jsonl,
    read_file,
    xlsx,
)
from aiatlas.initiatives import choices
from aiatlas.initiatives.models import (
    Challenge,
    Deliverable,
    Entry,
    Group,
    Leader,
    Meeting,
    MeetingDocument,
    Milestone,
    Prize,
    ProblemStatement,
    Round,
    Subgroup,
    Team,
)

FORMAT_VERSION = 1
DELIVERABLE_COLUMNS = [
    "group",
    "code",
    "title",
    "kind",
    "subgroup",
    "status",
    "approved_on",
    "became",
    "summary",
    "link",
    "sdg_targets",
]


__all__ = ["Checker", "ExchangeError", "read_file"]


# --- export -------------------------------------------------------------------------------


def group_record(g: Group) -> dict[str, Any]:
    return {
        "type": "group",
        "acronym": g.acronym,
        "name": g.name,
        "kind": g.kind,
        "status": g.status,
        "parent": g.parent,
        "summary": g.summary,
        "mandate": g.mandate,
        "participation": g.participation,
        "partners": sorted(o.acronym or o.name for o in g.partners.all()),
        "predecessor": g.predecessor.acronym if g.predecessor else None,
        "activities": sorted(a.public_id for a in g.activities.all()),
        "sdg_targets": list(g.sdg_targets),
        "website": g.website,
        "contact_email": g.contact_email,
        "contact_public": g.contact_public,
        "illustrative": g.illustrative,
        "milestones": [
            {"kind": m.kind, "date": iso(m.date), "decision": m.decision, "link": m.link}
            for m in g.milestones.all()
        ],
        "subgroups": [{"code": s.code, "name": s.name, "kind": s.kind} for s in g.subgroups.all()],
        "leaders": [
            {
                "role": x.role,
                "name": x.name,
                "affiliation": x.affiliation,
                "subgroup": x.subgroup.code if x.subgroup else None,
                "starts_on": iso(x.starts_on),
                "ends_on": iso(x.ends_on),
            }
            for x in g.leaders.order_by("role", "starts_on", "name", "pk")
        ],
        "deliverables": [
            {
                "code": d.code,
                "title": d.title,
                "kind": d.kind,
                "subgroup": d.subgroup.code if d.subgroup else None,
                "status": d.status,
                "approved_on": iso(d.approved_on),
                "became": d.became,
                "summary": d.summary,
                "link": d.link,
                "sdg_targets": list(d.sdg_targets),
            }
            for d in g.deliverables.order_by("code")
        ],
        "meetings": [
            {
                "number": m.number,
                "starts_on": iso(m.starts_on),
                "ends_on": iso(m.ends_on),
                "host": m.host,
                "city": m.city,
                "online": m.online,
                "participants": m.participants,
                "countries": m.countries,
                "programme_event": m.programme_event,
                "documents": [
                    {"code": doc.code, "title": doc.title, "url": doc.url, "public": doc.public}
                    for doc in m.documents.order_by("code", "title", "pk")
                ],
            }
            for m in g.meetings.order_by("number")
        ],
    }


def challenge_record(c: Challenge) -> dict[str, Any]:
    return {
        "type": "challenge",
        "slug": c.slug,
        "title": c.title,
        "year": c.year,
        "group": c.group.acronym if c.group else None,
        "summary": c.summary,
        "judges": list(c.judges),
        "illustrative": c.illustrative,
        "problems": [
            {
                "code": p.code,
                "title": p.title,
                "owner": p.owner,
                "track": p.track,
                "datasets": list(p.datasets),
                "criteria": p.criteria,
                "standard": p.standard,
            }
            for p in c.problems.order_by("code")
        ],
        "rounds": [
            {
                "name": r.name,
                "level": r.level,
                "starts_on": iso(r.starts_on),
                "ends_on": iso(r.ends_on),
                "entries": [
                    {
                        "team": e.team.name,
                        "problem": e.problem.code if e.problem else None,
                        "repository": e.repository,
                        "score": None if e.score is None else str(e.score),
                    }
                    for e in r.entries.select_related("team", "problem").order_by("team__name")
                ],
            }
            for r in c.rounds.order_by("starts_on", "name")
        ],
        "teams": [
            {
                "name": t.name,
                "category": t.category,
                "countries": list(t.countries),
                "members": list(t.members),
            }
            for t in c.teams.order_by("name")
        ],
        "prizes": [
            {"name": p.name, "winner": p.winner.name if p.winner else None}
            for p in c.prizes.order_by("pk")
        ],
    }


def export_records() -> Iterable[dict[str, Any]]:
    groups = (
        Group.objects.select_related("predecessor")
        .prefetch_related(
            "partners",
            "activities",
            "milestones",
            "subgroups",
            "leaders__subgroup",
            "deliverables__subgroup",
            "meetings__documents",
        )
        .order_by("acronym")
    )
    for g in groups:
        yield group_record(g)
    for c in Challenge.objects.select_related("group").order_by("slug"):
        yield challenge_record(c)


def export_jsonl() -> str:
    return jsonl(export_records())


def deliverable_rows() -> list[dict[str, str]]:
    rows = []
    for d in Deliverable.objects.select_related("group", "subgroup").order_by(
        "group__acronym", "code"
    ):
        rows.append(
            {
                "group": d.group.acronym,
                "code": d.code,
                "title": d.title,
                "kind": d.kind,
                "subgroup": d.subgroup.code if d.subgroup else "",
                "status": d.status,
                "approved_on": iso(d.approved_on) or "",
                "became": d.became,
                "summary": d.summary,
                "link": d.link,
                "sdg_targets": " ".join(d.sdg_targets),
            }
        )
    return rows


def export_deliverables_csv() -> str:
    return csv_text(DELIVERABLE_COLUMNS, deliverable_rows())


def export_deliverables_xlsx() -> bytes:
    rows = ([row[c] for c in DELIVERABLE_COLUMNS] for row in deliverable_rows())
    return xlsx([("deliverables", [DELIVERABLE_COLUMNS, *rows])])


def catalog_activities(c: Checker, data: dict[str, Any]) -> list[Activity]:
    """The catalog's activities named by their public ids in ``data["activities"]``."""
    public_ids = c.strings(data, "activities")
    activities = list(Activity.objects.filter(public_id__in=public_ids))
    found = (a.public_id for a in activities)
    c.all_found("activities", public_ids, found, "no activity {} in the catalog")
    return activities


# --- writing --------------------------------------------------------------------------------


def _write_group(c: Checker, data: dict[str, Any], later: list[Any]) -> None:
    acronym = c.text(data, "acronym", required=True, max_len=40)
    fields = {
        "name": c.text(data, "name", required=True, max_len=300),
        "kind": c.choice(data, "kind", choices.GroupKind),
        "status": c.choice(data, "status", choices.GroupStatus, "active"),
        "parent": c.text(data, "parent", max_len=200),
        "summary": c.text(data, "summary"),
        "mandate": c.text(data, "mandate", max_len=20000),
        "participation": c.choice(data, "participation", choices.Participation, "open"),
        "sdg_targets": c.strings(data, "sdg_targets"),
        "website": c.text(data, "website"),
        "contact_email": c.text(data, "contact_email", max_len=254),
        "contact_public": c.flag(data, "contact_public"),
        "illustrative": c.flag(data, "illustrative"),
    }
    partners = []
    for name in c.strings(data, "partners"):
        org = (
            Organization.objects.filter(acronym=name).first()
            or Organization.objects.filter(name=name).first()
        )
        if org is None:
            c.fail("partners", f"no organization {name!r} in the catalog")
        partners.append(org)
    activities = catalog_activities(c, data)
    milestones = [
        {
            "kind": c.choice(m, "kind", choices.MilestoneKind),
            "date": c.day(m, "date", required=True),
            "decision": c.text(m, "decision", max_len=300),
            "link": c.text(m, "link"),
        }
        for m in c.items(data, "milestones")
    ]
    subgroups = [
        {
            "code": c.text(s, "code", required=True, max_len=20),
            "name": c.text(s, "name", required=True, max_len=300),
            "kind": c.choice(s, "kind", choices.SubgroupKind),
        }
        for s in c.items(data, "subgroups")
    ]
    codes = {s["code"] for s in subgroups}
    if len(codes) != len(subgroups):
        c.fail("subgroups", "two sub-groups have the same code")
    leaders = []
    for x in c.items(data, "leaders"):
        sub = x.get("subgroup")
        if sub is not None and sub not in codes:
            c.fail("leaders", f"sub-group {sub!r} is not one of this group's")
        leaders.append(
            {
                "role": c.choice(x, "role", choices.LeadRole),
                "name": c.text(x, "name", required=True, max_len=200),
                "affiliation": c.text(x, "affiliation", max_len=200),
                "subgroup": sub,
                "starts_on": c.day(x, "starts_on"),
                "ends_on": c.day(x, "ends_on"),
            }
        )
    deliverables = []
    for d in c.items(data, "deliverables"):
        sub = d.get("subgroup")
        if sub is not None and sub not in codes:
            c.fail("deliverables", f"sub-group {sub!r} is not one of this group's")
        deliverables.append(_deliverable_fields(c, d) | {"subgroup": sub})
    if len({d["code"] for d in deliverables}) != len(deliverables):
        c.fail("deliverables", "two deliverables have the same code")
    meetings = []
    for m in c.items(data, "meetings"):
        starts, ends = c.day(m, "starts_on", required=True), c.day(m, "ends_on", required=True)
        if starts and ends and ends < starts:
            c.fail("meetings", f"meeting {m.get('number')} ends before it starts")
        meetings.append(
            {
                "number": c.number(m, "number", required=True),
                "starts_on": starts,
                "ends_on": ends,
                "host": c.text(m, "host", max_len=200),
                "city": c.text(m, "city", max_len=100),
                "online": c.flag(m, "online"),
                "participants": c.number(m, "participants"),
                "countries": c.number(m, "countries"),
                "programme_event": c.text(m, "programme_event", max_len=80),
                "documents": [
                    {
                        "code": c.text(x, "code", max_len=40),
                        "title": c.text(x, "title", required=True, max_len=300),
                        "url": c.text(x, "url", required=True),
                        "public": c.flag(x, "public"),
                    }
                    for x in c.items(m, "documents")
                ],
            }
        )
    if c.problems:
        return
    Group.objects.filter(acronym=acronym).delete()
    group = Group.objects.create(acronym=acronym, **fields)
    group.partners.set(partners)
    group.activities.set(activities)
    for m in milestones:
        Milestone.objects.create(group=group, **m)
    subs = {s["code"]: Subgroup.objects.create(group=group, **s) for s in subgroups}
    for x in leaders:
        Leader.objects.create(group=group, **(x | {"subgroup": subs.get(x["subgroup"])}))
    for d in deliverables:
        Deliverable.objects.create(group=group, **(d | {"subgroup": subs.get(d["subgroup"])}))
    for m in meetings:
        documents = m.pop("documents")
        meeting = Meeting.objects.create(group=group, **m)
        for doc in documents:
            MeetingDocument.objects.create(meeting=meeting, **doc)
    later.append((group, data.get("predecessor")))


def _deliverable_fields(c: Checker, d: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": c.text(d, "code", required=True, max_len=40),
        "title": c.text(d, "title", required=True),
        "kind": c.choice(d, "kind", choices.DeliverableKind),
        "status": c.choice(d, "status", choices.DeliverableStatus, "draft"),
        "approved_on": c.day(d, "approved_on"),
        "became": c.text(d, "became", max_len=200),
        "summary": c.text(d, "summary", max_len=20000),
        "link": c.text(d, "link"),
        "sdg_targets": c.strings(d, "sdg_targets"),
    }


def _write_challenge(c: Checker, data: dict[str, Any]) -> None:
    slug = c.text(data, "slug", required=True, max_len=80)
    group = None
    if data.get("group"):
        group = Group.objects.filter(acronym=data["group"]).first()
        if group is None:
            c.fail("group", f"no group {data['group']!r} (it must come earlier in the file)")
    year = c.number(data, "year", required=True)
    fields = {
        "title": c.text(data, "title", required=True, max_len=300),
        "year": year or 0,
        "summary": c.text(data, "summary", max_len=20000),
        "judges": c.strings(data, "judges"),
        "illustrative": c.flag(data, "illustrative"),
    }
    problems = [
        {
            "code": c.text(p, "code", required=True, max_len=40),
            "title": c.text(p, "title", required=True, max_len=300),
            "owner": c.text(p, "owner", required=True, max_len=200),
            "track": c.text(p, "track", max_len=100),
            "datasets": c.items(p, "datasets"),
            "criteria": c.text(p, "criteria", max_len=20000),
            "standard": c.text(p, "standard", max_len=100),
        }
        for p in c.items(data, "problems")
    ]
    teams = [
        {
            "name": c.text(t, "name", required=True, max_len=200),
            "category": c.choice(t, "category", choices.TeamCategory),
            "countries": c.strings(t, "countries"),
            "members": c.strings(t, "members"),
        }
        for t in c.items(data, "teams")
    ]
    team_names = {t["name"] for t in teams}
    problem_codes = {p["code"] for p in problems}
    rounds = []
    for r in c.items(data, "rounds"):
        entries = []
        for e in c.items(r, "entries"):
            if e.get("team") not in team_names:
                c.fail("rounds", f"entry of unknown team {e.get('team')!r}")
            if e.get("problem") is not None and e.get("problem") not in problem_codes:
                c.fail("rounds", f"entry for unknown problem {e.get('problem')!r}")
            score = None
            if e.get("score") not in (None, ""):
                try:
                    score = Decimal(str(e["score"]))
                except InvalidOperation:
                    c.fail("rounds", f"score {e['score']!r} is not a number")
            entries.append(
                {
                    "team": e.get("team"),
                    "problem": e.get("problem"),
                    "repository": c.text(e, "repository"),
                    "score": score,
                }
            )
        rounds.append(
            {
                "name": c.text(r, "name", required=True, max_len=200),
                "level": c.choice(r, "level", choices.RoundLevel),
                "starts_on": c.day(r, "starts_on", required=True),
                "ends_on": c.day(r, "ends_on", required=True),
                "entries": entries,
            }
        )
    prizes = []
    for p in c.items(data, "prizes"):
        if p.get("winner") is not None and p.get("winner") not in team_names:
            c.fail("prizes", f"winner {p.get('winner')!r} is not a team of this challenge")
        prizes.append(
            {"name": c.text(p, "name", required=True, max_len=200), "winner": p.get("winner")}
        )
    if c.problems:
        return
    Challenge.objects.filter(slug=slug).delete()
    challenge = Challenge.objects.create(slug=slug, group=group, **fields)
    by_code = {
        p["code"]: ProblemStatement.objects.create(challenge=challenge, **p) for p in problems
    }
    by_name = {t["name"]: Team.objects.create(challenge=challenge, **t) for t in teams}
    for r in rounds:
        entries = r.pop("entries")
        round_ = Round.objects.create(challenge=challenge, **r)
        for e in entries:
            Entry.objects.create(
                round=round_,
                team=by_name[e["team"]],
                problem=by_code.get(e["problem"]),
                repository=e["repository"],
                score=e["score"],
            )
    for p in prizes:
        Prize.objects.create(challenge=challenge, name=p["name"], winner=by_name.get(p["winner"]))


@dataclass(frozen=True)
class ImportResult:
    groups: int
    challenges: int


def import_jsonl(text: str) -> ImportResult:
    """Import every line or nothing (raises :class:`ExchangeError` naming each problem)."""
    later: list[Any] = []

    def link_predecessors() -> list[str]:
        problems = []
        for group, predecessor in later:
            if predecessor:
                found = Group.objects.filter(acronym=predecessor).first()
                if found is None:
                    problems.append(f"{group.acronym}, predecessor: no group {predecessor!r}")
                group.predecessor = found
                group.save(update_fields=["predecessor"])
        return problems

    counts = import_lines(
        text,
        {"group": lambda c, data: _write_group(c, data, later), "challenge": _write_challenge},
        names=("acronym", "slug"),
        finish=link_predecessors,
    )
    return ImportResult(groups=counts["group"], challenges=counts["challenge"])


def import_deliverables_csv(text: str) -> int:
    """Create or update deliverables from CSV rows (the groups must exist); all or nothing."""

    def write(c: Checker, row: dict[str, str]) -> None:
        group = Group.objects.filter(acronym=row["group"]).first()
        if group is None:
            c.fail("group", f"no group {row['group']!r}")
        data = dict(row, sdg_targets=(row.get("sdg_targets") or "").split())
        fields = _deliverable_fields(c, data)
        sub = None
        if group and row.get("subgroup"):
            sub = group.subgroups.filter(code=row["subgroup"]).first()
            if sub is None:
                c.fail("subgroup", f"no sub-group {row['subgroup']!r} in {group.acronym}")
        if not c.problems and group is not None:
            code = fields.pop("code")
            Deliverable.objects.update_or_create(
                group=group, code=code, defaults=fields | {"subgroup": sub}
            )

    return import_rows(text, DELIVERABLE_COLUMNS, write)
