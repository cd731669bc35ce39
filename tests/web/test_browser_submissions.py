"""A focal point's journey from invitation to an approved activity, in a real browser
(Debian's Chromium through Playwright): the invitation link sets a password and signs in;
the submissions page shows the open call and the entity's activity of the last edition; a
new activity is drafted (with the offline classifier's suggestion accepted), submitted,
sent back by a reviewer in a second browser with reasons, edited, resubmitted and approved,
and then shown on its public page. The old activity is carried forward into a draft.
Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web.test_browser import CHROMIUM, browser, page, shot  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)

PASSWORD = "correct horse battery staple 42"
FOCAL_PASSWORD = "a long passphrase for the focal point 7"
TITLE = "Maternal health triage <script>alert(1)</script>"
DESCRIPTION = (
    "Community health workers in rural clinics use a machine learning model on their "
    "phones to triage pregnant women, detect maternal complications early, reduce maternal "
    "and newborn mortality and refer patients to hospitals."
)
OLD_TITLE = "Digital health triage assistant"


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The live server with an empty catalog: the test builds its own data."""
    # Playwright's sync API runs an event loop in this thread; the test still reads the
    # database from here to check what the pages did
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return str(live_server.url)


@pytest.fixture
def dialogs(page: Any) -> Iterator[list[str]]:  # noqa: F811
    """Every JavaScript dialog the focal point's page opens (there must be none)."""
    seen: list[str] = []

    def on_dialog(dialog: Any) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield seen
    assert not seen, f"a dialog fired: {seen}"


def _setup() -> str:
    """WHO with one activity in the 2024 edition, an open call for 2025, a reviewer and an
    invited focal point of WHO; returns the invitation's path."""
    from django.utils import timezone

    from aiatlas.accounts.models import User
    from aiatlas.accounts.services import add_user
    from aiatlas.catalog.models import Edition, Organization
    from aiatlas.catalog.services.activities import save_activity
    from aiatlas.submissions.services.calls import open_call

    Organization.objects.create(acronym="WHO", name="World Health Organization", kind="un_entity")
    Edition.objects.create(year=2024, title="UN Activities on AI 2024")
    save_activity(
        record={
            "title": OLD_TITLE,
            "description": "A chatbot that helps community health workers triage patients "
            "with machine learning models trained on clinical guidelines.",
            "lead_organization": "WHO",
            "editions": [2024],
            "sdg_goals": [{"code": "3", "source": "submitter", "evidence": ""}],
        }
    )
    admin = User.objects.create_user(email="admin@example.org", password=PASSWORD, role="admin")
    open_call(
        user=admin,
        year=2025,
        deadline=timezone.localdate() + timedelta(days=30),
        title="UN Activities on AI 2025",
        message="Please tell us about your AI work this year.",
    )
    add_user(email="reviewer@example.org", role="reviewer", password=PASSWORD)
    added = add_user(email="focal@who.example", role="focal_point", organizations=["WHO"])
    assert added.invitation_url
    return urlsplit(added.invitation_url).path


def _state(pg: Any) -> str:
    return str(pg.locator("#state").inner_text()).strip()


def _submit(pg: Any) -> None:
    """Submit the draft; on the duplicates page, say it is a new activity."""
    pg.locator("#submit-button").click()
    pg.wait_for_load_state()
    if pg.locator("#confirm-new").count():
        assert pg.locator("h1").inner_text() == "Is this one of these?"
        assert "<script>" in pg.locator("main, body").first.inner_text()  # title as text
        shot(pg, "submissions-duplicates")
        pg.locator("#confirm-new").click()
        pg.wait_for_load_state()


def _sub_id(pg: Any) -> int:
    match = re.search(r"/en/submissions/(\d+)/$", pg.url)
    assert match, pg.url
    return int(match.group(1))


def test_browser_focal_point_from_invitation_to_approved_activity(
    browser: Any,  # noqa: F811
    page: Any,  # noqa: F811
    site: str,
    dialogs: list[str],
) -> None:
    from aiatlas.submissions.models import Submission

    invitation = _setup()

    # 1. the invitation link: set a password, land signed in
    page.goto(site + invitation)
    assert "focal@who.example" in page.locator("main, body").first.inner_text()
    page.fill("input[name=first_name]", "Fatima")
    page.fill("input[name=last_name]", "Diallo")
    page.fill("input[name=password1]", FOCAL_PASSWORD)
    page.fill("input[name=password2]", FOCAL_PASSWORD)
    shot(page, "submissions-invitation")
    page.get_by_role("button", name="Set password and sign in").click()
    page.wait_for_url(re.compile(r"/en/account/$"))
    assert "Welcome! Your password is set." in page.content()
    assert "focal@who.example" in page.content()

    # 2. the submissions page: the open call and the 2024 activity of WHO
    page.goto(f"{site}/en/submissions/")
    assert page.locator("#call-title").inner_text() == "UN Activities on AI 2025"
    assert "Please tell us about your AI work this year." in page.content()
    assert OLD_TITLE in page.locator("#carry").inner_text()
    assert page.locator("#mine").inner_text().count("None yet.") == 1
    shot(page, "submissions-home")

    # 3. a new activity: it starts from its title; fill the draft and save it
    page.get_by_label("Title of the new activity").fill(TITLE)
    page.get_by_role("button", name="Add a new activity").click()
    page.wait_for_url(re.compile(r"/en/submissions/\d+/$"))
    sub_id = _sub_id(page)
    assert _state(page) == "Draft"
    page.fill("#id_title", TITLE)
    page.fill("#id_description", DESCRIPTION)
    page.select_option("#id_kind", "project")
    page.check("input[name=countries][value=KEN]")
    page.check("input[name=countries][value=UGA]")
    page.check("input[name=technologies][value=machine_learning]")
    page.check("input[name=sdg_goals][value='5']")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert "Saved (version 2)." in page.content()
    assert page.locator("h1").inner_text() == TITLE  # the typed HTML is shown as text
    assert page.locator("#id_title").input_value() == TITLE
    assert page.locator("input[name=sdg_goals][value='5']").is_checked()

    # 4. the classifier suggests SDG 3 for a maternal health text: accept it
    suggestion = page.locator("#suggestions li[data-goal='3']")
    assert suggestion.is_visible()
    shot(page, "submissions-draft-suggestions")
    suggestion.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    assert "Saved (version 3)." in page.content()
    assert page.locator("#suggestions li[data-goal='3']").count() == 0
    goals = Submission.objects.get(pk=sub_id).record["sdg_goals"]
    assert {"code": "5", "source": "submitter", "evidence": ""} in goals
    curator = [g for g in goals if g["source"] == "curator"]
    assert [g["code"] for g in curator] == ["3"]
    assert "focal@who.example" in curator[0]["evidence"]

    # 5. submit for review (confirming it is new if it looks like the 2024 activity)
    _submit(page)
    page.wait_for_url(re.compile(rf"/en/submissions/{sub_id}/$"))
    assert _state(page) == "In secretariat review"
    assert "Submitted: In secretariat review." in page.content()
    assert page.locator("#draft-form").count() == 0  # no longer editable
    assert TITLE in page.locator("#record").inner_text()
    shot(page, "submissions-submitted")

    # 6. the reviewer, in another browser context, asks for changes
    reviewer_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    rpage = reviewer_ctx.new_page()
    reviewer_dialogs: list[str] = []
    rpage.on("dialog", lambda d: (reviewer_dialogs.append(d.message), d.dismiss()))
    rerrors: list[str] = []
    rpage.on("pageerror", lambda exc: rerrors.append(str(exc)))
    try:
        rpage.goto(f"{site}/en/account/login/")
        rpage.fill("input[name=username]", "reviewer@example.org")
        rpage.fill("input[name=password]", PASSWORD)
        rpage.get_by_role("button", name="Sign in").click()
        rpage.wait_for_url(re.compile(r"/en/account/$"))
        rpage.goto(f"{site}/en/submissions/")
        queue = rpage.locator("#queue")
        assert TITLE in queue.inner_text()
        shot(rpage, "submissions-review-queue")
        queue.get_by_role("link", name=TITLE).click()
        rpage.wait_for_url(re.compile(rf"/en/submissions/{sub_id}/$"))
        assert rpage.locator("#review").is_visible()
        # the accepted classifier tag is part of what the reviewer reads
        assert "3" in rpage.locator("#record").inner_text()
        rpage.check("#review input[name=reasons][value=links]")
        rpage.check("#review input[name=reasons][value=other]")
        rpage.fill("#review textarea[name=comment]", "Add the project page, please.")
        shot(rpage, "submissions-review")
        rpage.get_by_role("button", name="Request changes").click()
        rpage.wait_for_load_state()
        assert "Decision recorded." in rpage.content()
        assert _state(rpage) == "Changes requested"

        # 7. the focal point reloads, reads the reasons, edits and resubmits
        page.reload()
        assert _state(page) == "Changes requested"
        reasons = page.locator("#reasons").inner_text()
        assert "Links are broken or missing" in reasons
        assert "Other (see the comment)" in reasons
        assert "Add the project page, please." in reasons
        shot(page, "submissions-changes-requested")
        page.fill("#id_links", "https://example.org/maternal-triage (Project page)")
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_load_state()
        assert "Saved (version" in page.content()
        assert _state(page) == "Changes requested"
        assert page.locator("#id_links").input_value() == (
            "https://example.org/maternal-triage (Project page)"
        )
        # the curator tag accepted earlier survived the edit
        codes = {
            (g["code"], g["source"]) for g in Submission.objects.get(pk=sub_id).record["sdg_goals"]
        }
        assert codes == {("5", "submitter"), ("3", "curator")}
        _submit(page)
        page.wait_for_url(re.compile(rf"/en/submissions/{sub_id}/$"))
        assert _state(page) == "In secretariat review"

        # 8. the reviewer approves
        rpage.reload()
        assert _state(rpage) == "In secretariat review"
        rpage.locator("#approve-button").click()
        rpage.wait_for_load_state()
        assert "Decision recorded." in rpage.content()
        assert _state(rpage) == "Approved"
        assert not reviewer_dialogs and not rerrors, (reviewer_dialogs, rerrors)
    finally:
        reviewer_ctx.close()

    # 9. the focal point sees it approved, and the activity has its public page
    page.reload()
    assert _state(page) == "Approved"
    sub = Submission.objects.select_related("activity").get(pk=sub_id)
    assert sub.activity is not None
    public_id = sub.activity.public_id
    page.get_by_role("link", name=public_id).click()
    page.wait_for_url(re.compile(rf"/en/activities/{public_id}/$"))
    assert page.locator("h1").inner_text() == TITLE
    body = page.locator("main, body").first.inner_text()
    assert "community health workers" in body.lower()
    assert "https://example.org/maternal-triage" in page.content()
    badges = page.locator(".sdg-badge").all_inner_texts()
    assert badges == ["SDG 3 Good health and well-being", "SDG 5 Gender equality"], badges
    shot(page, "submissions-public-activity")
    page.goto(f"{site}/en/submissions/")
    mine = page.locator("#mine").inner_text()
    assert TITLE in mine and "Approved" in mine

    # 10. the 2024 activity is carried forward into a draft
    page.locator("#carry").get_by_role("button", name="Carry forward").click()
    page.wait_for_url(re.compile(r"/en/submissions/\d+/$"))
    carried_id = _sub_id(page)
    assert carried_id != sub_id
    assert _state(page) == "Draft"
    assert page.locator("h1").inner_text() == OLD_TITLE
    assert page.locator("#id_title").input_value() == OLD_TITLE
    assert "Carried forward" in page.locator("dl.facts").inner_text()
    carried = Submission.objects.select_related("activity").get(pk=carried_id)
    assert carried.state == "draft" and carried.action == "carry_forward"
    assert carried.activity is not None and carried.activity.title == OLD_TITLE
    shot(page, "submissions-carried-forward")
    page.goto(f"{site}/en/submissions/")
    carry_row = page.locator("#carry tr", has_text=OLD_TITLE)
    assert "Draft" in carry_row.inner_text()
    assert carry_row.get_by_role("button", name="Carry forward").count() == 0
