from __future__ import annotations

import pytest

from aiatlas.accounts.models import Role, User
from aiatlas.catalog.models import Organization

PASSWORD = "correct horse battery staple 42"


@pytest.fixture(autouse=True)
def _account_urls(settings):
    settings.ROOT_URLCONF = "tests.accounts.urls"
    settings.AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"


@pytest.fixture
def org(db):
    return Organization.objects.create(
        acronym="WHO", name="World Health Organization", kind="un_entity"
    )


@pytest.fixture
def other_org(db):
    return Organization.objects.create(
        acronym="FAO", name="Food and Agriculture Organization", kind="un_entity"
    )


@pytest.fixture
def make_user(db):
    def make(email="user@example.org", role=Role.FOCAL_POINT, orgs=(), password=PASSWORD, **kw):
        user = User.objects.create_user(email=email, password=password, role=role, **kw)
        user.organizations.set(orgs)
        return user

    return make
