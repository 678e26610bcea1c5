"""The local ingest engine: real pipeline on generated transcripts, resumable, idempotent, parallel."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from communique.engines.local import IngestSummary, ingest
from communique.errors import BinaryInput, EmptyInput
from communique.model import Document
from communique.pipeline import Pipeline
from communique.settings import Settings
from communique.store.duckdb import DuckDBStore

SMALL_BATCHES = Settings.load(ingest_batch_size=5)
# The engine's behaviour does not depend on the stages it runs: structure alone keeps these tests quick.
STRUCTURE = partial(Pipeline, nlp=False)
SITE = "mid.ru"


def transcript(n: int) -> str:
    """A small mid.ru-style transcript; document ``n`` has ``n % 4`` question-answer pairs."""
    lines = [
        "15:00",
        "",
        "Foreign Minister Sergey Lavrov’s remarks and answers to media questions at a news conference, "
        f"Moscow, March {n % 28 + 1}, 2022",
        "",
        f"Sergey Lavrov: Ladies and gentlemen, we held talks today. This is statement number {n}.",
    ]
    for k in range(n % 4):
        lines += ["", f"Question: What did you agree on in round {k}?", "", f"Sergey Lavrov: We agreed on {k}."]
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int) -> list[Path]:
    """Transcripts in a folder named after their site: a known site's id is the file name, the same in any folder."""
    (folder / SITE).mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / SITE / f"doc-{n:03d}.txt"
        path.write_text(transcript(n), encoding="utf-8")
        paths.append(path)
    return paths


def turns_by_doc(pipeline: Pipeline, paths: list[Path]) -> dict[str, int]:
    """What the pipeline itself finds, document by document: the store must hold exactly this."""
    return {doc.id: len(doc.turns) for doc in (pipeline.parse_path(p) for p in paths)}


def stored_turns_by_doc(store: DuckDBStore) -> dict[str, int]:
    rows = store.connection.execute(
        "SELECT d.id, count(t.idx) FROM documents d LEFT JOIN turns t ON t.doc_id = d.id GROUP BY d.id"
    ).fetchall()
    return dict(rows)


class RefusingParser:
    """A pipeline that must never be asked to parse: proves unchanged files are skipped unparsed."""

    def parse_bytes(self, data: bytes, path: str | None = None) -> Document:
        raise AssertionError(f"{path} was parsed although it had not changed")


def test_local_ingest_stores_every_document_with_its_turns(tmp_path: Path, pipeline: Pipeline) -> None:
    paths = write_corpus(tmp_path / "corpus", 12)
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        summary = ingest([tmp_path / "corpus"], store, STRUCTURE, settings=SMALL_BATCHES)
        assert (summary.new, summary.failed, summary.files) == (12, 0, 12)
        assert stored_turns_by_doc(store) == turns_by_doc(pipeline, paths)
        assert summary.turns == store.counts()["turns"]
        assert summary.exchanges == store.counts()["exchanges"] == sum(n % 4 for n in range(12))
        assert store.get("mid.ru/doc-003") == pipeline.parse_path(paths[3])


def test_local_reingest_skips_unchanged_files_without_parsing(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 12)
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        ingest([tmp_path / "corpus"], store, STRUCTURE, settings=SMALL_BATCHES)
        before = store.counts()
        summary = ingest([tmp_path / "corpus"], store, RefusingParser, settings=SMALL_BATCHES)
        assert (summary.new, summary.updated, summary.skipped, summary.failed) == (0, 0, 12, 0)
        assert store.counts() == before


def test_local_changed_file_replaces_its_document(tmp_path: Path, pipeline: Pipeline) -> None:
    paths = write_corpus(tmp_path / "corpus", 6)
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        ingest([tmp_path / "corpus"], store, STRUCTURE)
        paths[1].write_text(transcript(3), encoding="utf-8")  # 1 exchange becomes 3
        summary = ingest([tmp_path / "corpus"], store, STRUCTURE)
        assert (summary.new, summary.updated, summary.skipped) == (0, 1, 5)
        assert store.counts()["documents"] == 6
        assert stored_turns_by_doc(store) == turns_by_doc(pipeline, paths)
        assert store.get("mid.ru/doc-001") == pipeline.parse_path(paths[1])


def test_local_failed_files_are_recorded_and_the_batch_goes_on(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 8)
    (tmp_path / "corpus" / "doc-002b.txt").write_bytes(b"")
    (tmp_path / "corpus" / "doc-004b.txt").write_bytes(bytes(range(256)) * 8)
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        summary = ingest([tmp_path / "corpus"], store, STRUCTURE, settings=SMALL_BATCHES)
        assert (summary.new, summary.failed) == (8, 2)
        assert [Path(p).name for p, _ in summary.errors] == ["doc-002b.txt", "doc-004b.txt"]
        errors = {Path(p).name: code for p, code, _ in store.errors()}
        assert errors == {"doc-002b.txt": EmptyInput.code, "doc-004b.txt": BinaryInput.code}
        assert store.counts()["documents"] == 8


def test_local_error_row_goes_once_the_file_parses(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "late.txt").write_bytes(b"")
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        assert ingest([folder], store, STRUCTURE).failed == 1
        (folder / "late.txt").write_text(transcript(2), encoding="utf-8")
        assert ingest([folder], store, STRUCTURE).new == 1
        assert store.errors() == []


def test_local_later_file_with_the_same_id_replaces_the_earlier(tmp_path: Path) -> None:
    (tmp_path / "a" / SITE).mkdir(parents=True)
    (tmp_path / "b" / SITE).mkdir(parents=True)
    (tmp_path / "a" / SITE / "doc-1.txt").write_text(transcript(1), encoding="utf-8")
    (tmp_path / "b" / SITE / "doc-1.txt").write_text(transcript(2), encoding="utf-8")
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        summary = ingest([tmp_path / "a", tmp_path / "b"], store, STRUCTURE)
        assert [(Path(r.earlier_path or "").parts[-3], Path(r.later_path or "").parts[-3])
                for r in summary.replaced] == [("a", "b")]  # fmt: skip
        assert store.counts()["documents"] == 1
        assert Path(store.get("mid.ru/doc-1").path or "").parts[-3] == "b"
        again = ingest([tmp_path / "a", tmp_path / "b"], store, RefusingParser)
        assert again.skipped == 2


def test_local_two_workers_keep_input_order_though_large_files_go_first(tmp_path: Path) -> None:
    """The later file wins even when it is the larger one, parsed first."""
    write_corpus(tmp_path / "a", 20)
    (tmp_path / "b" / SITE).mkdir(parents=True)
    padding = "".join(f"\n\nSergey Lavrov: Paragraph {k} of a long answer. " + "Words " * 150 for k in range(700))
    (tmp_path / "b" / SITE / "doc-001.txt").write_text(transcript(1) + padding, encoding="utf-8")
    assert (tmp_path / "b" / SITE / "doc-001.txt").stat().st_size > 512 * 1024
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        summary = ingest([tmp_path / "a", tmp_path / "b"], store, STRUCTURE, workers=2)
        assert (summary.new, summary.updated, summary.failed) == (20, 1, 0)
        assert Path(store.get("mid.ru/doc-001").path or "").parts[-3] == "b"
        assert stored_turns_by_doc(store)["mid.ru/doc-001"] > 700


def test_local_summary_counts_the_turns_stored_whatever_the_batches(tmp_path: Path) -> None:
    """A document written twice in one run (two renderings of one page) counts once, as stored last."""
    write_corpus(tmp_path / "a", 12)
    (tmp_path / "b" / SITE).mkdir(parents=True)
    (tmp_path / "b" / SITE / "doc-001.txt").write_text(transcript(3), encoding="utf-8")  # doc-001 again, more turns
    for size in (1, 5, 100):
        with DuckDBStore(tmp_path / f"s{size}.duckdb") as store:
            summary = ingest(
                [tmp_path / "a", tmp_path / "b"], store, STRUCTURE, settings=Settings.load(ingest_batch_size=size)
            )
            stored = stored_turns_by_doc(store)
            assert summary.turns == sum(stored.values()), size
            assert summary.exchanges == store.counts()["exchanges"], size
            assert (summary.new, summary.updated) == (12, 1)


def test_local_progress_reports_every_file(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 7)
    calls: list[tuple[int, int]] = []
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        ingest([tmp_path / "corpus"], store, STRUCTURE, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 7) for n in range(8)]


def test_local_two_workers_store_the_same_as_one(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 30)
    (tmp_path / "corpus" / "doc-010b.txt").write_bytes(b"   \n")
    results: list[tuple[IngestSummary, list[dict], dict[str, int]]] = []
    for workers in (1, 2):
        with DuckDBStore(tmp_path / f"w{workers}.duckdb") as store:
            summary = ingest([tmp_path / "corpus"], store, STRUCTURE, workers=workers, settings=SMALL_BATCHES)
            docs = [d.to_dict() for d in store.iter_documents()]
            results.append((summary, docs, store.counts()))
    (one, docs_one, counts_one), (two, docs_two, counts_two) = results
    assert (two.new, two.failed, two.turns, two.errors) == (one.new, one.failed, one.turns, one.errors)
    assert docs_two == docs_one
    assert counts_two == counts_one


_KILLABLE = """
import sys, time
from functools import partial
from communique.engines.local import ingest
from communique.pipeline import Pipeline
from communique.settings import Settings
from communique.store.duckdb import DuckDBStore

folder, db, progress_file = sys.argv[1:4]
STRUCTURE = partial(Pipeline, nlp=False)

def progress(done, total):
    with open(progress_file, "w") as handle:
        handle.write(str(done))
    time.sleep(0.02)  # gives the test time to kill the run half-way

if __name__ == "__main__":
    with DuckDBStore(db) as store:
        ingest([folder], store, STRUCTURE, progress=progress, settings=Settings.load(ingest_batch_size=5))
"""


def test_local_killed_ingest_resumes_and_stores_each_document_once(tmp_path: Path, pipeline: Pipeline) -> None:
    paths = write_corpus(tmp_path / "corpus", 60)
    db, progress_file = tmp_path / "c.duckdb", tmp_path / "progress"
    run = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(tmp_path / "corpus"), str(db), str(progress_file)])
    deadline = time.monotonic() + 60
    while _done(progress_file) < 25:
        assert run.poll() is None, "the ingest ended before it could be killed"
        assert time.monotonic() < deadline, "the ingest made no progress"
        time.sleep(0.005)
    os.kill(run.pid, signal.SIGKILL)
    assert run.wait() == -signal.SIGKILL

    with DuckDBStore(db) as store:
        committed = store.counts()["documents"]
        # Batches of 5 are written before progress counts their last file.
        assert 25 <= committed < 60
        summary = ingest([tmp_path / "corpus"], store, STRUCTURE)
        assert (summary.skipped, summary.new, summary.failed) == (committed, 60 - committed, 0)
        ids = store.connection.execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchone()
        assert ids == (60, 60)
        assert stored_turns_by_doc(store) == turns_by_doc(pipeline, paths)
        duplicates = store.connection.execute(
            "SELECT count(*) FROM (SELECT doc_id, idx FROM turns GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()
        assert duplicates == (0,)


def _done(progress_file: Path) -> int:
    try:
        return int(progress_file.read_text() or 0)
    except (FileNotFoundError, ValueError):
        return 0


@pytest.mark.parametrize("workers", [1, 2])
def test_local_ingest_of_nothing_is_empty(tmp_path: Path, workers: int) -> None:
    (tmp_path / "empty").mkdir()
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        summary = ingest([tmp_path / "empty"], store, STRUCTURE, workers=workers)
    assert summary.files == 0


def test_local_workers_code_the_same_mentions_and_events_as_one_process(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    tables = []
    for workers in (1, 2):
        with DuckDBStore(tmp_path / f"w{workers}.duckdb") as store:
            summary = ingest([examples], store, workers=workers)
            assert summary.failed == 0
            con = store.connection
            events = con.execute("SELECT doc_id, idx, type, status, source, target, date FROM events ORDER BY ALL")
            coded = events.fetchall()
            mentions = con.execute("SELECT doc_id, idx, label, country, value FROM mentions ORDER BY ALL")
            tables.append((coded, mentions.fetchall()))
    assert tables[0] == tables[1]
    assert tables[0][0] and tables[0][1]


def test_local_large_files_go_to_the_workers_one_by_one() -> None:
    """Eight small files share a chunk; a file past the chunk's bytes (a PDF record) closes its own."""
    from communique.engines.local import _CHUNK, _CHUNK_BYTES, _chunked_jobs, _Job

    sizes = [10_000] * 10 + [900_000, 700_000, 10_000, 950_000]
    chunks = list(_chunked_jobs(iter(_Job(i, f"f{i}", None, size) for i, size in enumerate(sizes))))
    assert [len(c) for c in chunks] == [_CHUNK, 3, 1, 2]
    assert all(sum(j.size for j in c[:-1]) < _CHUNK_BYTES for c in chunks)
    assert [j.position for c in chunks for j in c] == list(range(len(sizes)))
