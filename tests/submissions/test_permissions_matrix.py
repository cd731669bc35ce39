"""Who may do what: every write route of the submission pages, of the submissions API and
of the account pages, for every role, as one table.

A row of ``MATRIX`` is one route; its columns are the roles, relative to the entity that
owns the submission (WHO): anonymous, WHO's focal point, FAO's focal point, FAO's entity
approver, WHO's entity approver, a reviewer and an administrator. A cell says what must
happen: ``OK`` (the effect happens), ``LOGIN`` (a page redirects to the login),
``FLASH`` (the page redirects back with an error message), or the refusal's status code.
Every refusal leaves the database exactly as it was.

``test_every_write_route_is_in_the_matrix`` fails when a route is added without a row;
which routes take writes is declared for every route of the site in
tests/test_route_permissions.py, which finds the routes in the URL configuration.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from aiatlas.accounts import urls as account_urls
from aiatlas.accounts.models import ApiToken, Invitation, Role, User, hash_secret
from aiatlas.accounts.services import add_user, create_api_token
from aiatlas.catalog.models import Activity, Edition, Organization
from aiatlas.catalog.services.activities import save_activity
from aiatlas.submissions import urls as submission_urls
from aiatlas.submissions.api import router as submissions_router
from aiatlas.submissions.docx import export_activity
from aiatlas.submissions.forms import DraftForm
from aiatlas.submissions.models import Action, Call, Comment, State, Submission
from aiatlas.submissions.services import drafts, review
from tests.conftest import make_record

from .conftest import GOOD_RECORD

pytestmark = pytest.mark.django_db

API = "/api/v1"
OK, LOGIN, FLASH = "ok", "login", "flash"
ROLES = (
    "anonymous",
    "focal_owner",  # focal point of WHO, the entity that owns the submission
    "focal_other",  # focal point of FAO
    "approver_other",  # entity approver of FAO
    "approver_owner",  # entity approver of WHO
    "reviewer",
    "admin",
)
NEW_PASSWORD = "a fresh passphrase for the invitee 77"


# --- the world every case starts from --------------------------------------------------


@dataclass
class World:
    users: dict[str, User]  # conftest's users plus WHO's approver
    who: Organization
    fao: Organization
    call: Call
    old_activity: dict[str, Any]  # WHO's 2024 activity
    fao_activity: dict[str, Any]  # FAO's 2024 activity

    def org(self, side: str) -> Organization:
        return self.who if side == "who" else self.fao

    def user(self, role: str, side: str = "who") -> User | None:
        """The user playing ``role`` when ``side`` owns the submission."""
        owner, other = ("who", "fao") if side == "who" else ("fao", "who")
        by_entity = {
            ("focal", "who"): "focal",
            ("focal", "fao"): "other_focal",
            ("approver", "who"): "who_approver",
            ("approver", "fao"): "approver",
        }
        return {
            "anonymous": None,
            "focal_owner": self.users.get(by_entity["focal", owner]),
            "focal_other": self.users.get(by_entity["focal", other]),
            "approver_owner": self.users.get(by_entity["approver", owner]),
            "approver_other": self.users.get(by_entity["approver", other]),
            "reviewer": self.users["reviewer"],
            "admin": self.users["admin"],
        }[role]


@pytest.fixture
def world(users, make_user, who, fao, call, old_activity):
    users = dict(users, who_approver=make_user("approver@who.example", Role.ENTITY_APPROVER, [who]))
    fao_activity = save_activity(
        record={
            "title": "Locust swarm forecasting",
            "description": "Satellite data and machine learning forecast desert locust swarms "
            "so that ministries of agriculture can act before crops are lost.",
            "lead_organization": "FAO",
            "editions": [2024],
            "sdg_goals": [{"code": "2", "source": "submitter", "evidence": ""}],
        }
    )
    return World(users, who, fao, call, old_activity, fao_activity)


# --- states a route acts on ---------------------------------------------------------------


def nothing(w: World, side: str = "who") -> SimpleNamespace:
    return SimpleNamespace(sub=None)


def a_draft(w: World, side: str = "who") -> SimpleNamespace:
    sub = drafts.start_draft(
        user=w.user("focal_owner", side),
        call_id=w.call.pk,
        organization_id=w.org(side).pk,
        record=dict(GOOD_RECORD),
    )
    return SimpleNamespace(sub=sub)


def awaiting_entity(w: World, side: str = "who") -> SimpleNamespace:
    sub = a_draft(w, side).sub
    sub = drafts.submit(
        user=w.user("focal_owner", side),
        submission_id=sub.pk,
        expected_version=1,
        confirm_new=True,
    )
    assert sub.state == State.ENTITY_REVIEW
    return SimpleNamespace(sub=sub)


def in_review(w: World, side: str = "who") -> SimpleNamespace:
    sub = awaiting_entity(w, side).sub
    sub = review.approve_for_entity(
        user=w.user("approver_owner", side), submission_id=sub.pk, expected_version=sub.version
    )
    assert sub.state == State.IN_REVIEW
    return SimpleNamespace(sub=sub)


def withdrawn(w: World, side: str = "who") -> SimpleNamespace:
    sub = a_draft(w, side).sub
    sub = drafts.withdraw_submission(
        user=w.user("focal_owner", side), submission_id=sub.pk, expected_version=1
    )
    return SimpleNamespace(sub=sub)


def not_in_edition(w: World, side: str = "who") -> SimpleNamespace:
    activity = w.old_activity if side == "who" else w.fao_activity
    sub = drafts.withdraw_activity(
        user=w.user("focal_owner", side), call_id=w.call.pk, public_id=activity["id"]
    )
    return SimpleNamespace(sub=sub)


PENDING_UPLOAD = "submissions_pending_upload"


def a_pending_upload(w: World, side: str = "who") -> SimpleNamespace:
    """A 2-pager read for WHO by its focal point, waiting in the session for confirmation."""
    from aiatlas.submissions.services import uploads

    previews = uploads.read_upload(
        user=w.user("focal_owner", side),
        call_id=w.call.pk,
        organization_id=w.org(side).pk,
        files=[upload_file()],
    )
    pending = {
        "token": "matrix-token",
        "call": w.call.pk,
        "organization": w.org(side).pk,
        "files": uploads.preview_data(previews),
    }
    return SimpleNamespace(sub=None, pending=pending)


def an_edited_draft(w: World, side: str = "who") -> SimpleNamespace:
    sub = a_draft(w, side).sub
    sub = drafts.save_draft(
        user=w.user("focal_owner", side),
        submission_id=sub.pk,
        record=dict(GOOD_RECORD, title="Renamed before the restore"),
        expected_version=1,
    )
    first = sub.history.order_by("history_id").first()
    return SimpleNamespace(sub=sub, history_id=first.history_id)


def a_token(w: World, side: str = "who") -> SimpleNamespace:
    token, _secret = create_api_token(user=w.user("focal_owner", side), name="nightly export")
    return SimpleNamespace(sub=None, token=token)


def an_invitation(w: World, side: str = "who") -> SimpleNamespace:
    added = add_user(email="invitee@who.example", role=Role.FOCAL_POINT, organizations=["WHO"])
    return SimpleNamespace(sub=None, invitee=added.user, secret=added.invitation_url.split("/")[-2])


def an_unknown_link(w: World, side: str = "who") -> SimpleNamespace:
    target = an_invitation(w, side)
    target.secret = target.secret[::-1]
    return target


# --- how a route is called ----------------------------------------------------------------


def _page_patterns() -> list[tuple[str, URLPattern]]:
    return [
        (f"{module.app_name}:{p.name}", p)
        for module in (submission_urls, account_urls)
        for p in module.urlpatterns
    ]


PAGES = dict(_page_patterns())


def page_url(name: str, w: World, t: SimpleNamespace) -> str:
    """The URL of page ``name`` for the target ``t``, whatever its URL parameters are."""
    values = {
        "submission_id": lambda: t.sub.pk,
        "history_id": lambda: t.history_id,
        "year": lambda: w.call.year,
        "token_id": lambda: t.token.pk,
        "token": lambda: t.secret,
        "public_id": lambda: w.old_activity["id"],
        "organization_id": lambda: w.who.pk,
    }
    kwargs = {key: values[key]() for key in PAGES[name].pattern.converters}
    return reverse(name, kwargs=kwargs or None)


def _json(client: Client, method: str, url: str, body: dict[str, Any]) -> HttpResponse:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


Data = Callable[[World, SimpleNamespace], dict[str, Any]]
Effect = Callable[[World, SimpleNamespace, HttpResponse, "User | None"], None]


@dataclass(frozen=True)
class Route:
    """One write operation: where it is, the state it acts on, what it sends, and what must
    have happened when it is allowed."""

    target: str  # a page's URL name, or "METHOD /path" of the submissions API router
    setup: Callable[..., SimpleNamespace]
    data: Data
    ok_status: int
    effect: Effect

    @property
    def kind(self) -> str:
        return "api" if " " in self.target else "web"

    def send(self, client: Client, w: World, t: SimpleNamespace) -> HttpResponse:
        if getattr(t, "pending", None) is not None:  # an upload waiting for confirmation
            session = client.session
            session[PENDING_UPLOAD] = t.pending
            session.save()
        data = self.data(w, t)
        if self.kind == "web":
            return client.post(page_url(self.target, w, t), data)
        method, path = self.target.split(" ", 1)
        url = API + path.format(submission_id=getattr(t.sub, "pk", None))
        return _json(client, method.lower(), url, data)


def draft_form(record: dict[str, Any], version: int) -> dict[str, Any]:
    """What the edit form posts for ``record``."""
    data: dict[str, Any] = {}
    for key, value in DraftForm.initial_from(record, version).items():
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = value
    return data


def upload_file() -> SimpleUploadedFile:
    record = make_record(lead_organization="WHO", title="Uploaded crop photo diagnosis")
    return SimpleUploadedFile("activity.docx", export_activity(record))


def _sub(t: SimpleNamespace) -> Submission:
    return Submission.objects.get(pk=t.sub.pk)


# what is sent


def new_draft(w, t):
    return {"call": w.call.pk, "organization": w.who.pk, "title": GOOD_RECORD["title"]}


def carry(do: str) -> Data:
    return lambda w, t: {
        "call": w.call.pk,
        "activity": w.old_activity["id"],
        "do": do,
        "confirm": "yes",
    }


def upload(w, t):
    return {"call": w.call.pk, "organization": w.who.pk, "files": upload_file()}


def new_call(w, t):
    deadline = timezone.localdate() + timedelta(days=60)
    return {"year": 2026, "deadline": deadline.isoformat(), "message": "Send your activities."}


def no_data(w, t):
    return {}


def confirmed(w, t):
    # the world's 2024 activities are not carried forward: leaving them out is a choice
    return {"confirm": "yes", "acknowledge_left_out": "yes"}


def published(w, t, response, user):
    assert Edition.objects.get(year=w.call.year).is_published
    assert not Call.objects.get(pk=w.call.pk).is_open


def reminded(w, t, response, user):
    assert response.url.endswith(f"?year={w.call.year}")


def new_focal_point(w, t):
    return {"email": "new.fp@who.example", "role": "focal_point", "organization": w.who.pk}


def invited(w, t, response, user):
    invitee = User.objects.get(email="new.fp@who.example")
    assert invitee.role == "focal_point" and list(invitee.organizations.all()) == [w.who]
    assert Invitation.objects.get(user=invitee).invited_by == user


def edit_form(w, t):
    return draft_form(dict(GOOD_RECORD, title="Renamed in the matrix"), t.sub.version)


def version(w, t):
    return {"version": t.sub.version}


def confirmed_version(w, t):
    return {"version": t.sub.version, "confirm": "yes"}


def a_comment(w, t):
    return {"body": "Could you add the project page?"}


def a_note(w, t):
    return {"body": "Check the partner list with the FAO desk.", "internal": "1"}


def ticked(w, t):
    return {"approve": f"{t.sub.pk}:{t.sub.version}", "year": w.call.year}


def submit_form(w, t):
    return {"version": t.sub.version, "confirm_new": "1"}


def decision(kind: str) -> Data:
    return lambda w, t: {
        "version": t.sub.version,
        "decision": kind,
        "reasons": ["links"],
        "comment": "Add the project page.",
    }


def token_name(w, t):
    return {"name": "made in the matrix"}


def passwords(w, t):
    return {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "first_name": "Ines"}


def api_draft(w, t):
    return {"call": w.call.pk, "organization": w.who.pk, "record": GOOD_RECORD}


def api_record(w, t):
    return {"version": t.sub.version, "record": dict(GOOD_RECORD, title="Renamed through the API")}


def api_submit(w, t):
    return {"version": t.sub.version, "confirm_new": True}


# what must have happened


def made_draft(w, t, response, user):
    sub = Submission.objects.get()
    assert (sub.organization, sub.state, sub.action) == (w.who, State.DRAFT, Action.NEW)
    assert sub.created_by == user


def made_titled_draft(w, t, response, user):
    made_draft(w, t, response, user)
    assert Submission.objects.get().record == {"title": GOOD_RECORD["title"], "language": "en"}


def withdrawal_removed(w, t, response, user):
    assert not Submission.objects.filter(pk=t.sub.pk).exists()


def commented(internal: bool) -> Effect:
    def check(w, t, response, user):
        comment = Comment.objects.get()
        assert (comment.submission_id, comment.author, comment.internal) == (
            t.sub.pk,
            user,
            internal,
        )

    return check


def made_carry(w, t, response, user):
    sub = Submission.objects.get()
    assert sub.activity.public_id == w.old_activity["id"] and sub.organization == w.who
    assert (sub.state, sub.action) == (State.DRAFT, Action.CARRY_FORWARD)


def made_withdrawal(w, t, response, user):
    sub = Submission.objects.get()
    assert sub.activity.public_id == w.old_activity["id"] and sub.organization == w.who
    assert (sub.state, sub.action) == (State.WITHDRAWN, Action.WITHDRAW)


def read_upload(w, t, response, user):
    assert not Submission.objects.exists()  # nothing is made before the confirmation
    assert "Uploaded crop photo diagnosis" in response.content.decode()


def confirm_all(w, t):
    return {"token": "matrix-token", "project": ["0-0"]}


def made_upload(w, t, response, user):
    sub = Submission.objects.get()
    assert (sub.organization, sub.source_file) == (w.who, "activity.docx")
    assert sub.record["title"] == "Uploaded crop photo diagnosis"


def opened_call(w, t, response, user):
    assert Call.objects.get(edition__year=2026).is_open


def closed_call(w, t, response, user):
    assert not Call.objects.get(pk=w.call.pk).is_open


def edited(title: str) -> Effect:
    def check(w, t, response, user):
        sub = _sub(t)
        assert sub.version == t.sub.version + 1 and sub.record["title"] == title

    return check


def became(state: str, **expected: Any) -> Effect:
    def check(w, t, response, user):
        sub = _sub(t)
        assert sub.state == state and sub.version == t.sub.version + 1
        for name, value in expected.items():
            assert getattr(sub, name) == value
        if response["Content-Type"].startswith("application/json"):
            assert response.json()["state"] == state

    return check


CHANGES = {"reasons": ["links"], "review_comment": "Add the project page."}


def approved(w, t, response, user):
    became(State.APPROVED, decided_by=user)(w, t, response, user)
    assert _sub(t).activity.title == GOOD_RECORD["title"]


def restored(w, t, response, user):
    sub = _sub(t)
    assert sub.version == 3 and sub.record["title"] == GOOD_RECORD["title"]


def token_made(w, t, response, user):
    token = ApiToken.objects.get(name="made in the matrix")
    assert token.user == user
    shown = re.findall(r"aia_[\w-]{40,}", response.content.decode())
    assert [hash_secret(s) for s in shown] == [token.token_hash]  # the secret, shown once


def token_revoked(w, t, response, user):
    assert ApiToken.objects.get(pk=t.token.pk).revoked_at is not None


def invitation_accepted(w, t, response, user):
    invitee = User.objects.get(pk=t.invitee.pk)
    assert invitee.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(user=invitee).used_at is not None


def created_by_api(w, t, response, user):
    made_draft(w, t, response, user)
    assert response.json()["organization"] == "WHO"


DECISION = "POST /submissions/{submission_id}/decision"
ROUTES: dict[str, Route] = {
    # submission pages
    "web.new": Route("submissions:new", nothing, new_draft, 302, made_titled_draft),
    "web.carry": Route("submissions:carry", nothing, carry(""), 302, made_carry),
    "web.carry-withdraw": Route(
        "submissions:carry", nothing, carry("withdraw"), 302, made_withdrawal
    ),
    "web.upload": Route("submissions:upload", nothing, upload, 200, read_upload),
    "web.upload-confirm": Route(
        "submissions:upload-confirm", a_pending_upload, confirm_all, 200, made_upload
    ),
    "web.open-call": Route("submissions:open-call", nothing, new_call, 302, opened_call),
    "web.close-call": Route("submissions:close-call", nothing, no_data, 302, closed_call),
    "web.invite": Route("submissions:invite", nothing, new_focal_point, 302, invited),
    "web.publish": Route("submissions:publish", nothing, confirmed, 302, published),
    "web.remind": Route("submissions:remind", nothing, no_data, 302, reminded),
    "web.edit": Route(
        "submissions:detail", a_draft, edit_form, 302, edited("Renamed in the matrix")
    ),
    # WHO has an entity approver: a submission goes to it first
    "web.submit": Route(
        "submissions:submit", a_draft, submit_form, 302, became(State.ENTITY_REVIEW)
    ),
    "web.withdraw": Route(
        "submissions:withdraw", a_draft, confirmed_version, 302, became(State.WITHDRAWN)
    ),
    "web.undo-withdraw": Route(
        "submissions:undo-withdraw", withdrawn, version, 302, became(State.DRAFT)
    ),
    "web.undo-not-in-edition": Route(
        "submissions:undo-withdraw", not_in_edition, version, 302, withdrawal_removed
    ),
    "web.comment": Route("submissions:comment", a_draft, a_comment, 302, commented(False)),
    "web.note": Route("submissions:comment", a_draft, a_note, 302, commented(True)),
    "web.bulk-approve": Route("submissions:bulk-approve", in_review, ticked, 200, approved),
    "web.decide-entity-approve": Route(
        "submissions:decide",
        awaiting_entity,
        decision("entity_approve"),
        302,
        became(State.IN_REVIEW),
    ),
    "web.decide-entity-changes": Route(
        "submissions:decide",
        awaiting_entity,
        decision("changes"),
        302,
        became(State.CHANGES_REQUESTED, **CHANGES),
    ),
    "web.decide-approve": Route(
        "submissions:decide", in_review, decision("approve"), 302, approved
    ),
    "web.decide-changes": Route(
        "submissions:decide",
        in_review,
        decision("changes"),
        302,
        became(State.CHANGES_REQUESTED, **CHANGES),
    ),
    "web.restore": Route("submissions:restore", an_edited_draft, no_data, 302, restored),
    # account pages; the token belongs to WHO's focal point
    "web.token-create": Route("accounts:tokens", nothing, token_name, 200, token_made),
    "web.token-revoke": Route("accounts:revoke-token", a_token, no_data, 302, token_revoked),
    # whoever holds an invitation link may use it (once); a wrong link is refused
    "web.invitation": Route(
        "accounts:invitation", an_invitation, passwords, 302, invitation_accepted
    ),
    "web.invitation-unknown-link": Route(
        "accounts:invitation", an_unknown_link, passwords, 302, invitation_accepted
    ),
    # API
    "api.create": Route("POST /submissions", nothing, api_draft, 201, created_by_api),
    "api.update": Route(
        "PUT /submissions/{submission_id}",
        a_draft,
        api_record,
        200,
        edited("Renamed through the API"),
    ),
    "api.submit": Route(
        "POST /submissions/{submission_id}/submit",
        a_draft,
        api_submit,
        200,
        became(State.ENTITY_REVIEW),
    ),
    "api.withdraw": Route(
        "POST /submissions/{submission_id}/withdraw", a_draft, version, 200, became(State.WITHDRAWN)
    ),
    "api.decide-entity-approve": Route(
        DECISION, awaiting_entity, decision("entity_approve"), 200, became(State.IN_REVIEW)
    ),
    "api.decide-entity-changes": Route(
        DECISION,
        awaiting_entity,
        decision("changes"),
        200,
        became(State.CHANGES_REQUESTED, **CHANGES),
    ),
    "api.decide-approve": Route(DECISION, in_review, decision("approve"), 200, approved),
    "api.decide-changes": Route(
        DECISION, in_review, decision("changes"), 200, became(State.CHANGES_REQUESTED, **CHANGES)
    ),
}

# fmt: off
#: one row per route; the columns follow ROLES: anonymous, focal point of the owning entity
#: (WHO), focal point of FAO, entity approver of FAO, entity approver of WHO, reviewer, admin
MATRIX: list[tuple[Any, ...]] = [
    # route                        anon   focal  focal  approver approver reviewer admin
    #                                     WHO    FAO    FAO      WHO
    ("web.new",                    LOGIN, OK,    403,   403,     403,     403,     OK),
    ("web.carry",                  LOGIN, OK,    404,   404,     404,     404,     OK),
    ("web.carry-withdraw",         LOGIN, OK,    404,   404,     404,     404,     OK),
    ("web.upload",                 LOGIN, OK,    403,   403,     403,     403,     OK),
    ("web.upload-confirm",         LOGIN, OK,    403,   403,     403,     403,     OK),
    ("web.open-call",              LOGIN, 403,   403,   403,     403,     403,     OK),
    ("web.close-call",             LOGIN, 403,   403,   403,     403,     403,     OK),
    ("web.invite",                 LOGIN, 403,   403,   403,     403,     403,     OK),
    ("web.publish",                LOGIN, 403,   403,   403,     403,     403,     OK),
    ("web.remind",                 LOGIN, 403,   403,   403,     403,     OK,      OK),
    ("web.edit",                   LOGIN, OK,    404,   404,     403,     403,     OK),
    ("web.submit",                 LOGIN, OK,    404,   404,     403,     403,     OK),
    ("web.withdraw",               LOGIN, OK,    404,   404,     403,     403,     OK),
    ("web.undo-withdraw",          LOGIN, OK,    404,   404,     403,     403,     OK),
    ("web.undo-not-in-edition",    LOGIN, OK,    404,   404,     403,     403,     OK),
    ("web.comment",                LOGIN, OK,    404,   404,     OK,      OK,      OK),
    ("web.note",                   LOGIN, 403,   404,   404,     403,     OK,      OK),
    ("web.bulk-approve",           LOGIN, 403,   403,   403,     403,     OK,      OK),
    ("web.decide-entity-approve",  LOGIN, 403,   404,   404,     OK,      403,     OK),
    ("web.decide-entity-changes",  LOGIN, 403,   404,   404,     OK,      403,     OK),
    ("web.decide-approve",         LOGIN, 403,   404,   404,     403,     OK,      OK),
    ("web.decide-changes",         LOGIN, 403,   404,   404,     403,     OK,      OK),
    ("web.restore",                LOGIN, 403,   403,   403,     403,     403,     OK),
    ("web.token-create",           LOGIN, OK,    OK,    OK,      OK,      OK,      OK),
    ("web.token-revoke",           LOGIN, OK,    FLASH, FLASH,   FLASH,   FLASH,   OK),
    ("web.invitation",             OK,    OK,    OK,    OK,      OK,      OK,      OK),
    ("web.invitation-unknown-link", 404,  404,   404,   404,     404,     404,     404),
    ("api.create",                 401,   OK,    403,   403,     403,     403,     OK),
    ("api.update",                 401,   OK,    404,   404,     403,     403,     OK),
    ("api.submit",                 401,   OK,    404,   404,     403,     403,     OK),
    ("api.withdraw",               401,   OK,    404,   404,     403,     403,     OK),
    ("api.decide-entity-approve",  401,   403,   404,   404,     OK,      403,     OK),
    ("api.decide-entity-changes",  401,   403,   404,   404,     OK,      403,     OK),
    ("api.decide-approve",         401,   403,   404,   404,     403,     OK,      OK),
    ("api.decide-changes",         401,   403,   404,   404,     403,     OK,      OK),
]
# fmt: on

CASES = [
    pytest.param(route, role, expected, id=f"{route}-{role}-{expected}")
    for route, *outcomes in MATRIX
    for role, expected in zip(ROLES, outcomes, strict=True)
]


# --- running a case -------------------------------------------------------------------------


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row that a write route could touch (bookkeeping columns left out)."""
    models = [
        Submission,
        Submission.history.model,
        Comment,
        Call,
        Edition,
        Activity,
        Activity.editions.through,
        Organization,
        ApiToken,
        Invitation,
        User,
        User.organizations.through,
    ]
    state = {}
    for model in models:
        rows = list(model.objects.order_by("pk").values())
        for row in rows:
            row.pop("last_login", None)
            row.pop("last_used_at", None)
        state[model._meta.label] = rows
    return state


def client_for(kind: str, user: User | None, **options: Any) -> Client:
    """A page client signed in with a session, or an API client with a bearer token."""
    if user is None:
        return Client(**options)
    if kind == "api":
        _token, secret = create_api_token(user=user, name=f"matrix {user.email}")
        return Client(headers={"authorization": f"Bearer {secret}"}, **options)
    client = Client(**options)
    client.force_login(user)
    return client


def assert_refused(route: Route, expected: str | int, response: HttpResponse) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login") + "?next=")
    elif expected == FLASH:
        assert response.status_code == 302 and response.url == reverse("accounts:tokens")
        assert [str(m) for m in get_messages(response.wsgi_request)] == ["no such token"]
    else:
        assert response.status_code == expected, response.content[:500]
        if route.kind == "api":
            assert response.json()["detail"]


def run_case(w: World, route: Route, role: str, expected: str | int, side: str = "who") -> None:
    target = route.setup(w, side)
    user = w.user(role, side)
    client = client_for(route.kind, user)
    before = snapshot()
    response = route.send(client, w, target)
    if expected == OK:
        assert response.status_code == route.ok_status, response.content[:500]
        route.effect(w, target, response, user)
        return
    assert_refused(route, expected, response)
    assert snapshot() == before, "a refused request changed the database"
    if target.sub is not None:
        now = Submission.objects.get(pk=target.sub.pk)
        assert (now.state, now.version) == (target.sub.state, target.sub.version)


@pytest.mark.parametrize(("route", "role", "expected"), CASES)
def test_permission_matrix(world, route, role, expected):
    run_case(world, ROUTES[route], role, expected)


# --- the matrix covers every write route ------------------------------------------------------

#: write routes left out of the matrix, and why
EXEMPT = {
    "accounts:login": "signing in: the same for everyone (tests/accounts)",
    "accounts:logout": "signing out: the same for everyone (tests/accounts)",
    "accounts:password-reset": "asks for a reset e-mail; no role involved (tests/accounts)",
    "accounts:password-reset-confirm": "needs the e-mailed link; no role involved",
    "accounts:outbox-send": "administrators only (tests/accounts/test_outbox.py, per role)",
    "accounts:message-template": "administrators only (tests/accounts/test_outbox.py, per role)",
    "accounts:task-retry": "administrators only (tests/web/test_worker.py, per role)",
    "accounts:password-change": "one's own password; no role involved (tests/accounts)",
    "accounts:two-factor": "one's own authenticator; no role involved (tests/accounts)",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _accepts_writes(pattern: URLPattern) -> bool:
    """Whether a page takes writes, as tests/test_route_permissions.py declares it for every
    route of the URL configuration (and checks: a read-only page changes nothing)."""
    from tests.test_route_permissions import PAGES, READ

    name = next(n for n, p in _page_patterns() if p is pattern)
    return PAGES[name] is not READ


def _api_write_operations() -> set[str]:
    return {
        f"{method} {path}"
        for path, view in submissions_router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
        if method in WRITE_METHODS
    }


def test_every_write_route_is_in_the_matrix():
    in_matrix = {route for route, *_ in MATRIX}
    assert in_matrix == set(ROUTES), "every route of ROUTES has a row and the reverse"
    assert len(MATRIX) == len(in_matrix), "one row per route"
    pages = {ROUTES[r].target for r in in_matrix if ROUTES[r].kind == "web"}
    api = {ROUTES[r].target for r in in_matrix if ROUTES[r].kind == "api"}

    writes = {name for name, p in _page_patterns() if _accepts_writes(p)}
    missing = writes - pages - set(EXEMPT)
    assert not missing, f"write routes without a row in MATRIX: {sorted(missing)}"
    assert pages <= writes, f"rows for routes that take no writes: {sorted(pages - writes)}"
    assert set(EXEMPT) <= writes
    # the detection sees the routes we know of
    assert {
        "submissions:new",
        "submissions:detail",
        "submissions:open-call",
        "accounts:tokens",
        "accounts:revoke-token",
        "accounts:invitation",
    } <= writes

    api_writes = _api_write_operations()
    assert api_writes, "the router's operations were found"
    assert api_writes == api, (
        f"API write operations without a row: {sorted(api_writes - api)}; "
        f"rows for no operation: {sorted(api - api_writes)}"
    )


READ_ONLY = sorted(name for name, p in _page_patterns() if not _accepts_writes(p))


@pytest.mark.parametrize("name", READ_ONLY)
def test_read_only_pages_change_nothing_when_posted_to(world, name):
    """The routes left out of the matrix as read-only really are: an administrator's POST
    changes nothing and breaks nothing."""
    target = an_edited_draft(world)
    client = client_for("web", world.users["admin"])
    before = snapshot()
    response = client.post(page_url(name, world, target), {"version": 1})
    assert response.status_code < 500
    assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", LOGIN),
        ("focal_owner", 403),
        ("approver_owner", 403),
        ("reviewer", 403),
        ("admin", 200),
    ],
)
def test_only_administrators_read_the_outbox(world, role, expected):
    response = client_for("web", world.user(role)).get(reverse("accounts:outbox"))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected


# --- CSRF ----------------------------------------------------------------------------------

#: each route once, with a role that may use it
ALLOWED = {
    route: next(
        role
        for role, cell in zip(ROLES, outcomes, strict=True)
        if cell == OK and role != "anonymous"
    )
    for route, *outcomes in MATRIX
    if OK in outcomes[1:]
}


@pytest.mark.parametrize("route", sorted(r for r in ALLOWED if r.startswith("web.")))
def test_page_post_without_csrf_token_is_refused(world, route):
    target = ROUTES[route].setup(world)
    client = client_for("web", world.user(ALLOWED[route]), enforce_csrf_checks=True)
    before = snapshot()
    response = ROUTES[route].send(client, world, target)
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("route", sorted(r for r in ALLOWED if r.startswith("api.")))
def test_api_with_session_cookie_needs_csrf_token(world, route):
    target = ROUTES[route].setup(world)
    user = world.user(ALLOWED[route])
    client = client_for("web", user, enforce_csrf_checks=True)  # a session, no token
    before = snapshot()
    response = ROUTES[route].send(client, world, target)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert snapshot() == before
    # the same request with the CSRF token goes through
    client.get(reverse("accounts:tokens"))
    client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    response = ROUTES[route].send(client, world, target)
    assert response.status_code == ROUTES[route].ok_status, response.content[:500]
    ROUTES[route].effect(world, target, response, user)


def test_page_post_with_csrf_token_goes_through(world):
    client = client_for("web", world.users["focal"], enforce_csrf_checks=True)
    client.get(reverse("submissions:home"))
    data = {
        "call": world.call.pk,
        "organization": world.who.pk,
        "title": GOOD_RECORD["title"],
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
    }
    response = client.post(reverse("submissions:new"), data)
    assert response.status_code == 302
    made_titled_draft(world, None, response, world.users["focal"])


def test_api_without_credentials_is_401_even_with_a_wrong_token(world):
    target = a_draft(world)
    for headers in ({}, {"authorization": "Bearer aia_not-a-token"}, {"authorization": "x"}):
        response = _json(
            Client(headers=headers),
            "put",
            f"{API}/submissions/{target.sub.pk}",
            {"version": 1, "record": GOOD_RECORD},
        )
        assert response.status_code == 401
    # a browser without a session: told to authenticate (401), not "CSRF check failed"
    response = _json(
        Client(enforce_csrf_checks=True),
        "put",
        f"{API}/submissions/{target.sub.pk}",
        {"version": 1, "record": GOOD_RECORD},
    )
    assert response.status_code == 401
    assert _sub(target).version == 1


# --- ids of another entity ------------------------------------------------------------------

ON_A_SUBMISSION = sorted(
    r
    for r, route in ROUTES.items()
    if route.setup in {a_draft, awaiting_entity, in_review, an_edited_draft}
)


@pytest.mark.parametrize("role", ["focal_other", "approver_other"])
@pytest.mark.parametrize("route", ON_A_SUBMISSION)
def test_another_entitys_submission_is_out_of_reach(world, route, role):
    """The mirror image of the matrix: FAO owns the submission, WHO's users try it."""
    # restore and bulk approval are checked before the id
    expected = 403 if route in {"web.restore", "web.bulk-approve"} else 404
    run_case(world, ROUTES[route], role, expected, side="fao")


def _focal_api(world: World) -> Client:
    return client_for("api", world.users["focal"])


def test_api_ids_of_another_entity_reveal_nothing(world):
    theirs = a_draft(world, "fao").sub
    client = _focal_api(world)
    assert client.get(f"{API}/submissions/{theirs.pk}").status_code == 404
    assert client.get(f"{API}/submissions").json() == []
    for sub_id in (theirs.pk, 999_999, 2**31, 2**63, 10**30):
        response = _json(
            client, "put", f"{API}/submissions/{sub_id}", {"version": 1, "record": GOOD_RECORD}
        )
        assert response.status_code == 404, (sub_id, response.content[:300])
    assert _sub(SimpleNamespace(sub=theirs)).version == 1


@pytest.mark.parametrize(
    ("organization", "expected"),
    [("fao", 403), (999_999, 404), (2**31, 404), (2**63, 404), (10**30, 404)],
)
def test_api_draft_for_another_or_unknown_organization_is_refused(world, organization, expected):
    org_id = world.fao.pk if organization == "fao" else organization
    client = _focal_api(world)
    before = snapshot()
    response = _json(
        client,
        "post",
        f"{API}/submissions",
        {"call": world.call.pk, "organization": org_id, "record": GOOD_RECORD},
    )
    assert response.status_code == expected, response.content[:300]
    assert snapshot() == before


def test_api_draft_in_an_unknown_or_closed_call_is_refused(world):
    closed = Call.objects.create(
        edition=Edition.objects.get(year=2024),
        deadline=timezone.localdate(),
        closed_at=timezone.now(),
    )
    client = _focal_api(world)
    before = snapshot()
    for call_id, expected in ((closed.pk, 409), (999_999, 404), (2**63, 404)):
        response = _json(
            client,
            "post",
            f"{API}/submissions",
            {"call": call_id, "organization": world.who.pk, "record": GOOD_RECORD},
        )
        assert response.status_code == expected, (call_id, response.content[:300])
    assert snapshot() == before


def test_api_body_cannot_move_a_submission_to_another_entity_or_call(world):
    mine = a_draft(world).sub
    other_call = Call.objects.create(
        edition=Edition.objects.get(year=2024), deadline=timezone.localdate() + timedelta(days=9)
    )
    client = _focal_api(world)
    # extra keys are ignored: the submission stays WHO's, in its call
    response = _json(
        client,
        "put",
        f"{API}/submissions/{mine.pk}",
        {"version": 1, "record": GOOD_RECORD, "organization": world.fao.pk, "call": other_call.pk},
    )
    assert response.status_code == 200
    sub = Submission.objects.get(pk=mine.pk)
    assert (sub.organization, sub.call) == (world.who, world.call)
    # read-only fields of the record are refused
    before = snapshot()
    for extra in (
        {"lead_organization": "FAO"},
        {"id": world.fao_activity["id"]},
        {"editions": [2024]},
    ):
        response = _json(
            client,
            "put",
            f"{API}/submissions/{mine.pk}",
            {"version": 2, "record": dict(GOOD_RECORD, **extra)},
        )
        assert response.status_code == 422, extra
    assert snapshot() == before


def test_link_to_another_entitys_activity_makes_a_co_reporting_partner(world):
    """The duplicate guard's "same activity" for another entity's activity: the draft is
    submitted as a co-report of it (no catalog change until approval); an unknown activity
    is refused and changes nothing."""
    mine = a_draft(world).sub
    client = client_for("web", world.users["focal"])
    before = snapshot()
    unknown = client.post(
        reverse("submissions:submit", kwargs={"submission_id": mine.pk}),
        {"version": 1, "link_to": "A999999"},
    )
    assert unknown.status_code == 404
    assert snapshot() == before
    page = client.post(
        reverse("submissions:submit", kwargs={"submission_id": mine.pk}),
        {"version": 1, "link_to": world.fao_activity["id"]},
    )
    assert page.status_code == 302
    sub = Submission.objects.get(pk=mine.pk)
    assert (sub.state, sub.action, sub.activity) == (State.ENTITY_REVIEW, Action.CO_REPORT, None)
    assert sub.co_report_of.public_id == world.fao_activity["id"]


@pytest.mark.parametrize("do", ["carry", "withdraw"])
def test_carrying_or_withdrawing_another_entitys_activity_is_refused(world, do):
    client = client_for("web", world.users["focal"])
    before = snapshot()
    for activity in (world.fao_activity["id"], "A999999", "x" * 500):
        response = client.post(
            reverse("submissions:carry"), {"call": world.call.pk, "activity": activity, "do": do}
        )
        assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("route", ["submissions:new", "submissions:upload"])
def test_page_draft_for_another_or_unknown_organization_is_refused(world, route):
    client = client_for("web", world.users["focal"])
    before = snapshot()
    for org_id, expected in ((world.fao.pk, 403), (999_999, 404), (2**63, 404), ("x", 404)):
        response = client.post(
            reverse(route),
            {"call": world.call.pk, "organization": org_id, "files": upload_file(), "title": "T"},
        )
        assert response.status_code == expected, org_id
    assert snapshot() == before


def test_page_ids_of_another_entity_or_huge_ids_are_404(world):
    theirs = a_draft(world, "fao").sub
    client = client_for("web", world.users["focal"])
    before = snapshot()
    for sub_id in (theirs.pk, 999_999, 2**63, 10**30):
        for name in ("detail", "history", "docx"):
            url = reverse(f"submissions:{name}", kwargs={"submission_id": sub_id})
            assert client.get(url).status_code == 404, (name, sub_id)
        response = client.post(
            reverse("submissions:detail", kwargs={"submission_id": sub_id}),
            draft_form(GOOD_RECORD, 1),
        )
        assert response.status_code == 404, sub_id
    assert snapshot() == before


def test_restore_with_a_version_of_another_submission_is_404(world):
    mine = an_edited_draft(world)
    theirs = an_edited_draft(world, "fao")
    client = client_for("web", world.users["admin"])
    before = snapshot()
    for history_id in (theirs.history_id, 999_999, 2**63):
        url = reverse(
            "submissions:restore", kwargs={"submission_id": mine.sub.pk, "history_id": history_id}
        )
        assert client.post(url).status_code == 404, history_id
    assert snapshot() == before


def test_revoking_an_unknown_token_id_is_refused(world):
    client = client_for("web", world.users["focal"])
    before = snapshot()
    for token_id in (999_999, 2**63):
        response = client.post(reverse("accounts:revoke-token", kwargs={"token_id": token_id}))
        assert response.status_code == 302 and response.url == reverse("accounts:tokens")
    assert snapshot() == before
