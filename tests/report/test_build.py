"""The PDF and the annex: real pages, real text, figures that match the database."""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aiatlas.catalog.models import Edition
from aiatlas.report.services import build_report
from tests.conftest import make_record
from tests.report.conftest import load

pytestmark = pytest.mark.django_db


def _text(pdf: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def test_build_writes_pdf_and_annex(small: None, tmp_path: Path) -> None:
    result = build_report(year=2024, out_dir=tmp_path / "out")
    data = result.pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert _pages(result.pdf) > 1
    text = _text(result.pdf)
    for name in ("Food and Agriculture Organization", "UNICEF", "ITU"):
        assert name in text
    assert "Flood mapping from satellites" in text
    assert "Public Person" in text
    assert "Hidden Person" not in text and "hidden@example.org" not in text
    with result.csv.open(encoding="utf-8-sig") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert sorted(rows) == ["A000001", "A000003", "A000004", "A000005"]
    assert rows["A000005"]["contact_email"] == ""
    assert rows["A000004"]["contact_email"] == "public@example.org"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdftotext_finds_entity_names(small: None, tmp_path: Path) -> None:
    result = build_report(year=2024, out_dir=tmp_path)
    out = subprocess.run(["pdftotext", str(result.pdf), "-"], capture_output=True, text=True)
    assert "Food and Agriculture Organization" in out.stdout


def test_rebuild_after_live_edit_gives_same_text(small: None, tmp_path: Path) -> None:
    from aiatlas.catalog.queries import activity_record
    from aiatlas.catalog.services.activities import save_activity

    first = _text(build_report(year=2024, out_dir=tmp_path / "a").pdf)
    record = activity_record("A000003")
    assert record is not None
    save_activity(record={**record, "title": "Changed after publication"})
    second = _text(build_report(year=2024, out_dir=tmp_path / "b").pdf)
    assert second == first
    assert "Changed after publication" not in second


INJECTIONS = [
    "#set page(width: 2cm) title",
    "Maths $x$ and *bold* _under_",
    "Ref @ref and <label> [a] \\ back",
    '#import "x": * #panic("boom")',
    "<b>html</b> & # $ * _ < > @ \\ [ ]",
]


def test_typst_markup_in_user_text_stays_literal(tmp_path: Path) -> None:
    records = [
        make_record(
            id=f"A00010{i}", title=t, description=f"Body {t}\n\n# heading {t}",
            editions=[2024], lead_organization="ITU",
            partners=[{"organization": f"Org {t[:20]}", "sector": "other"}],
        )
        for i, t in enumerate(INJECTIONS)
    ]  # fmt: skip
    load(tmp_path, records, (2024,))
    result = build_report(year=2024, out_dir=tmp_path / "out")
    text = _text(result.pdf)
    for t in INJECTIONS:
        assert " ".join(t.split()) in text, t


def test_bad_input_typesets(tmp_path: Path) -> None:
    """Arabic and Chinese text, a 5,000-character description, an entity with 80 activities,
    and records with every optional field missing."""
    long = ("Lorem ipsum dolor sit amet, " * 200)[:5000]
    records = [
        make_record(id="A000201", title="تحليل البيانات للتنمية", description="نص عربي " * 40,
                    editions=[2024]),
        make_record(id="A000202", title="人工智能促进可持续发展", description="中文描述" * 50,
                    editions=[2024]),
        make_record(id="A000203", title="Long", description=long, editions=[2024]),
        make_record(
            id="A000204", title="Bare", description="", output_type="", start_year=None,
            end_year=None, domains=[], co_leads=[], partners=[], countries=[], regions=[],
            technologies=[], sdg_goals=[], sdg_targets=[], links=[], contact_name="",
            contact_email="", editions=[2024],
        ),
    ] + [
        make_record(id=f"A{300 + i:06d}", title=f"Activity {i}", lead_organization="UNDP",
                    editions=[2024])
        for i in range(80)
    ]  # fmt: skip
    load(tmp_path, records, (2024,))
    result = build_report(year=2024, out_dir=tmp_path / "out")
    assert result.activities == 84
    text = _text(result.pdf)
    assert "Activity 79" in text
    assert "Lorem ipsum" in text
    # the bundled fonts typeset both scripts: the glyphs are real, so the text comes back
    assert "人工智能促进可持续发展" in text
    assert "中文描述中文描述" in text
    assert any(w in text for w in ("تحليل", "ليلحت"))  # Arabic, in either reading order


def test_empty_edition_builds(tmp_path: Path, db: None) -> None:
    from aiatlas.catalog.services.activities import publish_edition

    Edition.objects.create(year=2026, title="Empty edition 2026")
    publish_edition(year=2026)
    result = build_report(year=2026, out_dir=tmp_path)
    assert result.pdf.read_bytes().startswith(b"%PDF")
    assert "holds no activities" in _text(result.pdf)


def test_build_command(
    small: None, cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    code, out, err = cli("report", "build", "--edition", "2024", "--out", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "report.pdf").exists() and (tmp_path / "data.csv").exists()
    assert "4 activities from 3 entities" in out


def test_summary_figures_in_pdf_text_match_database_counts(small: None, tmp_path: Path) -> None:
    """The executive summary as pypdf reads it, rebuilt from the figures (each followed by its
    bracketed mark such as [F1]), and the headline figures checked against plain ORM counts."""
    from aiatlas.catalog.models import EditionSnapshot
    from aiatlas.report.figures import Figures
    from aiatlas.report.snapshots import load_edition
    from aiatlas.report.summary import summary_paragraphs

    figures = Figures(load_edition(2024))
    snaps = EditionSnapshot.objects.filter(edition__year=2024)
    assert figures["activities.total"].value == snaps.count()
    leads = {r["lead_organization"] for r in snaps.values_list("record", flat=True)}
    assert figures["entities.total"].value == len(leads)
    expected, numbers = [], {}  # type: ignore[var-annotated]
    for paragraph in summary_paragraphs(figures):
        for sentence in paragraph:
            for part in sentence.parts:
                if isinstance(part, str):
                    expected.append(part)
                else:
                    number = numbers.setdefault(part.id, len(numbers) + 1)
                    expected.append(f"{part.display} [F{number}]")
    text = _text(build_report(year=2024, out_dir=tmp_path).pdf)
    squashed = "".join(text.split())
    assert "".join("".join(expected).split()) in squashed
    assert "Inthe2024edition,3[F1]UNentitiesreported4[F2]AIactivities." in squashed
    # the annex says how each figure was computed, after the marks' order
    annex = squashed[squashed.rindex("Annex:Howthefigureswerecomputed") :]
    assert "[F1]" in annex and "entities.total" in annex and "[F2]" in annex


@pytest.mark.parametrize(
    ("per_part", "guess"),
    [(500, 0.28), (1, 9.0)],
    ids=["one chapter part", "a part per chapter, every start guessed wrong"],
)
def test_a_large_edition_is_typeset_in_parts_with_its_pages_links_and_bookmarks(
    small: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_part: int, guess: float
) -> None:
    """Above the size limit the report is typeset part by part and joined: the same
    chapters, pages numbered on from part to part, the contents and indexes pointing at the
    right pages, links across parts working, one bookmark per chapter. Parts typeset at the
    same time start from a guessed page and are numbered again once the parts before them
    are counted."""
    from pypdf import PdfReader

    from aiatlas.report import parts

    monkeypatch.setattr(parts, "ENTRIES_PER_PART", per_part)
    monkeypatch.setattr(parts, "PAGES_PER_ENTRY", guess)
    renumbered = []
    submit = parts.CompilerProcess.submit

    def spy(self: Any, *args: Any, again: bool = False, **kwargs: Any) -> None:
        renumbered.append(again)
        submit(self, *args, again=again, **kwargs)

    monkeypatch.setattr(parts.CompilerProcess, "submit", spy)

    one = build_report(year=2024, out_dir=tmp_path / "one")
    joined = build_report(year=2024, out_dir=tmp_path / "parts", parts_from=0)
    assert any(renumbered)  # parts typeset at the same time: a wrong guess numbered again
    reader = PdfReader(joined.pdf)
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    for number, text in enumerate(texts[1:], start=2):  # the cover has no footer
        assert text.endswith(str(number)), (number, text[-40:])
    chapters = [title for title in ("FAO", "UNICEF") if title in _text(one.pdf)]
    assert chapters and all(title in " ".join(texts) for title in chapters)
    targets = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            assert not str(action.get("/URI", "")).startswith("aiatlas-part:")
            if action.get("/S") == "/GoTo":
                targets.append(reader.get_page_number(action["/D"][0].get_object()))
    assert len(targets) >= 10 and all(0 <= t < len(reader.pages) for t in targets)
    contents = texts[1]
    for title in chapters:  # the contents give the page the chapter starts on
        after = contents.split(f"({title})", 1)[1]
        page = int(next(word.strip(".") for word in after.split() if word.strip(".").isdigit()))
        assert title in texts[page - 1]
    top = [item for item in reader.outline if not isinstance(item, list)]
    bookmarks = [item.title for item in top]
    assert "Executive summary" in bookmarks
    assert all(any(f"({title})" in b for b in bookmarks) for title in chapters)
    for item in top:  # each bookmark opens the page its heading is on, at the heading
        page = reader.get_destination_page_number(item)
        assert item.title.split(" (")[0].split()[0] in texts[page], (item.title, page)
        assert item["/Type"] == "/XYZ" and item["/Top"] > 0
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_a_part_the_compiler_refuses_fails_the_build_with_typsts_message_and_stops_every_compiler(
    small: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part typeset beside others that Typst refuses: the build fails with Typst's
    message, no partial PDF is left, and no compiler or thread of it keeps running."""
    import threading

    from aiatlas.report import parts, pdf
    from aiatlas.report.exceptions import BuildFailed

    monkeypatch.setattr(parts, "ENTRIES_PER_PART", 1)
    monkeypatch.setattr(pdf, "_chapter", lambda chapter, language: iter(["#let x = ("]))
    threads = threading.active_count()
    with pytest.raises(BuildFailed, match="unclosed delimiter"):
        build_report(year=2024, out_dir=tmp_path, parts_from=0)
    assert threading.active_count() == threads
    assert not list(tmp_path.glob("report.pdf*"))
