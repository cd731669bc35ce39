import pytest

from aiatlas.taxonomy.models import Goal, Indicator, Target
from aiatlas.taxonomy.services import load_taxonomy
from aiatlas.taxonomy.texts import sort_key


@pytest.mark.django_db
def test_taxonomy_loaded_after_migrate_has_all_goals_and_targets():
    assert Goal.objects.count() == 17
    assert Target.objects.count() == 169
    assert Indicator.objects.count() > 200
    goal = Goal.objects.get(number=3)
    assert goal.colour == "#4C9F38"
    assert goal.uri == "http://metadata.un.org/sdg/3"
    assert Target.objects.get(code="3.8").uri == "http://metadata.un.org/sdg/3.8"


@pytest.mark.django_db
def test_taxonomy_texts_in_six_languages_with_fallback():
    target = Target.objects.get(code="3.8")
    assert set(target.titles) == {"en", "fr", "es", "ar", "ru", "zh-hans"}
    assert "universal health coverage" in target.title("en").lower()
    assert "couverture sanitaire universelle" in target.title("fr").lower()
    assert target.title("zh-hans") != target.title("en")
    assert target.title("de") == target.title("en")  # unknown language falls back to English


@pytest.mark.django_db
def test_load_taxonomy_is_idempotent():
    first = load_taxonomy()
    second = load_taxonomy()
    assert first == second == {"goals": 17, "targets": 169, "indicators": Indicator.objects.count()}


def test_sort_key_orders_targets_naturally():
    codes = ["3.a", "3.10", "3.2", "10.1", "3.1"]
    assert sorted(codes, key=sort_key) == ["3.1", "3.2", "3.10", "3.a", "10.1"]
