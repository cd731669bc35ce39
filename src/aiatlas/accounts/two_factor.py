"""Two-factor sign-in with a time-based one-time code (TOTP, django-otp).

Anyone may add an authenticator app on their account page; once added, every sign-in asks
for its 6-digit code. With ``AIATLAS_REQUIRE_2FA=true`` administrators and reviewers
(``accounts.require_two_factor`` in :mod:`aiatlas.accounts.rules`) must add one: until
they have confirmed a code, :class:`RequireTwoFactorMiddleware` sends every page to the
two-factor step (API calls with the session get 403).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from aiatlas.config import require_two_factor

#: pages an unverified user may still open
EXEMPT_VIEWS = {"accounts:two-factor", "accounts:logout"}
TOTP_ISSUER = "aiatlas"


def confirmed_device(user: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: Any) -> Any:
    """The not yet confirmed authenticator of ``user`` (created on first use)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    return device


def must_enrol(user: Any) -> bool:
    return require_two_factor() and bool(user.has_perm("accounts.require_two_factor"))


#: session key: whether the signed-in user had a confirmed authenticator (looked up once
#: per session, not on every request)
_HAS_DEVICE = "aiatlas_otp_device"


def needs_verification(user: Any, session: Any = None) -> bool:
    """Signed in with a password only, but a code is required for this user."""
    if not user.is_authenticated or user.is_verified():
        return False
    if must_enrol(user):
        return True
    if session is None:
        return confirmed_device(user) is not None
    if _HAS_DEVICE not in session:
        session[_HAS_DEVICE] = confirmed_device(user) is not None
    return bool(session[_HAS_DEVICE])


def verify_code(*, request: HttpRequest, code: str) -> bool:
    """Check ``code`` against the user's authenticator (confirming a new one) and mark the
    session verified. False when the code is wrong or too many wrong codes came in."""
    from django_otp import login as otp_login

    user = request.user
    code = "".join(code.split())
    if not code.isdigit() or len(code) not in {6, 8}:
        return False
    device = confirmed_device(user) or pending_device(user)
    allowed, _info = device.verify_is_allowed()
    if not allowed or not device.verify_token(code):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def qr_code_data_uri(device: Any) -> str:
    """The device's otpauth:// address as an SVG QR code in a data: URI (no script)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=8, border=2)
    svg = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def manual_key(device: Any) -> str:
    """The secret in base32, in groups of four, for typing into an app."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class RequireTwoFactorMiddleware:
    """After ``django_otp.middleware.OTPMiddleware``: no page for a session that still owes
    its one-time code, except the two-factor step and signing out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if needs_verification(request.user, session) and not self._exempt(request.path_info):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": "two-factor verification required: sign in again in the web app"},
                    status=403,
                )
            target = reverse("accounts:two-factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/i18n/")):
            return True
        try:
            return resolve(path).view_name in EXEMPT_VIEWS
        except Resolver404:
            return False
