"""The trained trigger model: what it adds to the coder, the packaged file, and its training script."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from communique.events.coder import EventCoder
from communique.events.lexicon import TYPES
from communique.events.triggers import (
    FEATURE_DIM,
    MODEL_RESOURCE,
    NONE,
    Context,
    TriggerModel,
    csr_rows,
    is_candidate,
    readable,
    term_index,
    token_features,
    token_terms,
)
from communique.pipeline import Pipeline

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_event_triggers.py"


@pytest.fixture(scope="module")
def model() -> TriggerModel:
    return TriggerModel.load()


@pytest.fixture(scope="module")
def pipelines() -> tuple[Pipeline, Pipeline]:
    """The default pipeline (with the model) and the rules alone, sharing one spaCy model."""
    with_model, rules = Pipeline(), Pipeline(trained_triggers=False)
    rules._annotator, rules._coder = with_model._models()[0], EventCoder()
    return with_model, rules


def _training_script():
    pytest.importorskip("sklearn", reason="the training script needs the [train] extra")
    spec = importlib.util.spec_from_file_location("train_event_triggers", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _sentence(pipeline: Pipeline, text: str):
    annotator, _ = pipeline._models()
    [analysis] = annotator.analyse([pipeline.structure_text(text)])
    return next(iter(analysis.paragraphs[0].doc.sents))


# --------------------------------------------------------------------------
# What the pipeline codes
# --------------------------------------------------------------------------


def test_the_model_adds_events_to_the_rules_and_takes_none_away(pipelines: tuple[Pipeline, Pipeline]) -> None:
    with_model, rules = pipelines
    text = (
        "Canada expelled three Iranian diplomats. Japan sent aid to Chile. "
        "We are working with Kazakhstan on the new railway."
    )
    by_rules = {(e.type, e.text) for e in rules.parse_text(text, date="2024-01-10").events}
    with_both = {(e.type, e.text) for e in with_model.parse_text(text, date="2024-01-10").events}
    assert by_rules < with_both
    assert any("Kazakhstan" in sentence for _, sentence in with_both - by_rules)


def test_a_threshold_of_one_leaves_the_rules_alone(model: TriggerModel, pipelines: tuple[Pipeline, Pipeline]) -> None:
    with_model, rules = pipelines
    never = TriggerModel(model.labels, model.features, model.weights, model.intercept, 1.0)
    annotator, _ = with_model._models()
    doc = with_model.structure_text("We are working with Kazakhstan on the new railway. Japan sent aid to Chile.")
    [analysis] = annotator.analyse([doc])
    assert EventCoder(model=never).code(analysis) == rules._coder.code(analysis)


# --------------------------------------------------------------------------
# The packaged model
# --------------------------------------------------------------------------


def test_packaged_model_loads_with_none_and_the_sixteen_types(model: TriggerModel) -> None:
    assert model.labels == (NONE, *TYPES)
    assert model.weights.shape == (len(model.features), 17)
    assert 0 < model.propose_above < 1


def test_packaged_model_file_stays_small() -> None:
    resource = resources.files("communique.data").joinpath(MODEL_RESOURCE)
    assert len(resource.read_bytes()) < 30_000_000


def test_a_model_made_for_other_features_is_refused(model: TriggerModel) -> None:
    arrays = model.to_arrays()
    arrays["feature_version"] = np.array(int(arrays["feature_version"]) - 1)
    with pytest.raises(ValueError, match="retrain"):
        TriggerModel.from_arrays(arrays)


def test_model_arrays_round_trip(model: TriggerModel, pipelines: tuple[Pipeline, Pipeline]) -> None:
    again = TriggerModel.from_arrays(model.to_arrays())
    sent = _sentence(pipelines[0], "Canada expelled three Iranian diplomats and recalled its envoy.")
    context = Context.of(sent, None)
    rows = [token_features(t, context) for t in sent if is_candidate(t)]
    assert np.allclose(again.probabilities(rows), model.probabilities(rows))
    assert again.propose_above == model.propose_above


def test_probabilities_sum_to_one_and_rows_score_each_alone(
    model: TriggerModel, pipelines: tuple[Pipeline, Pipeline]
) -> None:
    sent = _sentence(pipelines[0], "Canada expelled three Iranian diplomats and recalled its envoy.")
    rows = [token_features(t, Context.of(sent, None)) for t in sent if is_candidate(t)]
    together = model.probabilities(rows)
    assert together.shape == (len(rows), 17)
    assert np.allclose(together.sum(axis=1), 1.0)
    assert np.allclose(together, np.vstack([model.probabilities([row]) for row in rows]))
    assert model.probabilities([]).shape == (0, 17)


# --------------------------------------------------------------------------
# Features: one definition, stable across processes
# --------------------------------------------------------------------------


def test_a_word_is_read_with_its_parse_and_turn(pipelines: tuple[Pipeline, Pipeline]) -> None:
    sent = _sentence(pipelines[0], "Did France not condemn the strike?")
    [verb] = [t for t in sent if t.lemma_ == "condemn"]
    terms = set(token_terms(verb, Context.of(sent, "journalist")))
    assert {"question", "negated", "lemma=condemn", "obj=strike", "role=journalist"} <= terms


def test_hashed_indices_do_not_depend_on_the_process() -> None:
    # CRC-32 values, fixed: a change here means every trained model must be retrained.
    assert term_index("agreement") == 88612
    assert term_index("sanction") == 37295


def test_feature_rows_have_unit_length(pipelines: tuple[Pipeline, Pipeline]) -> None:
    sent = _sentence(pipelines[0], "Canada expelled three Iranian diplomats and recalled its envoy.")
    rows = [token_features(t, Context.of(sent, None)) for t in sent if is_candidate(t)]
    indptr, indices, values = csr_rows(rows)
    assert indptr[-1] == len(indices) == len(values)
    assert ((indices >= 0) & (indices < FEATURE_DIM)).all()
    for start, end in itertools.pairwise(indptr.tolist()):
        assert np.linalg.norm(values[start:end]) == pytest.approx(1.0)


# --------------------------------------------------------------------------
# The training script
# --------------------------------------------------------------------------


def test_training_script_uses_the_runtime_features_and_labels(model: TriggerModel) -> None:
    script = _training_script()
    assert script.token_features.__module__ == "communique.events.triggers"
    assert model.labels == script.LABELS


def test_training_script_decisions_match_the_coder() -> None:
    script = _training_script()
    probs = np.zeros((2, 17))
    probs[0, script.LABELS.index("AID")] = 0.6
    probs[0, 0] = 0.4
    probs[1, script.LABELS.index("AID")] = 0.3  # the best type, below the threshold
    probs[1, 0] = 0.7
    assert script.proposals(probs, script.LABELS, 0.5) == ["AID", None]


def test_the_model_reads_only_the_words_the_rules_have_no_say_in(pipelines: tuple[Pipeline, Pipeline]) -> None:
    sent = _sentence(pipelines[0], "Oslo wants Chile to expel the envoy and signed a treaty on fishing.")
    lexicon = pipelines[0]._models()[1].lexicon
    read = [t.text for t in sent if readable(t, lexicon)]
    assert "wants" not in read and "expel" not in read and "signed" not in read and "treaty" not in read
    assert "fishing" in read


def test_a_gold_trigger_labels_its_head_word(pipelines: tuple[Pipeline, Pipeline]) -> None:
    script = _training_script()
    sent = _sentence(pipelines[0], "The two ministers held long talks in Geneva.")
    tokens = [t for t in sent if t.text in ("held", "long", "talks")]
    assert script.head_of(tokens).text == "held"


def test_training_script_runs_quickly_and_writes_a_model_that_loads(tmp_path: Path, shared: Path) -> None:
    script = _training_script()
    gold = Path(__file__).resolve().parents[2] / "gold" / "events"
    if not (shared / "corpus").is_dir():
        pytest.skip("the transcripts' corpus is in ../shared")
    out = tmp_path / "model.npz"
    assert script.main(["--quick", "--transcripts", str(gold), "--root", str(shared), "--out", str(out)]) == 0
    written = TriggerModel.from_arrays(dict(np.load(out, allow_pickle=False)))
    assert written.labels == (NONE, *TYPES)
