"""The respondent's receipt as a PDF: the same rows as the HTML receipt, typeset with
Typst. Every answer is user text and goes through the shared Typst escaping
(``common.typst_markup``), so an answer such as ``#set page(...)`` prints as those
characters."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from aiatlas.common import typst_markup as tm

if TYPE_CHECKING:
    from aiatlas.survey.services.responses import Session

_PREAMBLE = r"""
#set document(title: __TITLE__, author: "aiatlas")
#set text(font: __FONTS__, size: 10pt, lang: __LANG__)
#set page(paper: "a4", margin: (x: 2cm, y: 2cm),
  footer: context [#set text(size: 8pt, fill: luma(90)); __FOOTER__ #h(1fr)
    #counter(page).display("1 / 1", both: true)])
#show heading.where(level: 1): set text(size: 16pt, fill: rgb("#1d3f6e"))
#show heading.where(level: 2): it => {
  set text(size: 11.5pt, fill: rgb("#1d3f6e")); block(above: 1.2em, below: 0.5em, it) }
"""


def _answer(value: str) -> str:
    lines = [tm.text(line) for line in (value or "").splitlines() if line.strip()]
    if not lines:
        return "#text(fill: luma(110))[" + tm.text(_("(no answer)")) + "]"
    return " \\ ".join(lines)


def receipt_source(
    *,
    title: str,
    country: str,
    submitted: datetime | None,
    rows: list[dict[str, Any]],
    lang: str,
    notice: str = "",
) -> str:
    """Typst source of a receipt; ``rows`` as from :func:`render.receipt_rows`."""
    from aiatlas.common.typst import fonts_markup

    stamp = submitted.strftime("%Y-%m-%d %H:%M %Z").strip() if submitted else ""
    parts = [
        _PREAMBLE.replace("__TITLE__", tm.string(f"{_('Receipt')} · {title}"))
        .replace("__FONTS__", fonts_markup())
        .replace("__LANG__", tm.string(lang[:2] or "en"))
        .replace("__FOOTER__", tm.text(f"{title} · {country}")),
        "= " + tm.text(_("Receipt")) + "\n\n",
    ]
    if notice:
        parts.append('#text(fill: rgb("#8a4b00"))[' + tm.text(notice) + "]\n\n")
    facts = [
        (_("Questionnaire"), title),
        (_("Member State"), country),
        (_("Submitted"), stamp),
    ]
    cells = ", ".join(f"[*{tm.text(k)}*], [{tm.text(v)}]" for k, v in facts)
    parts.append(f"#grid(columns: (4cm, 1fr), row-gutter: 6pt, {cells})\n\n")
    page = None
    table: list[str] = []

    def close_table() -> None:
        if table:
            header = f"table.header([*{tm.text(_('Question'))}*], [*{tm.text(_('Answer'))}*]), "
            parts.append(
                "#table(columns: (45%, 1fr), stroke: 0.4pt + luma(180), inset: 5pt, "
                + header
                + ", ".join(table)
                + ")\n\n"
            )
            table.clear()

    for row in rows:
        if row["page"] != page:
            close_table()
            page = row["page"]
            parts.append("== " + tm.text(page or "") + "\n\n")
        table.append(f"[{tm.text(row['label'])}], [{_answer(str(row['answer'] or ''))}]")
    close_table()
    return "".join(parts)


def receipt_pdf(source: str) -> bytes:
    """Compile receipt source to PDF bytes (in a private temporary folder)."""
    from aiatlas.common.typst import compile_pdf

    with tempfile.TemporaryDirectory(prefix="aiatlas-receipt-") as tmp:
        root = Path(tmp)
        out = root / "receipt.pdf"
        compile_pdf(source, root, out)
        return out.read_bytes()


def session_receipt_pdf(s: Session) -> bytes:
    """The PDF receipt of a submitted response, in the session's language."""
    from aiatlas.survey.demo import DEMO_NOTICE
    from aiatlas.survey.render import receipt_rows

    country = s.invitation.country
    version = f" ({s.survey.form_version})" if s.survey.form_version else ""
    return receipt_pdf(
        receipt_source(
            title=s.survey.title + version,
            country=f"{country.name} ({country.alpha3})",
            submitted=s.response.submitted_at,
            rows=receipt_rows(s.form, s.response.answers, s.lang),
            lang=s.lang,
            notice=_(DEMO_NOTICE) if s.survey.is_demo else "",
        )
    )
