"""A large edition's report typeset in parts and joined into one PDF.

The Typst compiler keeps the whole laid-out document in memory: a 5,000-activity report
in one document takes 3.5 GB. Typeset part by part (:func:`aiatlas.report.pdf.document_parts`),
each part numbers its pages from where the one before ended, and the pages of every
labelled place (chapters, activities, annex entries) are read from the part's named
destinations. The front matter is typeset first to learn its length, then again at the
end with the contents' page numbers; the indexes come after the chapters whose pages they
list. Links into another part are written as placeholders (``aiatlas-part:<label>``) and
turned into links to the labelled place when the parts are joined with pypdf.

What a report in parts lacks: the tag tree for screen readers (pypdf cannot join those;
the parts are typeset untagged), so the single document stays the way for the sizes the
secretariat publishes today.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiatlas.common.typst import CompilerProcess
from aiatlas.report.content import ReportContent
from aiatlas.report.pdf import PART_LINK, Refs, document_parts

#: editions with more activities than this are typeset in parts
PARTS_FROM = 1500
#: parts one compiler process typesets before a fresh one takes over (the compiler keeps
#: what it laid out in a cache for the life of its process)
PARTS_PER_PROCESS = 3


def typeset_in_parts(
    content: ReportContent,
    chart_files: dict[str, str],
    root: Path,
    out: Path,
    *,
    demo: bool = False,
    timestamp: int | None = None,
    entries_per_part: int = 500,
) -> list[str]:
    """Typeset the report in parts inside ``root`` (where the charts are) and join them
    into ``out``; returns the compiler's warnings."""
    refs = Refs(pages={})
    parts = document_parts(
        content, chart_files, refs=refs, demo=demo, entries_per_part=entries_per_part
    )
    warnings: dict[int, list[str]] = {}  # a part typeset again keeps its last warnings
    with CompilerProcess(jobs=PARTS_PER_PROCESS) as compiler:

        def start(index: int, first: int) -> Path:
            """Hand part ``index`` to the compiler, numbered from page ``first``."""
            pdf = root / f"part-{index}.pdf"
            compiler.submit(parts[index].source(first), root, pdf, timestamp, tagged=False)
            return pdf

        def finish(index: int, pdf: Path, first: int, ahead: int | None = None) -> int:
            """Write the body of part ``ahead`` while part ``index`` is typeset (when it
            needs no pages), then record the pages of the part's labels; returns its number
            of pages."""
            if ahead is not None and ahead < len(parts) and not parts[ahead].needs_pages:
                parts[ahead].body()
            warnings[index] = compiler.result()
            places, count = _places(pdf)
            for name, (page, _top) in places.items():
                refs.pages[name] = first + page  # type: ignore[index]
            return count

        files = [start(0, 1)]
        front_pages = finish(0, files[0], 1, ahead=1)
        for _attempt in range(3):
            page = 1 + front_pages
            files = files[:1]
            for index in range(1, len(parts)):
                files.append(start(index, page))
                page += finish(index, files[-1], page, ahead=index + 1)
            files[0] = start(0, 1)  # now with the contents' pages
            again = finish(0, files[0], 1)
            if again == front_pages:
                break
            front_pages = again  # the contents took another page: number the rest again
    _join(files, out)
    return [warning for index in sorted(warnings) for warning in warnings[index]]


def _places(path: Path) -> tuple[dict[str, tuple[int, Any]], int]:
    """The part's labelled places (page index, top) and its number of pages."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return _named(pdf, 0), len(pdf.pages)


def _named(pdf: Any, offset: int) -> dict[str, tuple[int, Any]]:
    import pikepdf

    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    out = {}
    for name, dest in pikepdf.NameTree(names.Dests).items():
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.D
        page = index.get(dest[0].objgen)
        if page is not None:
            top = dest[3] if len(dest) > 3 and dest[1] == "/XYZ" else None
            out[str(name)] = (offset + page, top)
    return out


def _join(files: list[Path], out: Path) -> None:
    """One PDF of the parts (its metadata, language and bookmarks from the parts), with
    the placeholder links pointing at their places."""
    import pikepdf

    with pikepdf.new() as joined:
        places: dict[str, tuple[int, Any]] = {}
        sources = []
        for path in files:
            part = pikepdf.open(path)
            sources.append(part)
            places.update(_named(part, len(joined.pages)))
            joined.pages.extend(part.pages)
        first = sources[0]
        with joined.open_metadata() as meta, first.open_metadata() as theirs:
            for key, value in theirs.items():
                meta[key] = value
        for key in ("/Title", "/Author"):
            if key in first.docinfo:
                joined.docinfo[key] = first.docinfo[key]
        if "/Lang" in first.Root:
            joined.Root.Lang = first.Root.Lang
        pages = [page.obj for page in joined.pages]  # indexing joined.pages is slow
        _bookmarks(joined, sources, pages)
        for page in pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                if not uri.startswith(PART_LINK):
                    continue
                place = places.get(uri.removeprefix(PART_LINK))
                if place is None:
                    del annot["/A"]
                    continue
                target, top = place
                annot.A = pikepdf.Dictionary(
                    S=pikepdf.Name.GoTo,
                    D=pikepdf.Array([pages[target], pikepdf.Name.XYZ, None, top, None]),
                )
        joined.save(out)
        for part in sources:
            part.close()


def _bookmarks(joined: Any, sources: list[Any], pages: list[Any]) -> None:
    """The parts' bookmarks (Typst's, one per heading) in one outline, in order, each
    pointing at its heading's place on the joined PDF's page (``pages``: its page
    objects)."""
    offset = 0
    with joined.open_outline() as outline:
        for part in sources:
            index = {page.obj.objgen: i for i, page in enumerate(part.pages)}
            with part.open_outline() as theirs:
                for item in theirs.root:
                    outline.root.append(_copy_item(item, index, pages[offset:]))
            offset += len(part.pages)


def _copy_item(item: Any, index: dict[Any, int], pages: list[Any]) -> Any:
    """A bookmark of a part, pointing at the same place of the joined PDF (``pages``: the
    joined page objects from the part's first page on). A destination array rather than a
    page number: pikepdf looks a number up in the whole page tree, for every bookmark."""
    import pikepdf

    dest = item.destination
    if not (isinstance(dest, pikepdf.Array) and len(dest)) and item.action is not None:
        dest = item.action.get("/D")
    page = index.get(dest[0].objgen) if isinstance(dest, pikepdf.Array) and len(dest) else None
    if page is None:
        target = pikepdf.Array([pages[0], pikepdf.Name.Fit])
    elif len(dest) > 3 and dest[1] == "/XYZ":
        target = pikepdf.Array([pages[page], pikepdf.Name.XYZ, dest[2], dest[3], dest[4]])
    else:
        target = pikepdf.Array([pages[page], pikepdf.Name.Fit])
    copy = pikepdf.OutlineItem(item.title, target)
    for child in item.children:
        copy.children.append(_copy_item(child, index, pages))
    return copy
