"""The main pages under the strict Content-Security-Policy in Chromium: no violation in
the console, charts (vega, interpreted expressions) and Swagger UI still render."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, SHOTS

if not CHROMIUM.exists():  # pragma: no cover - test_browser.py skips the same way
    pytest.skip("Chromium not found", allow_module_level=True)

pytestmark = pytest.mark.django_db(transaction=True)

REPORT_CSP = (
    "document.addEventListener('securitypolicyviolation', function (e) {"
    " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });"
)
PUBLIC_PAGES = [
    "/en/",
    "/ar/",
    "/en/activities/?q=water",
    "/en/organizations/",
    "/en/sdgs/",
    "/en/sdgs/3/",
    "/en/editions/2024/",
    "/en/editions/2024/report/",
    "/en/about/",
    "/en/account/login/",
    "/admin/login/",
]


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    from aiatlas.catalog.services.demo import load_demo

    load_demo()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return str(live_server.url)


@pytest.fixture
def page(site: str) -> Iterator[tuple[Any, list[str]]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(REPORT_CSP)
        pg = context.new_page()
        problems: list[str] = []
        pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        pg.on("console", lambda msg: _note(problems, pg.url, msg))
        try:
            yield pg, problems
        finally:
            browser.close()


def _note(problems: list[str], url: str, msg: Any) -> None:
    """Every CSP violation and script error; not a missing /favicon.ico (admin pages)."""
    text = str(msg.text)
    violation = "Content Security Policy" in text or "CSP violation" in text
    if violation or (msg.type == "error" and not text.startswith("Failed to load resource")):
        problems.append(f"{url}: {text}")


def _shot(pg: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _visit(pg: Any, url: str) -> None:
    response = pg.goto(url)
    assert response is not None and response.status < 400, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    pg.wait_for_load_state("networkidle")


def test_browser_csp_public_pages_have_no_violations(page: Any, site: str) -> None:
    pg, problems = page
    for path in PUBLIC_PAGES:
        _visit(pg, site + path)
    assert not problems, problems


def test_browser_csp_charts_render_without_eval(page: Any, site: str) -> None:
    pg, problems = page
    for path, name in [
        ("/en/", "csp-home"),
        ("/en/sdgs/3/", "csp-goal"),
        ("/en/editions/2024/report/", "csp-report"),
    ]:
        _visit(pg, site + path)
        pg.wait_for_selector(".chart svg", timeout=15_000)
        assert pg.locator(".chart svg").count() >= 1, path
        _shot(pg, name)
    # the SDG tiles take their colours from sdg.css, not from inline styles
    _visit(pg, site + "/en/sdgs/")
    colour = pg.eval_on_selector(".goal-tile.sdg-1", "el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(229, 36, 59)"
    assert not problems, problems


def test_browser_csp_api_docs_render_offline(page: Any, site: str) -> None:
    pg, problems = page
    pg.route(
        "**/*",
        lambda route: (
            route.abort() if not route.request.url.startswith(site) else route.continue_()
        ),
    )
    _visit(pg, site + "/api/v1/docs")
    pg.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "aiatlas" in pg.locator(".swagger-ui .info .title").inner_text()
    assert pg.locator(".opblock").count() > 5
    _shot(pg, "csp-api-docs")
    assert not problems, problems


def test_browser_csp_signed_in_pages_have_no_violations(page: Any, site: str) -> None:
    from aiatlas.accounts.models import Role, User

    User.objects.create_user(
        email="csp-admin@example.org", password="a long passphrase 81", role=Role.ADMIN
    )
    pg, problems = page
    _visit(pg, site + "/en/account/login/")
    pg.fill("#id_username", "csp-admin@example.org")
    pg.fill("#id_password", "a long passphrase 81")
    pg.click("main button[type=submit]")
    pg.wait_for_url("**/en/account/")
    for path in [
        "/en/account/",
        "/en/account/two-factor/",
        "/en/account/password/",
        "/en/submissions/",
        "/en/submissions/dashboard/",
        "/admin/",
        "/admin/accounts/user/",
        "/admin/catalog/activity/",
    ]:
        _visit(pg, site + path)
    _shot(pg, "csp-admin")
    assert not problems, problems


def test_browser_two_factor_enrolment_shows_the_qr_code(
    page: Any, site: str, settings: Any
) -> None:
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from aiatlas.accounts.models import Role, User

    settings.AIATLAS_REQUIRE_2FA = True
    User.objects.create_user(
        email="csp-reviewer@example.org", password="a long passphrase 82", role=Role.REVIEWER
    )
    pg, problems = page
    _visit(pg, site + "/en/account/login/")
    pg.fill("#id_username", "csp-reviewer@example.org")
    pg.fill("#id_password", "a long passphrase 82")
    pg.click("main button[type=submit]")
    pg.wait_for_url("**/en/account/two-factor/**")
    pg.wait_for_load_state("networkidle")
    width = pg.eval_on_selector("img.qr-code", "img => img.complete ? img.naturalWidth : 0")
    assert width > 0  # the SVG data: image loaded under img-src 'self' data:
    _shot(pg, "csp-two-factor")
    pg.set_viewport_size({"width": 390, "height": 844})
    _shot(pg, "csp-two-factor-phone")
    device = TOTPDevice.objects.get(user__email="csp-reviewer@example.org")
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    pg.fill("#id_code", f"{code:06d}")
    pg.click("main form button[type=submit] >> nth=0")
    pg.wait_for_url("**/en/account/")
    assert "Two-factor sign-in confirmed" in pg.content()
    assert not problems, problems
