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
from aiatlas.catalog.models import Activity

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
def test_change_activity_draft_is_object_level(make_user, org, other_org, role, own, other):
    user = make_user("u@x.org", role, [org])
    assert user.has_perm("catalog.change_activity_draft", org) is own
    assert user.has_perm("catalog.change_activity_draft", other_org) is other
    # an activity (anything with lead_organization_id) is checked by its lead organization
    assert user.has_perm("catalog.change_activity_draft", Activity(lead_organization=org)) is own


def test_inactive_and_anonymous_users_have_no_permissions(make_user, org):
    from django.contrib.auth.models import AnonymousUser

    focal = make_user("f@x.org", Role.FOCAL_POINT, [org], is_active=False)
    assert not focal.has_perm("catalog.change_activity_draft", org)
    assert not AnonymousUser().has_perm("catalog.change_activity_draft", org)


def test_review_and_back_office_permissions(make_user, org):
    reviewer = make_user("r@x.org", Role.REVIEWER)
    approver = make_user("e@x.org", Role.ENTITY_APPROVER, [org])
    admin_user = make_user("a@x.org", Role.ADMIN)
    assert reviewer.has_perm("catalog.review_activity")
    assert not reviewer.has_perm("accounts.manage_users")
    assert approver.has_perm("catalog.approve_activity_for_entity", org)
    assert not approver.has_perm("catalog.review_activity")
    assert admin_user.has_perm("accounts.manage_users") and admin_user.has_perm(
        "accounts.view_outbox"
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
