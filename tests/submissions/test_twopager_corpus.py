"""The reader on the generated corpus: the share of fields read correctly, per layout."""

from __future__ import annotations

import pytest

from aiatlas.catalog.services.storage import load_vocabulary
from aiatlas.submissions.twopager.reader import READ, read_twopager
from tests.submissions import twopager_corpus as corpus

pytestmark = pytest.mark.django_db
#: the share of written fields read correctly, at least, in every layout and overall
FLOOR_PER_LAYOUT = 0.9
FLOOR_OVERALL = 0.95


def _measure(layout: str, vocabulary) -> tuple[int, int, list[str]]:
    documents = corpus.LAYOUTS[layout](corpus.PROJECTS)
    projects = [
        p for data in documents for p in read_twopager(data, vocabulary=vocabulary).projects
    ]
    assert len(projects) == len(corpus.PROJECTS), f"{layout}: {len(projects)} projects found"
    right = total = 0
    wrong: list[str] = []
    for index, (found, project) in enumerate(zip(projects, corpus.PROJECTS, strict=True)):
        for key in corpus.written_fields(layout, index):
            total += 1
            field = found.fields[key]
            got = corpus.comparable(key, field.value) if field.state == READ else None
            if field.state == READ and got == corpus.expected_value(key, project):
                right += 1
            else:
                wrong.append(f"{project['title']} {key}: {field.state} {got!r} ({field.raw!r})")
        for key in set(corpus.MEASURED) - set(corpus.written_fields(layout, index)):
            assert found.fields[key].state != READ or key in {"end_year"}, (layout, key)
    return right, total, wrong


def test_corpus_fields_are_read_in_every_layout(capsys):
    vocabulary = load_vocabulary()
    right_all = total_all = 0
    lines: list[str] = []
    failures: list[str] = []
    low: list[str] = []
    for layout in corpus.LAYOUTS:
        right, total, wrong = _measure(layout, vocabulary)
        right_all += right
        total_all += total
        lines.append(f"{layout}: {right}/{total} = {right / total:.1%}")
        failures.extend(f"{layout}: {w}" for w in wrong)
        low += [layout] if right / total < FLOOR_PER_LAYOUT else []
    lines.append(f"overall: {right_all}/{total_all} = {right_all / total_all:.1%}")
    with capsys.disabled():
        print("\n" + "\n".join(lines + failures))
    assert not low, low
    assert right_all / total_all >= FLOOR_OVERALL
