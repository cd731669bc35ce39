"""The back office for administrators only: everyone else gets 403, not a login form.

Enable it with ``"aiatlas.accounts.admin_site.AtlasAdminConfig"`` in place of
``"django.contrib.admin"`` in INSTALLED_APPS. Who may use it is the rule
``accounts.use_back_office`` (accounts/rules.py, which also sets Django's own staff flags
from the role, so Django's default site admits nobody else either).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from aiatlas.common.rules import allowed


def is_admin_user(user: Any) -> bool:
    return allowed(user, "accounts.use_back_office")


class AtlasAdminSite(AdminSite):
    site_header = "aiatlas back office"
    site_title = "aiatlas"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # signed in but not an administrator: a clear refusal, not a login loop
            if request.user.is_authenticated and not is_admin_user(request.user):
                raise PermissionDenied("Only administrators may use the back office.")
            response: HttpResponse = inner(request, *args, **kwargs)
            return response

        return guarded

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated and not is_admin_user(request.user):
            raise PermissionDenied("Only administrators may use the back office.")
        return super().login(request, extra_context)


class AtlasAdminConfig(AdminConfig):
    default_site = "aiatlas.accounts.admin_site.AtlasAdminSite"
