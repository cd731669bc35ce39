"""The pseudo-locale checker's rule on small pages: the texts scripts show (data-
attributes, JSON islands) are checked, and data joined by list punctuation is data."""

from __future__ import annotations

from tests.web.pseudo_check import Checker

PAGE = '<html lang="en-xa"><body>{}</body></html>'


def _bad(html: str, data: str = "") -> list[str]:
    return Checker(data).check_html(PAGE.format(html))


def test_texts_a_script_writes_are_checked() -> None:
    assert _bad('<div data-empty="Nothing matches."></div>') == ["Nothing matches."]
    assert _bad('<div data-empty="⟦Ñöţĥîñĝ⟧" data-zoom-in="⟦Żööɱ⟧"></div>') == []
    island = '<script type="application/json">{}</script>'
    assert _bad(island.format('{"messages": {"required": "This question is required."}}')) == [
        "This question is required."
    ]
    # a chart's axis title is checked, its data values are not
    spec = '{"encoding": {"x": {"title": "Activities"}}, "data": {"values": [{"l": "Health"}]}}'
    assert _bad(island.format(spec)) == ["Activities"]


def test_data_joined_by_list_punctuation_is_data() -> None:
    data = "Judge One (illustrative)\nJudge Two (illustrative)\nFirst prize\nTeam Alpha"
    assert _bad("<p>Judge One (illustrative), Judge Two (illustrative)</p>", data) == []
    assert _bad("<p>First prize: Team Alpha</p>", data) == []
    assert _bad("<p>First prize: Second place</p>", data) == ["First prize: Second place"]
