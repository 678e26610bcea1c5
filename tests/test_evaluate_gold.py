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


def test_evaluate_scorer_scores_roles_and_exchanges_by_their_exact_turns() -> None:
    from communique.model import Exchange

    turns = [(None, "Opening."), ("Q", "Why?"), ("PM", "Because."), ("MODERATOR", "Next."), ("MINISTER", "Also.")]
    roles = ["other", "journalist", "official", "moderator", "official"]
    gold = {
        "id": "x",
        "turns": [
            {"speaker_label": label, "text": text, "role": role}
            for (label, text), role in zip(turns, roles, strict=True)
        ],
        "exchanges": [{"question": [1], "answer": [2, 4]}],
    }
    doc = _doc(turns)
    doc.exchanges = [Exchange(question=[1], answer=[2])]
    result = score_document(gold, doc)
    assert (result.counts.roles, result.counts.roles_right) == (5, 1)  # _doc gives every turn "other"
    assert (result.counts.gold_exchanges, result.counts.exchanges_right) == (1, 0)
    doc.exchanges = [Exchange(question=[1], answer=[2, 4])]
    assert score_document(gold, doc).counts.exchanges_right == 1


def test_evaluate_structure_reads_a_folder_of_gold_files_under_the_given_root(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Title\n\nQuestion: Why?\n\nMinister: Because.\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    record = {"id": "s/a", "source": "s", "input": "corpus/a.txt", "split": "validation", "turns": []}
    (gold / "one.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (gold / "two.jsonl").write_text(json.dumps({**record, "id": "s/b", "split": "train"}) + "\n", encoding="utf-8")
    seen: list[Path] = []

    def parse(path: Path) -> Document:
        seen.append(path)
        return _doc([])

    report = evaluate_structure(gold, parse)
    assert seen == [tmp_path / "corpus" / "a.txt"] * 2
    assert report["parts"]["validation"]["documents"] == report["parts"]["tuning"]["documents"] == 1
