"""Roles and object permissions (rules); the admin site is for administrators only."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from aiatlas.accounts.admin_site import AtlasAdminSite
from aiatlas.accounts.models import Role
from aiatlas.accounts.rules import (
    is_admin,
    is_entity_approver_of,
    is_focal_point_of,
    is_reviewer,
)
from aiatlas.catalog.choices import EditionStatus
from aiatlas.catalog.models import Activity, Edition
from aiatlas.common.rules import allowed
from aiatlas.submissions.models import State, Submission

pytestmark = pytest.mark.django_db


def test_predicates_follow_role_and_organization(make_user, org, other_org):
    admin_user = make_user("a@x.org", Role.ADMIN)
    reviewer = make_user("r@x.org", Role.REVIEWER)
    focal = make_user("f@x.org", Role.FOCAL_POINT, [org])
    approver = make_user("e@x.org", Role.ENTITY_APPROVER, [org])
    assert is_admin(admin_user) and not is_admin(reviewer)
    assert is_reviewer(reviewer) and not is_reviewer(focal)
    assert is_focal_point_of(focal, org) and not is_focal_point_of(focal, other_org)
    assert not is_focal_point_of(approver, org)
    assert is_entity_approver_of(approver, org) and not is_entity_approver_of(approver, other_org)
    assert not is_focal_point_of(focal, None)


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        (Role.ADMIN, True, True),
        (Role.REVIEWER, False, False),
        (Role.FOCAL_POINT, True, False),
        (Role.ENTITY_APPROVER, False, False),
    ],
)
def test_writing_for_an_organization_is_object_level(make_user, org, other_org, role, own, other):
    user = make_user("u@x.org", role, [org])
    assert allowed(user, "submissions.write_for", org) is own
    assert allowed(user, "submissions.write_for", other_org) is other
    # an activity (anything with lead_organization_id) is checked by its lead organization
    assert allowed(user, "submissions.write_for", Activity(lead_organization=org)) is own


def test_inactive_and_anonymous_users_have_no_permissions(make_user, org):
    from django.contrib.auth.models import AnonymousUser

    focal = make_user("f@x.org", Role.FOCAL_POINT, [org], is_active=False)
    assert not allowed(focal, "submissions.write_for", org)
    assert not allowed(AnonymousUser(), "submissions.write_for", org)
    assert not allowed(None, "accounts.is_admin")


def test_review_and_back_office_permissions(make_user, org):
    reviewer = make_user("r@x.org", Role.REVIEWER)
    approver = make_user("e@x.org", Role.ENTITY_APPROVER, [org])
    admin_user = make_user("a@x.org", Role.ADMIN)
    in_review = Submission(organization=org, state=State.IN_REVIEW)
    awaiting = Submission(organization=org, state=State.ENTITY_REVIEW)
    assert allowed(reviewer, "submissions.review", in_review)
    assert not allowed(reviewer, "submissions.review", awaiting)
    assert not allowed(reviewer, "accounts.manage_users")
    assert allowed(approver, "submissions.approve_for_entity", awaiting)
    assert not allowed(approver, "submissions.approve_for_entity", in_review)
    assert not allowed(approver, "submissions.review", in_review)
    assert allowed(admin_user, "accounts.manage_users") and allowed(
        admin_user, "accounts.view_outbox"
    )


@pytest.mark.parametrize(
    ("perm", "state", "expected"),
    [
        ("submissions.edit_draft", State.DRAFT, True),
        ("submissions.edit_draft", State.CHANGES_REQUESTED, True),
        ("submissions.edit_draft", State.IN_REVIEW, False),
        ("submissions.submit", State.APPROVED, False),
        ("submissions.withdraw", State.ENTITY_REVIEW, True),
        ("submissions.withdraw", State.APPROVED, False),
        ("submissions.withdraw", State.WITHDRAWN, False),
        ("submissions.restore_version", State.DRAFT, True),
        ("submissions.restore_version", State.PUBLISHED, False),
    ],
)
def test_state_rules_hold_for_administrators_too(make_user, org, perm, state, expected):
    """Django's superuser shortcut gives an administrator every permission through
    ``user.has_perm``; the rules asked through ``allowed`` keep the state rule."""
    admin_user = make_user("a@x.org", Role.ADMIN)
    submission = Submission(organization=org, state=state)
    assert admin_user.has_perm(perm, submission)  # the shortcut: why views ask allowed()
    assert allowed(admin_user, perm, submission) is expected


def test_asking_an_unknown_permission_is_a_programming_error(make_user):
    with pytest.raises(KeyError, match="no rule is registered"):
        allowed(make_user("a@x.org", Role.ADMIN), "submissions.edit_drafts")


def test_roles_are_asked_by_name_from_apps_below_accounts(make_user, org):
    reviewer = make_user("r@x.org", Role.REVIEWER)
    focal = make_user("f@x.org", Role.FOCAL_POINT, [org])
    admin_user = make_user("a@x.org", Role.ADMIN)
    assert allowed(reviewer, "classify.curate") and not allowed(focal, "classify.curate")
    assert allowed(admin_user, "report.build") and not allowed(reviewer, "report.build")
    assert allowed(focal, "catalog.view_embargoed", Activity(lead_organization=org))
    assert not allowed(focal, "catalog.publish_edition")
    assert allowed(admin_user, "catalog.publish_edition", Edition(year=2030))
    assert not allowed(
        admin_user, "catalog.publish_edition", Edition(year=2030, status=EditionStatus.PUBLISHED)
    )


def test_only_admins_are_staff(make_user):
    reviewer = make_user("r@x.org", Role.REVIEWER, is_staff=True, is_superuser=True)
    assert not reviewer.is_staff and not reviewer.is_superuser
    assert make_user("a@x.org", Role.ADMIN).is_staff


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.FOCAL_POINT, Role.ENTITY_APPROVER])
def test_default_admin_site_refuses_non_admins(client, make_user, org, role):
    client.force_login(make_user("u@x.org", role, [org]))
    response = client.get("/admin/")
    assert response.status_code in (302, 403)  # 403 once AtlasAdminConfig is installed
    assert client.get("/admin/accounts/user/").status_code in (302, 403)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.FOCAL_POINT, Role.ENTITY_APPROVER])
def test_atlas_admin_site_gives_403_to_non_admins(client, make_user, org, role):
    client.force_login(make_user("u@x.org", role, [org]))
    assert client.get("/atlas-admin/").status_code == 403
    assert client.get("/atlas-admin/login/").status_code == 403
    request = RequestFactory().get("/admin/")
    request.user = make_user("v@x.org", role, [org])
    assert not AtlasAdminSite().has_permission(request)


def test_atlas_admin_site_sends_anonymous_to_its_login(client):
    response = client.get("/atlas-admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_admins_use_the_back_office(client, make_user):
    client.force_login(make_user("a@x.org", Role.ADMIN))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    request = RequestFactory().get("/admin/")
    request.user = make_user("b@x.org", Role.ADMIN)
    assert AtlasAdminSite().has_permission(request)


def test_outbox_page_is_for_admins_only(client, make_user):
    client.force_login(make_user("r@x.org", Role.REVIEWER))
    assert client.get("/en/account/outbox/").status_code == 403
    client.logout()
    assert client.get("/en/account/outbox/").status_code == 302  # anonymous: sign in first
