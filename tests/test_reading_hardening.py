"""Reading files as a user meets it: one turn per labelled line, ids and sites of text files, walking folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import communique
from communique.cli import cli

# The package under test, for the commands run in a process of their own.
SRC = Path(communique.__file__).resolve().parents[1]
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


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, so that a hang fails the test instead of stalling the run."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "communique", *args], capture_output=True, text=True, timeout=120, env=env
    )


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    """A folder holding one transcript beside a named pipe, a broken link and a link back to itself."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(DIALOGUE)
    os.mkfifo(folder / "pipe.txt")
    (folder / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    return folder


UNREAD = ["broken.txt: a broken symbolic link", "pipe.txt: a named pipe (FIFO)", "up: a folder already walked"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_reading_parse_names_what_a_folder_holds_besides_files(odd_folder: Path) -> None:
    result = _run("parse", str(odd_folder), "--no-nlp", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(odd_folder / "a.txt")]
    assert all(any(line.startswith("not read: ") and want in line for line in result.stderr.splitlines())
               for want in UNREAD), result.stderr  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_reading_ingest_names_what_it_did_not_read_and_never_waits_on_a_pipe(odd_folder: Path) -> None:
    db = odd_folder.parent / "c.duckdb"
    result = _run("ingest", str(odd_folder), str(odd_folder / "pipe.txt"), "--db", str(db), "--no-nlp", "--quiet")
    assert "1 new" in result.stdout and "1 failed" in result.stdout, result.stdout + result.stderr
    assert f"failed: {odd_folder / 'pipe.txt'}: not read: a named pipe (FIFO)" in result.stderr
    assert all(want in result.stderr for want in UNREAD), result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_reading_parse_refuses_a_pipe_named_on_the_command_line(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    result = _run("parse", str(tmp_path / "pipe.txt"), "--no-nlp")
    assert result.returncode == 1
    assert "not read: a named pipe (FIFO), not a regular file [E100]" in result.stderr
    assert "Traceback" not in result.stderr


def test_reading_a_linked_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text(DIALOGUE)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Other\n\n" + DIALOGUE)
    (tmp_path / "in" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / "in"), "--no-nlp", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    paths = [json.loads(line)["path"] for line in result.output.splitlines()]
    assert paths == [str(tmp_path / "in" / "a.txt"), str(tmp_path / "in" / "linked" / "b.txt")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every folder")
def test_reading_an_unreadable_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(DIALOGUE)
    (tmp_path / "in" / "locked").chmod(0)
    try:
        result = CliRunner().invoke(cli, ["parse", str(tmp_path / "in"), "--no-nlp", "--format", "jsonl"])
    finally:
        (tmp_path / "in" / "locked").chmod(0o755)
    assert f"not read: {tmp_path / 'in' / 'locked'}: cannot read the folder: Permission denied" in result.output


def test_reading_an_oversized_file_is_refused_with_its_size_and_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: nothing is written, nothing need be read
    result = CliRunner().invoke(cli, ["parse", str(path), "--no-nlp"])
    assert result.exit_code == 1
    assert "file of 41,943,040 bytes exceeds the limit of 33,554,432 bytes" in result.output


DOCUMENTS = Path(__file__).resolve().parent / "documents"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    "original",
    [
        DOCUMENTS / "kremlin.ru" / "17173.txt",
        EXAMPLES / "kremlin.ru" / "58502.txt",
        DOCUMENTS / "fmprc.gov.cn" / "t1560672.txt",
        EXAMPLES / "fmprc.gov.cn" / "t1694560.txt",
        EXAMPLES / "mid.ru" / "1331-24-06-2022.txt",
        DOCUMENTS / "un.org" / "speeches" / "8698" / "007.txt",
    ],
    ids=lambda p: f"{p.parts[-2]}/{p.name}",
)
def test_reading_a_text_outside_its_site_folder_keeps_its_site_and_id(tmp_path: Path, original: Path) -> None:
    # A speech keeps its meeting's folder (part of its id), not the site's.
    kept = original.parent.name if original.parent.name.isdigit() else ""
    copy = tmp_path / "downloads" / kept / original.name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(original.read_bytes())
    inside, outside = _parse(original), _parse(copy)
    assert outside["source"] == inside["source"] is not None
    assert outside["id"] == inside["id"]


def test_reading_a_page_as_text_and_html_outside_its_folder_is_stored_once(tmp_path: Path) -> None:
    for name in ("17173.txt", "17173.html"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_bytes((DOCUMENTS / "kremlin.ru" / name).read_bytes())
    db = tmp_path / "c.duckdb"
    _ingest(db, tmp_path / "in")
    assert _ids(db) == ["kremlin.ru/17173"]


def test_reading_a_text_that_gives_its_address_takes_the_site(tmp_path: Path) -> None:
    path = tmp_path / "17173.txt"
    path.write_text("Source: http://en.kremlin.ru/events/president/news/17173\n\nTalks\n\n" + DIALOGUE)
    assert _parse(path)["source"] == "kremlin.ru"


def test_reading_a_text_of_no_site_stays_without_one(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_text("10:00\n\nTalks with the delegation, Moscow, May 1, 2024\n\n" + DIALOGUE)
    assert _parse(path)["source"] is None


def test_reading_source_option_names_the_site(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "17170.txt"
    path.write_text("Talks\n\n" + DIALOGUE)
    doc = _parse(path, "--source", "kremlin.ru")
    assert (doc["source"], doc["id"], doc["url"]) == (
        "kremlin.ru",
        "kremlin.ru/17170",
        "http://en.kremlin.ru/events/president/news/17170",
    )
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path / "in"), "--db", str(db), "--no-nlp", "--source", "mid.ru"]
    )
    assert result.exit_code == 0, result.output
    assert _ids(db) == ["mid.ru/17170"]


@pytest.mark.parametrize("command", ["parse", "ingest"])
def test_reading_source_option_refuses_an_unknown_site(tmp_path: Path, command: str) -> None:
    path = tmp_path / "talks.txt"
    path.write_text(DIALOGUE)
    result = CliRunner().invoke(cli, [command, str(path), "--source", "example.org", "--no-nlp"])
    assert result.exit_code == 2
    assert "unknown site 'example.org': the known sites are fmprc.gov.cn, kremlin.ru" in result.output


def test_reading_pypdf_warnings_name_the_file(tmp_path: Path) -> None:
    data = (DOCUMENTS / "un.org" / "S_PV.8698_E.pdf").read_bytes()
    path = tmp_path / "record.pdf"
    path.write_bytes(data[: data.rfind(b"startxref")] + b"startxref\n123\n%%EOF\n")  # a wrong xref pointer
    result = _run("parse", str(path), "--no-nlp", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert f"warning: {path}: pypdf: incorrect startxref pointer" in result.stderr
    assert all(line.startswith(f"warning: {path}: pypdf: ") for line in result.stderr.splitlines())


def test_reading_speeches_of_two_meetings_are_two_documents(tmp_path: Path) -> None:
    speech = (DOCUMENTS / "un.org" / "speeches" / "8698" / "007.txt").read_bytes()
    for meeting in ("8698", "8699"):
        (tmp_path / "un.org" / "speeches" / meeting).mkdir(parents=True)
        (tmp_path / "un.org" / "speeches" / meeting / "007.txt").write_bytes(speech)
    db = tmp_path / "c.duckdb"
    _ingest(db, tmp_path / "un.org")
    assert _ids(db) == ["un.org/S_PV.8698/007", "un.org/S_PV.8699/007"]
