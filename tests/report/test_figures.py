"""Figures against hand counts of the small fixture, freezing, and the figure command."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from aiatlas.catalog.queries import activity_record
from aiatlas.catalog.services.activities import save_activity
from aiatlas.report.exceptions import EditionNotFound, EditionNotPublished, UnknownFigure
from aiatlas.report.figures import Figures, compute_figure, figure_ids
from aiatlas.report.snapshots import load_edition

pytestmark = pytest.mark.django_db

HAND_COUNTED = {
    "activities.total": (4, "4"),
    "entities.total": (3, "3"),
    "entities.new": (2, "2"),
    "change.activities": (2, "+2 (+100%)"),
    "change.entities": (1, "+1 (+50%)"),
    "sdg.1.activities": (0, "0"),
    "sdg.2.activities": (2, "2"),
    "sdg.3.activities": (1, "1"),
    "sdg.4.activities": (1, "1"),
    "sdg.13.activities": (1, "1"),
    "sdg.tagged.activities": (3, "3"),
    "partners.any.share": (75.0, "75%"),
    "partners.sector.academia.share": (50.0, "50%"),
    "partners.sector.private_sector.share": (25.0, "25%"),
    "partners.sector.government.share": (25.0, "25%"),
    "partners.sector.civil_society.share": (0.0, "0%"),
    "partners.sector.academia.activities": (2, "2"),
    "regions.002.activities": (2, "2"),
    "regions.001.activities": (1, "1"),
    "regions.019.activities": (1, "1"),
    "countries.total": (3, "3"),
    "countries.KEN.activities": (2, "2"),
    "technology.nlp.activities": (1, "1"),
    "technology.computer_vision.activities": (1, "1"),
    "status.ongoing": (2, "2"),
    "status.completed": (1, "1"),
    "status.planned": (1, "1"),
    "status.discontinued": (0, "0"),
    "kind.project.activities": (4, "4"),
}


@pytest.mark.parametrize("figure_id", sorted(HAND_COUNTED))
def test_figure_matches_hand_count(small: None, figure_id: str) -> None:
    fig = compute_figure(load_edition(2024), figure_id)
    assert (fig.value, fig.display) == HAND_COUNTED[figure_id]


def test_figure_lists_the_records_behind_it(small: None) -> None:
    data = load_edition(2024)
    assert compute_figure(data, "sdg.2.activities").public_ids == ("A000001", "A000003")
    assert compute_figure(data, "entities.new").details["entities"] == ["ITU", "UNICEF"]
    change = compute_figure(data, "change.activities")
    assert change.details["added"] == ["A000003", "A000004", "A000005"]
    assert change.details["dropped"] == ["A000002"]


def test_figure_search_links_use_catalog_facets(small: None) -> None:
    fig = compute_figure(load_edition(2024), "partners.sector.academia.share")
    assert fig.search == (("edition", "2024"), ("sector", "academia"))


def test_first_edition_has_no_change_figures(small: None) -> None:
    data = load_edition(2023)
    assert "change.activities" not in figure_ids(data)
    with pytest.raises(UnknownFigure):
        compute_figure(data, "change.activities")
    assert compute_figure(data, "entities.new").value == 2  # every entity is new


def test_unknown_figures_are_refused(small: None) -> None:
    data = load_edition(2024)
    for bad in (
        "nope",
        "sdg.18.activities",
        "partners.sector.aliens.share",
        "regions.999.activities",
    ):
        with pytest.raises(UnknownFigure):
            compute_figure(data, bad)


def test_unknown_and_unpublished_editions_are_refused(small: None, tmp_path: object) -> None:
    from aiatlas.catalog.models import Edition

    Edition.objects.create(year=2030, title="Future")
    with pytest.raises(EditionNotFound):
        load_edition(1999)
    with pytest.raises(EditionNotPublished):
        load_edition(2030)


def test_published_figures_unchanged_after_live_edits(small: None) -> None:
    before = {f.id: (f.value, f.public_ids) for f in Figures(load_edition(2024)).all()}
    record = activity_record("A000003")
    assert record is not None
    record.update(
        title="Renamed live", sdg_goals=[{"code": "7", "source": "curator", "evidence": ""}],
        partners=[], status="discontinued", countries=["FRA"],
    )  # fmt: skip
    save_activity(record=record)
    assert activity_record("A000003")["status"] == "discontinued"  # type: ignore[index]
    after = {f.id: (f.value, f.public_ids) for f in Figures(load_edition(2024)).all()}
    assert after == before


def test_every_figure_id_is_reproducible_by_the_command(
    small: None, cli: Callable[..., tuple[int, str, str]]
) -> None:
    figures = Figures(load_edition(2024))
    for fig in figures.all():
        code, out, err = cli("report", "figure", fig.id, "--edition", "2024", "--json")
        assert code == 0, err
        payload = json.loads(out)
        assert payload["value"] == fig.value, fig.id
        assert payload["records"] == list(fig.public_ids), fig.id


def test_figure_command_lists_records(
    small: None, cli: Callable[..., tuple[int, str, str]]
) -> None:
    code, out, _err = cli("report", "figure", "sdg.2.activities", "--edition", "2024", "--records")
    assert code == 0
    assert "sdg.2.activities = 2" in out
    assert out.splitlines()[-2:] == ["A000001", "A000003"]


@pytest.mark.parametrize(
    "args, message",
    [
        (("figure", "activities.total", "--edition", "1999"), "there is no edition 1999"),
        (("figure", "nope", "--edition", "2024"), "unknown figure"),
        (("build", "--edition", "1999", "--out", "x"), "there is no edition 1999"),
    ],
)
def test_command_errors_exit_1(
    small: None, cli: Callable[..., tuple[int, str, str]], args: tuple[str, ...], message: str
) -> None:
    code, _out, err = cli("report", *args)
    assert code == 1
    assert message in err


def test_unpublished_edition_build_exits_1(
    small: None, cli: Callable[..., tuple[int, str, str]], tmp_path: object
) -> None:
    from aiatlas.catalog.models import Edition

    Edition.objects.create(year=2030, title="Future")
    code, _out, err = cli("report", "build", "--edition", "2030", "--out", str(tmp_path))
    assert code == 1
    assert "not published" in err
