"""The packaged sentence-level PLOVER event-type classifier: loading, labels, probabilities, stable features."""

from __future__ import annotations

import importlib.util
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from communique.events.classifier import (
    FEATURE_DIM,
    MODEL_RESOURCE,
    EventTypeClassifier,
    hashed_features,
    sentence_features,
    term_index,
    terms,
)

POLECAT_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_event_classifier.py"


@pytest.fixture(scope="module")
def classifier() -> EventTypeClassifier:
    return EventTypeClassifier.load()


def _training_script():
    pytest.importorskip("sklearn", reason="the training script needs the [train] extra")
    spec = importlib.util.spec_from_file_location("train_event_classifier", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------
# The packaged model
# --------------------------------------------------------------------------


def test_packaged_model_loads_with_the_sixteen_polecat_types(classifier: EventTypeClassifier) -> None:
    assert set(classifier.labels) == POLECAT_TYPES
    assert len(classifier.labels) == 16
    assert classifier.weights.shape == (len(classifier.features), 16)


def test_packaged_model_file_stays_small() -> None:
    resource = resources.files("communique.data").joinpath(MODEL_RESOURCE)
    assert len(resource.read_bytes()) < 2_000_000


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The government rejected the proposal.", "REJECT"),
        ("Russia threatened to expel the diplomats.", "THREATEN"),
        ("Thousands of workers went on strike to protest against low wages.", "PROTEST"),
        ("Gunmen shot dead three policemen at a checkpoint.", "ASSAULT"),
        ("The two foreign ministers held talks in Moscow.", "CONSULT"),
        ("The United States imposed sanctions on Iran.", "SANCTION"),
        ("The minister expressed support for the peace plan.", "SUPPORT"),
    ],
)
def test_clear_sentences_get_their_event_type(classifier: EventTypeClassifier, sentence: str, expected: str) -> None:
    [(label, probability)] = classifier.predict([sentence])
    assert label == expected
    assert probability > 0.5


def test_probabilities_sum_to_one_in_label_order(classifier: EventTypeClassifier) -> None:
    sentences = ["The government rejected the proposal.", "", "Ok.", "Troops shelled the town."]
    probabilities = classifier.probabilities(sentences)
    assert probabilities.shape == (4, 16)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert (probabilities >= 0).all()
    predicted = classifier.predict(sentences)
    for row, (label, probability) in enumerate(predicted):
        column = classifier.labels.index(label)
        assert probability == pytest.approx(probabilities[row, column])
        assert probability == pytest.approx(probabilities[row].max())


def test_a_batch_scores_each_sentence_as_if_it_were_alone(classifier: EventTypeClassifier) -> None:
    sentences = ["Russia threatened to expel the diplomats.", "", "Japan sent humanitarian aid to the flood victims."]
    together = classifier.probabilities(sentences)
    alone = np.vstack([classifier.probabilities([sentence]) for sentence in sentences])
    assert np.allclose(together, alone)


def test_empty_input_gives_empty_output(classifier: EventTypeClassifier) -> None:
    assert classifier.predict([]) == []
    assert classifier.probabilities([]).shape == (0, 16)


def test_a_sentence_without_words_still_gets_a_distribution(classifier: EventTypeClassifier) -> None:
    [(label, probability)] = classifier.predict(["  -- ... !"])
    assert label in POLECAT_TYPES
    assert 0 < probability < 1


def test_a_model_made_for_other_features_is_refused(classifier: EventTypeClassifier) -> None:
    arrays = classifier.to_arrays()
    arrays["feature_version"] = np.array(int(arrays["feature_version"]) + 1)
    with pytest.raises(ValueError, match="retrain"):
        EventTypeClassifier.from_arrays(arrays)


def test_model_arrays_round_trip(classifier: EventTypeClassifier) -> None:
    again = EventTypeClassifier.from_arrays(classifier.to_arrays())
    sentences = ["The rebels agreed to a ceasefire.", "Police arrested dozens of opposition activists."]
    assert np.allclose(again.probabilities(sentences), classifier.probabilities(sentences))


# --------------------------------------------------------------------------
# Features: one definition, stable across processes and versions
# --------------------------------------------------------------------------


def test_terms_are_lowercased_stemmed_and_numbers_collapsed() -> None:
    assert terms("Russia's ministers didn't sign 2,500 Agreements") == [
        "russia", "minister", "didn't", "sign", "0", "agreement",
    ]  # fmt: skip
    assert terms("They WON\u2019T accept it") == ["they", "won't", "accept", "it"]


def test_hashed_indices_do_not_depend_on_the_process() -> None:
    # CRC-32 values, fixed: a change here means every trained model must be retrained.
    assert term_index("agreement") == 88612
    assert term_index("sanction") == 37295


def test_sentence_features_are_position_weighted_and_unit_length() -> None:
    indices, values = sentence_features("Russia signed an agreement")
    assert indices.tolist() == sorted(term_index(term) for term in ("russia", "sign", "an", "agreement"))
    assert np.linalg.norm(values) == pytest.approx(1.0)
    by_index = dict(zip(indices.tolist(), values.tolist(), strict=True))
    # Earlier words weigh more: the event is usually named near the start of a sentence.
    assert by_index[term_index("russia")] > by_index[term_index("sign")] > by_index[term_index("agreement")]


def test_hashed_features_form_a_csr_matrix() -> None:
    indptr, indices, values = hashed_features(["Russia signed an agreement", "", "Talks"])
    assert indptr.tolist() == [0, 4, 4, 5]
    assert len(indices) == len(values) == 5
    assert ((indices >= 0) & (indices < FEATURE_DIM)).all()


def test_training_script_uses_the_runtime_feature_function() -> None:
    script = _training_script()
    assert script.hashed_features is hashed_features
    assert EventTypeClassifier.load().labels == script.LABELS


def test_training_script_exits_with_a_message_when_the_data_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _training_script()
    assert script.main(["--data", str(tmp_path / "absent.csv.zip"), "--out", str(tmp_path / "model.npz")]) == 1
    assert "training data not found" in capsys.readouterr().out
    assert not (tmp_path / "model.npz").exists()
