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


def _ingest(db: Path, *paths: Path) -> str:
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths), "--db", str(db), "--no-nlp", "--no-index", "--quiet"])
    assert result.exit_code == 0, result.output
    return result.output


def _ids(db: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["list", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return sorted(json.loads(line)["id"] for line in result.output.splitlines())


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("notes.txt", "Notes\n\nQ: {word}?\nA: Yes.\n"),
        ("notes.md", "# Notes\n\nQ: {word}?\n\nA: Yes.\n"),
        ("notes.html", "<html><body><h1>Notes</h1><p>Q: {word}?</p><p>A: Yes, we will.</p></body></html>"),
    ],
)
def test_reading_same_named_files_of_no_site_keep_their_own_ids(tmp_path: Path, name: str, body: str) -> None:
    for folder, word in (("a", "Why"), ("b", "When")):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / name).write_text(body.format(word=word))
    db = tmp_path / "corpus.duckdb"
    assert "2 new" in _ingest(db, tmp_path / "in")
    ids = _ids(db)
    assert len(set(ids)) == 2 and all(i.startswith("notes-") for i in ids)
    assert "2 skipped" in _ingest(db, tmp_path / "in")
    assert _ids(db) == ids


def test_reading_an_edited_file_of_no_site_replaces_its_old_document(tmp_path: Path) -> None:
    path = tmp_path / "in" / "notes.txt"
    path.parent.mkdir()
    path.write_text("Notes\n\nQ: Why?\nA: Because.\n")
    db = tmp_path / "corpus.duckdb"
    _ingest(db, path.parent)
    [before] = _ids(db)
    path.write_text("Notes\n\nQ: Why not?\nA: Because.\n")
    _ingest(db, path.parent)
    [after] = _ids(db)
    assert after != before and after.startswith("notes-")


def test_reading_a_moved_folder_keeps_its_ids(tmp_path: Path) -> None:
    for place in ("here", "there"):
        (tmp_path / place).mkdir()
        (tmp_path / place / "notes.txt").write_text("Notes\n\nQ: Why?\nA: Because.\n")
    assert _parse(tmp_path / "here" / "notes.txt")["id"] == _parse(tmp_path / "there" / "notes.txt")["id"]
