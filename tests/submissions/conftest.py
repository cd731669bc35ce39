"""Fixtures of the submission tests: an entity with a 2024 activity, an open 2025 call, and
one user per role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from aiatlas.accounts.models import Role, User
from aiatlas.catalog.models import Edition, Organization
from aiatlas.catalog.services.activities import save_activity
from aiatlas.submissions.models import Call

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def who(db):
    return Organization.objects.create(
        acronym="WHO", name="World Health Organization", kind="un_entity"
    )


@pytest.fixture
def fao(db):
    return Organization.objects.create(
        acronym="FAO", name="Food and Agriculture Organization", kind="un_entity"
    )


@pytest.fixture
def make_user(db):
    def make(email, role, orgs=()):
        user = User.objects.create_user(email=email, password=PASSWORD, role=role)
        user.organizations.set(orgs)
        return user

    return make


@pytest.fixture
def users(make_user, who, fao):
    return {
        "admin": make_user("admin@example.org", Role.ADMIN),
        "reviewer": make_user("reviewer@example.org", Role.REVIEWER),
        "focal": make_user("focal@who.example", Role.FOCAL_POINT, [who]),
        "other_focal": make_user("focal@fao.example", Role.FOCAL_POINT, [fao]),
        "approver": make_user("approver@fao.example", Role.ENTITY_APPROVER, [fao]),
    }


@pytest.fixture
def old_activity(who):
    # released (its activities are public) but not published
    Edition.objects.create(
        year=2024, title="UN Activities on AI 2024", release_at=timezone.now() - timedelta(days=1)
    )
    return save_activity(
        record={
            "title": "Digital health triage assistant",
            "description": "A chatbot that helps community health workers triage patients "
            "with machine learning models trained on clinical guidelines.",
            "lead_organization": "WHO",
            "editions": [2024],
            "sdg_goals": [{"code": "3", "source": "submitter", "evidence": ""}],
        }
    )


@pytest.fixture
def call(db, old_activity):
    edition = Edition.objects.create(year=2025, title="UN Activities on AI 2025", status="open")
    return Call.objects.create(edition=edition, deadline=timezone.localdate() + timedelta(days=30))


GOOD_RECORD = {
    "title": "Crop disease detection from phone photos",
    "kind": "project",
    "description": "Farmers photograph leaves; a computer vision model trained with "
    "extension officers identifies cassava diseases and suggests treatment.",
    "status": "ongoing",
    "start_year": "2023",
    "countries": ["KEN", "UGA"],
    "technologies": ["computer_vision"],
    "sdg_goals": [{"code": "2", "source": "submitter", "evidence": ""}],
}
