"""A large edition's report typeset in parts and joined into one PDF.

The Typst compiler keeps the whole laid-out document in memory: a 5,000-activity report
in one document takes 3.5 GB. Typeset part by part (:func:`aiatlas.report.pdf.document_parts`),
each part numbers its pages from where the one before ended, and the pages of every
labelled place (chapters, activities, annex entries) are read from the part's named
destinations. The front matter is typeset first to learn its length, then again at the
end with the contents' page numbers; the indexes come after the chapters whose pages they
list. Two compiler processes typeset parts at the same time (:class:`_Run`): a part
whose start is not known yet starts from a guess and is numbered again once the parts
before it are counted, which costs its headers and footers only. Links into another part
are written as placeholders (``aiatlas-part:<label>``) and turned into links to the
labelled place when the parts are joined with pikepdf.

What a report in parts lacks: the tag tree for screen readers (the join cannot merge those;
the parts are typeset untagged), so the single document stays the way for the sizes the
secretariat publishes today.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiatlas.common.typst import CompilerProcess
from aiatlas.report.content import ReportContent
from aiatlas.report.pdf import PART_LINK, Part, Refs, document_parts

#: editions with more activities than this are typeset in parts
PARTS_FROM = 1500
#: parts one compiler process typesets before a fresh one takes over: the compiler keeps
#: what it laid out in a cache for the life of its process, and two run at once (one part
#: each: a 5,000-activity build peaks at about 800 MB in all, three each at 1.3 GB)
PARTS_PER_PROCESS = 1
#: activities in one part (about: a chapter is never split)
ENTRIES_PER_PART = 500
#: compiler processes typesetting parts at the same time
COMPILERS = 2
#: pages per activity, to guess where a part starts before the parts ahead are typeset
PAGES_PER_ENTRY = 0.28


def typeset_in_parts(
    content: ReportContent,
    chart_files: dict[str, str],
    root: Path,
    out: Path,
    *,
    demo: bool = False,
    timestamp: int | None = None,
    entries_per_part: int | None = None,
) -> list[str]:
    """Typeset the report in parts inside ``root`` (where the charts are) and join them
    into ``out``; returns the compiler's warnings."""
    refs = Refs(pages={})
    per_part = ENTRIES_PER_PART if entries_per_part is None else entries_per_part
    parts = document_parts(content, chart_files, refs=refs, demo=demo, entries_per_part=per_part)
    run = _Run(parts, root, timestamp, refs)
    with CompilerProcess(jobs=PARTS_PER_PROCESS) as compiler:
        front = run.typeset(compiler, 0, 0)
        for _attempt in range(3):
            run.rest(front, warm=content.figures.all)
            again = run.typeset(compiler, 0, 0)  # now with the contents' pages
            if again == front:
                break
            front = again  # the contents took another page: number the rest again
    _join([run.pdf(i) for i in range(len(parts))], out)
    return [warning for index in sorted(run.warnings) for warning in run.warnings[index]]


class _Run:
    """The parts of one report typeset by :data:`COMPILERS` processes at once.

    A part's pages are numbered on from the parts before it, which are typeset at the same
    time: it is typeset with the best guess of where it starts, and once every part before
    it is counted, with the right start by the same process, which lays out only the
    headers and footers again (:class:`aiatlas.report.pdf.Part`). The contents and the
    indexes wait for the pages of the chapters they list."""

    def __init__(self, parts: list[Part], root: Path, timestamp: int | None, refs: Refs) -> None:
        self.parts, self.root, self.timestamp, self.refs = parts, root, timestamp, refs
        self.counts: dict[int, int] = {}  # part -> its number of pages
        self.places: dict[int, dict[str, int]] = {}  # part -> label -> page index in it
        self.offsets: dict[int, int] = {0: 0}  # part -> pages before it, once known
        self.warnings: dict[int, list[str]] = {}  # a part typeset again keeps its last
        self.lock = threading.Condition()
        self.error: BaseException | None = None
        self.ready = threading.Event()  # the bodies that read figures may be written
        self.next = 1

    def pdf(self, index: int) -> Path:
        return self.root / f"part-{index}.pdf"

    def typeset(
        self, compiler: CompilerProcess, index: int, offset: int, again: bool = False
    ) -> int:
        """Typeset part ``index`` after ``offset`` pages; returns its number of pages."""
        part = self.parts[index]
        (self.root / part.offset_file).write_text(str(offset), encoding="utf-8")
        pdf = self.pdf(index)
        compiler.submit(part.source(), self.root, pdf, self.timestamp, tagged=False, again=again)
        warnings = compiler.result()
        places, count = _places(pdf)
        with self.lock:
            self.warnings[index] = warnings
            self.places[index] = {name: page for name, (page, _top) in places.items()}
            self.counts[index] = count
            self._settle()
            self.lock.notify_all()
        return count

    def rest(self, front: int, warm: Callable[[], object]) -> None:
        """Typeset every part after the front matter (``front`` pages), ``warm`` (called
        here, in this thread: it may read the database) before any body that reads
        figures is written."""
        from django.utils import translation

        language = translation.get_language()
        self.counts = {0: front}
        self.offsets = {0: 0}
        self.next = 1
        self.ready.clear()
        workers = [
            threading.Thread(target=self._work, args=(language,), daemon=True)
            for _ in range(COMPILERS)
        ]
        for worker in workers:
            worker.start()
        try:
            warm()
        except BaseException as exc:
            with self.lock:
                self.error = self.error or exc
                self.lock.notify_all()
        finally:
            self.ready.set()
        for worker in workers:
            worker.join()
        if self.error is not None:
            raise self.error

    def _work(self, language: str) -> None:
        from django.db import connection
        from django.utils import translation

        try:
            with (
                translation.override(language),
                connection.execute_wrapper(_no_queries),
                CompilerProcess(jobs=PARTS_PER_PROCESS) as c,
            ):
                while (index := self._take()) is not None:
                    with self.lock:
                        guess = self.offsets.get(index, self._guess(index))
                    self.typeset(c, index, guess)
                    with self.lock:
                        self.lock.wait_for(lambda: self.error is not None or index in self.offsets)
                        if self.error is not None:
                            return
                        exact = self.offsets[index]
                    if exact != guess:
                        self.typeset(c, index, exact, again=True)
        except BaseException as exc:  # the build fails with it, in the calling thread
            with self.lock:
                self.error = self.error or exc
                self.lock.notify_all()

    def _take(self) -> int | None:
        """The next part to typeset, once it can be written; None when none is left."""
        with self.lock:
            if self.error is not None or self.next >= len(self.parts):
                return None
            index = self.next
            self.next += 1
            part = self.parts[index]
            if part.needs_pages:  # an index lists the pages of every chapter before it
                before = [j for j in range(1, index) if not self.parts[j].needs_pages]
                self.lock.wait_for(
                    lambda: self.error is not None or all(j in self.offsets for j in before)
                )
        if not part.entries:
            self.ready.wait()
        return None if self.error is not None else index

    def _guess(self, index: int) -> int:
        """Pages before part ``index``: those counted, and a guess for the others."""
        counted = [j for j in self.counts if self.parts[j].entries]
        entries = sum(self.parts[j].entries for j in counted)
        ratio = sum(self.counts[j] for j in counted) / entries if entries else PAGES_PER_ENTRY
        return sum(self.counts.get(j, round(self.parts[j].entries * ratio)) for j in range(index))

    def _settle(self) -> None:
        """Where each part starts, for the parts whose parts before are all counted, and
        the pages of their labels (under the lock)."""
        index = 1
        while index < len(self.parts) and index - 1 in self.counts:
            if index not in self.offsets:
                self.offsets[index] = self.offsets[index - 1] + self.counts[index - 1]
            index += 1
        for index, offset in self.offsets.items():
            for name, page in self.places.get(index, {}).items():
                self.refs.pages[name] = offset + page + 1  # type: ignore[index]


def _no_queries(*args: Any) -> Any:
    """The parts' bodies are written from content read before (a thread's queries would
    run outside the build's connection and transaction): a query here is a bug."""
    raise RuntimeError("a part of the report read the database in a compiler thread")


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
