"""The respondent's pages: a personal link, no account, one page per group, plain HTML
forms (no JavaScript needed), CSRF-protected POSTs and redirects after each save."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from aiatlas.common.downloads import attachment
from aiatlas.survey import engine
from aiatlas.survey.exceptions import (
    AlreadySubmitted,
    StaleResponse,
    SurveyClosed,
    TokenInvalid,
)
from aiatlas.survey.form import walk
from aiatlas.survey.logic import logic_spec, public_answers
from aiatlas.survey.render import page_widgets, receipt_rows
from aiatlas.survey.services import responses
from aiatlas.survey.services.responses import Incomplete, Session


def _session(token: str) -> Session:
    try:
        return responses.open_session(token=token, language=get_language())
    except TokenInvalid:
        raise Http404("unknown link") from None


def _closed(request: HttpRequest, s: Session, message: str, status: int) -> HttpResponse:
    return render(request, "survey/closed.html", {"s": s, "message": message}, status=status)


def _not_open(request: HttpRequest, s: Session) -> HttpResponse:
    """The survey is closed, or not open yet."""
    if s.survey.has_closed():
        return _closed(request, s, _("This survey is closed."), 403)
    return _closed(request, s, _("This survey is not open yet."), 403)


def _refused(
    request: HttpRequest, s: Session, exc: SurveyClosed | AlreadySubmitted
) -> HttpResponse:
    """A save refused: the survey is not open (403), or the response was submitted (409)."""
    return _closed(request, s, str(exc), 403 if isinstance(exc, SurveyClosed) else 409)


def _page_context(
    s: Session,
    index: int,
    answers: dict[str, Any],
    errors: dict[str, str] | None = None,
    raw: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    form = s.form
    page = form.pages[index]
    widgets = page_widgets(form, page, answers, s.lang, errors, raw)
    ev = engine.Evaluator(form, answers)
    nav = [
        {
            "index": p.index,
            "label": form.text(p.label, s.lang) or p.name,
            "current": p.index == index,
            "relevant": ev.page_relevant(p),
        }
        for p in form.pages
    ]
    return {
        "s": s,
        "page": page,
        "error_links": _error_links(widgets, errors or {}),
        "has_geopoint": any(n.get("type") == "geopoint" for n in walk(page.nodes)),
        "logic": {**logic_spec(form, s.lang), "answers": public_answers(answers)},
        "index": index,
        "widgets": widgets,
        "errors": errors or {},
        "page_label": form.text(page.label, s.lang),
        "nav": nav,
        "is_first": engine.next_page(form, answers, index, -1) is None,
        "is_last": engine.next_page(form, answers, index) is None,
        "languages": s.survey.form.get("languages", []),
    }


def _error_links(widgets: list[dict[str, Any]], errors: dict[str, str]) -> list[dict[str, str]]:
    """The error summary: one link per question with an error, in page order."""
    out: list[dict[str, str]] = []
    linked: set[str] = set()

    def walk(items: list[dict[str, Any]]) -> None:
        for w in items:
            if w["kind"] == "question":
                for key in (w["key"], w.get("other_key")):
                    if key and errors.get(key):
                        linked.add(key)
                        out.append({"id": w["id"], "label": w["label"], "message": errors[key]})
            walk(w.get("children", []))
            for inst in w.get("instances", []):
                walk(inst["children"])

    walk(widgets)
    # an error of a question not on the page (should not happen) still gets a line
    out += [
        {"id": "survey-form", "label": key, "message": msg}
        for key, msg in errors.items()
        if key not in linked
    ]
    return out


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    s = _session(token)
    if s.submitted and not s.editable:
        return HttpResponseRedirect(reverse("survey:receipt", args=[token]))
    if not s.survey.is_open():
        return _not_open(request, s)
    return render(
        request,
        "survey/start.html",
        {
            "s": s,
            "token": token,
            "first_page": engine.next_page(s.form, s.response.answers, -1) or 0,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, token: str, index: int) -> HttpResponse:
    s = _session(token)
    if not 0 <= index < len(s.form.pages):
        raise Http404("no such page")
    if not s.editable:
        if s.submitted and request.method == "POST":
            return _closed(request, s, _("This questionnaire has already been submitted."), 409)
        if s.submitted:
            return HttpResponseRedirect(reverse("survey:receipt", args=[token]))
        return _not_open(request, s)
    if request.method == "GET":
        ctx = _page_context(s, index, s.response.answers)
        ctx["saved"] = request.GET.get("saved") == "1"
        return render(request, "survey/page.html", ctx)
    post = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
    action = (post.get("_action") or ["next"])[-1]
    try:
        version = int((post.get("_version") or ["-1"])[-1])
    except ValueError:
        version = -1
    try:
        out = responses.save_page(
            token=token,
            page=index,
            post=post,
            version=version,
            action=action,
            language=get_language(),
            files={k: request.FILES[k] for k in request.FILES},
        )
    except TokenInvalid:
        raise Http404("unknown link") from None
    except (SurveyClosed, AlreadySubmitted) as exc:
        return _refused(request, s, exc)
    except StaleResponse as exc:
        s = _session(token)
        ctx = _page_context(s, index, s.response.answers)
        ctx["notice"] = str(exc)
        return render(request, "survey/page.html", ctx, status=409)
    if out.errors or (out.notice and out.goto == index) or not out.saved:
        s.response.version = out.version
        ctx = _page_context(s, index, out.answers, out.errors, out.raw)
        ctx["notice"] = out.notice
        return render(request, "survey/page.html", ctx, status=400 if out.errors else 200)
    if action == "save" or action.startswith(("add:", "remove:")):
        url = reverse("survey:page", args=[token, index])
        return HttpResponseRedirect(url + ("?saved=1" if action == "save" else ""))
    if out.goto is None:
        return HttpResponseRedirect(reverse("survey:review", args=[token]))
    return HttpResponseRedirect(reverse("survey:page", args=[token, out.goto]))


@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, token: str) -> HttpResponse:
    s = _session(token)
    if request.method == "POST":
        try:
            version = int(request.POST.get("_version", "-1"))
        except ValueError:
            version = -1
        try:
            responses.submit_response(token=token, version=version, language=get_language())
        except TokenInvalid:
            raise Http404("unknown link") from None
        except (SurveyClosed, AlreadySubmitted) as exc:
            return _refused(request, s, exc)
        except StaleResponse as exc:
            return _review(request, _session(token), notice=str(exc), status=409)
        except Incomplete as exc:
            return _review(request, s, problems=exc.errors, status=400)
        return HttpResponseRedirect(reverse("survey:receipt", args=[token]) + "?done=1")
    if s.submitted and not s.editable:
        return HttpResponseRedirect(reverse("survey:receipt", args=[token]))
    return _review(request, s)


def _review(
    request: HttpRequest,
    s: Session,
    notice: str = "",
    problems: dict[int, dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    from aiatlas.survey.engine import settle, validate_all

    answers = settle(s.form, s.response.answers)
    if problems is None:
        problems = validate_all(s.form, answers, s.lang)
    missing = [
        {"index": i, "label": s.form.text(s.form.pages[i].label, s.lang), "count": len(errs)}
        for i, errs in sorted(problems.items())
    ]
    return render(
        request,
        "survey/review.html",
        {
            "s": s,
            "rows": receipt_rows(s.form, answers, s.lang),
            "missing": missing,
            "notice": notice,
            "can_submit": s.editable and not s.submitted and not missing,
        },
        status=status,
    )


@never_cache
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    s = _session(token)
    if not s.submitted:
        return HttpResponseRedirect(reverse("survey:start", args=[token]))
    return render(
        request,
        "survey/receipt.html",
        {
            "s": s,
            "rows": receipt_rows(s.form, s.response.answers, s.lang),
            "done": request.GET.get("done") == "1",
        },
    )


@never_cache
def receipt_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt as a PDF download (only once the questionnaire is submitted)."""
    from aiatlas.survey.receipt import session_receipt_pdf

    s = _session(token)
    if not s.submitted:
        return HttpResponseRedirect(reverse("survey:start", args=[token]))
    filename = f"receipt-{s.invitation.country.alpha3}.pdf"
    return attachment(session_receipt_pdf(s), filename, "application/pdf")
