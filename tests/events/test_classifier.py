"""The trained model that keeps, drops or retypes the rule coder's candidate events, as a user meets it."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from communique.evaluate.transcripts import GoldSentenceEvent
from communique.events.classifier import (
    FEATURE_DIM,
    MODEL_RESOURCE,
    NONE,
    CandidateFilter,
    candidate_terms,
    candidates,
    hashed_features,
    term_index,
)
from communique.events.lexicon import TYPES
from communique.model import Event
from communique.pipeline import Pipeline

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_event_classifier.py"


@pytest.fixture(scope="module")
def model() -> CandidateFilter:
    return CandidateFilter.load()


@pytest.fixture(scope="module")
def pipelines() -> tuple[Pipeline, Pipeline]:
    """The default pipeline (with the model) and the rule coder's candidates alone, sharing one spaCy model."""
    with_model, rules = Pipeline(filter_events=True), Pipeline()
    rules._annotator, rules._coder = with_model._models()
    return with_model, rules


def _training_script():
    pytest.importorskip("sklearn", reason="the training script needs the [train] extra")
    spec = importlib.util.spec_from_file_location("train_event_classifier", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _analysed(pipeline: Pipeline, text: str):
    annotator, coder = pipeline._models()
    [analysis] = annotator.analyse([pipeline.structure_text(text)])
    return coder.code(analysis), analysis


# --------------------------------------------------------------------------
# What the pipeline codes
# --------------------------------------------------------------------------


def test_the_drop_threshold_decides_which_candidates_stay(
    model: CandidateFilter, pipelines: tuple[Pipeline, Pipeline]
) -> None:
    events, analysis = _analysed(pipelines[1], "Canada expelled three Iranian diplomats. Japan sent aid to Chile.")
    keep_all = CandidateFilter(model.labels, model.features, model.weights, model.intercept, 1.0, 1.0)
    drop_all = CandidateFilter(model.labels, model.features, model.weights, model.intercept, 0.0, 1.0)
    assert keep_all.apply(events, analysis) == events
    assert drop_all.apply(events, analysis) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("France condemned the missile strike on the Ukrainian port.", "ACCUSE"),
        ("Canada expelled three Iranian diplomats.", "SANCTION"),
        ("The Russian and Turkish foreign ministers held talks in Ankara on Tuesday.", "CONSULT"),
        ("The minister called on Israel to stop the bombing.", "REQUEST"),
    ],
)
def test_a_real_event_is_kept(pipelines: tuple[Pipeline, Pipeline], sentence: str, kind: str) -> None:
    with_model, _ = pipelines
    assert [e.type for e in with_model.parse_text(sentence).events] == [kind]


def test_a_confident_model_retypes_a_candidate(model: CandidateFilter, pipelines: tuple[Pipeline, Pipeline]) -> None:
    _, rules = pipelines
    events, analysis = _analysed(rules, "China deployed medical teams to help Laos fight the epidemic.")
    [row] = model.probabilities(candidates(events, analysis))
    best = model.labels[int(np.argmax(np.where(np.array(model.labels) == NONE, -1.0, row)))]
    sure = CandidateFilter(model.labels, model.features, model.weights, model.intercept, 1.0, 0.0)
    [event] = sure.apply(events, analysis)
    assert event.type == best  # the model's most likely type, whatever the rules said
    assert (event.source, event.target, event.status) == (events[0].source, events[0].target, events[0].status)


def test_the_model_is_a_stage_the_pipeline_can_leave_out(pipelines: tuple[Pipeline, Pipeline]) -> None:
    with_model, rules = pipelines
    text = "Canada expelled three Iranian diplomats. Japan sent aid to Chile. Peru praised the new port."
    candidates_coded = [(e.type, e.text) for e in rules.parse_text(text).events]
    kept = [(e.type, e.text) for e in with_model.parse_text(text).events]
    assert len(candidates_coded) == 3 and set(kept) <= set(candidates_coded)


# --------------------------------------------------------------------------
# The packaged model
# --------------------------------------------------------------------------


def test_packaged_model_loads_with_none_and_the_sixteen_types(model: CandidateFilter) -> None:
    assert model.labels == (NONE, *TYPES)
    assert model.weights.shape == (len(model.features), 17)
    assert 0 < model.drop_above <= 1 and 0 < model.retype_above <= 1


def test_packaged_model_file_stays_small() -> None:
    resource = resources.files("communique.data").joinpath(MODEL_RESOURCE)
    assert len(resource.read_bytes()) < 2_000_000


def test_a_model_made_for_other_features_is_refused(model: CandidateFilter) -> None:
    arrays = model.to_arrays()
    arrays["feature_version"] = np.array(int(arrays["feature_version"]) - 1)
    with pytest.raises(ValueError, match="retrain"):
        CandidateFilter.from_arrays(arrays)


def test_model_arrays_round_trip(model: CandidateFilter, pipelines: tuple[Pipeline, Pipeline]) -> None:
    again = CandidateFilter.from_arrays(model.to_arrays())
    events, analysis = _analysed(pipelines[1], "Canada expelled three Iranian diplomats. Japan sent aid to Chile.")
    items = candidates(events, analysis)
    assert np.allclose(again.probabilities(items), model.probabilities(items))
    assert (again.drop_above, again.retype_above) == (model.drop_above, model.retype_above)


def test_probabilities_sum_to_one_and_batches_score_each_alone(
    model: CandidateFilter, pipelines: tuple[Pipeline, Pipeline]
) -> None:
    events, analysis = _analysed(pipelines[1], "Canada expelled three Iranian diplomats. Japan sent aid to Chile.")
    items = candidates(events, analysis)
    together = model.probabilities(items)
    assert together.shape == (2, 17)
    assert np.allclose(together.sum(axis=1), 1.0)
    assert np.allclose(together, np.vstack([model.probabilities([item]) for item in items]))
    assert model.probabilities([]).shape == (0, 17)
    assert model.apply([], analysis) == []


# --------------------------------------------------------------------------
# Features: one definition, stable across processes
# --------------------------------------------------------------------------


def test_a_candidate_is_read_with_its_parse(pipelines: tuple[Pipeline, Pipeline]) -> None:
    events, analysis = _analysed(pipelines[1], "Did France not condemn the strike?")
    [item] = candidates(events, analysis)
    assert item.trigger.lemma_ == "condemn"
    terms = set(candidate_terms(item))
    assert {"question", "negated", "type=ACCUSE", "lemma=condemn", "obj=strike"} <= terms


def test_an_event_outside_the_parse_is_still_scored(
    model: CandidateFilter, pipelines: tuple[Pipeline, Pipeline]
) -> None:
    _, analysis = _analysed(pipelines[1], "Canada expelled three Iranian diplomats.")
    stray = Event(type="AID", status="asserted", start=500, end=520, text="elsewhere", trigger="sent")
    [item] = candidates([stray], analysis)
    assert item.sentence is None and "no-parse" in set(candidate_terms(item))
    assert model.probabilities([item]).shape == (1, 17)


def test_hashed_indices_do_not_depend_on_the_process() -> None:
    # CRC-32 values, fixed: a change here means every trained model must be retrained.
    assert term_index("agreement") == 88612
    assert term_index("sanction") == 37295


def test_hashed_features_form_unit_length_rows(pipelines: tuple[Pipeline, Pipeline]) -> None:
    events, analysis = _analysed(pipelines[1], "Canada expelled three Iranian diplomats. Japan sent aid to Chile.")
    indptr, indices, values = hashed_features(candidates(events, analysis))
    assert len(indptr) == 3 and indptr[-1] == len(indices) == len(values)
    assert ((indices >= 0) & (indices < FEATURE_DIM)).all()
    for start, end in itertools.pairwise(indptr.tolist()):
        assert np.linalg.norm(values[start:end]) == pytest.approx(1.0)


# --------------------------------------------------------------------------
# The training script
# --------------------------------------------------------------------------


def _gold(sentence: str, kind: str) -> GoldSentenceEvent:
    return GoldSentenceEvent(sentence, 1, frozenset([kind]), kind, "asserted", frozenset(), frozenset(), None)


def test_training_labels_follow_the_scorers_pairing(pipelines: tuple[Pipeline, Pipeline]) -> None:
    script = _training_script()
    text = "Peru praised the new port. Canada expelled three Iranian diplomats. Japan sent aid to Chile."
    events, analysis = _analysed(pipelines[1], text)
    gold = [_gold("Canada expelled three Iranian diplomats.", "SANCTION")]
    labels = script.transcript_labels(gold, analysis.document.text, events)
    assert dict(zip([e.trigger for e in events], labels, strict=True))["praised"] == NONE  # no gold event there
    assert "SANCTION" in labels
    coerce = [_gold("Canada expelled three Iranian diplomats.", "COERCE")]
    retyped = script.transcript_labels(coerce, analysis.document.text, events)
    assert "COERCE" in retyped  # a candidate of the gold sentence with a wrong type learns the gold type


def test_training_script_uses_the_runtime_features_and_labels(model: CandidateFilter) -> None:
    script = _training_script()
    assert script.candidate_features.__module__ == "communique.events.classifier"
    assert model.labels == script.LABELS


def test_training_script_decisions_match_the_runtime_model(model: CandidateFilter) -> None:
    script = _training_script()
    probs = np.zeros((3, 17))
    probs[0, 0] = 0.9  # NONE
    probs[0, 1] = 0.1
    probs[1, script.LABELS.index("AID")] = 0.95
    probs[1, 0] = 0.05
    probs[2, script.LABELS.index("AID")] = 0.6
    probs[2, script.LABELS.index("MOBILIZE")] = 0.4
    assert script.decisions(probs, ["AGREE", "MOBILIZE", "MOBILIZE"], 0.5, 0.8) == [None, "AID", "MOBILIZE"]


def test_training_script_runs_quickly_and_writes_a_model_that_loads(tmp_path: Path, shared: Path) -> None:
    script = _training_script()
    gold = Path(__file__).resolve().parents[2] / "gold" / "events"
    plover = shared / "gold" / "plover-gsr-dev.json"
    if not (shared / "corpus").is_dir() or not plover.is_file():
        pytest.skip("the transcripts' corpus and the PLOVER dev records are in ../shared")
    out = tmp_path / "model.npz"
    args = ["--quick", "--transcripts", str(gold), "--plover", str(plover), "--root", str(shared), "--out", str(out)]
    assert script.main(args) == 0
    written = CandidateFilter.from_arrays(dict(np.load(out, allow_pickle=False)))
    assert written.labels == (NONE, *TYPES)
