"""The event coder stays above the floors of benchmarks/floors.json on the development gold events."""

from __future__ import annotations

import json
from pathlib import Path

from communique import api
from communique.pipeline import Pipeline

FLOORS = json.loads((Path(__file__).resolve().parents[2] / "benchmarks" / "floors.json").read_text())["events"]


def test_event_gold_plover_records_meet_the_floors(nlp_pipeline: Pipeline, shared: Path) -> None:
    floors = FLOORS["plover"]
    scores = api.evaluate_events(shared / floors["gold"], nlp_pipeline)
    assert scores.type_accuracy >= floors["type_accuracy"], scores.report()
    assert scores.source.f1 >= floors["source_f1"]
    assert scores.target.f1 >= floors["target_f1"]


def test_event_gold_petrarch_records_meet_the_floors(nlp_pipeline: Pipeline, shared: Path) -> None:
    floors = FLOORS["petr2"]
    scores = api.evaluate_events(shared / floors["gold"], nlp_pipeline)
    assert scores.events.recall >= floors["event_recall"], scores.report()
    assert scores.false_positives_per_record <= floors["max_false_positives_per_record"]


def test_event_gold_sample_in_the_repository_is_coded_right(nlp_pipeline: Pipeline) -> None:
    path = Path(__file__).resolve().parents[1] / "documents" / "gold" / "plover-sample.json"
    scores = api.evaluate_events(path, nlp_pipeline)
    assert scores.type_accuracy == 1.0
