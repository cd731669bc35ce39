"""The secretariat's whole year in a real browser (Debian's Chromium through Playwright),
against the application started the way ``aiatlas serve`` starts it — waitress and the
supervised task worker beside it, in a process of its own on its own SQLite file, with
the demo data loaded by the demo's own services. After that setup no command runs:

1. the administrator opens the 2025 call and invites two focal points from the dashboard;
2. one accepts the invitation, sets a password and submits a new activity through the form;
3. the other uploads a 2-pager written in the published report's layout (numbered project
   headings, "Project Status: Ongoing" bullets), checks what was read, makes the drafts and
   submits them;
4. the reviewer is told by e-mail (the outbox), requests changes; the focal point replies in
   the thread and resubmits; the reviewer approves everything from the dashboard;
5. the administrator publishes from the dashboard's publish page (leaving out the earlier
   activities nobody carried forward), the worker builds the report, and the edition page
   links the PDF, which downloads;
6. a survey: the secretariat uploads a questionnaire, invites a Member State in French from
   the survey page; the respondent opens the link from the e-mail, answers in French; the
   results page counts the response;
7. every message of the outbox has one recipient, the right language, and links that work.

Screenshots of each step at desktop (1280 px) and phone (390 px) width go to
test-artifacts/year/. The year uses its own SQLite file, so it runs in the SQLite pass of
the suite only (like tests/test_readme_tour.py).
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "year"
YEAR = 2025
PASSWORD = "a long year of AI activities 2025"
ADMIN = "admin@demo.aiatlas.org"
REVIEWER = "reviewer@demo.aiatlas.org"
FP_FORM = "amina.fp@who.example"
FP_DOCX = "lucas.fp@unesco.example"
RESPONDENT = "camille.martin@numerique.gouv.example"
TITLE = "Speech recognition for community health workers"
DESCRIPTION = (
    "Community health workers dictate visit notes in local languages; a speech recognition "
    "model turns them into structured records that district clinics can act on."
)
#: the recipients who read their e-mails in another language than the site's (English)
LANGUAGES = {FP_DOCX: "fr", RESPONDENT: "fr"}
#: message kinds whose text is not yet translated (none: every catalogue is complete)
AWAITING_TRANSLATION: set[str] = set()
COMMENT = "Please add the project page and the countries where it runs."
REPLY = "Added the project page; it runs in Kenya and Uganda."

pytestmark = [
    pytest.mark.skipif(
        bool(os.environ.get("AIATLAS_TEST_DATABASE_URL")),
        reason="the year runs on its own SQLite file; once per suite (the SQLite pass)",
    ),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not found"),
]

#: the demo's data and accounts, loaded by the demo's own services (what `aiatlas demo load`
#: does, without the call it opens: the administrator opens it in the browser)
SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from aiatlas.catalog.services.demo import load_demo
from aiatlas.accounts.services import reset_demo_accounts
from aiatlas.accounts.models import User
load_demo(refresh=True)
reset_demo_accounts()
for email in ({ADMIN!r}, {REVIEWER!r}):
    user = User.objects.get(email=email)
    user.set_password({PASSWORD!r})
    user.save()
"""

# ---- the served application ---------------------------------------------------------------


@dataclass
class Site:
    url: str
    database: Path
    process: subprocess.Popen[bytes]
    problems: list[str] = field(default_factory=list)

    def messages(self, **where: str) -> list[dict[str, Any]]:
        """Rows of the outbox (the served process's database, read only)."""
        sql = "SELECT * FROM accounts_outboxmessage"
        if where:
            sql += " WHERE " + " AND ".join(f'"{k}" = ?' for k in where)
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute(sql + " ORDER BY id", tuple(where.values()))]

    def message_to(self, to: str, kind: str, timeout: float = 30) -> dict[str, Any]:
        """The newest message of ``kind`` to ``to`` (waiting for it a little: the transaction
        that writes it commits before the page answers, but be patient with the worker)."""
        end = time.monotonic() + timeout
        while True:
            found = self.messages(to=to, kind=kind)
            if found or time.monotonic() > end:
                break
            time.sleep(0.2)
        assert found, (
            f"no {kind} message to {to}: {[(m['to'], m['kind']) for m in self.messages()]}"
        )
        return found[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIATLAS_")}
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="aiatlas.settings",
        # plain http on loopback, as `python3 dev.py demo` runs it
        AIATLAS_ENV="development",
        AIATLAS_DATA_DIR=str(data),
        AIATLAS_SITE_URL=url,
    )
    return env


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data = tmp_path_factory.mktemp("year")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = _env(data, url)
    subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=data, check=True, timeout=300)
    log = (data / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "aiatlas", "serve", "--port", str(port)],
        env=env,
        cwd=data,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        end = time.monotonic() + 90
        while not _answers(f"{url}/en/") and time.monotonic() < end:
            assert process.poll() is None, (data / "serve.log").read_text()
            time.sleep(0.2)
        assert _answers(f"{url}/en/"), (data / "serve.log").read_text()
        yield Site(url=url, database=data / "aiatlas.sqlite3", process=process)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # pragma: no cover - the supervisor hung
            process.kill()
        log.close()
    output = (data / "serve.log").read_text(errors="replace")
    assert "task worker started" in output, output


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield b
        finally:
            b.close()


# ---- helpers ------------------------------------------------------------------------------


class People:
    """One browser context per person, each at desktop width, with its page errors."""

    def __init__(self, browser: Any, site: Site) -> None:
        self.browser, self.site = browser, site
        self.contexts: list[Any] = []
        self.errors: list[str] = []

    def page(self) -> Any:
        ctx = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.contexts.append(ctx)
        pg = ctx.new_page()
        pg.on("pageerror", lambda exc: self.errors.append(f"{pg.url}: {exc}"))
        pg.set_default_timeout(20_000)
        return pg

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


def shot(site: Site, pg: Any, name: str) -> None:
    """The page at desktop width, then at phone width (the same page, resized, so pages
    that answer a POST are caught too); a page wider than the phone is a problem."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    pg.set_viewport_size({"width": 390, "height": 844})
    try:
        pg.wait_for_timeout(150)
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 391:
            site.problems.append(f"{name}: {width} px wide at phone width")
        pg.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    finally:
        pg.set_viewport_size({"width": 1280, "height": 900})


def sign_in(pg: Any, site: Site, email: str) -> None:
    pg.goto(f"{site.url}/en/account/login/")
    pg.fill("input[name=username]", email)
    pg.fill("input[name=password]", PASSWORD)
    pg.get_by_role("button", name="Sign in").click()
    pg.wait_for_url(re.compile(r"/en/account/$"))


def accept_invitation(pg: Any, site: Site, email: str, first: str, name: str) -> None:
    """Open the invitation link of the e-mail (in the invitee's language), choose a
    password: signed in."""
    message = site.message_to(email, "account.invitation")
    link, language = message["link"], LANGUAGES.get(email, "en")
    assert message["language"] == language
    assert link.startswith(f"{site.url}/{language}/account/invitation/"), link
    assert link in message["body"]
    pg.goto(link)
    assert pg.locator("html").get_attribute("lang") == language
    assert email in pg.locator("main").inner_text()
    pg.fill("input[name=first_name]", first)
    pg.fill("input[name=password1]", PASSWORD)
    pg.fill("input[name=password2]", PASSWORD)
    shot(site, pg, name)
    pg.locator("main form button[type=submit]").click()
    pg.wait_for_url(re.compile(rf"/{language}/account/$"))


def state(pg: Any) -> str:
    return str(pg.locator("#state").inner_text()).strip()


def submit(pg: Any) -> None:
    """Submit the draft on the page, confirming it is new when likely duplicates show."""
    pg.locator("#submit-button").click()
    pg.wait_for_load_state()
    if pg.locator("#confirm-new").count():
        pg.locator("#confirm-new").click()
        pg.wait_for_load_state()


def section_of(pg: Any, acronym: str) -> Any:
    return pg.locator(
        "section.org-work", has=pg.locator("h2", has_text=re.compile(rf"^{acronym}$"))
    )


def two_pager() -> bytes:
    """Two projects written as entities write them in the published report: numbered
    headings, Word bullets "Label: value", partners by sector in sub-bullets."""
    import docx

    from tests.submissions.twopager_corpus import _bullet_fields

    projects = [
        {
            "title": "AI-assisted literacy tutoring in community schools",
            "description": "A reading tutor on low-cost tablets listens to children read "
            "aloud and adapts the next text to their level, working offline in rural schools.",
            "output_type": "Mobile application",
            "status": "ongoing",
            "start_year": 2023,
            "end_year": None,
            "domains": ["Education"],
            "sdg_goals": ["4", "10"],
            "countries": ["KEN", "BGD"],
            "partners": [("UNICEF", "un_entity"), ("Makerere University", "academia")],
            "links": ["https://example.org/literacy-tutor"],
        },
        {
            "title": "Early warning of coral bleaching from satellite data",
            "description": "Sea surface temperature series and satellite images feed a model "
            "that warns marine park managers weeks before coral bleaching events.",
            "output_type": "Early warning system",
            "status": "ongoing",
            "start_year": 2024,
            "end_year": None,
            "domains": ["Oceans", "Environment"],
            "sdg_goals": ["13", "14"],
            "countries": ["IDN", "PHL"],
            "partners": [("UNEP", "un_entity"), ("Ministry of Marine Affairs", "government")],
            "links": ["https://example.org/coral-watch"],
        },
    ]
    doc = docx.Document()
    doc.add_heading(
        "United Nations Educational, Scientific and Cultural Organization (UNESCO)", level=1
    )
    doc.add_paragraph("Contribution to the report on United Nations activities on AI.")
    for n, project in enumerate(projects, start=1):
        doc.add_heading(f"{n}. {project['title']}", level=2)
        doc.add_paragraph(project["description"])
        for level, text in _bullet_fields(project, n):
            doc.add_paragraph(text, style="List Bullet 2" if level else "List Bullet")
        doc.add_paragraph("Contact: Lucas Ferreira, lucas.fp@unesco.example", style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def questionnaire() -> bytes:
    """A short XLSForm in English and French: one page, three questions."""
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)", "label::French (fr)", "required"])
    survey.append(["begin group", "about", "About your ministry", "Votre ministère", ""])
    survey.append(["text", "ministry", "Name of the ministry", "Nom du ministère", "yes"])
    survey.append(
        [
            "select_one yesno",
            "strategy",
            "Has your country adopted a national AI strategy?",
            "Votre pays a-t-il adopté une stratégie nationale d'IA ?",
            "yes",
        ]
    )
    survey.append(
        ["integer", "staff", "How many people work on AI policy?", "Combien de personnes "
         "travaillent sur la politique d'IA ?", ""]
    )  # fmt: skip
    survey.append(["end group", "", "", "", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::French (fr)"])
    choices.append(["yesno", "yes", "Yes", "Oui"])
    choices.append(["yesno", "no", "No", "Non"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(["National AI readiness 2025", "ai_readiness_2025", "1", "English (en)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def status_of(url: str) -> int:
    """The HTTP status of a GET, redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=30) as r:
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


# ---- the year -----------------------------------------------------------------------------


def test_browser_year_of_the_secretariat(browser: Any, site: Site, tmp_path: Path) -> None:
    people = People(browser, site)
    try:
        _year(people, site, tmp_path)
    finally:
        people.close()
    assert not people.errors, people.errors
    assert not site.problems, site.problems


def _year(people: People, site: Site, tmp_path: Path) -> None:
    url = site.url
    deadline = date.today() + timedelta(days=30)

    # 1. the administrator opens the call and invites two focal points from the dashboard
    admin = people.page()
    sign_in(admin, site, ADMIN)
    admin.goto(f"{url}/en/submissions/dashboard/")
    admin.get_by_role("link", name="Open a call for contributions").click()
    admin.fill("input[name=year]", str(YEAR))
    admin.fill("input[name=deadline]", deadline.isoformat())
    admin.fill("textarea[name=message]", "Please carry forward your ongoing activities.")
    shot(site, admin, "01-open-call")
    admin.get_by_role("button", name="Open the call").click()
    admin.wait_for_load_state()
    # the deadline in the reader's date format (CLDR, English: "January 1, 2027")
    assert f"Deadline {deadline:%B} {deadline.day}, {deadline.year}" in admin.content()
    opened = site.messages(kind="call.opened")
    assert opened and {m["to"] for m in opened} >= {"focal.who@demo.aiatlas.org"}
    for email, org, first in ((FP_FORM, "WHO", "Amina"), (FP_DOCX, "UNESCO", "Lucas")):
        admin.goto(f"{url}/en/submissions/dashboard/")
        form = admin.locator("section[aria-labelledby=invite-title] form")
        form.locator("input[name=email]").fill(email)
        form.locator("select[name=role]").select_option("focal_point")
        value = form.locator("select[name=organization] option", has_text=f"{org}").first
        form.locator("select[name=organization]").select_option(value.get_attribute("value"))
        form.locator("input[name=first_name]").fill(first)
        form.locator("select[name=language]").select_option(LANGUAGES.get(email, "en"))
        if org == "WHO":
            shot(site, admin, "02-invite")
        form.get_by_role("button", name="Send the invitation").click()
        admin.wait_for_load_state()
        assert f"{email} is invited" in admin.content(), admin.content()
    shot(site, admin, "03-dashboard-invited")

    # 2. the first focal point accepts the invitation and submits through the form
    who = people.page()
    accept_invitation(who, site, FP_FORM, "Amina", "04-invitation")
    who.goto(f"{url}/en/submissions/")
    section_of(who, "WHO").get_by_label("Title of the new activity").fill(TITLE)
    shot(site, who, "05-focal-home")
    section_of(who, "WHO").get_by_role("button", name="Add a new activity").click()
    who.wait_for_url(re.compile(r"/en/submissions/\d+/$"))
    form_sub = who.url
    who.fill("#id_description", DESCRIPTION)
    who.select_option("#id_kind", "project")
    who.select_option("#id_status", "ongoing")
    who.fill("#id_start_year", "2024")
    who.check("input[name=sdg_goals][value='3']")
    who.get_by_role("button", name="Save draft").click()
    who.wait_for_load_state()
    assert "Saved (version 2)." in who.content()
    shot(site, who, "06-draft")
    submit(who)
    assert state(who) == "In secretariat review", who.locator("main").inner_text()

    # 3. the second focal point uploads a 2-pager in the published layout
    unesco = people.page()
    accept_invitation(unesco, site, FP_DOCX, "Lucas", "07-invitation-2")
    unesco.goto(f"{url}/en/submissions/")
    docx_path = tmp_path / "UNESCO contribution 2025.docx"
    docx_path.write_bytes(two_pager())
    upload = section_of(unesco, "UNESCO")
    upload.locator("input[type=file]").set_input_files(str(docx_path))
    upload.get_by_role("button", name="Upload", exact=True).click()
    unesco.wait_for_load_state()
    assert "2 projects were found." in unesco.content(), unesco.locator("main").inner_text()
    projects = unesco.locator("article.upload-project")
    assert projects.count() == 2
    first = projects.nth(0)
    status_row = first.locator("tr", has_text="Status")
    assert "Ongoing" in status_row.inner_text() and "read" in status_row.inner_text()
    shot(site, unesco, "08-upload-check")
    unesco.get_by_role("button", name="Make the drafts").click()
    unesco.wait_for_load_state()
    assert "2 drafts were made or updated." in unesco.content()
    shot(site, unesco, "09-upload-result")
    drafts = [a.get_attribute("href") for a in unesco.locator("#upload-results a").all()]
    assert len(drafts) == 2
    for href in drafts:
        unesco.goto(url + href)
        assert unesco.locator("#id_status").input_value() == "ongoing"
        submit(unesco)
        assert state(unesco) == "In secretariat review", unesco.locator("main").inner_text()
    shot(site, unesco, "10-submitted-from-2-pager")

    # 4. the reviewer is told; requests changes; the focal point replies and resubmits
    notice = site.message_to(REVIEWER, "submission.to_review")
    review_links = {m["link"] for m in site.messages(to=REVIEWER, kind="submission.to_review")}
    assert f"{form_sub}" in review_links, review_links
    reviewer = people.page()
    sign_in(reviewer, site, REVIEWER)
    reviewer.goto(form_sub)
    assert TITLE in reviewer.locator("h1").inner_text()
    reviewer.check("#review input[name=reasons][value=links]")
    reviewer.fill("#review textarea[name=comment]", COMMENT)
    shot(site, reviewer, "11-review")
    reviewer.locator("#changes-button").click()
    reviewer.wait_for_load_state()
    assert state(reviewer) == "Changes requested"
    returned = site.message_to(FP_FORM, "submission.changes_requested")
    assert returned["link"] == form_sub and COMMENT in returned["body"]
    who.goto(returned["link"])
    assert COMMENT in who.locator("#reasons").inner_text()
    who.fill("#comment-form textarea[name=body]", REPLY)
    who.locator("#comment-button").click()
    who.wait_for_load_state()
    assert REPLY in who.locator("#comments").inner_text()
    who.fill("#id_links", "https://example.org/speech-chw (Project page)")
    who.get_by_role("button", name="Save draft").click()
    who.wait_for_load_state()
    shot(site, who, "12-reply")
    submit(who)
    assert state(who) == "In secretariat review"
    assert who.locator("#reasons").count() == 0
    assert notice["language"] in ("", "en")

    # ... and approves the three submissions at once from the dashboard
    reviewer.goto(f"{url}/en/submissions/dashboard/")
    table = reviewer.locator("#approvable")
    boxes = table.locator("input[type=checkbox]")
    assert boxes.count() == 3, table.inner_text()
    for i in range(3):
        boxes.nth(i).check()
    shot(site, reviewer, "13-approve")
    reviewer.locator("#bulk-approve").click()
    reviewer.wait_for_load_state()
    assert "3 submissions were approved" in reviewer.content(), reviewer.content()
    approved = site.message_to(FP_FORM, "submission.approved")
    assert approved["subject"].startswith("Approved: ") and approved["link"]
    in_french = site.message_to(FP_DOCX, "submission.approved")
    assert in_french["subject"].startswith("Approuvée : "), in_french
    assert in_french["link"].startswith(f"{url}/fr/submissions/"), in_french

    # 5. the administrator publishes; the worker builds the report; the PDF is linked
    admin.goto(f"{url}/en/submissions/dashboard/?year={YEAR}")
    admin.get_by_role("link", name="Check what is still open before publishing").click()
    admin.wait_for_load_state()
    # the demo's earlier activities nobody carried forward: left out, by choice
    assert "were neither carried forward" in admin.locator("#publish-guards").inner_text()
    admin.locator("input[name=acknowledge_left_out]").check()
    admin.locator("#publish-form input[name=confirm]").check()
    shot(site, admin, "14-publish")
    admin.locator("#publish-form").get_by_role("button", name="Publish the edition").click()
    admin.wait_for_load_state()
    assert f"Edition {YEAR} is published with 3 activities." in admin.content()
    shot(site, admin, "15-published")
    edition = f"{url}/en/editions/{YEAR}/"
    visitor = people.page()
    end = time.monotonic() + 150
    while True:
        visitor.goto(edition)
        pdf = visitor.locator("#edition-outputs").get_by_role("link", name="Report (PDF)")
        if pdf.count() or time.monotonic() > end:
            break
        assert "failed" not in visitor.locator("#edition-outputs").inner_text()
        time.sleep(2)
    assert pdf.count() == 1, visitor.locator("#edition-outputs").inner_text()
    shot(site, visitor, "16-edition")
    response = visitor.request.get(url + str(pdf.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body()[:5] == b"%PDF-"
    assert TITLE in visitor.goto(f"{url}/en/editions/{YEAR}/report/").text()
    admin.goto(f"{url}/en/account/tasks/")  # the worker beside the server ran the build
    newest = admin.locator("main tbody tr").first  # the newest task: this edition's build
    assert "Report build" in newest.inner_text() and "done" in newest.inner_text()
    shot(site, admin, "16b-tasks")

    # 6. a survey: upload, invite a Member State in French, answer, results
    admin.goto(f"{url}/en/survey/manage/")
    form_path = tmp_path / "ai_readiness.xlsx"
    form_path.write_bytes(questionnaire())
    admin.locator("input[name=file]").set_input_files(str(form_path))
    admin.get_by_role("button", name="Check and load").click()
    admin.wait_for_url(re.compile(r"/en/survey/manage/\d+/$"))
    survey_page = admin.url
    survey_id = int(re.findall(r"/(\d+)/$", survey_page)[0])
    invitations = tmp_path / "invitations.csv"
    invitations.write_text(
        "alpha3,ministry,contact_name,contact_email,language\n"
        f"FRA,Ministère du numérique,Camille Martin,{RESPONDENT},fr\n",
        "utf-8",
    )
    admin.locator("form[action$='/invite/'] input[type=file]").set_input_files(str(invitations))
    admin.get_by_role("button", name="Invite").click()
    admin.wait_for_load_state()
    assert "1 Member State invited." in admin.content(), admin.locator("main").inner_text()
    shot(site, admin, "17-survey-invited")
    invitation = site.message_to(RESPONDENT, "survey.invitation")
    assert invitation["language"] == "fr"
    assert invitation["link"].startswith(f"{url}/fr/survey/r/"), invitation["link"]
    respondent = people.page()
    respondent.goto(invitation["link"])
    assert respondent.locator("html").get_attribute("lang") == "fr"
    shot(site, respondent, "18-survey-start")
    respondent.locator("main a, main button").filter(
        has_text=re.compile("Commencer|Start")
    ).first.click()
    respondent.wait_for_load_state()
    assert "Nom du ministère" in respondent.content()
    respondent.fill("input[name=ministry]", "Ministère du numérique")
    respondent.check("input[name=strategy][value=yes]")
    respondent.fill("input[name=staff]", "12")
    shot(site, respondent, "19-survey-page")
    respondent.locator("main button[type=submit]").first.click()
    respondent.wait_for_load_state()
    shot(site, respondent, "20-survey-review")
    respondent.locator("main button[type=submit]").last.click()
    respondent.wait_for_load_state()
    shot(site, respondent, "21-survey-receipt")
    admin.goto(f"{url}/en/survey/{survey_id}/results/")
    results = admin.locator("main").inner_text()
    assert "1 of 1 invited Member States submitted (100%)" in results, results
    # the text answer, under its question (in a closed <details>)
    assert "Ministère du numérique" in str(admin.locator("main").text_content())
    shot(site, admin, "22-survey-results")
    admin.goto(f"{url}/en/survey/manage/{survey_id}/responses/")
    assert "France" in admin.locator("main").inner_text()
    assert "submitted" in admin.locator("main").inner_text().lower()

    # 7. every message of the outbox: one recipient, the right language, working links
    admin.goto(f"{url}/en/account/outbox/")
    shot(site, admin, "23-outbox")
    _check_outbox(site, {ADMIN: admin, REVIEWER: reviewer, FP_FORM: who, FP_DOCX: unesco})


def _check_outbox(site: Site, signed_in: dict[str, Any]) -> None:
    """Each message: one recipient, the recipient's language, and links that answer — to
    a visitor 200 or a redirect to sign in (302), to the recipient signed in 200."""
    messages = site.messages()
    assert len(messages) >= 10, [(m["to"], m["kind"]) for m in messages]
    bad: list[str] = []
    for m in messages:
        who = f"#{m['id']} {m['kind']} to {m['to']}"
        if not re.fullmatch(r"[^@\s,;<>]+@[^@\s,;<>]+", m["to"]):
            bad.append(f"{who}: not one recipient")
        expected = LANGUAGES.get(m["to"], "en")
        if (m["language"] or "en") != expected:
            bad.append(f"{who}: language {m['language']!r}, expected {expected}")
        english = m["body"].startswith(("Dear ", "You have been invited"))
        french = not english and re.search(r"[«»éèàçê]", m["body"]) is not None
        if m["kind"] not in AWAITING_TRANSLATION and not {"en": english, "fr": french}[expected]:
            bad.append(f"{who}: the text is not in {expected}: {m['body'][:60]!r}")
        links = set(re.findall(r"https?://[^\s<>\"')]+", m["body"]))
        if m["link"]:
            links.add(m["link"])
        if not links:
            bad.append(f"{who}: no link")
        for link in links:
            if not link.startswith(site.url + f"/{expected}/"):
                bad.append(f"{who}: link {link} is not on the site in {expected}")
                continue
            code = status_of(link)
            # an account invitation is single use: once accepted its link says so (410)
            used = m["kind"] == "account.invitation" and m["to"] in (FP_FORM, FP_DOCX)
            if code not in (200, 302) and not (used and code == 410):
                bad.append(f"{who}: {link} answers {code}")
            if m["to"] in signed_in and not used:
                answer = signed_in[m["to"]].request.get(link, max_redirects=0)
                if answer.status != 200:
                    bad.append(f"{who}: {link} answers {answer.status} to its recipient")
    assert not bad, "\n".join(bad)
