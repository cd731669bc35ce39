"""Read queries of submissions: what a user may see, the focal point's view of a call,
the secretariat dashboard and the history of a submission as field-by-field diffs."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet

from aiatlas.accounts.choices import Role
from aiatlas.catalog.choices import ActivityStatus
from aiatlas.catalog.models import Activity, Edition, Organization
from aiatlas.submissions.models import SUBMITTED, Action, Call, State, Submission
from aiatlas.submissions.records import EDITABLE_FIELDS
from aiatlas.submissions.rules import has_entity_queue, is_admin, sees_all


def current_call() -> Call | None:
    """The open call with the latest edition, else the latest call."""
    calls = Call.objects.select_related("edition").order_by("-edition__year")
    return calls.filter(closed_at__isnull=True).first() or calls.first()


def visible_submissions(user: Any) -> QuerySet[Submission]:
    """Submissions a user may see: the secretariat sees all, others their organizations'."""
    qs = Submission.objects.select_related("call__edition", "organization", "activity")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if sees_all.test(user):
        return qs
    return qs.filter(organization__in=user.organizations.all())


def review_queue(user: Any) -> QuerySet[Submission]:
    """What waits for this user's decision."""
    qs = visible_submissions(user)
    if sees_all.test(user):
        return qs.filter(state=State.IN_REVIEW).order_by("submitted_at", "pk")
    if has_entity_queue.test(user):
        return qs.filter(state=State.ENTITY_REVIEW).order_by("submitted_at", "pk")
    return qs.none()


def previous_edition(call: Call) -> Edition | None:
    return Edition.objects.filter(year__lt=call.year).order_by("-year").first()


#: statuses of an activity that may continue into a new edition
CONTINUING = (ActivityStatus.ONGOING, ActivityStatus.PLANNED)


@dataclass
class CarryRow:
    activity: Activity
    submission: Submission | None  # this call's submission about it, if any
    last_edition: int | None = None  # the latest earlier edition the activity was in

    @property
    def handled(self) -> bool:
        """Carried forward (a live submission) or marked "not in this edition"."""
        sub = self.submission
        return sub is not None and (sub.state != State.WITHDRAWN or sub.action == Action.WITHDRAW)


def carry_forward_candidates(call: Call) -> QuerySet[Activity]:
    """Activities that may continue into the call's edition: still ongoing or planned,
    in at least one earlier edition (whichever was the latest they appeared in, so an
    activity skipped one year is still offered) and not in this edition yet."""
    return (
        Activity.objects.filter(editions__year__lt=call.year, status__in=CONTINUING)
        .exclude(editions=call.edition)
        .annotate(last_edition=Max("editions__year", filter=Q(editions__year__lt=call.year)))
        .select_related("lead_organization")
    )


def _carry_rows(call: Call, acts: QuerySet[Activity]) -> list[CarryRow]:
    subs: dict[int, Submission] = {}
    for sub in Submission.objects.filter(call=call, activity__in=acts).order_by("pk"):
        if sub.activity_id is not None and (
            sub.activity_id not in subs or subs[sub.activity_id].state == State.WITHDRAWN
        ):
            subs[sub.activity_id] = sub
    return [CarryRow(a, subs.get(a.pk), getattr(a, "last_edition", None)) for a in acts]


def carry_forward_rows(call: Call, organizations: QuerySet[Organization]) -> list[CarryRow]:
    """The organizations' activities of earlier editions that may continue, with what was
    done about them in this call."""
    acts = carry_forward_candidates(call).filter(lead_organization__in=organizations)
    return _carry_rows(call, acts.order_by("lead_organization__acronym", "title"))


def outstanding_carry_forward(call: Call) -> list[CarryRow]:
    """Every activity that may continue into the call's edition and that nobody carried
    forward or marked "not in this edition" yet (all organizations)."""
    acts = carry_forward_candidates(call).order_by("lead_organization__acronym", "public_id")
    return [row for row in _carry_rows(call, acts) if not row.handled]


@dataclass
class EntityRow:
    organization: Organization
    counts: Counter[str] = field(default_factory=Counter)
    outstanding: int = 0  # earlier-edition activities nobody has acted on yet
    focal_points: list[str] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return sum(self.counts[s] for s in SUBMITTED)

    @property
    def open_work(self) -> int:
        return self.outstanding + self.counts[State.DRAFT] + self.counts[State.CHANGES_REQUESTED]


def dashboard(call: Call) -> list[EntityRow]:
    """Per entity: drafts, submitted, changes requested, approved, withdrawn, outstanding.
    Entities appear when they have a focal point, a submission, or earlier-edition work."""
    rows: dict[int, EntityRow] = {}

    def row(org: Organization) -> EntityRow:
        if org.pk not in rows:
            rows[org.pk] = EntityRow(org)
        return rows[org.pk]

    for sub in Submission.objects.filter(call=call).select_related("organization"):
        row(sub.organization).counts[sub.state] += 1
    for carry in outstanding_carry_forward(call):
        row(carry.activity.lead_organization).outstanding += 1
    members: dict[int, list[str]] = defaultdict(list)
    for org_id, email in Organization.objects.filter(
        members__is_active=True, members__role=Role.FOCAL_POINT
    ).values_list("pk", "members__email"):
        members[org_id].append(email)
    for org in Organization.objects.filter(pk__in=members.keys()):
        row(org).focal_points = sorted(members[org.pk])
    return sorted(rows.values(), key=lambda r: (-r.open_work, r.organization.reference.casefold()))


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class Revision:
    history_id: int
    version: int
    when: Any
    user: str
    reason: str
    state: str
    changes: list[FieldChange]


def _fields_diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    keys = [k for k in EDITABLE_FIELDS if k in old or k in new]
    return [FieldChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]


def revisions(submission: Submission) -> list[Revision]:
    """Every saved version, newest first, with what changed from the one before."""
    rows = list(submission.history.select_related("history_user").order_by("history_id"))
    out: list[Revision] = []
    before: dict[str, Any] = {}
    state_before = ""
    for h in rows:
        rec = h.record if isinstance(h.record, dict) else {}
        changes = _fields_diff(before, rec)
        if h.state != state_before:
            changes.insert(0, FieldChange("state", state_before or None, h.state))
        out.append(
            Revision(
                history_id=h.history_id,
                version=h.version,
                when=h.history_date,
                user=getattr(h.history_user, "email", "") or "system",
                reason=h.history_change_reason or "",
                state=h.state,
                changes=changes,
            )
        )
        before, state_before = rec, h.state
    return out[::-1]


def call_summary(call: Call) -> dict[str, int]:
    counts = Counter(Submission.objects.filter(call=call).values_list("state", flat=True))
    return {s: counts.get(s, 0) for s in State.values}


def user_organizations(user: Any) -> QuerySet[Organization]:
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    if is_admin.test(user):
        return Organization.objects.filter(
            Q(members__isnull=False) | Q(submissions__isnull=False)
        ).distinct()
    orgs: QuerySet[Organization] = user.organizations.all()
    return orgs


@dataclass
class GoalSuggestion:
    goal: int
    score: float
    targets: tuple[str, ...]
    evidence: str


def goal_suggestions(record: dict[str, Any], rejected: list[int]) -> list[GoalSuggestion]:
    """The offline classifier's SDG suggestions for a record that it does not already carry
    (from anyone) and that nobody rejected; empty for texts it cannot classify."""
    from aiatlas.classify.engine import classify
    from aiatlas.classify.services import activity_text, describe_evidence

    title = str(record.get("title") or "")
    description = str(record.get("description") or "")
    if not (title or description):
        return []
    domains = [str(d) for d in record.get("domains") or [] if isinstance(d, str)]
    result = classify(activity_text(title, description, domains))
    if not result.supported:
        return []
    have = {str(t.get("code")) for t in record.get("sdg_goals") or [] if isinstance(t, dict)}
    return [
        GoalSuggestion(g.goal, g.score, g.targets[:3], describe_evidence(g))
        for g in result.positive
        if str(g.goal) not in have and g.goal not in rejected
    ]


def submission_2_pager(submission: Submission) -> bytes:
    """The submission as a filled Word 2-pager."""
    from aiatlas.submissions.docx import export_activity
    from aiatlas.submissions.records import full_record

    return export_activity(
        full_record(
            submission.record,
            organization=submission.organization,
            public_id=submission.activity.public_id if submission.activity else "",
            editions=[submission.call.year],
        ),
        submission_id=submission.pk,
        version=submission.version,
    )


def activity_2_pager(public_id: str) -> bytes | None:
    """A catalog activity as a filled 2-pager as the public sees it (contact only when
    public), or None when there is no such activity."""
    from aiatlas.catalog.public import public_record
    from aiatlas.catalog.queries import activity_record
    from aiatlas.submissions.docx import export_activity

    record = activity_record(public_id)
    return None if record is None else export_activity(public_record(record))
