"""Reading files as a user meets it: one turn per labelled line, ids and sites of text files, walking folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.cli import cli

DIALOGUE = "Q: Will the talks resume?\nA: Yes, next week.\nQ: Where?\nA: In Geneva, as agreed with our partners.\n"


def _parse(path: Path, *options: str) -> dict:
    result = CliRunner().invoke(cli, ["parse", str(path), "--no-nlp", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("before", ["", "Press briefing\n\n", "\n\n", "16:35\nPress briefing, Geneva, May 1, 2024\n\n"])
@pytest.mark.parametrize("after", ["", "\n", "\n\n\n", " \n"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_reading_labelled_lines_give_one_turn_each(tmp_path: Path, before: str, after: str, newline: str) -> None:
    path = tmp_path / "briefing.txt"
    path.write_bytes((before + DIALOGUE.rstrip("\n") + after).replace("\n", newline).encode())
    turns = _parse(path)["turns"]
    assert [(t["speaker_label"], t["text"]) for t in turns] == [
        ("Q", "Will the talks resume?"),
        ("A", "Yes, next week."),
        ("Q", "Where?"),
        ("A", "In Geneva, as agreed with our partners."),
    ]


def test_reading_wrapped_paragraphs_still_join(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "Press briefing\n\n"
        "Question: Will the talks on the new agreement resume next\n"
        "week, and where will they be held?\n\n"
        "Answer: They will resume in Geneva next week, as we agreed\n"
        "with our partners, and we expect the delegations to sign the\n"
        "document there.\n"
    )
    turns = _parse(path)["turns"]
    assert [t["text"] for t in turns] == [
        "Will the talks on the new agreement resume next week, and where will they be held?",
        "They will resume in Geneva next week, as we agreed with our partners, and we expect the delegations "
        "to sign the document there.",
    ]


def test_reading_unlabelled_lines_of_one_turn_stay_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text("Speech\n\nSergey Lavrov: Mr Bayramov,\nLadies and gentlemen,\nThank you.\nQuestion: Why now?\n")
    turns = _parse(path)["turns"]
    assert [t["text"] for t in turns] == ["Mr Bayramov,\nLadies and gentlemen,\nThank you.", "Why now?"]
