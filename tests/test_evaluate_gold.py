"""The structure stage stays above the floors of benchmarks/floors.json on the development gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.evaluate.structure import evaluate_structure, normalise, score_document
from communique.model import Document, Turn
from communique.pipeline import Pipeline

FLOORS = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "floors.json").read_text())["structure"]


@pytest.fixture(scope="module")
def report(pipeline: Pipeline, shared: Path) -> dict:
    return evaluate_structure(shared / FLOORS["gold"], pipeline.parse_path)


def test_evaluate_gold_overall_meets_the_floors(report: dict) -> None:
    overall = report["overall"]
    for key, floor in FLOORS["overall"].items():
        assert overall[key] >= floor, (key, overall[key], report["imperfect"][:5])


def test_evaluate_gold_every_source_meets_the_floors(report: dict) -> None:
    for source, figures in report["sources"].items():
        for key, floor in FLOORS["per_source"].items():
            assert figures[key] >= floor, (source, key, figures[key])


def test_evaluate_gold_every_metadata_field_meets_the_floor(report: dict) -> None:
    for field, value in report["overall"]["metadata"].items():
        assert value >= FLOORS["metadata"], (field, value)


def _doc(turns: list[tuple[str | None, str]]) -> Document:
    return Document(
        id="x",
        turns=[Turn(i, label, None, "other", "remark", 0, 0, text) for i, (label, text) in enumerate(turns)],
    )


def test_evaluate_scorer_counts_a_merged_turn_as_one_miss_and_one_extra() -> None:
    gold = {"id": "x", "turns": [{"speaker_label": None, "text": "A b."}, {"speaker_label": "Q", "text": "C d?"}]}
    result = score_document(gold, _doc([(None, "A b. Q: C d?")]))
    assert (result.counts.gold_turns, result.counts.predicted_turns, result.counts.matched) == (2, 1, 0)


def test_evaluate_scorer_matches_on_the_first_sixty_characters_and_compares_labels_case_blind() -> None:
    long = "x" * 70
    gold = {"id": "x", "turns": [{"speaker_label": "QUESTION", "text": long + " end"}]}
    result = score_document(gold, _doc([("Question:", long + " other end")]))
    assert (result.counts.matched, result.counts.labels_right) == (1, 1)
    assert normalise("  a \n\t b ") == "a b"
