"""The Typst compiler in a child process: documents handed over one at a time, typeset
while the caller goes on, refusals raised with Typst's message."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiatlas.common.typst import CompilerProcess, TypstError


def test_a_document_handed_over_is_typeset_while_the_caller_goes_on(tmp_path: Path) -> None:
    from pypdf import PdfReader

    with CompilerProcess(jobs=2) as compiler:
        for n in range(3):  # the third job is typeset by a fresh process
            compiler.submit(
                f"Part {n}\n#pagebreak()\nmore", tmp_path, tmp_path / f"{n}.pdf", tagged=False
            )
            with pytest.raises(RuntimeError, match="still typesetting"):
                compiler.submit("x", tmp_path, tmp_path / "x.pdf", tagged=False)
            assert compiler.result() == []
    for n in range(3):
        reader = PdfReader(tmp_path / f"{n}.pdf")
        assert len(reader.pages) == 2 and f"Part {n}" in reader.pages[0].extract_text()


def test_a_refused_document_raises_with_typsts_message_and_the_process_goes_on(
    tmp_path: Path,
) -> None:
    with CompilerProcess() as compiler:
        compiler.submit("#let x = (", tmp_path, tmp_path / "bad.pdf", tagged=False)
        with pytest.raises(TypstError, match="unclosed delimiter"):
            compiler.result()
        with pytest.raises(RuntimeError, match="no document"):
            compiler.result()
        assert compiler.compile("fine", tmp_path, tmp_path / "ok.pdf", tagged=False) == []
    assert (tmp_path / "ok.pdf").stat().st_size > 0
    assert not (tmp_path / "bad.pdf").exists()
