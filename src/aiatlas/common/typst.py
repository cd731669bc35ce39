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
    source: str, root: Path, out: Path, timestamp: int | None = None, *, tagged: bool = True
) -> list[str]:
    """Compile Typst source to ``out``; returns the compiler's warnings. The PDF is
    tagged (structure for screen readers)."""
    import typst

    main = root / "report.typ"
    main.write_text(source, encoding="utf-8")
    compiler = typst.Compiler(root=str(root), font_paths=font_book())
    _result, warnings = compiler.compile_with_warnings(
        input=str(main), output=str(out), format="pdf", timestamp=timestamp, pdf_tags=tagged
    )
    return [w.message for w in warnings]
