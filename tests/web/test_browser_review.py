"""The review workflow in a real browser (Debian's Chromium through Playwright): a focal
point adds a new activity by its title, picks countries and a partner with the
search-as-you-type pickers and submits; the reviewer requests changes without a reason
(the form comes back with the comment kept), then with one; the focal point replies in the
thread and resubmits; the reviewer keeps an internal note (which the focal point never
sees) and approves two submissions at once from the dashboard. Screenshots at desktop and
phone width go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, SHOTS, browser, page, shot  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

if not CHROMIUM.exists():  # pragma: no cover - test_browser has already skipped or failed
    pytest.skip("no Chromium", allow_module_level=True)

PASSWORD = "correct horse battery staple 42"
TITLE = "Flood early warning for river basins"
DESCRIPTION = (
    "Satellite images and a machine learning model forecast river floods three days ahead "
    "so that district authorities can warn and evacuate villages in time."
)
OTHER_TITLE = "Locust swarm forecasting"
COMMENT = "Please add the project page and say who the partners are."
NOTE = "Internal: the FAO desk confirmed this partnership by phone."
REPLY = "Added the project page; FAO is our partner."


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The live server with an empty catalog: the test builds its own data."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return str(live_server.url)


def _setup() -> None:
    """WHO and FAO, an open 2025 call, a focal point of each, a reviewer, and one FAO
    submission already waiting for the secretariat."""
    from django.utils import timezone

    from aiatlas.accounts.services import add_user
    from aiatlas.catalog.models import Organization
    from aiatlas.submissions.services import drafts
    from aiatlas.submissions.services.calls import open_call

    Organization.objects.create(acronym="WHO", name="World Health Organization", kind="un_entity")
    fao = Organization.objects.create(
        acronym="FAO", name="Food and Agriculture Organization", kind="un_entity"
    )
    admin = add_user(email="admin@example.org", role="admin", password=PASSWORD).user
    call = open_call(
        user=admin,
        year=2025,
        deadline=timezone.localdate() + timedelta(days=30),
        title="UN Activities on AI 2025",
        message="",
    )
    add_user(email="reviewer@example.org", role="reviewer", password=PASSWORD)
    add_user(
        email="focal@who.example", role="focal_point", organizations=["WHO"], password=PASSWORD
    )
    fao_focal = add_user(
        email="focal@fao.example", role="focal_point", organizations=["FAO"], password=PASSWORD
    ).user
    sub = drafts.start_draft(
        user=fao_focal,
        call_id=call.pk,
        organization_id=fao.pk,
        record={
            "title": OTHER_TITLE,
            "kind": "project",
            "description": "Satellite data and machine learning forecast desert locust swarms "
            "so that ministries of agriculture can act before crops are lost.",
            "status": "ongoing",
            "countries": ["ETH"],
            "sdg_goals": [{"code": "2", "source": "submitter", "evidence": ""}],
        },
    )
    drafts.submit(user=fao_focal, submission_id=sub.pk, expected_version=1, confirm_new=True)


def _sign_in(pg: Any, site: str, email: str) -> None:
    pg.goto(f"{site}/en/account/login/")
    pg.fill("input[name=username]", email)
    pg.fill("input[name=password]", PASSWORD)
    pg.get_by_role("button", name="Sign in").click()
    pg.wait_for_url(re.compile(r"/en/account/$"))


def _state(pg: Any) -> str:
    return str(pg.locator("#state").inner_text()).strip()


def _phone(
    browser: Any,  # noqa: F811
    site: str,
    email: str,
    path: str,
    name: str,
    focus: str = "main",
) -> None:
    """The same page at phone width, signed in as ``email``; also the screen around
    ``focus`` as the phone shows it."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        pg = ctx.new_page()
        _sign_in(pg, site, email)
        pg.goto(site + path)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390 + 1, name
        shot(pg, f"{name}-phone")
        pg.locator(focus).first.scroll_into_view_if_needed()
        pg.screenshot(path=str(SHOTS / f"{name}-phone-screen.png"))
    finally:
        ctx.close()


def _pick(pg: Any, field: str, typed: str, label: str) -> None:
    """Type into the picker's filter box and tick the one option that is left."""
    box = pg.locator(f"#id_{field}-filter")
    box.fill(typed)
    visible = pg.locator(f"#id_{field} label:visible")
    assert visible.count() >= 1, (field, typed)
    pg.locator(f"#id_{field} label:visible", has_text=label).locator("input").check()
    assert (
        label
        in pg.locator(f"#id_{field}").locator("xpath=..").locator(".picker-chosen").inner_text()
    )


def test_browser_review_workflow(
    browser: Any,  # noqa: F811
    page: Any,  # noqa: F811
    site: str,
) -> None:
    from aiatlas.submissions.models import Comment, Submission

    _setup()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # 1. the focal point adds a new activity by its title
    _sign_in(page, site, "focal@who.example")
    page.goto(f"{site}/en/submissions/")
    page.get_by_role("button", name="Add a new activity").click()  # no title: the browser asks
    assert page.url.endswith("/en/submissions/")
    page.get_by_label("Title of the new activity").fill(TITLE)
    shot(page, "review-home")
    _phone(browser, site, "focal@who.example", "/en/submissions/", "review-home", ".new-activity")
    page.get_by_role("button", name="Add a new activity").click()
    page.wait_for_url(re.compile(r"/en/submissions/\d+/$"))
    sub_id = int(re.findall(r"/(\d+)/$", page.url)[0])
    assert page.locator("h1").inner_text() == TITLE and _state(page) == "Draft"

    # 2. fill in the draft, picking countries and a partner by name
    page.fill("#id_description", DESCRIPTION)
    page.select_option("#id_kind", "project")
    page.select_option("#id_status", "ongoing")
    _pick(page, "countries", "keny", "Kenya")
    _pick(page, "countries", "ugan", "Uganda")
    _pick(page, "partners", "food and agri", "Food and Agriculture Organization")
    _pick(page, "technologies", "remote", "Remote sensing")
    page.locator("#id_countries-filter").fill("ken")
    shot(page, "review-pickers")
    page.check("input[name=sdg_goals][value='13']")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert "Saved (version 2)." in page.content()
    record = Submission.objects.get(pk=sub_id).record
    assert record["countries"] == ["KEN", "UGA"]
    assert record["partners"] == [{"organization": "FAO", "sector": "un_entity"}]
    assert record["technologies"] == ["remote_sensing"]
    chosen = page.locator("#id_countries").locator("xpath=..").locator(".picker-chosen")
    assert "Kenya" in chosen.inner_text() and "Uganda" in chosen.inner_text()
    _phone(
        browser,
        site,
        "focal@who.example",
        f"/en/submissions/{sub_id}/",
        "review-draft",
        "#id_countries",
    )
    page.locator("#submit-button").click()
    page.wait_for_load_state()
    if page.locator("#confirm-new").count():
        page.locator("#confirm-new").click()
        page.wait_for_load_state()
    assert _state(page) == "In secretariat review"
    record_text = page.locator("#record").inner_text()
    assert "Kenya" in record_text and "KEN\n" not in record_text
    assert "Food and Agriculture Organization" in record_text or "FAO (UN entity)" in record_text
    assert page.locator("#withdraw-link").is_visible()  # withdrawing is a separate step

    # 3. the reviewer asks for changes without a reason: the form comes back, comment kept
    rctx = browser.new_context(viewport={"width": 1280, "height": 900})
    rpage = rctx.new_page()
    rerrors: list[str] = []
    rpage.on("pageerror", lambda exc: rerrors.append(str(exc)))
    rpage.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        _sign_in(rpage, site, "reviewer@example.org")
        rpage.goto(f"{site}/en/submissions/{sub_id}/")
        rpage.fill("#review textarea[name=comment]", COMMENT)
        rpage.locator("#changes-button").click()
        rpage.wait_for_load_state()
        assert "Choose at least one reason" in rpage.locator("#review").inner_text()
        assert rpage.locator("#review textarea[name=comment]").input_value() == COMMENT
        assert _state(rpage) == "In secretariat review"
        shot(rpage, "review-no-reason")
        rpage.check("#review input[name=reasons][value=links]")
        rpage.locator("#changes-button").click()
        rpage.wait_for_load_state()
        assert "Decision recorded." in rpage.content()
        assert _state(rpage) == "Changes requested"

        # 4. the focal point reads the request, replies in the thread and resubmits
        page.reload()
        assert COMMENT in page.locator("#reasons").inner_text()
        page.fill("#comment-form textarea[name=body]", REPLY)
        page.locator("#comment-button").click()
        page.wait_for_load_state()
        assert "Comment sent." in page.content()
        assert REPLY in page.locator("#comments").inner_text()
        page.fill("#id_links", "https://example.org/floods (Project page)")
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_load_state()
        page.locator("#submit-button").click()
        page.wait_for_load_state()
        if page.locator("#confirm-new").count():
            page.locator("#confirm-new").click()
            page.wait_for_load_state()
        assert _state(page) == "In secretariat review"
        assert page.locator("#reasons").count() == 0  # the resolved request is gone

        # 5. the reviewer reads the reply and keeps an internal note
        rpage.reload()
        assert REPLY in rpage.locator("#comments").inner_text()
        rpage.fill("#comment-form textarea[name=body]", NOTE)
        rpage.locator("#note-button").click()
        rpage.wait_for_load_state()
        assert "Note kept for the secretariat." in rpage.content()
        assert NOTE in rpage.locator("#comments").inner_text()
        shot(rpage, "review-thread")
        _phone(
            browser,
            site,
            "reviewer@example.org",
            f"/en/submissions/{sub_id}/",
            "review-thread",
            "#comment-form",
        )
        assert Comment.objects.filter(internal=True).count() == 1
        page.reload()
        assert NOTE not in page.content()  # the focal point never sees it
        assert REPLY in page.locator("#comments").inner_text()

        # 6. two submissions approved at once from the dashboard
        rpage.goto(f"{site}/en/submissions/dashboard/")
        table = rpage.locator("#approvable")
        assert TITLE in table.inner_text() and OTHER_TITLE in table.inner_text()
        for row_title in (TITLE, OTHER_TITLE):
            table.locator("tr", has_text=row_title).locator("input[type=checkbox]").check()
        shot(rpage, "review-dashboard")
        _phone(
            browser,
            site,
            "reviewer@example.org",
            "/en/submissions/dashboard/",
            "review-dashboard",
            "#bulk-form",
        )
        rpage.locator("#bulk-approve").click()
        rpage.wait_for_load_state()
        assert "2 submissions were approved" in rpage.content()
        assert rpage.locator("#bulk-results tr.ok").count() == 2
        shot(rpage, "review-bulk-result")
        assert set(Submission.objects.values_list("state", flat=True)) == {"approved"}
        # the dashboard row links to the entity's submissions
        rpage.goto(f"{site}/en/submissions/dashboard/")
        rpage.locator("#dashboard").get_by_role("link", name="WHO").click()
        rpage.wait_for_load_state()
        assert TITLE in rpage.locator("#entity-submissions").inner_text()
        assert not rerrors, rerrors
    finally:
        rctx.close()

    # 7. the focal point sees it approved, with no stale notice
    page.reload()
    assert _state(page) == "Approved"
    assert page.locator("#reasons").count() == 0
    assert NOTE not in page.content()
    shot(page, "review-approved")
    assert not dialogs, dialogs
