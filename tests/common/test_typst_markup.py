"""User text typesets as itself: Typst markup in it is never run."""

from __future__ import annotations

import io

import pytest

from aiatlas.common import typst_markup as tm

NASTY = [
    "#set page(width: 1cm)",
    "$x^2$ and $$",
    "*bold* _em_ `code`",
    "@ref <label> [link] ]",
    "back\\slash \\ \\\\ and \\u{41}",
    '#import "x": *',
    "= not a heading",
    "- not a list + nor this",
    "// not a comment /* nor */ this",
    "https://example.org/x_y*z",
    "\"quoted\" 'single' ~tilde~ ^caret^ {braces} (parens)",
    "#{ panic() }",
    "3 < 4 > 2 & 5 % 6 # 7",
]


def _typeset(markup: str) -> str:
    import typst
    from pypdf import PdfReader

    doc = '#set page(width: 30cm, height: auto, margin: 1cm)\n#set text(font: "DejaVu Sans")\n'
    pdf = typst.Compiler().compile(input=(doc + markup).encode(), format="pdf")
    assert isinstance(pdf, bytes)
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _squash(s: str) -> str:
    return "".join(s.split())


@pytest.mark.parametrize("value", NASTY)
def test_text_typesets_literally(value: str) -> None:
    assert _squash(_typeset(tm.text(value))) == _squash(value)


@pytest.mark.parametrize("value", NASTY)
def test_markdown_keeps_special_characters_literal(value: str) -> None:
    out = _typeset(tm.markdown("Start " + value.replace("`", "'").replace("*", "+")))
    assert "Start" in out


def test_markdown_subset() -> None:
    markup = tm.markdown("**bold** and *em* and [site](https://example.org)\n\n- one\n- two")
    assert "#strong[bold]" in markup
    assert "#emph[em]" in markup
    assert '#link("https://example.org")[site]' in markup
    assert "#list([one], [two])" in markup


def test_unsafe_links_become_text() -> None:
    assert "#link" not in tm.link("javascript:alert(1)", "x")
    assert tm.string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


def test_non_latin_text_compiles() -> None:
    out = _typeset(tm.text("Café — مرحبا بالعالم — 你好世界"))
    assert "Café" in out
