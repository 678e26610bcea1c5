"""The local engine: ingest files into a store, parsing in worker processes, writing from one."""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from communique.errors import CommuniqueError, InputError, ParseError
from communique.model import Document
from communique.pipeline import Pipeline
from communique.settings import Settings
from communique.sources import read_file, walk
from communique.sources.decode import content_hash
from communique.store.base import Replacement, Store, UpsertResult
from communique.store.rows import RowBatch, to_rows

Progress = Callable[[int, int], None]

# Jobs handed to a worker at once: large enough to amortise the pickling round
# trip, small enough that the pool stays busy near the end of a run. A chunk
# also closes at _CHUNK_BYTES of files, so large files (a PDF meeting record
# takes seconds) go one by one and the workers share them.
_CHUNK = 8
_CHUNK_BYTES = 512 * 1024
# Chunks in flight per worker: bounds memory (file bytes and parsed documents
# waiting for the writer) while keeping every worker fed.
_IN_FLIGHT_PER_WORKER = 16
# Parsed chunks waiting for the writer thread: enough to ride out a commit.
_WRITE_QUEUE = 64


class Parser(Protocol):
    """What the engine needs from a pipeline: bytes of one file in, a ``Document`` out."""

    def parse_bytes(self, data: bytes, path: str | None = None) -> Document: ...


@dataclass
class IngestSummary:
    """What one ingest run did. ``errors`` and ``replaced`` are in input order.

    ``replaced`` lists documents replaced by a later file with the same id;
    ``removed`` lists documents dropped because their file now yields another id.
    """

    new: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    turns: int = 0
    exchanges: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) passed over by the walk
    seconds: float = 0.0

    @property
    def files(self) -> int:
        return self.new + self.updated + self.skipped + self.failed


@dataclass
class _Failure:
    code: str
    message: str


_SKIPPED = "skipped"
_PARSED = "parsed"
_Outcome = _Failure | str


@dataclass(frozen=True)
class _Job:
    """One file, by its position in the run, and the hash of the bytes stored from it last time."""

    position: int
    path: str
    known: str | None = None
    size: int = 0  # bytes on disk, for sharing the work out


@dataclass
class _Parsed:
    """A chunk of jobs done: per job parsed, skipped (unchanged) or a failure; the rows of those parsed."""

    outcomes: list[_Outcome]
    rows: RowBatch


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    pipeline_factory: Callable[[], Parser] = Pipeline,
    workers: int = 1,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> IngestSummary:
    """Parse every file under ``paths`` and write the documents to ``store``.

    Unchanged files (same bytes as when last stored) are skipped unread by the
    parser. ``workers`` > 1 parses in that many processes, each building its
    pipeline once; this process alone writes, ``settings.ingest_batch_size``
    documents per transaction, so a run killed half-way keeps every committed
    batch and a rerun does the rest. A file that fails is recorded in the
    store's errors table and in the summary; the run goes on. ``progress`` is
    called with (files handled, files in all) as the run advances.

    Example::

        with DuckDBStore("corpus.duckdb") as store:
            summary = ingest(["corpus/kremlin.ru/txt"], store, workers=4)
    """
    started = time.perf_counter()
    settings = settings or Settings.load()
    summary = IngestSummary()
    files = list(dict.fromkeys(walk(list(paths), summary.unread)))
    total = len(files)
    writer = _Writer(store, max(1, settings.ingest_batch_size), summary, settings.ingest_batch_bytes)
    if progress:
        progress(0, total)
    # Every stored hash is looked up before writing starts: from then on only the writer uses the store.
    known = store.file_hashes(files)
    jobs = (_Job(i, path, known.get(path), _size(path)) for i, path in enumerate(files))
    done = 0
    with _background(writer, enabled=workers > 1) as write:
        for chunk, parsed in _parse_all(jobs, pipeline_factory, workers, settings.max_input_bytes):
            write(chunk, parsed)
            if progress:
                for _ in chunk:
                    done += 1
                    progress(done, total)
    summary.errors = [(path, message) for _, path, message in sorted(writer.errors)]
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def _background(writer: _Writer, enabled: bool) -> Iterator[Callable[[list[_Job], _Parsed], None]]:
    """A function that hands parsed chunks to the writer, and on exit the last flush.

    Enabled, the writer runs in a thread of its own: while DuckDB commits a
    batch, this thread keeps collecting results and feeding the workers, which
    would otherwise wait. A failed write is raised here, after the thread ends.
    """
    if not enabled:
        yield writer.add
        writer.flush()
        return
    handed: queue.Queue[tuple[list[_Job], _Parsed] | None] = queue.Queue(maxsize=_WRITE_QUEUE)
    failure: list[BaseException] = []

    def drain() -> None:
        try:
            while (item := handed.get()) is not None:
                writer.add(*item)
            writer.flush()
        except BaseException as exc:  # re-raised in the calling thread
            failure.append(exc)
            while handed.get() is not None:  # keep the producer from blocking on a full queue
                pass

    thread = threading.Thread(target=drain, name="communique-writer", daemon=True)
    thread.start()
    try:
        yield lambda chunk, parsed: handed.put((chunk, parsed))
    finally:
        handed.put(None)
        thread.join()
    if failure:
        raise failure[0]


def _parse_all(
    jobs: Iterator[_Job], factory: Callable[[], Parser], workers: int, max_bytes: int
) -> Iterator[tuple[list[_Job], _Parsed]]:
    """Chunks of jobs with what became of them, in input order. Files are read where they are parsed."""
    if workers <= 1:
        parser = factory()
        for chunk in _chunked_jobs(jobs):
            yield chunk, _parse_items(parser, _items(chunk), max_bytes)
        return
    yield from _parse_in_pool(jobs, factory, workers, max_bytes)


def _items(chunk: list[_Job]) -> list[tuple[str, str | None]]:
    return [(job.path, job.known) for job in chunk]


def _parse_in_pool(
    jobs: Iterator[_Job], factory: Callable[[], Parser], workers: int, max_bytes: int
) -> Iterator[tuple[list[_Job], _Parsed]]:
    # forkserver, not fork: this process holds DuckDB's threads, and forking a
    # threaded process can deadlock the child.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # The server imports the parsing code once; every worker forked from it starts warm.
        context.set_forkserver_preload(["communique.engines.local", "communique.pipeline"])
    in_flight: deque[tuple[list[_Job], Future[_Parsed]]] = deque()
    limit = workers * _IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=(factory,)) as pool:
        for group in _groups(_chunked_jobs(jobs), limit):
            # The largest files of a group go first, so no worker is left with one alone at the end;
            # results still come back in input order (a later file with the same id must win).
            futures = {
                id(chunk): pool.submit(_parse_chunk, _items(chunk), max_bytes)
                for chunk in sorted(group, key=lambda chunk: -sum(job.size for job in chunk))
            }
            in_flight.extend((chunk, futures[id(chunk)]) for chunk in group)
            while in_flight and (len(in_flight) > limit or in_flight[0][1].done()):
                chunk, future = in_flight.popleft()
                yield chunk, future.result()
        while in_flight:
            chunk, future = in_flight.popleft()
            yield chunk, future.result()


def _parse_items(parser: Parser, items: list[tuple[str, str | None]], max_bytes: int) -> _Parsed:
    """Read, hash and parse files, and turn the documents into rows, all here, so the writer only writes.

    A file whose bytes hash as the stored ones is skipped unparsed.
    """
    outcomes: list[_Outcome] = []
    todo: list[tuple[str, bytes, str]] = []
    for path, known in items:
        try:
            data = read_file(path, max_bytes)
        except InputError as exc:
            outcomes.append(_Failure(exc.code, exc.message))
            continue
        digest = content_hash(data)
        if digest == known:
            outcomes.append(_SKIPPED)
            continue
        outcomes.append(_PARSED)
        todo.append((path, data, digest))
    positions = [i for i, outcome in enumerate(outcomes) if outcome == _PARSED]
    docs: list[Document] = []
    for i, (path, _, digest), result in zip(positions, todo, _parse_batch(parser, todo), strict=True):
        if isinstance(result, _Failure):
            outcomes[i] = result
            continue
        # The store's skip check compares hashes of the raw bytes, so the
        # document must carry exactly the hash and path the engine saw.
        result.path, result.content_hash = path, digest
        docs.append(result)
    return _Parsed(outcomes, to_rows(docs))


def _parse_batch(parser: Parser, items: list[tuple[str, bytes, str | None]]) -> list[Document | _Failure]:
    """A parser that takes a batch (the pipeline: one spaCy pass for all) gets it whole."""
    many = getattr(parser, "parse_many", None)
    if many is None:
        return [_parse(parser, path, data) for path, data, _ in items]
    try:
        results = many([(path, data) for path, data, _ in items])
    except Exception:
        # A bug that breaks the batch: parse one by one so that only the culprit fails.
        return [_parse(parser, path, data) for path, data, _ in items]
    return [_Failure(r.code, r.message) if isinstance(r, CommuniqueError) else r for r in results]


def _parse(parser: Parser, path: str, data: bytes) -> Document | _Failure:
    try:
        return parser.parse_bytes(data, path=path)
    except CommuniqueError as exc:
        return _Failure(exc.code, exc.message)
    except Exception as exc:
        # One document that trips a bug must not stop a corpus-sized run; it
        # is recorded like any other failure and can be rerun once fixed.
        return _Failure(ParseError.code, f"unexpected {type(exc).__name__}: {exc}")


# A worker process's own pipeline, built once by the pool initializer: the only
# way to keep a loaded pipeline between tasks of a ProcessPoolExecutor.
_worker_parser: Parser | None = None


def _init_worker(factory: Callable[[], Parser]) -> None:
    global _worker_parser
    _worker_parser = factory()


def _parse_chunk(items: list[tuple[str, str | None]], max_bytes: int) -> _Parsed:
    assert _worker_parser is not None, "worker not initialised"
    return _parse_items(_worker_parser, items, max_bytes)


class _Writer:
    """Collects parsed rows and failures and writes them, one transaction per batch, into the store."""

    def __init__(self, store: Store, batch_size: int, summary: IngestSummary, batch_bytes: int) -> None:
        self.store = store
        self.batch_size = batch_size
        self.batch_bytes = batch_bytes
        self.pending_bytes = 0
        self.summary = summary
        self.rows: list[RowBatch] = []
        self.pending = 0
        self.positions: dict[str, int] = {}
        self.failures: list[tuple[_Job, _Failure]] = []
        self.errors: list[tuple[int, str, str]] = []
        self.stored: dict[str, tuple[int, int]] = {}  # document id -> (turns, exchanges) written this run

    def add(self, chunk: list[_Job], parsed: _Parsed) -> None:
        for job, outcome in zip(chunk, parsed.outcomes, strict=True):
            if isinstance(outcome, _Failure):
                self.failures.append((job, outcome))
            elif outcome == _SKIPPED:
                self.summary.skipped += 1
            else:
                self.positions[job.path] = job.position
        if parsed.rows.keys or parsed.rows.refused:
            self.rows.append(parsed.rows)
            self.pending += len(parsed.rows) + len(parsed.rows.refused)
            self.pending_bytes += parsed.rows.nbytes
        if self.pending + len(self.failures) >= self.batch_size or self.pending_bytes >= self.batch_bytes:
            self.flush()

    def flush(self) -> None:
        if not self.rows and not self.failures:
            return
        summary = self.summary
        batch = RowBatch.concat(self.rows)
        with self.store.batch():
            result = self.store.upsert_rows(batch) if self.rows else UpsertResult()
            for job, failure in self.failures:
                self.store.record_error(job.path, failure.code, failure.message)
        for job, failure in self.failures:
            self.errors.append((job.position, job.path, f"{failure.message} [{failure.code}]"))
        for path, code, message in result.failed:
            self.errors.append((self.positions.get(path or "", -1), path or "", f"{message} [{code}]"))
        summary.new += len(result.new)
        summary.updated += len(result.updated)
        summary.skipped += len(result.skipped)
        summary.failed += len(self.failures) + len(result.failed)
        # Turns and exchanges of the documents as stored at the end of the run: a document written
        # again later in the run (its HTML after its text rendering) counts once, whatever the batches.
        last = {key.id: key for key in batch.keys}
        for doc_id in (*result.new, *result.updated, *result.removed):
            turns, exchanges = self.stored.pop(doc_id, (0, 0))
            summary.turns -= turns
            summary.exchanges -= exchanges
            if doc_id in last:  # never a removed one: those are ids the batch no longer gives
                key = last[doc_id]
                self.stored[doc_id] = (key.turns, key.exchanges)
                summary.turns += key.turns
                summary.exchanges += key.exchanges
        summary.replaced.extend(result.replaced)
        summary.removed.extend(result.removed)
        self.rows, self.pending, self.pending_bytes, self.failures, self.positions = [], 0, 0, [], {}


def _groups(chunks: Iterator[list[_Job]], size: int) -> Iterator[list[list[_Job]]]:
    while group := list(islice(chunks, size)):
        yield group


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # the worker that reads it reports why


def _chunked_jobs(jobs: Iterator[_Job]) -> Iterator[list[_Job]]:
    """Chunks of at most _CHUNK jobs, closed early once they hold _CHUNK_BYTES of files."""
    chunk: list[_Job] = []
    size = 0
    for job in jobs:
        chunk.append(job)
        size += job.size
        if len(chunk) >= _CHUNK or size >= _CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
