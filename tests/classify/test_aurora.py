"""The Aurora query parser and matcher."""

from __future__ import annotations

import pytest

from aiatlas.classify.aurora import (
    Matcher,
    Op,
    QuerySyntaxError,
    Term,
    parse,
    read_aurora,
    tokenize,
)


def fires(query: str, text: str) -> bool:
    return bool(Matcher.compile([(1, "1.1", query)]).match(tokenize(text)))


def test_aurora_files_parse_completely() -> None:
    raw = read_aurora()
    matcher = Matcher.compile(raw)
    assert len(raw) > 350
    assert matcher.unparsed == []
    assert {line.goal for line in matcher.lines} == set(range(1, 18))


def test_parse_precedence_or_binds_tighter_than_proximity_and_and() -> None:
    tree = parse('"a" OR "b" W/3 "c" AND "d" AND NOT "e"')
    assert isinstance(tree, Op) and tree.kind == "andnot"
    left = tree.children[0]
    assert isinstance(left, Op) and left.kind == "and"
    near = left.children[0]
    assert isinstance(near, Op) and near.kind == "near" and near.distance == 3
    assert isinstance(near.children[0], Op) and near.children[0].kind == "or"


def test_parse_phrase_with_wildcards_and_hyphen() -> None:
    tree = parse('"develop* countr*" OR "south-south*"')
    assert isinstance(tree, Op)
    first, second = tree.children
    assert isinstance(first, Term) and first.words == (("develop", True), ("countr", True))
    assert isinstance(second, Term) and second.words == (("south", False), ("south", True))


@pytest.mark.parametrize("query", ['("a" OR "b"', '"a" AND', "AND", '"a" W/x "b"', '""'])
def test_parse_bad_query_raises(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        parse(query)


def test_matcher_counts_unparsable_lines() -> None:
    matcher = Matcher.compile([(1, "1.1", '("a"'), (1, "1.2", '"a"')])
    assert len(matcher.lines) == 1 and len(matcher.unparsed) == 1


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ('"maternal" W/3 "mortality"', "mortality of the maternal cohort", True),
        ('"maternal" W/3 "mortality"', "maternal care in a region with high mortality", False),
        ('"maternal" PRE/3 "mortality"', "mortality of maternal", False),
        ('"develop* countr*"', "in developing countries today", True),
        ('"develop* countr*"', "countries developing", False),
        ('"sea"', "the seas are rising", True),
        ('"poverty"', "impoverished", False),
        ('"forest*" AND NOT ("marine" OR "ocean*")', "forest and oceans", False),
        ('"forest*" AND NOT ("marine" OR "ocean*")', "forest management", True),
        ('"women\'s rights"', "Women’s rights matter", True),
        ('"non-native"', "non native species", True),
        (
            '("reduce" OR "end") W/3 (("maternal" W/3 ("mortality" OR "death*")))',
            "to end preventable maternal deaths",
            True,
        ),
    ],
)
def test_matcher_semantics(query: str, text: str, expected: bool) -> None:
    assert fires(query, text) is expected


def test_matcher_reports_spans() -> None:
    matcher = Matcher.compile([(3, "3.8", '"universal health coverage"')])
    tokens = tokenize("Towards universal health coverage with AI")
    [(line, spans)] = matcher.match(tokens)
    assert line.target == "3.8"
    assert [" ".join(tokens[a : b + 1]) for a, b in spans] == ["universal health coverage"]
