"""Every kind of response carries the same security headers: public pages, staff pages,
the respondent's survey pages, API JSON, downloads and static files. No template has
inline script or style (the Content-Security-Policy allows none)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

from aiatlas.security import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "aiatlas"
EXPECTED = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _assert_headers(response, what):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (what, name, response.headers.get(name))
    assert "camera=()" in response.headers["Permissions-Policy"], what
    if "text/html" in response.headers.get("Content-Type", ""):
        assert response.headers.get("X-Frame-Options") == "DENY", what


def test_csp_is_strict():
    policy = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_headers_on_public_pages_api_and_static_files(catalog, client):
    for path in [
        "/en/",
        "/en/activities/",
        "/en/activities/A000001/",
        "/en/sdgs/",
        "/en/sdgs/13/",
        "/fr/",
        "/en/account/login/",
        "/en/no-such-page/",
        "/api/v1/sdgs",
        "/api/v1/activities.csv",
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/static/web/site.css",
        "/static/web/vendor/vega.min.js",
        "/static/ninja/swagger-ui-bundle.js",
    ]:
        response = client.get(path)
        assert response.status_code == (404 if "no-such-page" in path else 200), path
        _assert_headers(response, path)


def test_headers_on_staff_pages(catalog, client, django_user_model):
    admin = django_user_model.objects.create_user("admin@example.org", password="pw", role="admin")
    client.force_login(admin)
    for path in ["/en/submissions/", "/en/submissions/dashboard/", "/admin/", "/en/account/"]:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        _assert_headers(response, path)


def test_headers_on_respondent_survey_pages(db):
    from aiatlas.survey.services.forms import create_survey
    from aiatlas.survey.services.invitations import invite_from_csv
    from tests.survey.conftest import SMALL_CHOICES, SMALL_SURVEY, make_xlsx

    data = make_xlsx(SMALL_SURVEY, SMALL_CHOICES, {"form_title": "Small", "version": "1"})
    survey, _summary = create_survey(data=data, filename="small.xlsx")
    import datetime as dt

    from django.utils import timezone

    survey.opens_at = timezone.now() - dt.timedelta(days=1)
    survey.closes_at = timezone.now() + dt.timedelta(days=10)
    survey.save()
    done = invite_from_csv(
        survey_id=survey.pk,
        data="alpha3,ministry,contact_name,contact_email\nFRA,Ministry,Ada,ada@example.org\n",
    )
    token = done[0].link.rstrip("/").rsplit("/", 1)[-1]
    client = Client()
    for path in [f"/en/survey/r/{token}/", f"/en/survey/r/{token}/page/0/", "/en/survey/r/bad/"]:
        response = client.get(path, follow=True)
        assert response.status_code == (404 if path.endswith("/bad/") else 200), path
        _assert_headers(response, path)


def test_headers_on_downloads(catalog, client, tmp_path):
    with override_settings(DATA_DIR=tmp_path):
        folder = tmp_path / "reports" / "2024"
        folder.mkdir(parents=True)
        (folder / "report.pdf").write_bytes(b"%PDF-1.7\n% a stand-in for a built report\n")
        response = client.get("/en/editions/2024/report/report.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        _assert_headers(response, "report.pdf")
    _assert_headers(client.get("/en/submissions/template.docx"), "template.docx")


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_only_over_https(catalog, client):
    assert "Strict-Transport-Security" not in client.get("/en/").headers
    secure = client.get("/en/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_api_docs_load_swagger_ui_from_our_static_files(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr" not in html and "https://" not in html.split("<body", 1)[0]
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui-init.js" in html
    assert not re.search(r"<script>(?!\s*$)", html)  # no inline script


def _template_files():
    return sorted(SRC.glob("*/templates/**/*.html"))


@pytest.mark.parametrize("path", _template_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_templates_have_no_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", text), "style= attribute"
    assert "<style" not in text
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert "javascript:" not in text
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_sdg_colour_classes_match_the_taxonomy():
    from aiatlas.taxonomy.texts import GOAL_COLOURS
    from aiatlas.web.templatetags.web_tags import text_on

    css = (SRC / "web" / "static" / "web" / "sdg.css").read_text()
    for number, colour in GOAL_COLOURS.items():
        rule = f".sdg-badge.sdg-{number}, .goal-tile.sdg-{number} {{ background-color: {colour};"
        assert rule + f" color: {text_on(colour)}; }}" in css, number
        assert f".sdg-border-{number} {{ border-color: {colour}; }}" in css
