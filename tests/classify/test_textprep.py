"""Cleaning of incoming text."""

from __future__ import annotations

import pytest

from aiatlas.classify.textprep import MAX_CHARS, BadText, clean


@pytest.mark.parametrize("text", ["", "   \n\t  ", "12345 !!!", b""])
def test_clean_empty_or_wordless_text_raises(text: str | bytes) -> None:
    with pytest.raises(BadText):
        clean(text)


@pytest.mark.parametrize(
    "data", [bytes(range(256)) * 20, b"\x00\x01\x02abc" * 100, "\x00\x07\x08\x1b" * 50]
)
def test_clean_binary_garbage_raises(data: str | bytes) -> None:
    with pytest.raises(BadText, match="binary"):
        clean(data)


def test_clean_strips_html() -> None:
    text, notes = clean("<p>Clean <b>water</b> for all</p><script>var x = 1;</script> &amp; more")
    assert text == "Clean water for all & more"
    assert "html stripped" in notes


def test_clean_one_megabyte_is_truncated() -> None:
    # how fast: benchmarks/bench_limits.py
    text, notes = clean("health " * 150_000)
    assert len(text) <= MAX_CHARS and "truncated" in notes
    assert text.startswith("health health") and set(text.split()) == {"health"}
