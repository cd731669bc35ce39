"""Staff pages: upload a questionnaire, preview it in every language, set its dates,
invite Member States from a CSV file and send reminders."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aiatlas.accounts.mail import MailNotConfigured, transport_configured
from aiatlas.accounts.queries import outbox_counts
from aiatlas.common.downloads import attachment
from aiatlas.common.rules import permission_required
from aiatlas.survey import queries as survey_queries
from aiatlas.survey.exceptions import BadImport, BadInvitations, FormRefused
from aiatlas.survey.form import Form
from aiatlas.survey.forms import ImportForm, InviteForm, SettingsForm, UploadForm
from aiatlas.survey.models import Response, Survey
from aiatlas.survey.render import page_widgets, receipt_rows
from aiatlas.survey.services import forms as form_services
from aiatlas.survey.services import imports, invitations
from aiatlas.survey.services import responses as response_services


def _survey(pk: int) -> Survey:
    survey = survey_queries.survey_by_id(pk)
    if survey is None:
        raise Http404("no such survey")
    return survey


@permission_required("survey.manage")
def survey_list(request: HttpRequest) -> HttpResponse:
    upload = UploadForm()
    errors: list[str] = []
    if request.method == "POST":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            f = request.FILES.get("file")
            name = str(getattr(f, "name", "") or "")
            try:
                survey, summary = form_services.create_survey(
                    data=upload.cleaned_data["file"],
                    filename=name,
                    title=upload.cleaned_data["title"],
                )
            except FormRefused as exc:
                errors = [str(e) for e in exc.errors]
            else:
                messages.success(
                    request,
                    _("Loaded: %(q)d questions on %(p)d pages.")
                    % {"q": summary.questions, "p": summary.pages},
                )
                for w in summary.warnings:
                    messages.warning(request, w)
                return HttpResponseRedirect(reverse("survey:manage-detail", args=[survey.pk]))
    return render(
        request,
        "survey/manage_list.html",
        {
            "surveys": form_services.all_surveys(),
            "upload": upload,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@permission_required("survey.manage")
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    rounds = survey_queries.other_surveys(survey)
    settings_form = SettingsForm(
        initial={
            "title": survey.title,
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
            "allow_edits": survey.allow_edits,
            "results_public": survey.results_public,
            "country_pages": survey.country_pages,
            "previous_round": survey.previous_round_id,
        },
        rounds=rounds,
    )
    if request.method == "POST":
        settings_form = SettingsForm(request.POST, rounds=rounds)
        if settings_form.is_valid():
            d = settings_form.cleaned_data
            try:
                form_services.update_survey(
                    survey_id=survey.pk,
                    title=d["title"],
                    opens_at=d["opens_at"],
                    closes_at=d["closes_at"],
                    allow_edits=d["allow_edits"],
                    results_public=d["results_public"],
                    country_pages=d["country_pages"],
                    previous_round_id=d["previous_round"],
                )
            except ValueError as exc:
                settings_form.add_error("previous_round", str(exc))
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("survey:manage-detail", args=[pk]))
    invitations_qs = survey_queries.invitations_with_responses(survey)
    preview = reverse("survey:preview", args=[pk, 0])
    return render(
        request,
        "survey/manage_detail.html",
        {
            "survey": survey,
            "settings_form": settings_form,
            "invite_form": InviteForm(),
            "import_form": ImportForm(),
            "invitations": invitations_qs,
            "previews": [
                {
                    "code": lang["code"],
                    "name": lang["name"],
                    "url": translate_url(preview, lang["code"]),
                }
                for lang in survey.form.get("languages", [])
            ],
            "outbox": outbox_counts(topic=invitations.topic_of(survey)),
            "pending": invitations.pending_invitations(survey).count(),
            "responses": survey_queries.response_count(survey),
            "mail_configured": transport_configured(),
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required("survey.manage")
def preview(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    survey = _survey(pk)
    form = Form(survey.form)
    if not 0 <= index < len(form.pages):
        raise Http404("no such page")
    lang = form.language_for(request.GET.get("lang") or get_language())
    page = form.pages[index]
    return render(
        request,
        "survey/preview.html",
        {
            "survey": survey,
            "page": page,
            "index": index,
            "lang": lang,
            "page_label": form.text(page.label, lang),
            "widgets": page_widgets(form, page, {}, lang),
            "pages": [
                {
                    "index": p.index,
                    "label": form.text(p.label, lang) or p.name,
                    "relevant": p.relevant,
                }
                for p in form.pages
            ],
            "languages": survey.form.get("languages", []),
        },
    )


@permission_required("survey.manage")
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    f = InviteForm(request.POST, request.FILES)
    if not f.is_valid():
        messages.error(request, _("Choose a CSV file."))
    else:
        try:
            done = invitations.invite_from_csv(survey_id=survey.pk, data=f.cleaned_data["file"])
        except BadInvitations as exc:
            for e in exc.errors:
                messages.error(request, e)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d invitation is waiting in the outbox.",
                    "%(n)d invitations are waiting in the outbox.",
                    len(done),
                )
                % {"n": len(done)},
            )
    return HttpResponseRedirect(reverse("survey:manage-detail", args=[pk]))


@permission_required("survey.manage")
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    done = invitations.remind(survey_id=survey.pk)
    messages.success(
        request,
        ngettext(
            "%(n)d reminder is waiting in the outbox.",
            "%(n)d reminders are waiting in the outbox.",
            len(done),
        )
        % {"n": len(done)},
    )
    return HttpResponseRedirect(reverse("survey:manage-detail", args=[pk]))


@permission_required("survey.manage")
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the survey's waiting messages now (the worker also sends them on its own)."""
    survey = _survey(pk)
    try:
        sent, failed = invitations.send_outbox()
    except MailNotConfigured as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(sent)d sent, %(failed)d failed.") % {"sent": sent, "failed": failed}
        )
    return HttpResponseRedirect(reverse("survey:manage-detail", args=[survey.pk]))


@permission_required("survey.manage")
def response_list(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per invitation: its status, when it was submitted and whether it is checked."""
    survey = _survey(pk)
    status = request.GET.get("status", "")
    checked = request.GET.get("checked", "")
    rows = survey_queries.invitations_with_responses(survey, status=status, checked=checked)
    return render(
        request,
        "survey/manage_responses.html",
        {
            "survey": survey,
            "rows": rows,
            "status": status,
            "checked": checked,
            "statuses": [
                ("submitted", _("submitted")),
                ("draft", _("draft")),
                ("none", _("not started")),
            ],
        },
    )


@permission_required("survey.manage")
def response_detail(request: HttpRequest, pk: int, invitation_id: int) -> HttpResponse:
    """The answers of one Member State, as the respondent's receipt shows them."""
    survey = _survey(pk)
    inv, response = survey_queries.invitation_with_response(survey, invitation_id)
    if inv is None:
        raise Http404("no such invitation")
    form = Form(survey.form)
    lang = form.language_for((response.language if response else "") or get_language())
    rows = receipt_rows(form, response.answers, lang) if response else []
    return render(
        request,
        "survey/manage_response.html",
        {"survey": survey, "inv": inv, "response": response, "rows": rows},
    )


@permission_required("survey.manage")
@require_POST
def response_check(request: HttpRequest, pk: int, invitation_id: int) -> HttpResponse:
    survey = _survey(pk)
    checked = request.POST.get("checked", "1") == "1"
    try:
        response_services.mark_checked(
            survey_id=survey.pk, invitation_id=invitation_id, user=request.user, checked=checked
        )
    except Response.DoesNotExist:
        raise Http404("no response to check") from None
    messages.success(request, _("Marked as checked.") if checked else _("Check mark removed."))
    back = reverse("survey:response-detail", args=[pk, invitation_id])
    if request.POST.get("next") == "list":
        back = reverse("survey:responses", args=[pk])
    return HttpResponseRedirect(back)


@permission_required("survey.manage")
def import_responses(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the responses of a survey run in KoboToolbox or ODK Central (all or nothing)."""
    survey = _survey(pk)
    upload = ImportForm()
    errors: list[str] = []
    if request.method == "POST":
        upload = ImportForm(request.POST, request.FILES)
        if upload.is_valid():
            files = [(str(f.name), f.read()) for f in upload.cleaned_data["export"]]
            try:
                result = imports.import_responses(
                    survey_id=survey.pk,
                    files=files,
                    country_question=upload.cleaned_data["country"],
                    replace=upload.cleaned_data["replace"],
                )
            except BadImport as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d response imported (%(layout)s), %(r)d replaced.",
                        "%(n)d responses imported (%(layout)s), %(r)d replaced.",
                        result.created,
                    )
                    % {
                        "n": result.created,
                        "r": result.replaced,
                        "layout": "KoboToolbox" if result.layout == "kobo" else "ODK Central",
                    },
                )
                for w in result.warnings:
                    messages.warning(request, w)
                return HttpResponseRedirect(reverse("survey:responses", args=[pk]))
    return render(
        request,
        "survey/manage_import.html",
        {"survey": survey, "upload": upload, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("survey.manage")
def xform_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The form as an ODK XForm (XML), as pyxform converted it when it was loaded."""
    survey = _survey(pk)
    name, xml = form_services.survey_xform(survey_id=survey.pk)
    if not xml:
        raise Http404("this survey was loaded before XForms were kept; load it again")
    return attachment(xml, name, "application/xml; charset=utf-8")


@permission_required("survey.manage")
def response_file(request: HttpRequest, pk: int, invitation_id: int, key: str) -> HttpResponse:
    """A file a respondent uploaded (a ``file`` or ``image`` answer), for staff only."""
    from django.http import FileResponse

    from aiatlas.survey.uploads import open_upload

    survey = _survey(pk)
    inv, response = survey_queries.invitation_with_response(survey, invitation_id)
    if inv is None or response is None:
        raise Http404("no such response")
    form = Form(survey.form)
    rows = receipt_rows(form, response.answers, form.default_language)
    value = next((r["file"] for r in rows if r["key"] == key and r.get("file")), None)
    if not isinstance(value, dict):
        raise Http404("no such file")
    try:
        handle = open_upload(value)
    except OSError:
        raise Http404("the file is missing from the data directory") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=str(value.get("name") or "file"),
        content_type=str(value.get("type") or "application/octet-stream"),
    )
