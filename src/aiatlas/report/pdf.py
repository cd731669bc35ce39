"""The report as a Typst document: every piece of user text goes through
:mod:`aiatlas.common.typst_markup`, so titles like ``#set page(...)`` typeset as text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aiatlas.common import l10n
from aiatlas.common import typst_markup as tm
from aiatlas.common.typst import fonts_markup
from aiatlas.report.charts import ReportChart
from aiatlas.report.content import Chapter, Entry, ExtraChapter, GoalBadge, ReportContent
from aiatlas.report.figures import Figure, display_in
from aiatlas.report.links import figure_url

#: the dots between an entry and its page number (contents, indexes): one dotted line,
#: drawn rather than typeset as a row of full stops, which made the two indexes of a large
#: edition (thousands of lines) the slowest part of its layout; screen readers skip it.
#: Defined once in the preamble (``leader``), so each line of the source says only its name.
LEADER = "#leader"

PREAMBLE = r"""
#set document(title: __TITLE__, author: "aiatlas")
#set text(font: __FONTS__, size: 10pt, lang: __LANG__, dir: __DIR__)
#set par(justify: true, leading: 0.6em)
#set page(paper: "a4", margin: (x: 2.2cm, top: 2.4cm, bottom: 2.2cm),
  header: context { if __PAGE__ > 1 [
    #set text(size: 8pt, fill: luma(90)); #h(1fr) __HEADER__ ] },
  footer: context { let n = __PAGE__; if n > 1 [
    #set text(size: 8pt); #h(1fr) #str(n) #h(1fr) ] })
#show heading.where(level: 1): it => {
  pagebreak(weak: true); set text(size: 18pt, fill: rgb("#1d3f6e")); block(below: 1em, it) }
#show heading.where(level: 2): it => {
  set text(size: 12pt, fill: rgb("#1d3f6e")); block(above: 1.4em, below: 0.6em, it) }
#show heading: set text(hyphenate: false)
#show link: it => text(fill: rgb("#1d5fa8"), it)
#show raw: set text(font: "DejaVu Sans Mono", size: 8.5pt)
#show footnote.entry: set text(size: 7.5pt)
#show footnote.entry: set par(justify: false)
#let sdg(label, colour) = box(fill: rgb(colour), inset: (x: 3pt, y: 2pt), radius: 2pt,
  baseline: 20%, text(fill: white, weight: "bold", size: 7.5pt, label))
#let leader = box(width: 1fr, line(length: 100%,
  stroke: (paint: luma(80), thickness: 0.75pt, dash: (0pt, 2.5pt), cap: "round")))
#let pg(l) = context link(l, str(counter(page).at(l).first()))
#let fieldrow(name, body) = (
  [#set par(justify: false)
   #text(size: 8.5pt, fill: luma(70), weight: "bold", hyphenate: false, name)],
  text(size: 9pt, body))
#let entry(..rows) = block(breakable: true, grid(columns: (3.3cm, 1fr),
  column-gutter: 8pt, row-gutter: 5pt, ..rows.pos().flatten()))
"""


#: the scheme of a link that points into another part of a report typeset in parts; the
#: join (:mod:`aiatlas.report.parts`) turns it into a link to the labelled place
PART_LINK = "aiatlas-part:"


@dataclass
class Refs:
    """How the report points at a labelled place. In one document: by the label, with the
    page number Typst works out. Typeset in parts: by a placeholder link the join turns
    into a link to that place, with the page number found in an earlier part."""

    pages: dict[str, int] | None = None

    def link(self, anchor: str) -> str:
        return f"<{anchor}>" if self.pages is None else tm.string(PART_LINK + anchor)

    def page(self, anchor: str) -> str:
        if self.pages is None:
            return f"#pg(<{anchor}>)"
        return str(self.pages.get(anchor, 0))


ONE_DOCUMENT = Refs()


def _mark(fig: Figure, content: ReportContent, refs: Refs = ONE_DOCUMENT) -> str:
    """The figure's value in bold, then its bracketed reference mark in small type, linked
    to its annex entry (never a superscript that reads like an exponent)."""
    ref = content.reference(fig.id)
    return (
        f"#strong[{tm.text(display_in(fig, content.language))}]~"
        f"#link({refs.link(ref.anchor)})[#text(size: 7.5pt, fill: luma(80))[{tm.text(ref.mark)}]]"
    )


def _summary(content: ReportContent, refs: Refs = ONE_DOCUMENT) -> Iterator[str]:
    yield _h1(_("Executive summary"), "summary")
    for paragraph in content.summary:
        parts = []
        for sentence in paragraph:
            for part in sentence.parts:
                parts.append(tm.text(part) if isinstance(part, str) else _mark(part, content, refs))
            parts.append(" ")
        yield "".join(parts).strip() + "\n\n"
    yield (
        "#text(size: 8.5pt, fill: luma(70))["
        + tm.text(
            _("Each mark such as [F1] refers to the annex \"How the figures were computed\", "
              "which says what the figure counts, from how many records, and links to them.")
        )
        + "]\n\n"
    )  # fmt: skip


def _charts(content: ReportContent, files: dict[str, str]) -> Iterator[str]:
    if not content.charts:
        return
    yield _h1(_("Charts"), "charts")
    # gettext outside the f-strings: xgettext does not look inside them
    supplement = tm.text(_("Chart"))
    for chart in content.charts:
        if f"{chart.id}.svg" in files:
            yield _figure(chart, supplement)


def _figure(chart: ReportChart, supplement: str) -> str:
    """A chart's SVG as a numbered figure with its caption."""
    name, alt = tm.string(f"{chart.id}.svg"), tm.string(chart.description)
    return (
        f"#figure(image({name}, width: 100%, alt: {alt}), supplement: [{supplement}],"
        f" caption: [{tm.text(chart.title)}: {tm.text(chart.description)}])\n\n"
    )


def _badge(g: GoalBadge) -> str:
    return f"#sdg({tm.string(g.label or f'SDG {g.number}')}, {tm.string(g.colour)})"


def _badges(goals: list[GoalBadge]) -> str:
    return " ".join(_badge(g) for g in goals)


def in_language(markup: str, language: str, report_language: str) -> str:
    """Typst markup of a text written in ``language`` (an activity's title or
    description), marked with that language, and its direction when it differs from the
    report's, so hyphenation, quotes and the Arabic script's direction follow the text."""
    if not language or language == "other" or language == report_language:
        return markup
    lang = l10n.html_lang(language)
    direction = "rtl" if l10n.is_rtl(language) else "ltr"
    return f"#text(lang: {tm.string(lang)}, dir: {direction})[{markup}]"


def _row(name: str, body: str) -> str:
    return f"fieldrow([{tm.text(name)}], [{body}]),"


def _entry(e: Entry, language: str) -> str:
    r = e.record
    out = [f"== {in_language(tm.text(e.title), e.language, language)} <{e.anchor}>\n"]
    rows = [_row(_("Id"), f"#raw({tm.string(e.public_id)})")]
    kind = e.kind + (f" — {r['output_type']}" if r.get("output_type") else "")
    rows.append(_row(_("Type / output"), tm.text(kind)))
    rows.append(_row(_("Status"), tm.text(e.status + (f", {e.years}" if e.years else ""))))
    if r.get("co_leads"):
        rows.append(
            _row(_("Co-leads"), tm.text(l10n.join_list(r["co_leads"], language, strong=True)))
        )
    if r.get("domains"):
        rows.append(
            _row(_("Domains"), tm.text(l10n.join_list(r["domains"], language, strong=True)))
        )
    if e.goals:
        targets = f" #h(4pt) #text(size: 8pt)[{tm.text(', '.join(e.targets))}]" if e.targets else ""
        rows.append(_row(_("SDGs"), _badges(e.goals) + targets))
    for sector, names in e.partners:
        rows.append(
            _row(
                _("Partners") + f" ({sector})",
                tm.text(l10n.join_list(names, language, strong=True)),
            )
        )
    if e.countries:
        rows.append(
            _row(_("Countries"), tm.text(l10n.join_list(e.countries, language, strong=True)))
        )
    if e.regions:
        rows.append(_row(_("Regions"), tm.text(l10n.join_list(e.regions, language, strong=True))))
    if e.technologies:
        rows.append(
            _row(_("Technologies"), tm.text(l10n.join_list(e.technologies, language, strong=True)))
        )
    if r.get("links"):
        links = l10n.join_list(
            (tm.link(lk["url"], lk.get("label") or "") for lk in r["links"]), language, strong=True
        )
        rows.append(_row(_("Links"), links))
    if e.contact:
        name, email = e.contact
        shown = tm.text(name) + (" " + tm.link(f"mailto:{email}", email) if email else "")
        rows.append(_row(_("Contact"), shown))
    out.append("#entry(" + "".join(rows) + ")\n\n")
    if r.get("description"):
        body = tm.markdown(str(r["description"]))
        if e.language != language and e.language != "other":
            lang = l10n.html_lang(e.language)
            direction = "rtl" if l10n.is_rtl(e.language) else "ltr"
            out.append(f"#[#set text(lang: {tm.string(lang)}, dir: {direction})\n{body}\n]\n\n")
        else:
            out.append(body + "\n\n")
    return "".join(out)


def _chapter(ch: Chapter, language: str) -> Iterator[str]:
    yield f"= {tm.text(ch.entity.display)} <{ch.anchor}>\n"
    n = len(ch.entries)

    def num(value: int) -> str:
        return l10n.format_number(value, language)

    facts = [
        ngettext("%(n)s activity", "%(n)s activities", n) % {"n": num(n)},
        ngettext("%(n)s partner", "%(n)s partners", ch.partner_count)
        % {"n": num(ch.partner_count)},
        ngettext("%(n)s country", "%(n)s countries", ch.country_count)
        % {"n": num(ch.country_count)},
    ]
    facts += [f"{label}: {num(count)}" for label, count in ch.status_counts]
    yield "#block(fill: luma(245), inset: 8pt, radius: 3pt, width: 100%)["
    yield tm.text(" · ".join(facts))
    if ch.goal_counts:
        yield " #linebreak() " + " ".join(
            f"{_badge(g)} #text(size: 8pt)[×{num(c)}]" for g, c in ch.goal_counts
        )
    yield "]\n\n"
    for e in ch.entries:
        yield _entry(e, language)


def _extra(ch: ExtraChapter, files: dict[str, str]) -> Iterator[str]:
    """An optional chapter of another app: its paragraphs, charts and tables."""
    yield f"= {tm.text(ch.title)} <{ch.anchor}>\n"
    for paragraph in ch.paragraphs:
        yield tm.text(paragraph) + "\n\n"
    supplement = tm.text(_("Chart"))
    for chart in ch.charts:
        if f"{chart.id}.svg" in files:
            yield _figure(chart, supplement)
    for table in ch.tables:
        yield f"== {tm.text(table.title)}\n#set par(justify: false)\n"
        columns = ", ".join(["1fr"] + ["auto"] * (len(table.headers) - 1))
        yield f"#table(columns: ({columns},), stroke: 0.3pt + luma(180), inset: 4pt,\n"
        yield "  table.header(" + ", ".join(f"[*{tm.text(h)}*]" for h in table.headers) + "),\n"
        for row in table.rows:
            yield "  " + ", ".join(f"[{tm.text(cell)}]" for cell in row) + ",\n"
        yield ")\n#set par(justify: true)\n"
    if ch.note:
        note = tm.text(ch.note) + (" " + tm.link(ch.link) if ch.link else "")
        yield f"#text(size: 8.5pt, fill: luma(70))[{note}]\n\n"


def _index(
    title: str,
    anchor: str,
    groups: list[tuple[str, list[Entry]]],
    language: str,
    refs: Refs = ONE_DOCUMENT,
) -> Iterator[str]:
    if not groups:
        return
    yield _h1(title, anchor) + "#set par(justify: false)\n#columns(2, gutter: 12pt)[\n"
    for heading, entries in groups:
        yield f"#heading(level: 2, outlined: false, bookmarked: true)[{heading}]\n"
        for e in entries:
            yield (
                f"#text(size: 8pt)[#link({refs.link(e.anchor)})[{tm.text(e.public_id)}] "
                f"{in_language(tm.text(e.title[:90]), e.language, language)} "
                f"{LEADER} {refs.page(e.anchor)}]\n\n"
            )
    yield "]\n#set par(justify: true)\n"


def _provenance(content: ReportContent) -> Iterator[str]:
    """The annex "How the figures were computed": one entry per figure the summary cites."""
    from aiatlas.common.links import absolute_url
    from aiatlas.report.links import search_url

    yield _h1(_("Annex: How the figures were computed"), "provenance")
    command = f"aiatlas report figure ID --edition {content.year} --records"
    yield tm.text(
        _("Each figure of the executive summary is computed from the records frozen when the "
          "edition was published. For each mark: the figure's id, what it counts, its value, "
          "how many records it rests on and where to see them. Reproduce one with:")
    ) + f" #raw({tm.string(command)})\n\n#set par(justify: false)\n"  # fmt: skip
    heads = [tm.text(t) for t in (_("Mark"), _("What it counts"), _("Value"), _("Records"))]
    yield (
        "#table(columns: (auto, 1fr, auto, auto), stroke: 0.3pt + luma(180), inset: 4pt,\n"
        "  table.header(" + ", ".join(f"[*{h}*]" for h in heads) + "),\n"
    )
    in_search, in_page = _("the records in the catalog search"), _("the figure and its query")
    for ref in content.references:
        fig = ref.figure
        search = absolute_url(search_url(fig, language=content.language))
        page = figure_url(content.year, fig.id, language=content.language, absolute=True)
        what = (
            f"{tm.text(fig.label)} #linebreak() #text(size: 7.5pt)[#raw({tm.string(fig.id)}) · "
            f"{tm.link(search, in_search)} · {tm.link(page, in_page)}]"
        )
        yield (
            f"  [{tm.text(ref.mark)} #metadata({tm.string(ref.mark)}) <{ref.anchor}>], "
            f"[{what}], [{tm.text(display_in(fig, content.language))}], "
            f"[{tm.text(l10n.format_number(ref.records, content.language))}],\n"
        )
    yield ")\n#set par(justify: true)\n"


def _annex(content: ReportContent) -> Iterator[str]:
    yield _h1(_("Annex: every figure of the edition"), "annex")
    yield tm.text(
        _("Every figure the report's registry computes for this edition, with its query; "
          "the file data.csv beside this report holds every record.")
    ) + "\n\n#set text(size: 7.5pt)\n#set par(justify: false)\n"  # fmt: skip
    yield "#table(columns: (auto, auto, 1fr), stroke: 0.3pt + luma(180), inset: 3pt,\n"
    for fig in content.figures.all():
        shown = display_in(fig, content.language)
        yield f"[#raw({tm.string(fig.id)})], [{tm.text(shown)}], [{tm.text(fig.query)}],\n"
    yield ")\n"


def _cover(content: ReportContent, demo: bool) -> str:
    published = content.data.published_at
    date = l10n.format_date(published, content.language) if published else ""
    # gettext outside the f-strings: xgettext does not look inside them
    kicker = tm.text(_("AI activities for the SDGs"))
    edition = tm.text(_("Edition %(year)s") % {"year": content.year})
    when = tm.text(_("Published %(date)s") % {"date": date}) if date else ""
    demo_note = tm.text(_("Demo data: illustrative, not real UN activities"))
    lines = [
        "#page(header: none, footer: none, margin: 2.5cm)[",
        "#set par(justify: false)",
        "#v(5cm)",
        f'#text(size: 13pt, fill: rgb("#1d5fa8"))[{kicker}]',
        "#v(0.6cm)",
        f'#text(size: 30pt, weight: "bold")[{tm.text(content.data.title)}]',
        "#v(0.4cm)",
        f"#text(size: 14pt)[{edition}]",
        "#v(1fr)",
        f"#text(size: 10pt)[{when}]",
    ]
    lic = content.licence
    if lic is not None:
        from aiatlas.report.opendata import package_url

        lines.append(
            "#linebreak()#text(size: 9pt)["
            + tm.text(
                _("Data licence: %(title)s (%(id)s). Open data: ")
                % {"title": lic.title, "id": lic.id}
            )
            + tm.link(package_url(content.year))
            + "]"
        )
    if demo:
        lines.append(f'#linebreak()#text(size: 10pt, fill: rgb("#9a3412"))[{demo_note}]')
    lines.append("]\n")
    return "\n".join(lines)


def _h1(title: str, anchor: str) -> str:
    """A chapter heading with its label (the contents of a report in parts link to it)."""
    return f"= {tm.text(title)} <{anchor}>\n"


#: the number of the page being typeset, as the header and the footer show it
PAGE = "counter(page).get().first()"


def _head(content: ReportContent, page: str = PAGE) -> str:
    """The preamble; ``page`` is the Typst expression of the current page's number."""
    title = content.data.title
    if str(content.year) not in title:
        title = f"{title} ({content.year})"
    return (
        PREAMBLE.replace("__TITLE__", tm.string(title))
        .replace("__LANG__", tm.string(l10n.html_lang(content.language)))
        .replace("__DIR__", "rtl" if l10n.is_rtl(content.language) else "ltr")
        .replace("__FONTS__", fonts_markup())
        .replace("__HEADER__", tm.text(title))
        .replace("__PAGE__", page)
    )


def _front(content: ReportContent, chart_files: dict[str, str], refs: Refs) -> Iterator[str]:
    """Everything before the entities' chapters; the contents come from Typst's outline in
    one document, and are written out with the pages found when typeset in parts."""
    contents = tm.text(_("Contents"))  # not inside the f-string: xgettext would miss it
    if refs.pages is None:
        yield f"#outline(title: [{contents}], depth: 1)\n"
    else:
        yield f"#heading(outlined: false)[{contents}]\n#set par(justify: false)\n"
        for title, anchor in _chapter_list(content):
            yield (f"#link({refs.link(anchor)})[{tm.text(title)}] {LEADER} {refs.page(anchor)}\n\n")
        yield "#set par(justify: true)\n"
    if content.foreword.strip():
        yield _h1(_("Foreword"), "foreword") + tm.markdown(content.foreword) + "\n"
    yield _h1(_("Introduction"), "introduction") + tm.markdown(content.introduction) + "\n"
    yield from _summary(content, refs)
    yield from _charts(content, chart_files)


def _chapter_list(content: ReportContent) -> list[tuple[str, str]]:
    """(title, label) of every chapter after the contents, in order."""
    out = [(_("Foreword"), "foreword")] if content.foreword.strip() else []
    out += [(_("Introduction"), "introduction"), (_("Executive summary"), "summary")]
    if content.charts:
        out.append((_("Charts"), "charts"))
    out += [(ch.entity.display, ch.anchor) for ch in content.chapters]
    out += [(x.title, x.anchor) for x in content.extra]
    if content.sdg_index:
        out.append((_("Index by SDG"), "index-sdg"))
    if content.country_index:
        out.append((_("Index by country"), "index-country"))
    out += [
        (_("Annex: How the figures were computed"), "provenance"),
        (_("Annex: every figure of the edition"), "annex"),
    ]
    return out


def _sdg_index(content: ReportContent, refs: Refs) -> Iterator[str]:
    groups = [(f"{_badge(g)} {tm.text(g.title)}", entries) for g, entries in content.sdg_index]
    yield from _index(_("Index by SDG"), "index-sdg", groups, content.language, refs)


def _country_index(content: ReportContent, refs: Refs) -> Iterator[str]:
    groups = [(tm.text(c), entries) for c, entries in content.country_index]
    yield from _index(_("Index by country"), "index-country", groups, content.language, refs)


def _indexes(content: ReportContent, refs: Refs) -> Iterator[str]:
    yield from _sdg_index(content, refs)
    yield from _country_index(content, refs)


def document(content: ReportContent, chart_files: dict[str, str], *, demo: bool = False) -> str:
    """The whole report as one Typst document."""
    parts: list[str] = [_head(content), _cover(content, demo)]
    parts.extend(_front(content, chart_files, ONE_DOCUMENT))
    for chapter in content.chapters:
        parts.extend(_chapter(chapter, content.language))
    for extra in content.extra:
        parts.extend(_extra(extra, chart_files))
    parts.extend(_indexes(content, ONE_DOCUMENT))
    parts.extend(_provenance(content))
    parts.extend(_annex(content))
    return "".join(parts)


@dataclass
class Part:
    """One document of a report typeset in parts: its preamble, its body, and whether that
    body writes page numbers found in earlier parts (the contents, the indexes), so that
    it can only be written once those parts are typeset. The other bodies are written
    once and kept (a part may be typeset again).

    A part's pages are numbered from one plus the number in its file ``offset_file``
    (next to the document), read by the header and the footer only: when that number
    changes, the compiler that typeset the part lays out only those again."""

    head: str
    write: Callable[[], Iterable[str]]
    offset_file: str
    entries: int = 0  # activities in the part (chapters)
    needs_pages: bool = False
    _body: str | None = None

    def body(self) -> str:
        """The part's Typst source after the preamble; written once, unless it needs pages
        (those may change from one round of the parts to the next)."""
        if self.needs_pages:
            return "".join(self.write())
        if self._body is None:
            self._body = "".join(self.write())
        return self._body

    def source(self) -> str:
        return self.head + self.body()


def document_parts(
    content: ReportContent,
    chart_files: dict[str, str],
    *,
    refs: Refs,
    demo: bool = False,
    entries_per_part: int = 500,
) -> list[Part]:
    """The report as several Typst documents, each small enough to typeset in bounded
    memory: the front matter, the entities' chapters in batches of about
    ``entries_per_part`` activities (a chapter is never split), the other apps' chapters
    with the indexes, and the annexes. The contents and the indexes write the pages that
    ``refs`` holds when their body is written. Part ``i`` reads the number of pages before
    it from ``part-<i>.start``."""
    out: list[Part] = []

    def part(
        write: Callable[[], Iterable[str]], entries: int = 0, *, needs_pages: bool = False
    ) -> None:
        name = f"part-{len(out)}.start"
        page = f"({PAGE} + int(read({tm.string(name)})))"
        out.append(Part(_head(content, page), write, name, entries, needs_pages=needs_pages))

    def batch(chapters: list[Chapter]) -> None:
        part(
            lambda: (text for ch in chapters for text in _chapter(ch, content.language)),
            sum(len(ch.entries) for ch in chapters),
        )

    part(lambda: [_cover(content, demo), *_front(content, chart_files, refs)], needs_pages=True)
    chapters: list[Chapter] = []
    for chapter in content.chapters:
        if chapters and sum(len(c.entries) for c in chapters) + len(chapter.entries) > (
            entries_per_part
        ):
            batch(chapters)
            chapters = []
        chapters.append(chapter)
    if chapters:
        batch(chapters)
    if content.extra:
        part(lambda: [text for extra in content.extra for text in _extra(extra, chart_files)])
    if content.sdg_index:
        part(lambda: _sdg_index(content, refs), needs_pages=True)
    if content.country_index:
        part(lambda: _country_index(content, refs), needs_pages=True)
    part(lambda: [*_provenance(content), *_annex(content)])
    return out
