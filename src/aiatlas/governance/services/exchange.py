"""Import and export of the governance app: lossless and all-or-nothing.

- **JSON Lines**, one object a line: ``"type": "instrument"`` (with its adoption steps,
  status history, mappings by code, activities by public id, initiatives by acronym),
  ``"type": "policy"`` (a national AI policy initiative) and ``"type": "assessment"`` (a
  self-assessment with its answers, published question ids and action plan).
  :func:`export_jsonl` with ``private=True`` writes everything (the operator's complete
  copy: export, import into an empty database, export again gives the same bytes); the
  default, public form — the API's and the command's without ``--private`` — holds only
  signed-off assessments of public activities, and of them only the published answers and
  action items, without reviewers' notes or people's addresses.
- **CSV** of national policies in the column layout of :data:`POLICY_COLUMNS` (modelled
  on the fields the OECD.AI policy database shows per initiative).

An import checks every line first and writes nothing when any is wrong; each problem
names its line (or row) and field. A record that exists (same slug, ref, or activity and
creation time) is replaced by what the file says. Formats: docs/governance.md."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiatlas.accounts.models import User
from aiatlas.catalog.models import Activity, Country
from aiatlas.catalog.queries import public_activities
from aiatlas.common.exchange import (
    Checker,
    ExchangeError,
    csv_text,
    import_lines,
    import_rows,
    iso,
    jsonl,
)
from aiatlas.governance import choices, questionnaire
from aiatlas.governance.models import (
    ActionItem,
    AdoptionStep,
    Assessment,
    Instrument,
    NationalPolicy,
    StatusEntry,
)
from aiatlas.governance.reference import reference
from aiatlas.initiatives.models import Group
from aiatlas.initiatives.services.exchange import catalog_activities

POLICY_COLUMNS = [
    "Initiative ID",
    "Country",
    "Initiative name",
    "Initiative type",
    "Description",
    "Target groups",
    "Responsible organisations",
    "Policy instruments",
    "Start year",
    "End year",
    "Budget",
    "Evaluated",
    "URL",
    "Illustrative",
]
LIST_SEPARATOR = "; "

__all__ = ["ExchangeError", "export_jsonl", "export_policies_csv", "import_jsonl"]


# --- export ---------------------------------------------------------------------------


def instrument_record(i: Instrument) -> dict[str, Any]:
    return {
        "type": "instrument",
        "slug": i.slug,
        "title": i.title,
        "kind": i.kind,
        "issuing_body": i.issuing_body,
        "binding": i.binding,
        "summary": i.summary,
        "status": i.status,
        "principles": list(i.principles),
        "focus_areas": list(i.focus_areas),
        "functions": list(i.functions),
        "lifecycle_stages": list(i.lifecycle_stages),
        "links": list(i.links),
        "activities": sorted(a.public_id for a in i.activities.all()),
        "groups": sorted(g.acronym for g in i.groups.all()),
        "illustrative": i.illustrative,
        "steps": [
            {"body": s.body, "action": s.action, "date": s.date.isoformat(), "link": s.link}
            for s in i.steps.order_by("date", "body", "action")
        ],
        "history": [
            {"date": h.date.isoformat(), "status": h.status, "note": h.note}
            for h in i.history.order_by("date", "status", "note")
        ],
    }


def policy_record(p: NationalPolicy) -> dict[str, Any]:
    return {
        "type": "policy",
        "ref": p.ref,
        "country": p.country_id,
        "name": p.name,
        "initiative_type": p.initiative_type,
        "description": p.description,
        "target_groups": list(p.target_groups),
        "responsible_organisations": list(p.responsible_organisations),
        "policy_instruments": list(p.policy_instruments),
        "start_year": p.start_year,
        "end_year": p.end_year,
        "budget_band": p.budget_band,
        "evaluated": p.evaluated,
        "url": p.url,
        "illustrative": p.illustrative,
    }


def assessment_record(a: Assessment, *, private: bool) -> dict[str, Any]:
    assert a.activity is not None  # export_records writes assessments of activities only
    chosen = set(a.published)
    answers = a.answers if private else {k: v for k, v in a.answers.items() if k in chosen}
    actions = [x for x in a.actions.order_by("due_on", "measure", "pk") if private or x.public]
    return {
        "type": "assessment",
        "activity": a.activity.public_id,
        "questionnaire_version": a.questionnaire_version,
        "stage": a.stage,
        "state": a.state,
        "answers": answers,
        "published": sorted(chosen if private else chosen & set(answers)),
        "created_by": (a.created_by.email if a.created_by else None) if private else None,
        "created_at": iso(a.created_at),
        "updated_at": iso(a.updated_at),
        "submitted_at": iso(a.submitted_at),
        "signed_off_by": (a.signed_off_by.email if a.signed_off_by else None) if private else None,
        "signed_off_at": iso(a.signed_off_at),
        "review_note": a.review_note if private else "",
        "illustrative": a.illustrative,
        "actions": [
            {
                "principle": x.principle,
                "measure": x.measure,
                "owner": x.owner if private else "",
                "due_on": x.due_on.isoformat() if x.due_on else None,
                "status": x.status,
                "public": x.public,
            }
            for x in actions
        ],
    }


def export_records(*, private: bool = False) -> Iterable[dict[str, Any]]:
    for i in Instrument.objects.prefetch_related("activities", "groups").order_by("slug"):
        yield instrument_record(i)
    for p in NationalPolicy.objects.order_by("ref"):
        yield policy_record(p)
    # an assessment of a draft's new activity joins the exchange once it has its activity
    rows = Assessment.objects.select_related("activity", "created_by", "signed_off_by").filter(
        activity__isnull=False
    )
    if not private:
        rows = rows.filter(
            state=choices.AssessmentState.SIGNED_OFF, activity__in=public_activities()
        )
    for a in rows.order_by("activity__public_id", "created_at", "pk"):
        yield assessment_record(a, private=private)


def export_jsonl(*, private: bool = False) -> str:
    return jsonl(export_records(private=private))


def policy_rows() -> list[dict[str, str]]:
    def cell(v: Any) -> str:
        return "" if v is None else str(v)

    return [
        {
            "Initiative ID": p.ref,
            "Country": p.country_id,
            "Initiative name": p.name,
            "Initiative type": p.initiative_type,
            "Description": p.description,
            "Target groups": LIST_SEPARATOR.join(p.target_groups),
            "Responsible organisations": LIST_SEPARATOR.join(p.responsible_organisations),
            "Policy instruments": LIST_SEPARATOR.join(p.policy_instruments),
            "Start year": cell(p.start_year),
            "End year": cell(p.end_year),
            "Budget": p.budget_band,
            "Evaluated": "Yes" if p.evaluated else "No",
            "URL": p.url,
            "Illustrative": "Yes" if p.illustrative else "No",
        }
        for p in NationalPolicy.objects.order_by("ref")
    ]


def export_policies_csv() -> str:
    return csv_text(POLICY_COLUMNS, policy_rows())


# --- import ---------------------------------------------------------------------------


def _codes(c: Checker, data: dict[str, Any], name: str, kind: str) -> list[str]:
    values = c.strings(data, name)
    known = set(reference().codes(kind))
    wrong = [v for v in values if v not in known]
    if wrong:
        c.fail(name, f"unknown code(s) {', '.join(wrong)}; known: {', '.join(sorted(known))}")
    return values


def _year(c: Checker, data: dict[str, Any], name: str) -> int | None:
    value = c.number(data, name)
    if value is not None and not 1900 <= value <= 2200:
        c.fail(name, f"must be a year, not {value}")
    return value


def _user(c: Checker, data: dict[str, Any], name: str) -> User | None:
    email = data.get(name)
    if email in (None, ""):
        return None
    user = User.objects.filter(email__iexact=str(email)).first()
    if user is None:
        c.fail(name, f"no user {email!r}")
    return user


def _write_instrument(c: Checker, data: dict[str, Any]) -> None:
    slug = c.text(data, "slug", required=True, max_len=80)
    fields = {
        "title": c.text(data, "title", required=True, max_len=400),
        "kind": c.choice(data, "kind", choices.InstrumentKind),
        "issuing_body": c.text(data, "issuing_body", required=True, max_len=200),
        "binding": c.flag(data, "binding"),
        "summary": c.text(data, "summary", max_len=20000),
        "status": c.choice(data, "status", choices.ImplementationStatus, "adopted"),
        "principles": _codes(c, data, "principles", "principles"),
        "focus_areas": _codes(c, data, "focus_areas", "focus_areas"),
        "functions": _codes(c, data, "functions", "functions"),
        "lifecycle_stages": _codes(c, data, "lifecycle_stages", "lifecycle_stages"),
        "illustrative": c.flag(data, "illustrative"),
    }
    links = c.items(data, "links")
    for n, link in enumerate(links, start=1):
        if not isinstance(link.get("url"), str) or not questionnaire.URL.match(link["url"]):
            c.fail(f"links #{n}", "needs a url (http or https)")
    fields["links"] = [
        {"title": str(x.get("title", "")), "url": str(x.get("url", ""))} for x in links
    ]
    activities = catalog_activities(c, data)
    acronyms = c.strings(data, "groups")
    groups = list(Group.objects.filter(acronym__in=acronyms))
    c.all_found("groups", acronyms, (g.acronym for g in groups), "no initiative {}")
    steps = [
        {
            "body": c.text(s, "body", required=True, max_len=200),
            "action": c.text(s, "action", required=True, max_len=200),
            "date": c.day(s, "date", required=True),
            "link": c.text(s, "link"),
        }
        for s in c.items(data, "steps")
    ]
    history = [
        {
            "date": c.day(h, "date", required=True),
            "status": c.choice(h, "status", choices.ImplementationStatus),
            "note": c.text(h, "note"),
        }
        for h in c.items(data, "history")
    ]
    if c.problems:
        return
    instrument, _created = Instrument.objects.update_or_create(slug=slug, defaults=fields)
    instrument.activities.set(activities)
    instrument.groups.set(groups)
    instrument.steps.all().delete()
    instrument.history.all().delete()
    AdoptionStep.objects.bulk_create(AdoptionStep(instrument=instrument, **s) for s in steps)
    StatusEntry.objects.bulk_create(StatusEntry(instrument=instrument, **h) for h in history)


def _policy_fields(c: Checker, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    ref = c.text(data, "ref", required=True, max_len=80)
    code = c.text(data, "country", required=True, max_len=3).upper()
    country = Country.objects.filter(alpha3=code).first()
    if code and country is None:
        c.fail("country", f"no country {code!r} (ISO 3166 alpha-3)")
    start, end = _year(c, data, "start_year"), _year(c, data, "end_year")
    if start and end and end < start:
        c.fail("end_year", "is before start_year")
    url = c.text(data, "url")
    if url and not questionnaire.URL.match(url):
        c.fail("url", "must be a web address (http or https)")
    return ref, {
        "country": country,
        "name": c.text(data, "name", required=True, max_len=400),
        "initiative_type": c.choice(data, "initiative_type", choices.PolicyType),
        "description": c.text(data, "description", max_len=20000),
        "target_groups": c.strings(data, "target_groups"),
        "responsible_organisations": c.strings(data, "responsible_organisations"),
        "policy_instruments": c.strings(data, "policy_instruments"),
        "start_year": start,
        "end_year": end,
        "budget_band": c.choice(data, "budget_band", choices.BudgetBand, ""),
        "evaluated": c.flag(data, "evaluated"),
        "url": url,
        "illustrative": c.flag(data, "illustrative"),
    }


def _write_policy(c: Checker, data: dict[str, Any]) -> None:
    ref, fields = _policy_fields(c, data)
    if not c.problems:
        NationalPolicy.objects.update_or_create(ref=ref, defaults=fields)


def _write_assessment(c: Checker, data: dict[str, Any]) -> None:
    public_id = c.text(data, "activity", required=True, max_len=64)
    activity = Activity.objects.filter(public_id=public_id).first()
    if public_id and activity is None:
        c.fail("activity", f"no activity {public_id!r} in the catalog")
    version = c.text(data, "questionnaire_version", required=True, max_len=20)
    answers: dict[str, Any] = {}
    q = None
    try:
        q = questionnaire.load(version)
    except questionnaire.QuestionnaireError as exc:
        c.fail("questionnaire_version", exc.problems[0])
    raw = data.get("answers") or {}
    if not isinstance(raw, dict):
        c.fail("answers", "must be an object {question id: answer}")
    elif q is not None:
        answers, problems = q.clean(raw)
        for p in problems:
            c.fail("answers", p)
        if answers != raw:
            c.fail("answers", "holds empty or unnormalised answers")
    published = c.strings(data, "published")
    stray = sorted(set(published) - set(answers))
    if stray:
        c.fail("published", f"names questions without an answer: {', '.join(stray)}")
    stage = c.text(data, "stage", required=True, max_len=20)
    if stage and stage not in reference().codes("lifecycle_stages"):
        c.fail("stage", f"no lifecycle stage {stage!r}")
    fields = {
        "questionnaire_version": version,
        "stage": stage,
        "state": c.choice(data, "state", choices.AssessmentState),
        "answers": answers,
        "published": sorted(set(published)),
        "created_by": _user(c, data, "created_by"),
        "updated_at": c.moment(data, "updated_at", required=True),
        "submitted_at": c.moment(data, "submitted_at"),
        "signed_off_by": _user(c, data, "signed_off_by"),
        "signed_off_at": c.moment(data, "signed_off_at"),
        "review_note": c.text(data, "review_note", max_len=4000),
        "illustrative": c.flag(data, "illustrative"),
    }
    created_at = c.moment(data, "created_at", required=True)
    actions = []
    for item in c.items(data, "actions"):
        principle = item.get("principle")
        if principle not in reference().codes("principles"):
            c.fail("actions", f"no principle {principle!r}")
        actions.append(
            {
                "principle": str(principle),
                "measure": c.text(item, "measure", required=True),
                "owner": c.text(item, "owner", max_len=200),
                "due_on": c.day(item, "due_on"),
                "status": c.choice(item, "status", choices.ActionStatus, "open"),
                "public": c.flag(item, "public"),
            }
        )
    if c.problems or activity is None:
        return
    assessment, _created = Assessment.objects.update_or_create(
        activity=activity, created_at=created_at, defaults=fields
    )
    assessment.actions.all().delete()
    ActionItem.objects.bulk_create(ActionItem(assessment=assessment, **x) for x in actions)


@dataclass(frozen=True)
class ImportResult:
    instruments: int
    policies: int
    assessments: int


def import_jsonl(text: str) -> ImportResult:
    """Import every line or nothing (:class:`ExchangeError` names each problem)."""
    writers = {
        "instrument": _write_instrument,
        "policy": _write_policy,
        "assessment": _write_assessment,
    }
    counts = import_lines(text, writers, names=("slug", "ref", "activity"))
    return ImportResult(counts["instrument"], counts["policy"], counts["assessment"])


def import_policies_csv(text: str) -> int:
    """Create or update national policies from CSV rows in :data:`POLICY_COLUMNS`."""

    def split(v: str) -> list[str]:
        return [x.strip() for x in (v or "").split(";") if x.strip()]

    def year(v: str) -> Any:
        v = (v or "").strip()
        return int(v) if v.isdigit() else (v or None)

    def flag(v: str) -> Any:
        return {"yes": True, "no": False, "": False}.get((v or "").strip().lower(), v)

    def write(c: Checker, row: dict[str, str]) -> None:
        data = {
            "ref": row["Initiative ID"],
            "country": row["Country"],
            "name": row["Initiative name"],
            "initiative_type": row["Initiative type"],
            "description": row["Description"],
            "target_groups": split(row["Target groups"]),
            "responsible_organisations": split(row["Responsible organisations"]),
            "policy_instruments": split(row["Policy instruments"]),
            "start_year": year(row["Start year"]),
            "end_year": year(row["End year"]),
            "budget_band": row["Budget"],
            "evaluated": flag(row["Evaluated"]),
            "url": row["URL"],
            "illustrative": flag(row["Illustrative"]),
        }
        _write_policy(c, data)

    return import_rows(text, POLICY_COLUMNS, write)
