"""Language detection."""

from __future__ import annotations

import pytest

from aiatlas.classify.language import detect


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("A machine learning model that predicts crop yields for farmers", "en"),
        ("Un modèle d'apprentissage automatique pour prédire les récoltes des agriculteurs", "fr"),
        ("Un modelo de aprendizaje automático para predecir las cosechas de la granja", "es"),
        ("نموذج للتعلم الآلي للتنبؤ بالمحاصيل", "ar"),
        ("Модель машинного обучения для прогнозирования урожая", "ru"),
        ("预测农民作物产量的机器学习模型", "zh-hans"),
    ],
)
def test_detect_un_languages(text: str, code: str) -> None:
    lang = detect(text)
    assert lang.code == code and lang.supported


@pytest.mark.parametrize(
    "text",
    [
        "Ένα μοντέλο μηχανικής μάθησης για την πρόβλεψη των σοδειών",  # Greek
        "फसल की पैदावार का अनुमान लगाने के लिए मशीन लर्निंग मॉडल",  # Hindi
        "農家の収穫を予測する機械学習のモデルです",  # Japanese
        "Ein Modell für die Vorhersage der Ernte und die Landwirtschaft",  # German
    ],
)
def test_detect_other_languages_unsupported_with_reason(text: str) -> None:
    lang = detect(text)
    assert not lang.supported and "not supported" in lang.reason
