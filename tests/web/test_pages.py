"""The public pages through Django's test client: status codes, content, escaping,
languages, bad input."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, **headers: str) -> Any:
    return client.get(url, headers=headers)


def text(response: Any) -> str:
    return str(response.content.decode())


# --- every page answers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/activities/",
        "/en/activities/?q=flood",
        "/en/activities/?goal=13&edition=2024&sort=title",
        "/en/activities/A000001/",
        "/en/organizations/",
        "/en/organizations/WMO/",
        "/en/organizations/wmo/",
        "/en/sdgs/",
        "/en/sdgs/13/",
        "/en/editions/2024/",
        "/en/editions/2023/",
        "/en/about/",
        "/fr/activities/A000001/",
        "/ar/",
        "/zh-hans/sdgs/3/",
    ],
)
def test_page_ok_with_catalog(client: Client, catalog: Any, url: str) -> None:
    response = get(client, url)
    assert response.status_code == 200
    body = text(response)
    assert '<main id="main"' in body
    assert 'href="#main"' in body  # skip link


@pytest.mark.parametrize(
    ("url", "empty_state"),
    [
        ("/en/", "No edition has been published yet."),
        ("/en/activities/", "No activities match this search."),
        ("/en/sdgs/", "Zero hunger"),  # the goals come from the taxonomy, with 0 activities
        ("/en/organizations/", "No organizations yet."),
    ],
)
def test_page_ok_on_empty_database(client: Client, db: None, url: str, empty_state: str) -> None:
    response = get(client, url)
    assert response.status_code == 200
    assert empty_state in text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/en/activities/A999999/",
        "/en/organizations/NOPE/",
        "/en/sdgs/0/",
        "/en/sdgs/18/",
        "/en/sdgs/x/",
        "/en/editions/1999/",
        "/en/nothing-here/",
        "/xx/activities/",
        "/xx/",
        "/en-xx/about/",
    ],
)
def test_page_unknown_is_404(client: Client, catalog: Any, url: str) -> None:
    response = get(client, url)
    assert response.status_code == 404


def test_page_unknown_language_prefix_is_404_page_not_500(client: Client, catalog: Any) -> None:
    response = get(client, "/xx/activities/A000001/")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_root_redirects_to_language_prefix(client: Client, db: None) -> None:
    response = get(client, "/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_post_to_page_not_allowed(client: Client, catalog: Any) -> None:
    assert client.post("/en/activities/").status_code == 405


# --- home, demo banner, figures --------------------------------------------------------


def test_home_shows_latest_published_edition_figures_and_charts(
    client: Client, catalog: Any
) -> None:
    body = text(get(client, "/en/"))
    assert "Headline figures" in body and "2024" in body
    specs = re.findall(r'<script id="([\w-]+)-spec" type="application/json">(.*?)</script>', body)
    assert {name for name, _ in specs} >= {"home-sdg", "home-orgs", "home-trend"}
    for _name, spec in specs:
        assert json.loads(spec)["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert 'role="img" aria-label=' in body
    assert "Show the data as a table" in body
    assert "vega-embed.min.js" in body
    assert "cdn" not in body.lower()


def test_home_banner_only_for_demo_database(client: Client, catalog: Any) -> None:
    assert "Demo data: illustrative" not in text(get(client, "/en/"))
    from aiatlas.catalog.models import SiteSetting

    SiteSetting.objects.create(key="demo_data", value=True)
    assert "Demo data: illustrative, not real UN activities" in text(get(client, "/en/"))


def test_footer_credits_aurora_queries(client: Client, db: None) -> None:
    body = text(get(client, "/en/about/"))
    assert "SDG queries by the Aurora Universities Network, CC BY 4.0" in body


def test_sdg_chart_uses_official_colours(client: Client, catalog: Any) -> None:
    from aiatlas.taxonomy.models import Goal

    body = text(get(client, "/en/"))
    spec = json.loads(
        re.search(r'<script id="home-sdg-spec" type="application/json">(.*?)</script>', body)[1]
    )
    colours = {v["colour"] for v in spec["data"]["values"]}
    assert colours == set(Goal.objects.values_list("colour", flat=True))


# --- activity page ---------------------------------------------------------------------


def test_activity_page_shows_fields(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/A000001/"))
    assert "Flood forecasting with satellite images" in body
    assert "<strong>warning</strong>" in body  # Markdown rendered
    assert "<h3>Heading</h3>" in body  # headings moved below the page's own
    assert "SDG 13" in body and "13.1" in body
    assert 'href="/en/sdgs/13/"' in body
    assert "public@example.org" in body  # contact_public
    assert "/api/v1/activities/A000001/citation?format=bibtex" in body
    assert "/api/v1/activities/A000001/citation?format=csl-json" in body
    assert 'rel="noopener noreferrer nofollow"' in body
    assert 'href="/en/editions/2024/"' in body


def test_activity_page_hides_private_contact(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/A000002/"))
    assert "hidden@example.org" not in body
    assert "Hidden Person" not in body


def test_activity_page_partners_by_sector(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/A000003/"))
    assert "Private sector" in body and "Example Corp" in body


def test_activity_badge_text_contrasts_with_goal_colour(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/A000003/"))
    # the colours come from web/sdg.css (tests/web/test_headers.py checks their contrast)
    assert re.search(r'class="sdg-badge sdg-\d{1,2}"', body)


def test_goal_badges_name_the_goal(client: Client, catalog: Any) -> None:
    for url in ("/en/activities/A000001/", "/en/activities/?q=flood"):
        body = text(get(client, url))
        assert "Climate action" in body, url
        assert "bound method" not in body, url


def test_script_in_title_and_description_is_escaped(client: Client, catalog: Any) -> None:
    for url in ("/en/activities/A000002/", "/en/activities/?q=crop", "/en/organizations/FAO/"):
        body = text(get(client, url))
        assert "<script>alert" not in body, url
        assert "<img" not in body, url  # shown as text, never as a tag
        assert 'href="javascript:' not in body, url
    body = text(get(client, "/en/activities/A000002/"))
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Crop advice" in body


def test_markdown_is_sanitised() -> None:
    from aiatlas.common.markdown import render_markdown

    html = render_markdown(
        '<b onclick="x()">raw</b> [a](javascript:alert(1)) [b](https://e.org "t")\n\n'
        "| h |\n|---|\n| c |"
    )
    assert "<b" not in html and 'href="javascript' not in html
    assert "&lt;b" in html  # raw HTML is shown as text, not run
    assert 'href="https://e.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<table>" in html


def test_activity_page_query_count_is_bounded(
    client: Client, catalog: Any, django_assert_max_num_queries: Any
) -> None:
    get(client, "/en/activities/A000002/")  # loads the search engine (related activities)
    # 20 for the page; related activities without vectors: one match per title word
    with django_assert_max_num_queries(30):
        response = get(client, "/en/activities/A000001/")
    assert response.status_code == 200
    assert "Flood forecasting with satellite images" in text(response)


# --- organization, goal, edition pages -------------------------------------------------


def test_organization_page_lists_activities_by_edition_and_partners(
    client: Client, catalog: Any
) -> None:
    body = text(get(client, "/en/organizations/WHO/"))
    assert "Health chatbot" in body
    assert 'href="/en/editions/2023/"' in body
    assert "Example Corp" in body
    assert "org-sdg-spec" in body  # SDG profile chart


def test_goal_page_in_visitor_language(client: Client, catalog: Any) -> None:
    from aiatlas.taxonomy.models import Goal, Target

    goal = Goal.objects.get(number=13)
    target = Target.objects.get(code="13.1")
    body = text(get(client, "/fr/sdgs/13/"))
    assert goal.short_title("fr") in body
    assert target.title("fr").replace("'", "&#x27;") in body
    assert "Flood forecasting" in body
    body_ar = text(get(client, "/ar/sdgs/13/"))
    assert goal.short_title("ar") in body_ar


def test_goal_page_trend_and_sectors(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/sdgs/3/"))
    assert "goal-trend-spec" in body and "goal-sectors-spec" in body


def test_edition_page(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/editions/2024/"))
    assert "Published" in body
    assert "/en/activities/?edition=2024" in body


# --- languages -------------------------------------------------------------------------


def test_arabic_is_right_to_left(client: Client, catalog: Any) -> None:
    body = text(get(client, "/ar/activities/"))
    assert '<html lang="ar" dir="rtl">' in body


def test_english_is_left_to_right(client: Client, db: None) -> None:
    assert '<html lang="en" dir="ltr">' in text(get(client, "/en/"))


def test_french_ui_strings_are_translated(client: Client, catalog: Any) -> None:
    body = text(get(client, "/fr/activities/"))
    assert '<html lang="fr" dir="ltr">' in body
    assert "Rechercher des activités" in body
    assert "Aller au contenu principal" in body


def test_language_switch_keeps_path_and_query(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/?q=flood&goal=13"))
    assert 'href="/fr/activities/?q=flood&amp;goal=13"' in body
    assert 'href="/ar/activities/?q=flood&amp;goal=13"' in body
    body = text(get(client, "/en/activities/A000001/"))
    assert 'href="/zh-hans/activities/A000001/"' in body


# --- search list -----------------------------------------------------------------------


def test_list_search_finds_and_links(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/?q=flood"))
    assert 'href="/en/activities/A000001/"' in body
    assert "Health chatbot" not in body


def test_list_facets_and_chips(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/?goal=13"))
    assert re.search(
        r'<input type="checkbox" id="f-goal-[0-9a-f]+" name="goal" value="13" checked>', body
    )
    assert "Selected filters" in body
    # the chip removes the filter and keeps the rest
    assert 'class="chip" href="/en/activities/?"' in body
    body = text(get(client, "/en/activities/?goal=13&q=flood"))
    assert 'class="chip" href="/en/activities/?q=flood"' in body


def test_list_facet_or_within_and_across(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/?goal=13&goal=3"))
    assert "Flood forecasting" in body and "Health chatbot" in body
    body = text(get(client, "/en/activities/?goal=13&goal=3&edition=2023&organization=WHO"))
    assert "Health chatbot" in body and "Flood forecasting" not in body


def test_list_export_links_carry_the_query(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/?q=flood&goal=13&page=1"))
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="/api/v1/activities.{fmt}?q=flood&amp;goal=13"' in body


def test_list_pagination(client: Client, demo: None) -> None:
    body = text(get(client, "/en/activities/"))
    assert 'rel="next"' in body and 'aria-current="page"' in body
    body2 = text(get(client, "/en/activities/?page=2"))
    assert 'rel="prev"' in body2


def test_list_htmx_request_gets_the_region_only(client: Client, catalog: Any) -> None:
    response = get(
        client, "/en/activities/?q=flood", **{"HX-Request": "true", "HX-Target": "search-region"}
    )
    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body and 'id="search-form"' in body
    assert "HX-Request" in response["Vary"]


def test_list_htmx_history_restore_gets_the_full_page(client: Client, catalog: Any) -> None:
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in text(get(client, "/en/activities/?q=flood", **headers))


def test_list_form_works_without_javascript(client: Client, catalog: Any) -> None:
    body = text(get(client, "/en/activities/"))
    assert re.search(r'<form id="search-form"[^>]*method="get" action="/en/activities/"', body)
    assert 'type="submit"' in body
    assert '<label for="q">' in body and '<label for="sort">' in body


@pytest.mark.parametrize(
    "query",
    [
        "sort=sideways",
        "page=abc",
        "page=0",
        "q=" + "x" * 501,
    ],
)
def test_list_bad_params_answer_400_with_message(client: Client, catalog: Any, query: str) -> None:
    response = get(client, f"/en/activities/?{query}")
    assert response.status_code == 400
    body = text(response)
    assert "This search cannot be answered" in body
    assert 'role="alert"' in body


def test_list_tampered_param_is_escaped_in_400(client: Client, catalog: Any) -> None:
    response = get(client, "/en/activities/?sort=<script>x</script>")
    assert response.status_code == 400
    assert "<script>x" not in text(response)


@pytest.mark.parametrize(
    "query",
    [
        "goal=99999999999999999999",
        "goal=abc",
        "edition=abc",
        "edition=-1",
        "target=<b>",
        "country=%00",
        "page=99999999999999999999",
        "page=-5",
        "per_page=100000",
        "q=%00",
        "sort=",
        "unknown=1",
    ],
)
def test_list_tampered_params_never_500(client: Client, catalog: Any, query: str) -> None:
    response = get(client, f"/en/activities/?{query}")
    assert response.status_code in (200, 400), query
    assert "<b>" not in text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/en/sdgs/99999999999999999999999/",
        "/en/editions/99999999999999999999999/",
        "/en/organizations/a%2Fb/",
        "/en/activities/%3Cscript%3E/",
    ],
)
def test_tampered_path_is_404(client: Client, catalog: Any, url: str) -> None:
    response = get(client, url)
    assert response.status_code == 404
    assert "<script>" not in text(response).split("</head>")[1]
