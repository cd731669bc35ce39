"""The XPath subset: parsing, evaluation (table-driven) and refusals with a reason."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from aiatlas.survey import xpath

ANSWERS = {
    "a": 5,
    "b": 2.5,
    "s": "yes",
    "multi": ["health", "agri"],
    "empty": None,
    "year": 2020,
    "d": "2024-03-01",
    "rep": xpath.NodeSet([{"x": 1}, {"x": 2}]),
    "xs": xpath.NodeSet([1, 2, "", 4]),
    "txt": "ab12",
}


def run(expr: str, current: object = None, row: dict[str, str] | None = None) -> object:
    ctx = xpath.Context(
        lambda n: ANSWERS.get(n, ""), current=current, row=row or {}, today=dt.date(2025, 1, 15)
    )
    return xpath.evaluate(xpath.parse(expr, allow_columns=row is not None), ctx)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("7 div 2", 3.5),
        ("7 mod 3", 1.0),
        ("-${a} + 1", -4.0),
        ("${a} > 3", True),
        ("${a} >= 5 and ${b} < 3", True),
        ("${a} < 3 or ${s} = 'yes'", True),
        ("not(${s} = 'no')", True),
        ("${s} != 'yes'", False),
        ("${year} = '2020'", True),
        ("${empty} = ''", True),
        ("${empty} > 3", False),
        ("${empty} < 3", False),
        ("selected(${multi}, 'agri')", True),
        ("selected(${multi}, 'energy')", False),
        ("count-selected(${multi})", 2.0),
        ("count-selected(${empty})", 0.0),
        ("string-length(${s})", 3.0),
        ("regex(${txt}, '^[a-z]+[0-9]+$')", True),
        ("regex(${s}, '^[0-9]+$')", False),
        ("if(${a} > 3, 'big', 'small')", "big"),
        ("if(${a} > 9, 'big', 'small')", "small"),
        ("${d} <= today()", True),
        ("${d} > today()", False),
        ("concat(${s}, '-', ${a})", "yes-5"),
        ("count(${rep})", 2.0),
        ("sum(${xs})", 7.0),
        ("max(${xs})", 4.0),
        ("count-non-empty(${xs})", 3.0),
        ("join(', ', ${multi})", "health, agri"),
        ("selected-at(${multi}, 1)", "agri"),
        ("substr('abcdef', 1, 3)", "bc"),
        ("substring-after('a-b', '-')", "b"),
        ("normalize-space('  a   b ')", "a b"),
        ("translate('abc', 'ab', 'AB')", "ABc"),
        ("pow(2, 10)", 1024.0),
        ("format-date('2024-03-01', '%d/%m/%Y')", "01/03/2024"),
        ("position(..)", 0.0),
        ("round(2.456, 2)", 2.46),
        ("int(7.9)", 7.0),
        ("coalesce(${empty}, 'x')", "x"),
        ("contains(${txt}, '12')", True),
        ("starts-with(${txt}, 'ab')", True),
        ('"double quotes"', "double quotes"),
        ("true() and not(false())", True),
        ("number('abc') = number('abc')", False),
    ],
)
def test_evaluate_expression(expr: str, expected: object) -> None:
    assert run(expr) == expected


@pytest.mark.parametrize(
    ("expr", "current", "expected"),
    [
        (". >= 1990 and . <= 2025", 2020, True),
        (". >= 1990 and . <= 2025", 1950, False),
        ("count-selected(.) <= 2", ["a", "b", "c"], False),
        ("not(selected(., 'none') and count-selected(.) > 1)", ["none", "x"], False),
        ("string-length(.) < 5", "abc", True),
    ],
)
def test_evaluate_current_value(expr: str, current: object, expected: object) -> None:
    assert run(expr, current=current) == expected


def test_choice_filter_reads_choice_columns() -> None:
    assert run("region = ${s}", row={"region": "yes"}) is True
    assert run("selected(${multi}, name)", row={"name": "health"}) is True
    assert run("selected(${multi}, name)", row={"name": "energy"}) is False


def test_division_by_zero_is_not_an_error() -> None:
    assert math.isinf(run("1 div 0"))  # type: ignore[arg-type]
    assert math.isnan(run("0 div 0"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expr", "reason"),
    [
        ("pulldata('x', 'y', 'z', ${a})", "function 'pulldata' is not supported"),
        ("/data/a = 1", "paths such as /data/q are not supported"),
        ("${a}[1]", "predicates"),
        ("../a", "parent references"),
        ("a = 1", "bare name 'a' is not supported"),
        ("jr:choice-name(${a}, ${a} = 1)", "jr:choice-name takes a value and '${question}'"),
        ("indexed-repeat('x', ${rep}, 1)", "indexed-repeat takes ${question}"),
        ("${a} = ", "ends too early"),
        ("(${a} = 1", "missing ')'"),
        ("if(${a}, 1)", "function 'if' takes 3 argument(s), got 2"),
        ("${a} = 1 1", "unexpected '1'"),
        ("", "empty"),
        ("${bad name}", "not a valid question reference"),
        ("regex(., '[')", "regex pattern"),
        ("${a} | ${b}", "union"),
    ],
)
def test_unsupported_expression_is_refused_with_reason(expr: str, reason: str) -> None:
    with pytest.raises(xpath.XPathError) as exc:
        xpath.parse(expr)
    assert reason in str(exc.value)


def test_references_lists_questions_read() -> None:
    tree = xpath.parse("if(${a} > 1, selected(${multi}, 'x'), ${b})")
    assert xpath.references(tree) == {"a", "multi", "b"}
