"""Arabic pages in a real browser: right to left, codes isolated, the layout mirrored and
no wider than a phone. Screenshots at 1280 and 390 px go to test-artifacts/rtl/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "rtl"
PASSWORD = "rtl-test-password-42"
ISOLATED = "el => !!el.closest('bdi, [dir=auto], [dir=ltr]')"


@pytest.fixture
def arabic_site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from aiatlas.accounts.models import Role, User
    from aiatlas.catalog.models import Organization
    from aiatlas.catalog.services.demo import OPEN_YEAR, load_demo
    from aiatlas.submissions.services.calls import open_demo_call
    from aiatlas.submissions.services.drafts import start_draft, submit

    load_demo()
    call = open_demo_call(year=OPEN_YEAR)
    who = Organization.objects.get(acronym="WHO")
    admin = User.objects.create_user(
        email="admin@rtl.example.org", password=PASSWORD, role=Role.ADMIN
    )
    focal = User.objects.create_user(
        email="focal@rtl.example.org", password=PASSWORD, role=Role.FOCAL_POINT, language="ar"
    )
    focal.organizations.set([who])
    record = {
        "title": "Malaria maps from drones", "kind": "project", "status": "ongoing",
        "description": "Drone images locate mosquito breeding sites (pilot, 2024).",
        "start_year": "2024", "countries": ["KEN"],
        "sdg_goals": [{"code": "3", "source": "submitter", "evidence": ""}],
        "sdg_targets": [{"code": "3.b", "source": "submitter", "evidence": ""}],
    }  # fmt: skip
    draft = start_draft(user=focal, call_id=call.pk, organization_id=who.pk, record=record)
    sent = start_draft(user=focal, call_id=call.pk, organization_id=who.pk, record=record)
    sent = submit(
        user=focal, submission_id=sent.pk, expected_version=sent.version, confirm_new=True
    )
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return {"url": str(live_server.url), "draft": draft.pk, "sent": sent.pk, "admin": admin.email}


def _sign_in(pg: Any, site: str, email: str) -> None:
    pg.goto(f"{site}/ar/account/login/")
    pg.fill("input[name=username]", email)
    pg.fill("input[name=password]", PASSWORD)
    pg.locator("main form button[type=submit]").click()
    pg.wait_for_url(re.compile(r"/ar/account/$"))


def test_arabic_pages_are_right_to_left_with_codes_isolated(arabic_site: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    site = arabic_site["url"]
    pages = {
        "home": "/ar/",
        "search": "/ar/activities/?q=flood",
        "goal": "/ar/sdgs/9/",
        "activity": "/ar/activities/A000001/",
        "dashboard": "/ar/submissions/dashboard/",
        "draft": f"/ar/submissions/{arabic_site['draft']}/",
        "review": f"/ar/submissions/{arabic_site['sent']}/",
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            for width in (1280, 390):
                context = browser.new_context(viewport={"width": width, "height": 900})
                pg = context.new_page()
                _sign_in(pg, site, arabic_site["admin"])
                for name, path in pages.items():
                    pg.goto(site + path)
                    assert pg.evaluate("document.documentElement.dir") == "rtl", path
                    assert pg.evaluate("document.documentElement.lang") == "ar", path
                    scroll = pg.evaluate("document.documentElement.scrollWidth")
                    assert scroll <= width + 1, f"{path} is {scroll}px wide at {width}px"
                    pg.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
                context.close()
            pg = browser.new_page()
            # target codes such as 9.c (the goal page, an activity) and 3.b (a draft)
            # are isolated, so that the bidi algorithm does not show "c.9"
            for path, code in [
                ("/ar/sdgs/9/", "9.c"),
                ("/ar/activities/A000001/", "9.c"),
                ("/ar/sdgs/3/", "3.b"),
            ]:
                pg.goto(site + path)
                cell = pg.get_by_text(code, exact=True).first
                assert cell.evaluate(ISOLATED), f"{code} is not isolated on {path}"
            # a submission's record values (user text, codes) take their own direction
            _sign_in(pg, site, arabic_site["admin"])
            pg.goto(site + f"/ar/submissions/{arabic_site['sent']}/")
            assert pg.locator("#record dd").first.evaluate(ISOLATED)
            # public ids too; and the start of a line is on the right
            pg.goto(site + "/ar/activities/A000001/")
            assert pg.locator(".public-id").first.evaluate(ISOLATED)
            heading = pg.locator("main h1").first.bounding_box()
            main = pg.locator("main").bounding_box()
            assert heading and main
            gap_right = main["x"] + main["width"] - (heading["x"] + heading["width"])
            assert gap_right < heading["x"] - main["x"] + 1, "the heading is not on the right"
        finally:
            browser.close()


def test_site_css_has_no_left_or_right() -> None:
    """The site's own style sheets use logical properties (inline-start / inline-end), so
    that right-to-left pages mirror; vendored files are left as they come."""
    src = Path(__file__).resolve().parents[2] / "src" / "aiatlas"
    found = []
    for css in src.rglob("static/**/*.css"):
        if "vendor" in css.parts:
            continue
        for number, line in enumerate(css.read_text("utf-8").splitlines(), start=1):
            code = re.sub(r"/\*.*?\*/", "", line)
            if re.search(r"\b(left|right)\b", code):
                found.append(f"{css.relative_to(src)}:{number}: {line.strip()}")
            # four values (top right bottom left) with different sides do not mirror
            for sides in re.findall(r"\b(?:padding|margin|inset):\s*([^;{}]+)", code):
                parts = sides.split()
                if len(parts) == 4 and parts[1] != parts[3]:
                    found.append(f"{css.relative_to(src)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
