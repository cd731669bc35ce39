"""Response headers and error pages that keep the site safe by default.

* :class:`SecurityHeadersMiddleware` adds a strict Content-Security-Policy and a
  Permissions-Policy to every response (pages, API, downloads, static files); Django's
  ``SecurityMiddleware`` adds HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy.
* :class:`SettingsFreeExceptionReporter` is the debug page of development: the traceback
  without the settings, the request's environment or any frame's variables, so no page
  ever shows a password, a key or the database address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.debug import ExceptionReporter

#: no inline script or style anywhere: every page loads its code and styles from /static/
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
#: browser features the site never uses
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Sets Content-Security-Policy and Permissions-Policy unless a view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class SettingsFreeExceptionReporter(ExceptionReporter):
    """Django's technical 500 page with the settings, the request environment and the
    local variables left out (they can hold the database URL, SMTP password or keys)."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        data["settings"] = {}
        data["request_meta"] = {}
        data["request_COOKIES_items"] = []
        for frame in data.get("frames", []):
            frame["vars"] = []
        return data
