"""`aiatlas sdg tag`: suggestions stored with source=classifier, beside the submitter's."""

from __future__ import annotations

import pytest

from aiatlas.catalog.models import ActivityGoal, ActivityTarget
from aiatlas.catalog.services.importing import import_activities
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db

HEALTH = make_record(
    id="T-1",
    title="AI triage for maternal and newborn health in rural clinics",
    description="Midwives use a phone app that flags high-risk pregnancies and danger signs in "
    "newborns, cutting maternal and neonatal deaths and improving access to essential "
    "health services.",
    sdg_goals=[{"code": "14", "source": "submitter", "evidence": ""}],
    sdg_targets=[],
    editions=[2024],
)
WATER = make_record(
    id="T-2",
    title="Leak detection in municipal water networks",
    description="Acoustic sensors and a model locate leaks in drinking-water pipes so that "
    "utilities lose less treated water and more households get safe water.",
    sdg_goals=[],
    sdg_targets=[],
    editions=[2023],
)


def test_tag_stores_classifier_suggestions_with_evidence(cli, tmp_path):
    import_activities(path=write_jsonl(tmp_path / "a.jsonl", [HEALTH, WATER]))
    code, out, _ = cli("sdg", "tag")
    assert code == 0, out
    assert "Tagged 2 activities" in out
    health = ActivityGoal.objects.filter(activity__public_id="T-1", source="classifier")
    assert 3 in set(health.values_list("goal_id", flat=True))
    assert all(tag.evidence for tag in health)
    water = ActivityGoal.objects.filter(activity__public_id="T-2", source="classifier")
    assert 6 in set(water.values_list("goal_id", flat=True))
    assert ActivityTarget.objects.filter(source="classifier", target__goal_id=3).exists()
    # the submitter's choice is kept as it was
    submitted = ActivityGoal.objects.filter(activity__public_id="T-1", source="submitter")
    assert list(submitted.values_list("goal_id", flat=True)) == [14]


def test_tag_again_replaces_only_classifier_tags(cli, tmp_path):
    import_activities(path=write_jsonl(tmp_path / "a.jsonl", [HEALTH, WATER]))
    cli("sdg", "tag")
    first = ActivityGoal.objects.filter(source="classifier").count()
    cli("sdg", "tag", "--edition", "2024")
    assert ActivityGoal.objects.filter(source="classifier").count() == first
    assert ActivityGoal.objects.filter(source="submitter").count() == 1


def test_tag_unknown_edition_is_bad_input(cli):
    code, _, err = cli("sdg", "tag", "--edition", "1999")
    assert code == 1 and "there is no edition 1999" in err


FRENCH = make_record(
    id="T-3",
    title="Eau potable dans les villages",
    description="Un système d'intelligence artificielle détecte les fuites et améliore l'accès à "
    "l'eau potable et à l'assainissement dans les villages.",
    sdg_goals=[],
    sdg_targets=[],
    editions=[2024],
)


def test_tag_reuses_the_vectors_search_stored(tmp_path, monkeypatch):
    """A text outside English needs the multilingual model: tagging takes the vector search
    already stored for the activity instead of embedding it again, and gives the same tags;
    once the text changes, the stale vector is not used."""
    from aiatlas.catalog.models import Activity
    from aiatlas.classify.services import tag_activities
    from aiatlas.common import embeddings
    from aiatlas.search.vectors import embed_missing, fresh_vectors

    import_activities(path=write_jsonl(tmp_path / "a.jsonl", [FRENCH]))
    activity = Activity.objects.get(public_id="T-3")
    tag_activities()
    cold = set(ActivityGoal.objects.filter(source="classifier").values_list("goal_id", flat=True))
    assert 6 in cold

    assert embed_missing() == 1
    assert set(fresh_vectors([activity.pk])) == {activity.pk}
    embedded: list[int] = []
    real = embeddings.passages

    def counting(texts):
        embedded.append(len(texts))
        return real(texts)

    monkeypatch.setattr(embeddings, "passages", counting)
    tag_activities()
    assert embedded == []  # the stored vector was used
    warm = set(ActivityGoal.objects.filter(source="classifier").values_list("goal_id", flat=True))
    assert 6 in warm

    Activity.objects.filter(pk=activity.pk).update(description="Un autre texte sur l'école.")
    assert fresh_vectors([activity.pk]) == {}  # stale: computed from the old text
    tag_activities()
    assert embedded == [1]
