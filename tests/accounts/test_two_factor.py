"""Two-factor sign-in (TOTP): enrolment with a QR code, the code step after the password,
required of administrators and reviewers when AIATLAS_REQUIRE_2FA is on."""

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from aiatlas.accounts.models import Role
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
STEP = "/en/account/two-factor/"


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _sign_in(user):
    browser = Client()
    response = browser.post("/en/account/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


@pytest.fixture
def require_2fa(settings):
    settings.AIATLAS_REQUIRE_2FA = True


def test_two_factor_required_for_reviewer_sends_every_page_to_enrolment(make_user, require_2fa):
    user = make_user(email="rev@example.org", role=Role.REVIEWER)
    browser = _sign_in(user)
    response = browser.get("/en/account/tokens/")
    assert response.status_code == 302
    assert response["Location"].startswith(STEP + "?next=")
    page = browser.get(STEP)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "Your role requires two-factor sign-in" in html
    svg = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    assert base64.b64decode(svg).lstrip().startswith(b"<?xml") or b"<svg" in base64.b64decode(svg)
    assert "<script" not in html.split("</header>", 1)[1]  # no inline script for the QR code
    # API calls with the session are refused too (403 JSON, not a redirect)
    api = browser.get("/api/v1/submissions")
    assert api.status_code == 403 and "two-factor" in api.json()["detail"]


def test_two_factor_enrolment_with_the_right_code_confirms_and_continues(make_user, require_2fa):
    user = make_user(email="rev@example.org", role=Role.REVIEWER)
    browser = _sign_in(user)
    browser.get(STEP)
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    wrong = browser.post(STEP, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and b"That code is not right" in wrong.content
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the throttle of django-otp would wait otherwise
    device.throttling_failure_timestamp = None
    device.save()
    response = browser.post(STEP, {"code": _code(device), "next": "/en/account/tokens/"})
    assert response.status_code == 302 and response["Location"] == "/en/account/tokens/"
    device.refresh_from_db()
    assert device.confirmed
    assert browser.get("/en/account/tokens/").status_code == 200


def test_two_factor_enrolled_user_is_asked_for_the_code_at_every_sign_in(make_user):
    user = make_user()  # a focal point who chose two-factor sign-in (not required)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    browser = _sign_in(user)
    response = browser.get("/en/account/")
    assert response.status_code == 302 and response["Location"].startswith(STEP)
    page = browser.get(STEP).content.decode()
    assert "Enter the code" in page and "data:image/svg" not in page  # no new QR code
    device = TOTPDevice.objects.get(user=user)
    assert browser.post(STEP, {"code": _code(device)}).status_code == 302
    assert browser.get("/en/account/").status_code == 200


def test_two_factor_not_required_without_the_setting_or_for_focal_points(make_user, settings):
    reviewer = make_user(email="rev@example.org", role=Role.REVIEWER)
    assert _sign_in(reviewer).get("/en/account/").status_code == 200
    settings.AIATLAS_REQUIRE_2FA = True
    focal = make_user(email="focal@example.org")
    assert _sign_in(focal).get("/en/account/").status_code == 200


def test_two_factor_step_ignores_an_offsite_next(make_user, require_2fa):
    user = make_user(email="admin@example.org", role=Role.ADMIN)
    browser = _sign_in(user)
    browser.get(STEP)
    device = TOTPDevice.objects.get(user=user)
    response = browser.post(STEP, {"code": _code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/en/account/"


@pytest.mark.parametrize("code", ["", "abcdef", "1" * 13, "12 34"])
def test_two_factor_malformed_codes_are_form_errors(make_user, require_2fa, code):
    user = make_user(email="rev@example.org", role=Role.REVIEWER)
    browser = _sign_in(user)
    response = browser.post(STEP, {"code": code})
    assert response.status_code == 200
    errors = response.context["form"].errors["code"]  # the form again, saying what is wrong
    assert errors and all(str(e) in response.content.decode() for e in errors)
    assert browser.get("/en/account/").status_code == 302  # still not verified
