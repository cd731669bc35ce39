"""Who may use each route: every page of the URL configuration and every operation of the
JSON API is declared in :data:`PAGES` / :data:`API_WRITES` with what it needs, and checked.

The routes are discovered from the running configuration (``get_resolver()`` and the
ninja routers' path operations), never from the source text: a route missing from the
tables fails :func:`test_every_page_route_is_declared` / :func:`test_every_api_write_is_declared`,
so a new route must say who may use it.

For a write route that needs a permission, a signed-out visitor is sent to the sign-in
page, a signed-in user whom the rule refuses gets 403, and a user it allows gets past
the gate. Routes whose rule depends on the object (a submission, an organization, a
token) are checked per role and state in tests/submissions/test_permissions_matrix.py;
here we check that they have their rows there. A route declared read-only changes
nothing when an administrator posts to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from aiatlas.accounts.models import Role, User
from aiatlas.api import api
from aiatlas.catalog.models import Organization
from aiatlas.common.rules import allowed

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Need:
    """What a route needs: ``perm`` (a rule of an app's rules.py, asked without an
    object), or one of the kinds below."""

    perm: str = ""
    kind: str = "perm"  # perm | public | signed_in | per_object | read | covered
    #: with kind "covered": the test module that walks the route per role and state
    tests: str = ""


READ = Need(kind="read")  # reads only; a POST changes nothing
PUBLIC = Need(kind="public")  # anyone may post (sign-in, a token-holder's link …)
SIGNED_IN = Need(kind="signed_in")  # any signed-in user, for themselves
PER_OBJECT = Need(kind="per_object")  # tests/submissions/test_permissions_matrix.py


def covered_by(test_module: str) -> Need:
    """A route whose rule depends on its object (a proposal, a review assignment, an
    event's check-in) outside submissions: its app's tests walk it per role and state."""
    return Need(kind="covered", tests=test_module)


def perm(name: str) -> Need:
    return Need(perm=name)


#: every named page route -> what it needs
PAGES: dict[str, Need] = {
    "set_language": PUBLIC,
    # the public atlas
    **dict.fromkeys(
        [
            "web:home",
            "web:activity-list",
            "web:activity-detail",
            "web:activity-published",
            "web:organization-list",
            "web:organization-detail",
            "web:goal-list",
            "web:goal-detail",
            "web:edition-detail",
            "web:about",
            "web:sitemap",
            "report:report",
            "report:figure",
            "report:build-status",
            "report:pdf",
            "report:pdf-language",
            "report:csv",
            "report:open-data",
            "report:dcat",
            "classify:agreement",
        ],
        READ,
    ),
    "report:build": perm("report.build"),
    "classify:review": perm("classify.curate"),
    # the survey: respondents hold a link; the back office manages
    **dict.fromkeys(["survey:start", "survey:page", "survey:review", "survey:receipt"], PUBLIC),
    "survey:receipt-pdf": READ,
    **dict.fromkeys(
        [
            "survey:manage",
            "survey:manage-detail",
            "survey:invite",
            "survey:remind",
            "survey:send",
            "survey:response-check",
            "survey:import",
        ],
        perm("survey.manage"),
    ),
    **dict.fromkeys(
        [
            "survey:preview",
            "survey:responses",
            "survey:response-detail",
            "survey:xform",
            "survey:response-file",
        ],
        READ,
    ),
    **dict.fromkeys(
        [
            "survey:results",
            "survey:export-csv",
            "survey:export-repeats",
            "survey:export-xlsx",
            "survey:export-kobo-csv",
            "survey:export-kobo-xlsx",
        ],
        READ,
    ),
    # accounts
    **dict.fromkeys(
        [
            "accounts:login",
            "accounts:logout",
            "accounts:password-reset",
            "accounts:password-reset-confirm",
        ],
        PUBLIC,
    ),
    **dict.fromkeys(["accounts:password-change", "accounts:two-factor"], SIGNED_IN),
    **dict.fromkeys(
        [
            "accounts:profile",
            "accounts:password-reset-done",
            "accounts:password-reset-complete",
            "accounts:outbox",
            "accounts:message-templates",
            "accounts:tasks",
        ],
        READ,
    ),
    **dict.fromkeys(
        ["accounts:tokens", "accounts:revoke-token", "accounts:invitation"], PER_OBJECT
    ),
    "accounts:outbox-send": perm("accounts.send_outbox"),
    "accounts:message-template": perm("accounts.edit_message_templates"),
    "accounts:task-retry": perm("accounts.view_tasks"),
    # submissions: who may is relative to the submission's entity and state
    **dict.fromkeys(
        [
            "submissions:new",
            "submissions:carry",
            "submissions:upload",
            "submissions:upload-confirm",
            "submissions:bulk-approve",
            "submissions:open-call",
            "submissions:invite",
            "submissions:close-call",
            "submissions:publish",
            "submissions:remind",
            "submissions:detail",
            "submissions:submit",
            "submissions:withdraw",
            "submissions:undo-withdraw",
            "submissions:decide",
            "submissions:comment",
            "submissions:restore",
        ],
        PER_OBJECT,
    ),
    **dict.fromkeys(
        [
            "submissions:home",
            "submissions:template-docx",
            "submissions:activity-docx",
            "submissions:dashboard",
            "submissions:dashboard-csv",
            "submissions:entity",
            "submissions:history",
            "submissions:docx",
        ],
        READ,
    ),
    # the programme: anyone registers for an event; signed-in participants keep an agenda
    **dict.fromkeys(["programme:register", "programme:cancel"], PUBLIC),
    **dict.fromkeys(
        ["programme:favourite", "programme:agenda-feed"], perm("programme.keep_agenda")
    ),
    **dict.fromkeys(
        [
            "programme:index",
            "programme:whats-on",
            "programme:agenda",
            "programme:event",
            "programme:track",
            "programme:session",
            "programme:speaker",
            "programme:registration",
            "programme:programme",
            "programme:changes",
            "programme:embed",
            "programme:figures",
        ],
        READ,
    ),
    # the call for sessions, review, schedule and check-in: per proposal, reviewer, event
    **dict.fromkeys(
        [
            "programme:call",
            "programme:proposals",
            "programme:proposal",
            "programme:proposal-invite",
            "programme:proposal-withdraw",
            "programme:proposal-confirm",
            "programme:proposal-file",
            "programme:invitation",
            "programme:review",
            "programme:review-assign",
            "programme:review-decide",
            "programme:review-proposal",
            "programme:review-conflict",
        ],
        covered_by("tests/programme/test_call_pages.py"),
    ),
    **dict.fromkeys(
        [
            "programme:schedule-editor",
            "programme:schedule-place",
            "programme:schedule-release",
            "programme:check-in",
        ],
        covered_by("tests/programme/test_call_pages.py"),
    ),
    # the programme team asks the classifier for a session's SDGs and confirms them
    "programme:session-sdgs": perm("programme.tag_goals"),
    # a speaker's own availability windows, or any speaker's for the team (object: speaker)
    "programme:availability": covered_by("tests/programme/test_availability.py"),
    # focus groups, initiatives and challenges: public reading (written in the back office)
    **dict.fromkeys(
        [
            "initiatives:index",
            "initiatives:deliverables",
            "initiatives:figures",
            "initiatives:challenge",
            "initiatives:group",
        ],
        READ,
    ),
    # AI governance: public reading; assessments per activity, entity and state
    **dict.fromkeys(
        [
            "governance:index",
            "governance:questionnaire",
            "governance:figures",
            "governance:activities",
            "governance:activity",
            "governance:instruments",
            "governance:crosswalk",
            "governance:instrument",
            "governance:policies",
            "governance:policies-csv",
            "governance:country",
        ],
        READ,
    ),
    **dict.fromkeys(
        [
            "governance:start",
            "governance:assessment",
            "governance:assessment-submit",
            "governance:assessment-action",
            "governance:assessment-sign-off",
        ],
        covered_by("tests/governance/test_assessments.py"),
    ),
    # the assessment beside a draft's 2-pager: per submission, entity and state
    "governance:submission-start": covered_by("tests/governance/test_submission_assessment.py"),
    "governance:review": perm("governance.review_queue"),
    # operations: health, readiness and metrics take GET only
    **dict.fromkeys(["ops:healthz", "ops:readyz", "ops:metrics"], READ),
}

#: every write operation of the JSON API ("METHOD /path") -> what it needs
API_WRITES: dict[str, Need] = {
    "POST /submissions": PER_OBJECT,
    "PUT /submissions/{submission_id}": PER_OBJECT,
    "POST /submissions/{submission_id}/submit": PER_OBJECT,
    "POST /submissions/{submission_id}/withdraw": PER_OBJECT,
    "POST /submissions/{submission_id}/decision": PER_OBJECT,
    # anyone registers for an event and cancels with the link's token
    "POST /programme/events/{slug}/registrations": PUBLIC,
    "POST /programme/registrations/{token}/cancel": PUBLIC,
}

#: the back office: every route of the admin site needs this rule
BACK_OFFICE = "accounts.use_back_office"

#: a value for each URL parameter (the objects need not exist: gates come first)
KWARGS = {
    "public_id": "A000001",
    "year": 2024,
    "figure_id": "f1",
    "build_id": 1,
    "token": "t0ken",
    "index": 1,
    "pk": 1,
    "invitation_id": 1,
    "uidb64": "MQ",
    "kind": "invitation",
    "token_id": 1,
    "task_id": "00000000-0000-0000-0000-000000000000",
    "key": "summary",
    "acronym": "FG-AI4H",
    "submission_id": 1,
    "history_id": 1,
    "organization_id": 1,
    "slug": "summit",
    "track": "health",
    "ref": "WHO",
    "number": 3,
    "alpha3": "FRA",
    "language": "fr",
}


def _walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = ":".join(filter(None, [namespace, p.namespace or ""]))
            found += _walk(p.url_patterns, inner)
        elif p.name:
            found.append((f"{namespace}:{p.name}" if namespace else p.name, p))
    return found


def page_routes() -> dict[str, URLPattern]:
    """Every named page route of the URL configuration, but the API's (its router says)."""
    return {n: p for n, p in _walk(get_resolver().url_patterns) if not n.startswith("api:")}


def api_operations() -> set[str]:
    """Every operation of the ninja API, as "METHOD /path"."""
    found = set()
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                found |= {f"{m} {prefix}{path}" for m in operation.methods}
    return found


def url_of(name: str) -> str:
    pattern = page_routes()[name]
    kwargs = {k: KWARGS[k] for k in pattern.pattern.converters}
    return reverse(name, kwargs=kwargs or None)


# -- every route is declared ----------------------------------------------------------------


def test_every_page_route_is_declared():
    pages = {n for n in page_routes() if not n.startswith("admin:")}
    assert len(pages) > 80, "the resolver's routes were found"
    missing = sorted(pages - set(PAGES))
    assert not missing, f"declare who may use these routes in PAGES: {missing}"
    stale = sorted(set(PAGES) - pages)
    assert not stale, f"no such routes any more, remove them from PAGES: {stale}"


def test_every_url_parameter_has_a_value():
    missing = {
        key
        for name, p in page_routes().items()
        if not name.startswith("admin:")
        for key in p.pattern.converters
        if key not in KWARGS
    }
    assert not missing, f"add a value to KWARGS for {missing}"


def test_every_api_write_is_declared():
    operations = api_operations()
    assert any(o.startswith("GET ") for o in operations), "the routers' operations were found"
    writes = {o for o in operations if o.split(" ", 1)[0] in WRITE_METHODS}
    missing = sorted(writes - set(API_WRITES))
    assert not missing, f"declare who may use these API operations in API_WRITES: {missing}"
    stale = sorted(set(API_WRITES) - writes)
    assert not stale, f"no such operations any more, remove them from API_WRITES: {stale}"


def test_every_permission_named_exists():
    import rules

    named = {n.perm for n in PAGES.values() if n.perm} | {BACK_OFFICE}
    assert all(rules.perm_exists(p) for p in named), named


def test_routes_covered_by_an_apps_tests_name_a_test_that_walks_them():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for name, need in PAGES.items():
        if need.kind == "covered":
            module = root / need.tests
            assert module.is_file(), f"{name}: {need.tests} does not exist"
            route = name.split(":", 1)[1]
            text = module.read_text()
            assert f":{route}" in text or f"/{route.split('-')[0]}" in text, (
                f"{name}: {need.tests} never calls this route"
            )


def test_object_level_routes_have_rows_in_the_submissions_matrix():
    from tests.submissions.test_permissions_matrix import MATRIX, ROUTES

    in_matrix = {ROUTES[route].target for route, *_ in MATRIX}
    pages = {n for n, need in PAGES.items() if need is PER_OBJECT}
    operations = {o for o, need in API_WRITES.items() if need is PER_OBJECT}
    assert pages <= in_matrix, f"no row in MATRIX for {sorted(pages - in_matrix)}"
    assert operations <= in_matrix, f"no row in MATRIX for {sorted(operations - in_matrix)}"


# -- the gates --------------------------------------------------------------------------------


@pytest.fixture
def people(db) -> dict[str, User | None]:
    who = Organization.objects.create(
        acronym="WHO", name="World Health Organization", kind="un_entity"
    )

    def make(email: str, role: str) -> User:
        user = User.objects.create_user(email=email, password="a long passphrase 123", role=role)
        if role in {Role.FOCAL_POINT, Role.ENTITY_APPROVER}:
            user.organizations.add(who)
        return user

    return {
        "anonymous": None,
        "focal_point": make("focal@who.example", Role.FOCAL_POINT),
        "entity_approver": make("approver@who.example", Role.ENTITY_APPROVER),
        "reviewer": make("reviewer@un.example", Role.REVIEWER),
        "admin": make("admin@un.example", Role.ADMIN),
    }


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def is_login_redirect(response: Any) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and (
        "/account/login/" in location or "/admin/login/" in location
    )


GATED = sorted(n for n, need in PAGES.items() if need.kind == "perm")


@pytest.mark.parametrize("name", GATED)
def test_a_write_route_asks_its_rule(people, name):
    need = PAGES[name]
    url = url_of(name)
    anonymous = client_of(None).post(url, {})
    assert is_login_redirect(anonymous), (anonymous.status_code, anonymous.get("Location"))
    allowed_once = False
    for role, user in people.items():
        if user is None:
            continue
        response = client_of(user).post(url, {})
        if allowed(user, need.perm):
            allowed_once = True
            assert response.status_code not in {401, 403}, (role, response.status_code)
            assert not is_login_redirect(response), role
        else:
            assert response.status_code in {403, 404}, (role, response.status_code)
    assert allowed_once, f"nobody may use {name}: is {need.perm} right?"


@pytest.mark.parametrize("name", sorted(n for n, need in PAGES.items() if need is SIGNED_IN))
def test_a_signed_in_route_sends_visitors_to_the_sign_in_page(people, name):
    assert is_login_redirect(client_of(None).post(url_of(name), {}))
    response = client_of(people["focal_point"]).post(url_of(name), {})
    assert response.status_code not in {401, 403} and not is_login_redirect(response)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    skip = {"sessions.Session", "admin.LogEntry", "axes.AccessAttempt", "axes.AccessLog"}
    rows = {}
    for model in apps.get_models():
        if model._meta.label in skip or not model._meta.managed:
            continue
        values = list(model._default_manager.order_by("pk").values())
        for row in values:
            row.pop("last_login", None)
        rows[model._meta.label] = values
    return rows


@pytest.mark.parametrize("name", sorted(n for n, need in PAGES.items() if need is READ))
def test_a_read_only_route_changes_nothing_when_posted_to(people, name):
    client = client_of(people["admin"])
    before = snapshot()
    response = client.post(url_of(name), {"version": 1, "confirm": "yes"})
    assert response.status_code < 500, response.status_code
    assert snapshot() == before, f"{name} is declared read-only but a POST changed the database"


def test_the_back_office_needs_an_administrator(people):
    """Every model's list of the admin site (which takes the bulk actions' POST): signed
    out to its sign-in page, signed in without the rule 403, an administrator gets it."""
    names = [n for n in page_routes() if n.startswith("admin:") and n.endswith("_changelist")]
    assert len(names) > 10
    for name in names:
        url = reverse(name)
        assert is_login_redirect(client_of(None).post(url, {})), name
        for role, user in people.items():
            if user is None:
                continue
            response = client_of(user).get(url)
            if allowed(user, BACK_OFFICE):
                assert response.status_code == 200, (name, role, response.status_code)
            else:
                assert response.status_code == 403, (name, role, response.status_code)


@pytest.mark.parametrize("operation", sorted(o for o, need in API_WRITES.items() if need is PUBLIC))
def test_public_api_writes_need_no_credentials(operation):
    method, path = operation.split(" ", 1)
    url = "/api/v1" + path.format(slug="summit", token="t0ken")
    response = getattr(Client(), method.lower())(url, data={}, content_type="application/json")
    assert response.status_code not in {401, 403}, response.status_code
