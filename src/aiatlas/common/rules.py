"""How code asks who may do what: the one helper every service, view and template tag uses.

Each app keeps its rules in its own ``rules.py`` (django-rules predicates, registered as
permissions named after the app with :func:`register`: ``submissions.edit_draft``,
``survey.view_results``).
:func:`allowed` tests a rule itself. It does not go through Django's permission backends,
whose superuser shortcut would grant an administrator every permission whatever the
state (a draft in review would look editable to them).

Apps below ``accounts`` in the app order (catalog, classify, report) cannot import its
role predicates; they ask the role permissions by name with :func:`asks`:

    is_secretariat = asks("accounts.is_secretariat")
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from rules.permissions import add_perm
from rules.predicates import Predicate

View = Callable[..., HttpResponse]


def register(name: str, predicate: Predicate) -> None:
    """Register ``predicate`` as the permission ``name`` (``app.verb``), in the app's
    ``rules.py``."""
    add_perm(name, predicate)  # type: ignore[no-untyped-call]


def allowed(user: Any, perm: str, obj: Any = None) -> bool:
    """Whether ``user`` may ``perm`` (to ``obj``), by the rule registered under ``perm``.

    An unknown permission name is a programming error (KeyError), not a refusal."""
    if not rules.perm_exists(perm):  # type: ignore[no-untyped-call]
        raise KeyError(f"no rule is registered as {perm!r}")
    return bool(user is not None and rules.has_perm(perm, user, obj))  # type: ignore[no-untyped-call]


def asks(perm: str) -> Predicate:
    """A predicate that asks the permission ``perm`` of another app by its name."""

    def ask(user: Any, obj: Any = None) -> bool:
        return allowed(user, perm, obj)

    ask.__name__ = perm.replace(".", "_")
    return Predicate(ask, name=perm)


def permission_required(perm: str) -> Callable[[View], View]:
    """A view decorator: signed-out visitors are sent to the sign-in page; signed-in users
    whom the rule ``perm`` refuses get 403. (For object-level rules, ask :func:`allowed`
    in the view once the object is loaded.)"""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not allowed(user, perm):
                raise PermissionDenied(gettext("You may not do this."))
            return view(request, *args, **kwargs)

        return guarded

    return decorate
