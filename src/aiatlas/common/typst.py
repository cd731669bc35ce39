"""Typst, shared by every app that typesets a PDF (the report, the survey's receipts): the
fonts (Typst's own, the system's and the bundled Noto packages for Arabic and Chinese),
read once per process, and the compiler. User text goes through
:mod:`aiatlas.common.typst_markup` before it reaches a document."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from aiatlas.common import typst_markup as tm

#: preferred text fonts in order; the ones Typst can find are used (the first two are
#: embedded in Typst itself, the others are used when the system has them, for Arabic,
#: Chinese and other scripts)
FONTS = [
    "Libertinus Serif",
    "New Computer Modern",
    "Noto Serif",
    "DejaVu Sans",
    "Noto Naskh Arabic",
    "Noto Sans Arabic",
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK TC",
]

#: font packages installed with aiatlas (PyPI wheels, SIL Open Font Licence): module ->
#: folder inside it holding the font files, so Arabic and Chinese typeset on any machine
FONT_PACKAGES = {
    "fontpkg_noto_sans_arabic": "files",  # Noto Sans Arabic
    "cvttf_NotoSansCJK_Regular": "",  # Noto Sans CJK TC (every CJK ideograph)
}


def font_dirs() -> list[str]:
    """Folders of the bundled font packages that are installed (found without importing
    them)."""
    import importlib.util

    dirs = []
    for module, sub in FONT_PACKAGES.items():
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.origin:
            continue
        folder = Path(spec.origin).parent / sub
        if folder.is_dir():
            dirs.append(str(folder))
    return dirs


@functools.cache
def font_book() -> Any:
    """Typst's fonts: its embedded ones, the system's and the bundled packages' (read
    once per process: the CJK font alone is 16 MB)."""
    import typst

    return typst.Fonts(font_paths=font_dirs())


def available_fonts() -> list[str]:
    available = {f.casefold() for f in font_book().families()}
    return [f for f in FONTS if f.casefold() in available] or ["Libertinus Serif"]


def fonts_markup() -> str:
    """The available fonts as a Typst array, for ``#set text(font: …)``."""
    return "(" + ", ".join(tm.string(f) for f in available_fonts()) + ",)"


def compile_pdf(
    source: str,
    root: Path,
    out: Path,
    timestamp: int | None = None,
    *,
    tagged: bool = True,
    main_name: str = "report.typ",
) -> list[str]:
    """Compile Typst source to ``out``, written first to ``main_name`` in ``root``; returns
    the compiler's warnings. The PDF is tagged (structure for screen readers) unless
    ``tagged`` is false."""
    import typst

    main = root / main_name
    main.write_text(source, encoding="utf-8")
    compiler = typst.Compiler(root=str(root), font_paths=font_book())
    _result, warnings = compiler.compile_with_warnings(
        input=str(main), output=str(out), format="pdf", timestamp=timestamp, pdf_tags=tagged
    )
    return [w.message for w in warnings]


class CompilerProcess:
    """Typst in a child process, for long jobs in several documents: the compiler keeps
    what it laid out in a cache for the life of its process, so a fresh process takes
    over after ``jobs`` documents and the memory goes back to the system.

    The child is ``python -m aiatlas.common.typst`` (this module imports no Django); it
    reads one job a line (JSON) and answers one line."""

    def __init__(self, jobs: int = 3) -> None:
        self.jobs = jobs
        self._child: Any = None
        self._done = 0
        self._pending = False  # a document was handed over and its answer not read yet

    def compile(
        self, source: str, root: Path, out: Path, timestamp: int | None = None, *, tagged: bool
    ) -> list[str]:
        """Typeset one document and wait for it; returns the compiler's warnings."""
        self.submit(source, root, out, timestamp, tagged=tagged)
        return self.result()

    def submit(
        self,
        source: str,
        root: Path,
        out: Path,
        timestamp: int | None = None,
        *,
        tagged: bool,
        again: bool = False,
    ) -> None:
        """Hand one document to the compiler and return at once: the caller can prepare the
        next one while this one is typeset. One at a time; :meth:`result` waits for it.

        The source is written next to ``out`` (``out`` with ``.typ``). ``again``: the
        document just typeset, once more, after a file it reads changed; the same process
        takes it, and reuses what it laid out before."""
        import json

        if self._pending:
            raise RuntimeError("the compiler is still typesetting the document before")
        if self._child is None or (self._done >= self.jobs and not again):
            self.close()
            self._start()
        self._done += 0 if again else 1
        job = {
            "source": source,
            "root": str(root),
            "out": str(out),
            "main": out.with_suffix(".typ").name,
            "timestamp": timestamp,
        }
        self._child.stdin.write(json.dumps({**job, "tagged": tagged}) + "\n")
        self._child.stdin.flush()
        self._pending = True

    def result(self) -> list[str]:
        """Wait for the document handed over last; returns the compiler's warnings and
        raises :class:`TypstError` when it refused the document."""
        import json

        if not self._pending:
            raise RuntimeError("no document is being typeset")
        self._pending = False
        line = self._child.stdout.readline()
        if not line:
            self.close()
            raise TypstError("the Typst compiler process stopped")
        answer = json.loads(line)
        if "error" in answer:
            raise TypstError(answer["error"])
        return list(answer["warnings"])

    def _start(self) -> None:
        import subprocess
        import sys

        self._child = subprocess.Popen(  # our own module, no shell
            [sys.executable, "-m", "aiatlas.common.typst"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._done = 0

    def close(self) -> None:
        self._pending = False
        if self._child is not None:
            self._child.stdin.close()
            self._child.wait(timeout=60)
            self._child = None

    def __enter__(self) -> CompilerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TypstError(Exception):
    """The compiler refused a document; the message is Typst's."""


def _serve() -> None:
    """The child's loop: one JSON job a line on stdin, one answer a line on stdout."""
    import json
    import sys

    for line in sys.stdin:
        job = json.loads(line)
        try:
            warnings = compile_pdf(
                job["source"], Path(job["root"]), Path(job["out"]), job["timestamp"],
                tagged=job["tagged"], main_name=job["main"],
            )  # fmt: skip
            answer: dict[str, Any] = {"warnings": warnings}
        except Exception as exc:  # the message goes back to the parent, which raises it
            answer = {"error": str(exc)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
