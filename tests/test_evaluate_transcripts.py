"""Scoring the events of whole transcripts against exhaustive hand-coded gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.cli import cli
from communique.errors import GoldError
from communique.evaluate.transcripts import evaluate_transcripts, load_transcript_gold, locate
from communique.model import Actor, Document, Event

TEXT = (
    "Minister Ivanova: We met Foreign Minister Costa of Portugal today.\n"
    "We signed a memorandum on fisheries. Thank you for your hospitality.\n"
    "Question: Did Chile join?\n"
    "Minister Ivanova: Chile declined to join the “fisheries” memorandum."
)


def _gold(tmp_path: Path, events: list[dict], split: str = "validation") -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "talks.txt").write_text(TEXT, encoding="utf-8")
    record = {"id": "local/talks", "input": "corpus/talks.txt", "split": split, "events": events, "not_events": []}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return gold


def _event(sentence: str, kind: str, source: list[str], target: list[str], **extra: object) -> dict:
    return {"sentence": sentence, "type": kind, "status": "asserted", "source": source, "target": target,
            "date": "2024-05-02", **extra}  # fmt: skip


def _predicted(words: str, kind: str, source: list[str], target: list[str], status: str = "asserted") -> Event:
    start = TEXT.index(words)
    end = TEXT.index(".", start) + 1
    return Event(kind, status, start, end, TEXT[start:end], source=[Actor(c) for c in source],
                 target=[Actor(c) for c in target], date="2024-05-02")  # fmt: skip


GOLD_EVENTS = [
    _event("We met Foreign Minister Costa of Portugal today.", "CONSULT", ["BGR"], ["PRT"]),
    _event("We signed a memorandum on fisheries.", "AGREE", ["BGR", "PRT"], ["PRT", "BGR"]),
    _event('Chile declined to join the "fisheries" memorandum.', "REJECT", ["CHL"], ["BGR", "PRT"]),
]


def test_locate_finds_a_sentence_whatever_its_spacing_and_quotes() -> None:
    span = locate(TEXT, 'Chile declined to join the "fisheries"   memorandum.')
    assert span is not None and TEXT[span[0] : span[1]] == "Chile declined to join the “fisheries” memorandum."
    assert locate(TEXT, "Nobody said this.") is None


def test_perfect_events_score_one_and_courtesies_are_false_positives(tmp_path: Path) -> None:
    gold = _gold(tmp_path, GOLD_EVENTS)
    events = [
        _predicted("We met", "CONSULT", ["BGR"], ["PRT"]),
        _predicted("We signed", "AGREE", ["BGR"], ["PRT"]),
        _predicted("Chile declined", "REJECT", ["CHL"], ["BGR"]),
    ]
    scores = evaluate_transcripts(gold, lambda path: Document("local/talks", text=TEXT, events=events))
    data = scores.to_dict()
    assert (data["precision"], data["recall"], data["status_accuracy"], data["date_accuracy"]) == (1, 1, 1, 1)
    assert data["parts"]["validation"]["recall"] == 1 and data["parts"]["train"]["documents"] == 0
    courtesy = _predicted("Thank you", "SUPPORT", ["PRT"], ["BGR"])
    scores = evaluate_transcripts(gold, lambda path: Document("local/talks", text=TEXT, events=[*events, courtesy]))
    assert scores.strict.precision == pytest.approx(3 / 4)
    assert scores.confusion["NONE"]["SUPPORT"] == 1


def test_a_wrong_side_counts_for_the_type_but_not_for_the_event(tmp_path: Path) -> None:
    gold = _gold(tmp_path, GOLD_EVENTS[:1])
    wrong = [_predicted("We met", "CONSULT", ["PRT"], ["CHL"], status="planned")]
    scores = evaluate_transcripts(gold, lambda path: Document("local/talks", text=TEXT, events=wrong))
    assert (scores.strict.recall, scores.typed.recall) == (0.0, 1.0)
    assert (scores.field_accuracy("source"), scores.field_accuracy("status")) == (0.0, 0.0)


def test_an_acceptable_second_type_counts_as_right(tmp_path: Path) -> None:
    gold = _gold(tmp_path, [{**GOLD_EVENTS[0], "type": "AGREE", "also_acceptable": ["CONSULT"]}])
    found = [_predicted("We met", "CONSULT", ["BGR"], ["PRT"])]
    assert evaluate_transcripts(gold, lambda path: Document("d", text=TEXT, events=found)).strict.recall == 1.0


def test_a_sentence_the_parse_lost_leaves_its_events_missed(tmp_path: Path) -> None:
    gold = _gold(tmp_path, GOLD_EVENTS)
    scores = evaluate_transcripts(gold, lambda path: Document("d", text=TEXT[: TEXT.index("We signed")], events=[]))
    assert (scores.unlocated, scores.strict.recall) == (2, 0.0)


def test_bad_gold_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(GoldError, match="line 1"):
        load_transcript_gold(path)


def test_cli_scores_transcript_gold_through_the_whole_pipeline(tmp_path: Path) -> None:
    gold = _gold(tmp_path, GOLD_EVENTS, split="train")
    result = CliRunner().invoke(cli, ["evaluate", "events", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["documents"], data["gold_events"], data["unlocated_sentences"]) == (1, 3, 0)
    assert data["parts"]["train"]["gold_events"] == 3


@pytest.mark.parametrize(("split", "listed"), [("train", True), ("validation", False)])
def test_errors_are_listed_for_train_documents_alone(tmp_path: Path, split: str, listed: bool) -> None:
    gold = _gold(tmp_path, GOLD_EVENTS[:1], split=split)
    scores = evaluate_transcripts(gold, lambda path: Document("d", text=TEXT, events=[]))
    report = scores.errors_report()
    assert ("missed: CONSULT asserted BGR -> PRT" in report) is listed
    assert "validation documents are not listed" in report
