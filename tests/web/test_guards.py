"""What the web UI refuses and what it never does: other hosts, writes, bad dates, runaway queries,
and holding the store while an ingest waits for it; each against a real server."""

from __future__ import annotations

import hashlib
import http.client
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from communique.analysis.search import index_state
from communique.cli import cli
from communique.store.lock import announce_writer
from communique.web.budget import Limits
from communique.web.headless import BackgroundServer as Server

NOTE = "Statement on the Caspian summit\n\nSpeaker: We will meet the Quillmore delegation in Ashgabat.\n"
# A trend of the stop word "the" 2,000 times over: about ten seconds of scans, unless stopped.
SLOW = "/trend?terms=" + ",".join(["the"] * 2000)


def fetch(port: int, path: str, host: str | None = None, method: str = "GET") -> tuple[int, str]:
    """The status and body of one request, with the Host header given (else the address's own)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest(method, path, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def fingerprint(db: Path) -> tuple[int, int, str]:
    """What would show any write: the file's modification time, size and content."""
    info = db.stat()
    return info.st_mtime_ns, info.st_size, hashlib.sha256(db.read_bytes()).hexdigest()


def ingest_note(db: Path, folder: Path) -> None:
    """``communique ingest --no-index`` of one more document, as a user would run it."""
    folder.mkdir()
    (folder / "note.txt").write_text(NOTE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--no-index", "--quiet"])
    assert result.exit_code == 0, result.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("evil.example", 400),
        ("evil.example:{port}", 400),
        ("localhost:{port}", 200),
        ("127.0.0.1:{port}", 200),
        ("[::1]:{port}", 200),
        ("localhost", 200),
    ],
)
def test_web_answers_only_the_hosts_it_serves(server: Server, host: str, status: int) -> None:
    """A page elsewhere, or DNS rebinding, sends its own host name: refused before any query."""
    answer, body = fetch(server.port, "/search?q=Minsk", host=host.format(port=server.port))
    assert answer == status, body[:300]


def test_web_serve_allow_host_adds_a_name(web_corpus: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "communique", "serve", "--db", str(web_corpus), "--port", str(port)]
    command += ["--allow-host", "corpus.lan"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        try:
            for _ in range(200):
                try:
                    answers = [fetch(port, "/", host=f"{name}:{port}")[0] for name in ("corpus.lan", "evil.example")]
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail("the server never answered")
            assert answers == [200, 400]
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.mark.parametrize("path", ["/", "/documents", "/search", "/kwic", "/trend", "/events", "/actors", "/actor/AZE"])
def test_web_pages_take_no_request_that_could_change_anything(server: Server, path: str) -> None:
    """Every page is GET only, so a cross-origin form can post nothing."""
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert fetch(server.port, path, method=method)[0] == 405


@pytest.mark.parametrize("page", ["/documents?", "/search?q=EU&", "/kwic?term=EU&", "/trend?terms=EU&", "/events?"])
@pytest.mark.parametrize("name", ["from", "to"])
@pytest.mark.parametrize("value", ["2022-13-01", "2022-02-30", "24.06.2022", "2022-6-1", "20220601"])
def test_web_every_date_parameter_must_be_a_calendar_day(server: Server, page: str, name: str, value: str) -> None:
    status, body = fetch(server.port, f"{page}{name}={value}")
    assert status == 400 and f"{name}: {value} is not a date (YYYY-MM-DD)" in body
    assert "duckdb" not in body.lower() and "conversion" not in body.lower()
    assert fetch(server.port, f"{page}{name}=2022-02-28")[0] == 200


def test_web_a_pattern_duckdb_cannot_run_is_explained_in_our_words(server: Server) -> None:
    status, body = fetch(server.port, "/trend?terms=%28%3F%3C%3DMinsk%29+Group&regex=1")
    assert status == 400 and "RE2 has no look-around" in body
    assert "Invalid Input Error" not in body and "duckdb" not in body.lower()


def test_web_serves_a_read_only_store_whose_index_is_stale(web_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    shutil.copy(web_corpus, db)
    ingest_note(db, tmp_path / "more")
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 444
    before = fingerprint(db)
    with Server(db) as running:
        status, documents = fetch(running.port, "/documents")
        assert status == 200 and "Caspian summit" in documents
        status, found = fetch(running.port, "/search?q=Minsk")
        assert status == 200 and "the search index is older than the corpus: run `communique index`" in found
        assert '<li class="hit">' in found  # what the index held
        status, missed = fetch(running.port, "/search?q=Quillmore")  # only in the document not indexed yet
        assert status == 200 and '<li class="hit">' not in missed and "older than the corpus" in missed
        status, lines = fetch(running.port, "/kwic?term=Minsk")
        assert status == 200 and "older than the corpus" in lines
        assert fetch(running.port, "/trend?terms=EU")[0] == 200
    assert fingerprint(db) == before


def test_web_browsing_never_writes_the_store_not_even_its_index(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    ingest_note(db, tmp_path / "docs")
    before = fingerprint(db)
    pages = ["/", "/documents", "/search?q=summit", "/kwic?term=summit", "/trend?terms=summit", "/events", "/actors"]
    with Server(db, idle=0.1) as running:
        for path in pages * 2:
            status, body = fetch(running.port, path)
            assert status == 200, body[-300:]
            time.sleep(0.15)  # let the store go and open it again
        assert "the corpus has no search index yet: run `communique index`" in fetch(running.port, pages[2])[1]
    assert fingerprint(db) == before
    assert not Path(f"{db}.wal").exists()
    with duckdb.connect(str(db), read_only=True) as con:
        assert index_state(con) == "missing"


def test_web_lets_go_of_the_store_for_a_waiting_ingest_and_says_so(web_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    shutil.copy(web_corpus, db)
    with Server(db, idle=3600) as running:  # idle would keep it open for an hour
        assert fetch(running.port, "/documents")[0] == 200
        with announce_writer(db, "communique ingest"):
            deadline = time.monotonic() + 5
            while True:
                try:
                    duckdb.connect(str(db)).close()  # read-write: only once the UI has let go
                    break
                except (duckdb.IOException, duckdb.ConnectionException):  # held by the UI (this process)
                    assert time.monotonic() < deadline, "the UI kept the store"
                    time.sleep(0.05)
            status, body = fetch(running.port, "/search?q=Minsk")
            assert status == 503
            assert "an ingest is writing the store; this page will work again when it is done" in body
        assert fetch(running.port, "/search?q=Minsk")[0] == 200


def test_web_a_query_past_its_budget_is_stopped_and_other_pages_still_answer(web_corpus: Path) -> None:
    with Server(web_corpus, limits=Limits(seconds=0.5, slots=2)) as running:
        answers: list[tuple[float, int, str]] = []

        def slow() -> None:
            start = time.monotonic()
            status, body = fetch(running.port, SLOW)
            answers.append((time.monotonic() - start, status, body))

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.1)
        start = time.monotonic()
        assert fetch(running.port, "/documents")[0] == 200
        assert time.monotonic() - start < 2
        thread.join(timeout=30)
        ((took, status, body),) = answers
        assert status == 504 and "this query took too long; narrow it" in body
        assert took < 3
        # its slot is free again: the cursor was interrupted, not left running
        for _ in range(3):
            assert fetch(running.port, "/search?q=Minsk")[0] == 200


def test_web_concurrent_queries_beyond_the_cap_are_told_to_come_back(web_corpus: Path) -> None:
    limits = Limits(seconds=5, slots=1, queue=2, wait=0.2)
    requests = 50
    with Server(web_corpus, limits=limits) as running:
        ready = threading.Barrier(requests)
        answers: list[tuple[int, str]] = []

        def ask() -> None:
            ready.wait()
            answers.append(fetch(running.port, "/trend?terms=" + ",".join(["the"] * 40)))

        threads = [threading.Thread(target=ask) for _ in range(requests)]
        start = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        took = time.monotonic() - start
    statuses = [status for status, _ in answers]
    assert len(statuses) == requests and set(statuses) <= {200, 503}
    assert 200 in statuses and 503 in statuses
    assert all("busy" in body for status, body in answers if status == 503)
    assert took < 30


def test_web_a_store_locked_by_another_program_is_a_page_without_duckdbs_words(
    web_corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "corpus.duckdb"
    shutil.copy(web_corpus, db)
    holder = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"
    with subprocess.Popen([sys.executable, "-c", holder, str(db)], stdout=subprocess.PIPE, text=True) as writer:
        try:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
            with Server(db) as running:
                status, body = fetch(running.port, "/documents")
        finally:
            writer.kill()
    assert status == 503 and "another program is writing to the store" in body
    assert "IO Error" not in body and "Conflicting" not in body and "PID" not in body
