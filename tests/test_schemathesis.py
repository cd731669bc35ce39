"""Schemathesis over the published OpenAPI document (/api/v1/openapi.json), against the
Django app through its WSGI handler: for generated requests to every operation — typed
and deliberately wrong ones, signed in with an API token and without — no answer is a 5xx
and every status is one the operation documents."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from aiatlas.accounts.models import Role, User
from aiatlas.accounts.services import create_api_token
from aiatlas.catalog.models import Edition, Organization
from aiatlas.submissions.models import Call, Submission

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
CHECKS = [not_a_server_error, status_code_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes database connections after each WSGI request; the test client turns
    that off (the test's transaction lives on the connection), so do the same here."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    """A focal point with a draft in an open call, so writes can succeed too."""
    who = Organization.objects.create(acronym="WHO", name="World Health Organization")
    edition = Edition.objects.create(year=2025, title="2025", status="open")
    call = Call.objects.create(edition=edition, deadline=timezone.localdate() + timedelta(days=9))
    user = User.objects.create_user(email="focal@who.example", password="x" * 20)
    user.role = Role.FOCAL_POINT
    user.save()
    user.organizations.set([who])
    for _ in range(3):
        Submission.objects.create(call=call, organization=who, created_by=user)
    _token, secret = create_api_token(user=user, name="schemathesis")
    return secret


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_only_documented_statuses_and_no_server_error(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


@pytest.mark.django_db
@schema.include(method="POST").parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_writes_without_credentials_are_documented_refusals(case):
    case.call_and_validate(checks=CHECKS)
