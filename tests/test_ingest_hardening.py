"""Ingest as a user meets it: stale documents redone, replacements reported and undone, stopping, a busy store."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from communique import __version__, api
from communique.cli import cli
from communique.store.duckdb import DuckDBStore
from communique.store.lock import pending_writer
from communique.version import fingerprint, pipeline_version

ROOT = Path(__file__).resolve().parents[1]
KREMLIN = ROOT / "tests" / "documents" / "kremlin.ru"
SRC = str(ROOT / "src")


def transcript(n: int) -> str:
    """A small mid.ru-style transcript with a question and an answer that name states."""
    return (
        "15:00\n\nForeign Minister Sergey Lavrov’s remarks and answers to media questions, "
        f"Moscow, March {n % 28 + 1}, 2022\n\n"
        f"Sergey Lavrov: We held talks with Azerbaijan today. This is statement number {n}.\n\n"
        "Question: What did Russia and Azerbaijan agree on?\n\n"
        "Sergey Lavrov: We signed an agreement with Azerbaijan on trade.\n"
    )


def write_corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"doc-{n:04d}.txt").write_text(transcript(n), encoding="utf-8")
    return folder


def ingest(db: Path, *args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["ingest", *map(str, args), "--db", str(db), "--quiet"])


def summary_line(result: Result) -> str:
    return next(line for line in result.stdout.splitlines() if line.startswith("documents:"))


def stored(db: Path, sql: str) -> list[tuple[object, ...]]:
    with DuckDBStore(db, read_only=True) as store:
        return store.connection.execute(sql).fetchall()


# -- stages and version per document ------------------------------------------


def test_ingest_redoes_with_nlp_a_document_stored_without_it_and_never_downgrades(tmp_path: Path) -> None:
    corpus, db = write_corpus(tmp_path / "corpus", 1), tmp_path / "c.duckdb"
    assert ingest(db, corpus, "--no-nlp").exit_code == 0
    assert stored(db, "SELECT count(*) FROM mentions") == [(0,)]
    full = ingest(db, corpus)
    assert full.exit_code == 0, full.output
    assert "1 redone (1 made without NLP)" in summary_line(full)
    (mentions, events), stages = (
        stored(db, "SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM events)")[0],
        stored(db, "SELECT stages FROM documents"),
    )
    assert mentions > 0 and events > 0 and stages == [("structure+nlp",)]
    assert f"mentions: {mentions}; events: {events};" in summary_line(full)
    again = ingest(db, corpus, "--no-nlp")
    assert "0 updated, 1 skipped" in summary_line(again)
    assert stored(db, "SELECT count(*) FROM mentions") == [(mentions,)]


def test_ingest_redoes_documents_made_by_another_version(tmp_path: Path) -> None:
    corpus, db = write_corpus(tmp_path / "corpus", 3), tmp_path / "c.duckdb"
    ingest(db, corpus, "--no-nlp")
    with DuckDBStore(db) as store:
        store.connection.execute("UPDATE documents SET version = '0.0.1+0ld' WHERE path NOT LIKE '%doc-0000.txt'")
    result = ingest(db, corpus, "--no-nlp")
    assert "0 updated, 2 redone (2 made by another version), 1 skipped" in summary_line(result)
    assert stored(db, "SELECT DISTINCT version FROM documents") == [(pipeline_version(),)]


def test_ingest_upgrades_an_older_store_and_redoes_its_documents_only_for_nlp(tmp_path: Path) -> None:
    corpus, db = write_corpus(tmp_path / "corpus", 2), tmp_path / "c.duckdb"
    ingest(db, corpus, "--no-nlp")
    with DuckDBStore(db) as store:  # as schema version 2 left it: nothing says what made the documents
        store.connection.execute("ALTER TABLE documents DROP COLUMN stages")
        store.connection.execute("ALTER TABLE documents DROP COLUMN version")
        store.connection.execute("UPDATE schema_version SET version = 2")
    assert "2 skipped" in summary_line(ingest(db, corpus, "--no-nlp"))
    assert "2 redone (2 made by an older version)" in summary_line(ingest(db, corpus))
    assert stored(db, "SELECT DISTINCT stages FROM documents") == [("structure+nlp",)]


def test_ingest_force_parses_every_file_again(tmp_path: Path) -> None:
    corpus, db = write_corpus(tmp_path / "corpus", 2), tmp_path / "c.duckdb"
    ingest(db, corpus, "--no-nlp")
    assert "2 redone (2 asked by --force), 0 skipped" in summary_line(ingest(db, corpus, "--no-nlp", "--force"))
    assert api.ingest([corpus], db=db, nlp=False, force=True).redone.total() == 2


def test_pipeline_version_changes_with_the_parsing_code_and_data(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "labels.toml").write_text("a = 1\n")
    (tmp_path / "pipeline.py").write_text("x = 1\n")
    before = fingerprint(tmp_path, ("data", "pipeline.py"))
    (tmp_path / "data" / "labels.toml").write_text("a = 2\n")
    assert fingerprint(tmp_path, ("data", "pipeline.py")) != before
    assert pipeline_version().startswith(f"{__version__}+")


# -- replacements -------------------------------------------------------------


def test_ingest_reports_a_replacement_with_both_paths_and_reruns_skip_both(tmp_path: Path) -> None:
    site, db = tmp_path / "kremlin.ru", tmp_path / "c.duckdb"
    site.mkdir()
    for name in ("17173.txt", "17173.html"):
        shutil.copy(KREMLIN / name, site / name)
    result = ingest(db, site, "--no-nlp")
    html, txt = site / "17173.html", site / "17173.txt"
    assert f"replaced: kremlin.ru/17173: the document from {html} by the one from {txt}" in result.stdout
    assert "2 skipped" in summary_line(ingest(db, site, "--no-nlp"))


def test_ingest_of_the_original_restores_a_document_a_corrupted_copy_replaced(tmp_path: Path) -> None:
    good, bad, db = tmp_path / "a" / "kremlin.ru", tmp_path / "b" / "kremlin.ru", tmp_path / "c.duckdb"
    good.mkdir(parents=True)
    bad.mkdir(parents=True)
    shutil.copy(KREMLIN / "17173.txt", good)
    text = (KREMLIN / "17173.txt").read_text(encoding="utf-8")
    (bad / "17173.txt").write_text(text[: len(text) // 3] + "\ufffd\ufffd garbled", encoding="utf-8")
    ingest(db, good, "--no-nlp")
    original = stored(db, "SELECT text FROM documents")
    assert "replaced: kremlin.ru/17173" in ingest(db, bad, "--no-nlp").stdout
    restored = ingest(db, good, "--no-nlp")
    assert "1 redone (1 its document came from another file), 0 skipped" in summary_line(restored)
    assert stored(db, "SELECT path FROM documents") == [(str(good / "17173.txt"),)]
    assert stored(db, "SELECT text FROM documents") == original


def test_ingest_restores_a_document_deleted_from_the_store(tmp_path: Path) -> None:
    corpus, db = write_corpus(tmp_path / "corpus", 2), tmp_path / "c.duckdb"
    ingest(db, corpus, "--no-nlp")
    with DuckDBStore(db) as store:
        gone = "(SELECT id FROM documents WHERE path LIKE '%doc-0001.txt')"
        store.connection.execute(f"DELETE FROM turns WHERE doc_id IN {gone}")
        store.connection.execute(f"DELETE FROM exchanges WHERE doc_id IN {gone}")
        store.connection.execute(f"DELETE FROM documents WHERE id IN {gone}")
    result = ingest(db, corpus, "--no-nlp")
    assert "1 new, 0 updated, 1 skipped" in summary_line(result)
    assert stored(db, "SELECT count(*) FROM documents") == [(2,)]


# -- exit status and counts ---------------------------------------------------


def test_ingest_prints_the_summary_then_exits_1_when_a_file_failed(tmp_path: Path) -> None:
    corpus, db = write_corpus(tmp_path / "corpus", 2), tmp_path / "c.duckdb"
    (corpus / "empty.txt").write_bytes(b"")
    result = ingest(db, corpus, "--no-nlp")
    assert result.exit_code == 1
    assert "2 new, 0 updated, 0 skipped, 1 failed" in summary_line(result)
    assert f"failed: {corpus / 'empty.txt'}" in result.stderr


# -- a store held by another process ------------------------------------------


@pytest.fixture
def held_store(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A store another process holds open read-only, as the web UI does, and lets go of after 2 s."""
    db = tmp_path / "c.duckdb"
    (tmp_path / "first.txt").write_text(transcript(99), encoding="utf-8")
    ingest(db, tmp_path / "first.txt", "--no-nlp")
    code = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); print('open', flush=True)\n"
    code += "time.sleep(2); c.close(); time.sleep(30)"
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        yield db, holder
    finally:
        holder.kill()
        holder.wait()


def test_ingest_waits_for_a_process_holding_the_store_and_says_for_whom(
    tmp_path: Path, held_store: tuple[Path, subprocess.Popen[str]]
) -> None:
    db, holder = held_store
    result = ingest(db, write_corpus(tmp_path / "corpus", 2), "--no-nlp", "--wait", "30")
    assert result.exit_code == 0, result.output
    assert f"waiting for the store {db}: held by PID {holder.pid} (python" in result.stderr
    assert "2 new" in summary_line(result)


def test_ingest_announces_itself_as_the_writer_while_it_waits(
    tmp_path: Path, held_store: tuple[Path, subprocess.Popen[str]]
) -> None:
    db, _ = held_store
    writers = []
    api.ingest(
        [write_corpus(tmp_path / "corpus", 1)], db=db, nlp=False, on_wait=lambda _: writers.append(pending_writer(db))
    )
    assert [(w.pid, w.what) for w in writers if w] == [(os.getpid(), "communique ingest")]
    assert pending_writer(db) is None


def test_ingest_wait_0_fails_at_once_with_one_line(
    tmp_path: Path, held_store: tuple[Path, subprocess.Popen[str]]
) -> None:
    db, holder = held_store
    result = ingest(db, write_corpus(tmp_path / "corpus", 1), "--no-nlp", "--wait", "0")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db}: the store is in use by PID {holder.pid} (python")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output


# -- stopping an ingest -------------------------------------------------------


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) of every process, from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            table[int(entry.name)] = (int(fields[1]), fields[0])
    return table


def _descendants(pid: int) -> set[int]:
    table, found, todo = _processes(), set(), [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, _) in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _running(pids: set[int]) -> set[int]:
    table = _processes()
    return {pid for pid in pids if pid in table and table[pid][1] != "Z"}


def _start_ingest(corpus: Path, db: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """``communique ingest --workers 2`` in a session of its own, once its two workers are up."""
    command = [sys.executable, "-m", "communique", "ingest", str(corpus), "--db", str(db), "--workers", "2"]
    env = dict(os.environ, PYTHONPATH=SRC)
    run = subprocess.Popen(
        [*command, "--no-nlp", "--quiet"], env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    # The forkserver, the resource tracker and two workers.
    while len(children := _descendants(run.pid)) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    return run, children


def _kill_all(run: subprocess.Popen[str], children: set[int]) -> None:
    for pid in (run.pid, *children):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    run.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_ingest_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    run, children = _start_ingest(write_corpus(tmp_path / "corpus", 3000), tmp_path / "c.duckdb")
    assert len(children) >= 4
    time.sleep(0.5)
    os.kill(run.pid, signal.SIGKILL)
    run.communicate()
    deadline = time.monotonic() + 5
    while _running(children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _running(children)
    for pid in left:  # not to leave them behind this test either
        os.kill(pid, signal.SIGKILL)
    assert not left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_ingest_ctrl_c_stores_what_is_parsed_and_stops_within_seconds(tmp_path: Path) -> None:
    corpus, db = write_corpus(tmp_path / "corpus", 3000), tmp_path / "c.duckdb"
    run, children = _start_ingest(corpus, db)
    wal = Path(f"{db}.wal")
    start = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + 60
    while (not wal.exists() or wal.stat().st_size < start + 64 * 1024) and time.monotonic() < deadline:
        time.sleep(0.02)  # until a first batch of documents is committed
    os.killpg(run.pid, signal.SIGINT)  # as a terminal does: to the whole process group
    sent = time.monotonic()
    try:
        out, err = run.communicate(timeout=30)
    finally:
        _kill_all(run, children)  # a hung run must not outlive its test
    assert time.monotonic() - sent < 5
    assert run.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    done = stored(db, "SELECT count(*) FROM documents")[0][0]
    assert 0 < done < 3000
    assert f"{done} new" in out
    assert not _running(children)
    rest = ingest(db, corpus, "--no-nlp")
    assert f"{3000 - done} new, 0 updated, {done} skipped, 0 failed" in summary_line(rest)


def test_ingest_in_one_process_drops_the_files_in_hand_on_ctrl_c(tmp_path: Path) -> None:
    site = tmp_path / "kremlin.ru"
    site.mkdir()
    for n in range(6):  # large pages: parsing one with NLP takes far longer than the few seconds allowed
        shutil.copy(KREMLIN / "17173.txt", site / f"1717{n}.txt")
    command = [sys.executable, "-m", "communique", "ingest", str(site), "--db", str(tmp_path / "c.duckdb"), "--quiet"]
    run = subprocess.Popen(
        command, env=dict(os.environ, PYTHONPATH=SRC), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    time.sleep(4)
    os.killpg(run.pid, signal.SIGINT)
    sent = time.monotonic()
    out, err = run.communicate(timeout=120)
    assert time.monotonic() - sent < 5
    assert run.returncode == 130, err
    assert "documents:" in out and "interrupted" in err
