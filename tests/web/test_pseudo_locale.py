"""The pseudo-locale check: every page, as every kind of user, and every e-mail, rendered
in the test-only pseudo-locale (tests/pseudo.py) on demo-like data; any interface text
that is not transformed was never marked for translation (the rule: tests/web/pseudo_check.py
and src/aiatlas/locale/README.md)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from tests import pseudo
from tests.web.pseudo_check import Checker, database_strings

pytestmark = pytest.mark.slow

#: pages the check does not render, and why (a new URL must be added to the check or here)
NOT_PAGES = {
    "web:sitemap": "XML for crawlers",
    "report:pdf": "PDF (its text: the report helper's own check)",
    "report:csv": "data file",
    "report:open-data": "data package",
    "report:dcat": "JSON-LD metadata",
    "report:build": "POST only",
    "survey:receipt-pdf": "PDF of the receipt page, which is checked",
    "survey:export-csv": "data file",
    "survey:export-repeats": "data file",
    "survey:export-xlsx": "data file",
    "survey:remind": "POST only",
    "survey:send": "POST only",
    "survey:response-check": "POST only",
    "accounts:logout": "POST only",
    "governance:submission-start": "POST only",
    "accounts:revoke-token": "POST only",
    "accounts:outbox-send": "POST only",
    "accounts:task-retry": "POST only",
    "submissions:template-docx": "Word file (its texts: tests/submissions/test_docx.py)",
    "submissions:activity-docx": "Word file",
    "submissions:docx": "Word file",
    "submissions:dashboard-csv": "data file",
    "submissions:bulk-approve": "POST only",
    "submissions:carry": "POST only",
    "submissions:upload-confirm": "POST only",
    "submissions:close-call": "POST only",
    "submissions:remind": "POST only",
    "submissions:submit": "POST only",
    "submissions:undo-withdraw": "POST only",
    "submissions:decide": "POST only",
    "submissions:comment": "POST only",
    "submissions:restore": "POST only",
    "programme:agenda-feed": "iCalendar feed",
    "programme:favourite": "POST only",
    "programme:cancel": "POST only",
    "governance:assessment-action": "POST only",
    "governance:assessment-sign-off": "POST only",
    "governance:assessment-submit": "POST only",
    "governance:start": "POST only",
    "governance:policies-csv": "data file",
    "programme:proposal-confirm": "POST only",
    "programme:proposal-invite": "POST only",
    "programme:proposal-withdraw": "POST only",
    "programme:proposal-file": "the uploaded file itself",
    "programme:review-assign": "POST only",
    "programme:review-conflict": "POST only",
    "programme:review-decide": "POST only",
    "programme:schedule-place": "POST only",
    "programme:schedule-release": "POST only",
    "report:pdf-language": "PDF (its text: the report helper's own check)",
    "survey:export-kobo-csv": "data file",
    "survey:export-kobo-xlsx": "data file",
    "survey:import": "its form is on the checked survey page; POST results: survey tests",
    "survey:response-file": "the uploaded file itself",
    "survey:xform": "XForm XML",
    # answered by a redirect or to a POST: rendered, with their error states, by
    # test_post_results_and_form_errors_are_translated_in_the_pseudo_locale (POSTED)
    "accounts:password-reset-confirm": "redirects to its set-password step (POSTED)",
    "classify:review": "POST only (POSTED)",
    "programme:register": "POST only (POSTED)",
    "report:build-status": "needs a report build (POSTED builds one)",
    "submissions:new": "POST only (POSTED)",
    "submissions:upload": "POST only (POSTED)",
    "survey:invite": "POST only (POSTED)",
}


@pytest.fixture(scope="module")
def pseudo_locale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed (dev.py test installs it as root)")
    folder = pseudo.build(tmp_path_factory.mktemp("pseudo"))
    with pseudo.data_file_texts():
        yield pseudo.pseudo_settings(folder)


def url_patterns() -> Iterator[tuple[str, str]]:
    """(name, route) of every named page under the language prefix."""

    def walk(resolver: URLResolver, prefix: str, ns: str) -> Iterator[tuple[str, str]]:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from walk(
                    p, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else "")
                )
            elif isinstance(p, URLPattern) and p.name:
                yield ns + p.name, prefix + str(p.pattern)

    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and top.pattern.__class__.__name__ == "LocalePrefixPattern":
            yield from walk(top, "", "")


def build_world() -> dict[str, Any]:
    """Demo-like data with something on every page: the demo catalog, the open call, the
    programme, the demo accounts, a survey with invitations, drafts, a submission under
    review with a comment, a registration, an account invitation, a token."""
    from aiatlas.accounts.models import Role, User
    from aiatlas.accounts.services import reset_demo_accounts
    from aiatlas.catalog.models import Activity, Organization
    from aiatlas.catalog.services.demo import OPEN_YEAR, load_demo
    from aiatlas.programme.models import Event, Session, Speaker, Track
    from aiatlas.programme.services.demo import load_programme_demo
    from aiatlas.submissions.services.calls import open_demo_call
    from aiatlas.submissions.services.comments import add_comment
    from aiatlas.submissions.services.drafts import start_draft, submit
    from aiatlas.survey.services import demo as survey_demo
    from aiatlas.survey.services.invitations import new_token

    load_demo()
    call = open_demo_call(year=OPEN_YEAR)
    load_programme_demo()
    from aiatlas.governance.models import Assessment, Instrument
    from aiatlas.governance.services.demo import load_governance_demo
    from aiatlas.initiatives.services.demo import load_initiatives_demo

    load_initiatives_demo()
    load_governance_demo()
    reset_demo_accounts()
    admin = User.objects.get(email="admin@demo.aiatlas.org")
    reviewer = User.objects.get(email="reviewer@demo.aiatlas.org")
    focal = User.objects.get(email="focal.who@demo.aiatlas.org")
    who = Organization.objects.get(acronym="WHO")
    draft = start_draft(
        user=focal, call_id=call.pk, organization_id=who.pk,
        record={"title": "Pseudo draft", "kind": "project", "description": "A draft.",
                "status": "ongoing", "countries": ["KEN"]},
    )  # fmt: skip
    sub = start_draft(
        user=focal, call_id=call.pk, organization_id=who.pk,
        record={"title": "Malaria maps from drones", "kind": "project",
                "description": "Drone images locate breeding sites.", "status": "ongoing",
                "start_year": "2024", "countries": ["KEN"], "technologies": ["computer_vision"],
                "sdg_goals": [{"code": "3", "source": "submitter", "evidence": ""}],
                "sdg_targets": [{"code": "3.b", "source": "submitter", "evidence": ""}]},
    )  # fmt: skip
    sub = submit(user=focal, submission_id=sub.pk, expected_version=sub.version, confirm_new=True)
    add_comment(user=reviewer, submission_id=sub.pk, body="Please add the partners.")
    result = survey_demo.load_demo(responses=3, invited=20)
    survey = result.survey
    inv = survey.invitations.filter(response=None).first()
    token = new_token(inv)
    done = survey.invitations.filter(response__status="submitted").first()
    done_token = new_token(done)
    event = Event.objects.filter(ends_on__gte=timezone.localdate()).order_by("starts_on").first()
    from aiatlas.accounts.services import invite_user

    newcomer = User.objects.create_user(email="new.fp@example.org", role=Role.FOCAL_POINT)
    invitation_link = invite_user(user=newcomer, invited_by=admin)
    from aiatlas.programme.services.registration import register, registration_token

    registration = register(
        event_id=event.pk, name="Reg Person", email="reg@example.org", consent=True
    )
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    call_world = build_programme_call(admin=admin, reviewer=reviewer, focal=focal)
    history = sub.history.order_by("history_id").first()
    assessment = Assessment.objects.order_by("pk").first()
    activity = Activity.objects.filter(editions__year=2024).order_by("public_id").first()
    track = Track.objects.select_related("event").order_by("pk").first()
    return {
        "users": {"anonymous": None, "admin": admin, "reviewer": reviewer, "focal": focal},
        "kwargs": {
            "public_id": activity.public_id,
            "year": 2024,
            "figure_id": "activities.total",
            "ref": "WHO",
            "number": 3,
            "index": 1,
            "invitation_id": done.pk,
            "uidb64": urlsafe_base64_encode(force_bytes(newcomer.pk)),
            "token_id": 1,
            "kind": "call.opened",
            "organization_id": who.pk,
            "submission_id": sub.pk,
            "history_id": history.history_id if history else 1,
            "slug": event.slug,
        },
        "by_name": {
            "survey:start": {"token": token},
            "survey:page": {"token": token, "index": 1},
            "survey:review": {"token": token},
            "survey:receipt": {"token": done_token},
            "survey:manage-detail": {"pk": survey.pk},
            "survey:preview": {"pk": survey.pk, "index": 1},
            "survey:invite": {"pk": survey.pk},
            "survey:responses": {"pk": survey.pk},
            "survey:response-detail": {"pk": survey.pk, "invitation_id": done.pk},
            "survey:results": {"pk": survey.pk},
            "accounts:invitation": {"token": invitation_link.rstrip("/").rsplit("/", 1)[-1]},
            "accounts:password-reset-confirm": {
                "uidb64": urlsafe_base64_encode(force_bytes(newcomer.pk)),
                "token": default_token_generator.make_token(newcomer),
            },
            "submissions:withdraw": {"submission_id": draft.pk},
            "submissions:publish": {"year": OPEN_YEAR},
            "programme:session": {"pk": Session.objects.order_by("pk").first().pk},
            "programme:speaker": {"pk": Speaker.objects.order_by("pk").first().pk},
            "programme:track": {"slug": track.event.slug, "track": track.slug},
            "programme:session-sdgs": {"pk": Session.objects.order_by("pk").first().pk},
            "programme:registration": {"token": registration_token(registration.pk)},
            "programme:programme": {"slug": event.programme.slug},
            "programme:figures": {"slug": event.programme.slug},
            "initiatives:group": {"acronym": "FG-AI4H"},
            "initiatives:challenge": {"slug": "ai-ml-5g-demo"},
            **call_world,
            "governance:activity": {"public_id": assessment.activity.public_id},
            "governance:assessment": {"pk": assessment.pk},
            "governance:instrument": {"slug": Instrument.objects.order_by("pk").first().slug},
            "governance:crosswalk": {"kind": "principles"},
            "governance:country": {"alpha3": "FRA"},
            "accounts:message-template": {"kind": "call.opened"},
        },
    }


def build_programme_call(*, admin: Any, reviewer: Any, focal: Any) -> dict[str, Any]:
    """The programme demo's open call for sessions with a proposal (by the focal point,
    one co-speaker invited), a review team of the reviewer and the administrator, the
    proposals assigned and one scored: the by_name kwargs of the call's pages."""
    from aiatlas.programme.models import Call
    from aiatlas.programme.services import calls, review

    call = Call.objects.select_related("event").order_by("pk").first()
    proposal = calls.submit_proposal(
        user=focal, call_id=call.pk, title="Drones against malaria", type="talk",
        abstract="Maps of breeding sites from drone images.", answers={"audience": "Researchers"},
        co_speakers=["co.speaker@example.org"],
    )  # fmt: skip
    calls.add_review_team(
        user=admin, call_id=call.pk, name="Review team", members=[reviewer, admin]
    )
    review.assign_reviewers(user=admin, call_id=call.pk)
    scores = {c.pk: 3 for c in call.categories.all()}
    review.score_proposal(
        user=reviewer, proposal_id=proposal.pk, scores=scores, comment="Clear and relevant."
    )
    token = proposal.speakers.get(email="co.speaker@example.org").token
    return {
        "programme:call": {"slug": call.event.slug},
        "programme:proposal": {"pk": proposal.pk},
        "programme:invitation": {"token": token},
        "programme:review": {"pk": call.pk},
        "programme:review-proposal": {"pk": proposal.pk},
    }


def map_survey_page() -> str:
    """A respondent's page of a small open survey with a geopoint question (the map
    picker's texts, which its script writes, are data- attributes of the widget): the
    demo survey has none."""
    from datetime import timedelta

    from aiatlas.survey.services.forms import create_survey
    from aiatlas.survey.services.invitations import invite_from_csv
    from tests.survey.conftest import make_xlsx

    rows = [{"type": "geopoint", "name": "office", "label": "Where is the office?"}]
    data = make_xlsx(rows, None, {"form_title": "Offices", "form_id": "offices"})
    survey, _summary = create_survey(data=data, filename="offices.xlsx")
    survey.opens_at = timezone.now() - timedelta(days=1)
    survey.closes_at = timezone.now() + timedelta(days=10)
    survey.save()
    done = invite_from_csv(
        survey_id=survey.pk,
        data="alpha3,ministry,contact_name,contact_email\nFRA,Ministry,Ada,ada@example.org\n",
    )
    token = done[0].link.rstrip("/").rsplit("/", 1)[-1]
    return reverse("survey:page", kwargs={"token": token, "index": 0})


def pages(world: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    """(name, path) of every page to render; path None when it cannot be built here."""
    for name, route in url_patterns():
        if name in NOT_PAGES:
            continue
        if name in world["by_name"]:
            kwargs = world["by_name"][name]
            if kwargs is None:
                yield name, None
                continue
        else:
            import re

            kwargs = {
                k: world["kwargs"][k]
                for k in re.findall(r"<(?:\w+:)?(\w+)>", route)
                if k in world["kwargs"]
            }
        try:
            yield name, reverse(name, kwargs=kwargs)
        except Exception:
            yield name, None


def test_every_page_is_translated_in_the_pseudo_locale(
    db: None, pseudo_locale: dict[str, Any], tmp_path: Path
) -> None:
    world = build_world()
    with override_settings(**pseudo_locale), translation.override(pseudo.PSEUDO):
        map_page = map_survey_page()
    checker = Checker(database_strings())
    problems: dict[str, list[str]] = {}
    shown: set[str] = set()
    unbuilt = []
    with override_settings(**pseudo_locale), translation.override(pseudo.PSEUDO):
        targets = list(pages(world))
        targets.append(("404", f"/{pseudo.PSEUDO}/no-such-page/"))
        targets.append(("survey:page (map picker)", map_page))
        for role, user in world["users"].items():
            client = Client()
            if user is not None:
                client.force_login(user)
            for name, path in targets:
                if path is None:
                    unbuilt.append(name)
                    continue
                response = client.get(path, HTTP_ACCEPT_LANGUAGE=pseudo.PSEUDO)
                if "text/html" not in response.get("Content-Type", ""):
                    continue
                if response.status_code == 200:
                    shown.add(name)
                for fragment in checker.check_html(response.content.decode()):
                    problems.setdefault(fragment, []).append(f"{path} ({role})")
    missing = sorted({n for n, _p in targets} - shown - {"404"})
    report = "\n".join(
        f"{f!r}: {', '.join(sorted(set(w))[:3])}" for f, w in sorted(problems.items())
    )
    assert not problems, f"{len(problems)} untranslated texts:\n{report}"
    assert not missing, f"pages never shown (add data or list them in NOT_PAGES): {missing}"


def test_every_e_mail_is_translated_in_the_pseudo_locale(
    db: None, pseudo_locale: dict[str, Any]
) -> None:
    """The site's language is the pseudo-locale while the demo-like world is built and
    its work flows run (call opened, reminders, submission, comments, changes requested,
    approval, survey invitations and reminders, registration, account invitation, password
    reset): every message of the outbox, and every kind of e-mail composed from its
    sample values, must be translated."""
    from aiatlas.accounts.kinds import KINDS
    from aiatlas.accounts.mail import compose
    from aiatlas.accounts.models import OutboxMessage

    settings = {**pseudo_locale, "LANGUAGE_CODE": pseudo.PSEUDO}
    with override_settings(**settings), translation.override(pseudo.PSEUDO):
        world = build_world()
        run_mail_flows(world)
        checker = Checker(database_strings(leave_out=(OutboxMessage,)))
        problems: dict[str, set[str]] = {}
        messages = list(OutboxMessage.objects.all())
        kinds = {m.kind for m in messages}
        for m in messages:
            for bad in checker.check_text(m.subject + "\n" + m.body):
                problems.setdefault(bad, set()).add(m.kind or m.subject)
        for kind in KINDS.values():
            values = {name: f"sample-{name}" for name in kind.placeholders}
            values.update(kind.sample)
            subject, body = compose(kind.key, language=pseudo.PSEUDO, values=values)
            sample = Checker(checker.data + "\n".join(values.values()))
            for bad in sample.check_text(subject + "\n" + body):
                problems.setdefault(bad, set()).add(kind.key)
    report = "\n".join(f"{b!r}: {sorted(k)}" for b, k in sorted(problems.items()))
    assert not problems, f"{len(problems)} untranslated texts in e-mails:\n{report}"
    expected = {"submission.comment", "survey.invitation", "survey.reminder", "call.reminder"}
    assert expected <= kinds, f"work flows sent no {sorted(expected - kinds)}"


def run_mail_flows(world: dict[str, Any]) -> None:
    from aiatlas.catalog.services.demo import OPEN_YEAR
    from aiatlas.submissions.services.calls import send_reminders
    from aiatlas.survey.models import Survey
    from aiatlas.survey.services.invitations import invite_from_csv, remind

    users = world["users"]
    send_reminders(user=users["admin"], year=OPEN_YEAR)
    survey = Survey.objects.get(pk=world["by_name"]["survey:results"]["pk"])
    invite_from_csv(
        survey_id=survey.pk,
        data="alpha3,ministry,contact_name,contact_email,language\n"
        f"KEN,Ministry of ICT,Amina Example,amina@example.org,{pseudo.PSEUDO}\n",
    )
    # a survey writes to an invitee without a language in the survey's own language
    survey.invitations.update(language=pseudo.PSEUDO)
    remind(survey_id=survey.pk)
    client = Client()
    client.post(reverse("accounts:password-reset"), {"email": users["focal"].email})


def posted(world: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(who, method, path, data) of the requests whose answers (after redirects) show the
    pages GET cannot reach and the error states of forms: bad sign-in, bad or missing
    fields, a file missing, an unknown address for a password reset."""
    from aiatlas.catalog.models import Edition
    from aiatlas.report.models import ReportBuild

    k, by = world["kwargs"], world["by_name"]
    build = ReportBuild.objects.create(
        edition=Edition.objects.get(year=2024), status="failed", stage="typesetting",
        error="the PDF could not be typeset",
    )  # fmt: skip
    reset = by["accounts:password-reset-confirm"]
    survey = by["survey:invite"]["pk"]
    sub = k["submission_id"]
    return [
        ("anonymous", "get", reverse("accounts:password-reset-confirm", kwargs=reset), {}),
        ("anonymous", "post", reverse("accounts:login"), {"username": "x@example.org",
                                                          "password": "wrong"}),
        ("anonymous", "post", reverse("accounts:password-reset"), {"email": "not an e-mail"}),
        ("anonymous", "post", reverse("programme:register", kwargs={"slug": k["slug"]}), {}),
        ("anonymous", "post", reverse("programme:register", kwargs={"slug": k["slug"]}),
         {"name": "Reg Two", "email": "bad", "mode": "in_person"}),
        ("admin", "post", reverse("classify:review", kwargs={"public_id": k["public_id"]}),
         {"goal": "17", "decision": "accept", "next": "/"}),
        ("admin", "get", reverse("report:build-status", kwargs={"year": 2024,
                                                                "build_id": build.pk}), {}),
        ("focal", "post", reverse("submissions:new"), {}),
        ("focal", "post", reverse("submissions:upload"), {}),
        ("focal", "post", reverse("submissions:detail", kwargs={"submission_id": sub}),
         {"version": "1", "title": "", "start_year": "next year", "contact_email": "nope"}),
        ("reviewer", "post", reverse("submissions:comment", kwargs={"submission_id": sub}),
         {"body": ""}),
        ("admin", "post", reverse("survey:invite", kwargs={"pk": survey}), {}),
        ("admin", "post", reverse("survey:invite", kwargs={"pk": survey}),
         {"csv": "alpha3,ministry\nXXX,Nowhere\n"}),
    ]  # fmt: skip


def test_post_results_and_form_errors_are_translated_in_the_pseudo_locale(
    db: None, pseudo_locale: dict[str, Any]
) -> None:
    """The pages listed as POSTED in NOT_PAGES and the forms' error messages, reached the
    way a person reaches them (a POST, then its redirect), are translated."""
    world = build_world()
    problems: dict[str, list[str]] = {}
    with override_settings(**pseudo_locale), translation.override(pseudo.PSEUDO):
        requests = posted(world)
        checker = Checker(database_strings())
        for who, method, path, data in requests:
            client = Client()
            user = world["users"][who]
            if user is not None:
                client.force_login(user)
            send = client.post if method == "post" else client.get
            response = send(path, data, follow=True, HTTP_ACCEPT_LANGUAGE=pseudo.PSEUDO)
            assert response.status_code < 500, f"{method} {path}: {response.status_code}"
            if "text/html" not in response.get("Content-Type", ""):
                continue
            for fragment in checker.check_html(response.content.decode()):
                problems.setdefault(fragment, []).append(f"{method} {path} ({who})")
    report = "\n".join(
        f"{f!r}: {', '.join(sorted(set(w))[:3])}" for f, w in sorted(problems.items())
    )
    assert not problems, f"{len(problems)} untranslated texts:\n{report}"
    posted_names = {n for n, why in NOT_PAGES.items() if "POSTED" in why}
    assert len(posted_names) == 7


def test_report_pdf_texts_are_translated_in_the_pseudo_locale(
    db: None, pseudo_locale: dict[str, Any]
) -> None:
    """The PDF report's own texts, read from its Typst source made in the pseudo-locale:
    the cover, the contents' title, the headings, the field labels of every entry, the
    charts' supplement and the annex's table header. Headings that name an entity or an
    activity are data; CLDR's words (English month names in the dates) count as data too.
    (The words of the text PDF readers extract run across columns and lines, so the
    check reads the source, where each text is in its own slot.)"""
    import calendar
    import re

    from aiatlas.report.charts import render_svg
    from aiatlas.report.content import build_content
    from aiatlas.report.pdf import document

    build_world()
    with override_settings(**pseudo_locale), translation.override(pseudo.PSEUDO):
        content = build_content(2024, language="en")
        files = {f"{chart.id}.svg": f"{chart.id}.svg" for chart in content.charts}
        assert all(render_svg(chart) for chart in content.charts)
        source = document(content, files)
    slots = [
        *re.findall(r"fieldrow\(\[(.*?)\], \[", source),
        *re.findall(r"supplement: \[(.*?)\]", source),
        *re.findall(r"table\.header\((.*?)\),\n", source),
        *re.findall(r"^=+ (.*)$", source, flags=re.MULTILINE),
        *re.findall(r"#outline\(title: \[(.*?)\]", source),
        *re.findall(r'#text\(size: \d+pt(?:, fill: rgb\("#\w+"\))?\)\[(.*?)\]$', source,
                    flags=re.MULTILINE),
    ]  # fmt: skip
    assert len(slots) > 50, "the source no longer has the slots this check reads"

    def words(markup: str) -> str:  # the text of a slot: Typst calls, labels, marks gone
        markup = re.sub(r"#\w+(?:\.\w+)*\((?:[^()]|\([^()]*\))*\)", " ", markup)
        markup = re.sub(r"#\w+(?:\.\w+)*", " ", markup)  # a named piece (#leader)
        markup = re.sub(r"<[\w:.-]+>", " ", markup)
        markup = re.sub(r"\\(.)", r"\1", markup)
        return re.sub(r"[\[\]*_]", " ", markup)

    # names in the report's language (English here, as the report is built "en"): CLDR's
    # month names, the catalog's sector labels
    from aiatlas.catalog.choices import OrganizationKind

    named = [*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name]
    with translation.override("en"):
        named += [str(label) for label in OrganizationKind.labels]
    checker = Checker(database_strings() + "\n" + "\n".join(named))
    # the licence's title is its own name (translate="no" on the web pages)
    licence = content.licence.title if content.licence is not None else "\0"
    problems = sorted(
        {bad for slot in slots for bad in checker.check_text(words(slot).replace(licence, ""))}
    )
    assert not problems, f"{len(problems)} untranslated texts in the PDF:\n" + "\n".join(
        repr(p) for p in problems[:80]
    )
