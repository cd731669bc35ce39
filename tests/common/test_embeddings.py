"""The shared multilingual embedding: offline, normalised, and across languages."""

import numpy as np
import pytest

from aiatlas.common import embeddings

pytestmark = pytest.mark.skipif(not embeddings.available(), reason="no embedding engine here")


def test_vectors_are_normalised_and_round_trip_through_bytes():
    vectors = embeddings.passages(["Flood early warning from satellite images", ""])
    assert vectors.shape == (2, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    again = embeddings.from_bytes(embeddings.to_bytes(vectors[0]))
    assert np.array_equal(again, vectors[0])
    assert embeddings.passages([]).shape == (0, embeddings.DIMENSIONS)


@pytest.mark.parametrize(
    "query",
    [
        "prévision des inondations",
        "pronóstico de inundaciones",
        "التنبؤ بالفيضانات",
        "прогнозирование наводнений",
        "洪水预报",
    ],
)
def test_a_query_in_another_language_finds_the_english_record(query):
    records = embeddings.passages(
        [
            "Mobile app that helps pregnant women find antenatal care",
            "Early warning system that predicts river floods from rainfall and satellite data",
            "Chatbot answering farmers' questions about crop prices",
        ]
    )
    scores = records @ embeddings.query(query)
    assert int(np.argmax(scores)) == 1
