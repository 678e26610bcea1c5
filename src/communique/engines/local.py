"""The local engine: ingest files into a store, parsing in worker processes, writing from one."""

from __future__ import annotations

import multiprocessing
import os
import queue
import select
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Protocol, TypeVar

from communique.errors import CommuniqueError, InputError, ParseError
from communique.model import Document
from communique.pipeline import Pipeline
from communique.settings import Settings
from communique.sources import read_file, walk
from communique.sources.decode import content_hash
from communique.store.base import FileState, Replacement, Store, UpsertResult
from communique.store.lock import alive
from communique.store.rows import DocKey, RowBatch, to_rows
from communique.version import pipeline_version

Progress = Callable[[int, int], None]
_T = TypeVar("_T")

# Jobs handed to a worker at once: large enough to amortise the pickling round
# trip, small enough that the pool stays busy near the end of a run. A chunk
# also closes at _CHUNK_BYTES of files, so large files (a PDF meeting record
# takes seconds) go one by one and the workers share them.
_CHUNK = 8
_CHUNK_BYTES = 512 * 1024
# Chunks in flight per worker: bounds memory (file bytes and parsed documents
# waiting for the writer) while keeping every worker fed.
_IN_FLIGHT_PER_WORKER = 16
# Seconds an interrupted pool may take to close, at each step, once its workers were ended.
_CLOSE_WAIT = 2.0
# Parsed chunks waiting for the writer thread: enough to ride out a commit.
_WRITE_QUEUE = 64
# Seconds between looks at the stop flag while waiting for a worker's result.
_POLL = 0.2

# The stages a document is made by, as stored with it.
STRUCTURE = "structure"
FULL = "structure+nlp"
# Why a file whose bytes are unchanged is parsed again, as the summary says it.
FORCED = "asked by --force"
WITHOUT_NLP = "made without NLP"
OLDER = "made by an older version"
OTHER_VERSION = "made by another version"
OTHER_FILE = "its document came from another file"
GONE = "its document was no longer stored"


class Parser(Protocol):
    """What the engine needs from a pipeline: bytes of one file in, a ``Document`` out."""

    def parse_bytes(self, data: bytes, path: str | None = None) -> Document: ...


@dataclass
class IngestSummary:
    """What one ingest run did. ``errors`` and ``replaced`` are in input order.

    ``redone`` counts, by reason, unchanged files parsed again because what was
    stored lacked a stage, came from another version or from another file;
    ``replaced`` lists documents replaced by a file with the same id;
    ``removed`` lists documents dropped because their file now yields another id.
    ``interrupted``: the run was stopped (Ctrl-C) and stored only what it had parsed.
    """

    new: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    turns: int = 0
    exchanges: int = 0
    mentions: int = 0
    events: int = 0
    redone: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) passed over by the walk
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def files(self) -> int:
        return self.new + self.updated + self.redone.total() + self.skipped + self.failed

    @property
    def changed(self) -> bool:
        """Whether the run wrote or removed any document."""
        return bool(self.new or self.updated or self.redone or self.removed)


@dataclass
class _Failure:
    code: str
    message: str


_SKIPPED = "skipped"
_PARSED = "parsed"
_Outcome = _Failure | str


@dataclass(frozen=True)
class _Job:
    """One file, by its position in the run, and the hash of its bytes if unchanged bytes may be skipped.

    ``redo`` says why the file is parsed even if its bytes (``stored``, their hash last time) are unchanged.
    """

    position: int
    path: str
    known: str | None = None
    size: int = 0  # bytes on disk, for sharing the work out
    redo: str | None = None
    stored: str | None = None


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
    nlp: bool = True,
    force: bool = False,
) -> IngestSummary:
    """Parse every file under ``paths`` and write the documents to ``store``.

    ``nlp`` says whether the pipeline the factory builds runs the NLP stages;
    the store records it, and the pipeline version, with each document.
    Unchanged files (same bytes as when last stored) are skipped unread by the
    parser, unless their stored document lacks a stage asked for now, was made
    by another version or now comes from another file (a structure-only run
    never downgrades a document made with NLP); ``force`` parses every file.
    ``workers`` > 1 parses in that many processes, each building its
    pipeline once; this process alone writes, ``settings.ingest_batch_size``
    documents per transaction, so a run killed half-way keeps every committed
    batch and a rerun does the rest. A file that fails is recorded in the
    store's errors table and in the summary; the run goes on. ``progress`` is
    called with (files handled, files in all) as the run advances. A first
    Ctrl-C (SIGINT) stops the run within seconds: what was parsed is stored and
    the summary is marked ``interrupted``.

    Example::

        with DuckDBStore("corpus.duckdb") as store:
            summary = ingest(["corpus/kremlin.ru/txt"], store, workers=4)
    """
    started = time.perf_counter()
    settings = settings or Settings.load()
    summary = IngestSummary()
    files = list(dict.fromkeys(walk(list(paths), summary.unread)))
    total = len(files)
    made = (FULL if nlp else STRUCTURE, pipeline_version())
    writer = _Writer(store, max(1, settings.ingest_batch_size), summary, settings.ingest_batch_bytes, force)
    if progress:
        progress(0, total)
    # Everything stored is looked up before writing starts: from then on only the writer uses the store.
    jobs = _plan(files, store.file_states(files), made, force)
    done = 0
    with _interruptible() as stop, _background(writer, enabled=workers > 1) as write:
        for chunk, parsed in _parse_all(jobs, pipeline_factory, workers, settings.max_input_bytes, made, stop):
            write(chunk, parsed)
            if progress:
                for _ in chunk:
                    done += 1
                    progress(done, total)
    summary.interrupted = stop.is_set()
    summary.errors = [(path, message) for _, path, message in sorted(writer.errors)]
    summary.seconds = time.perf_counter() - started
    return summary


def _plan(files: list[str], states: dict[str, FileState], made: tuple[str, str], force: bool) -> Iterator[_Job]:
    """A job per file: skippable if its bytes are unchanged, unless what is stored of it is stale."""
    order = {path: i for i, path in enumerate(files)}
    for i, path in enumerate(files):
        state = states.get(path)
        redo = _stale(state, order, i, made, force) if state else None
        known = state.content_hash if state and redo is None else None
        yield _Job(i, path, known, _size(path), redo, state.content_hash if state else None)


def _stale(state: FileState, order: dict[str, int], position: int, made: tuple[str, str], force: bool) -> str | None:
    """Why the document stored from this file must be made again even if its bytes are unchanged; None if not."""
    if force:
        return FORCED
    if state.doc_path is None:
        return GONE
    if not state.current:
        # Another file of this run, read later, gives the same id and wins anyway: parsing this one is wasted.
        return None if order.get(state.doc_path or "", -1) > position else OTHER_FILE
    stages, version = made
    if state.stages is None:  # stored before stages were recorded: it may hold more than a structure-only run
        return None if stages == STRUCTURE else OLDER
    if stages == FULL and state.stages != FULL:
        return WITHOUT_NLP
    if state.stages == FULL and stages != FULL:
        return None  # never downgrade a document made with NLP
    return None if state.version == version else OTHER_VERSION


class _Stop(threading.Event):
    """Set by the first Ctrl-C. While ``abandon`` is on (this very process is parsing, no worker),
    that Ctrl-C also raises ``_Abandoned``, dropping the files in hand rather than waiting for them."""

    abandon = False


class _Abandoned(BaseException):
    """Not an ``Exception``, so that no per-document error handler takes it for a failed document."""


def _unless_stopped(stop: _Stop, work: Callable[[], _T]) -> _T | None:
    """``work()``, or None if Ctrl-C came before it or while it ran (then it is abandoned)."""
    try:
        stop.abandon = True
        return None if stop.is_set() else work()
    except _Abandoned:
        return None
    finally:
        stop.abandon = False


@contextmanager
def _interruptible() -> Iterator[_Stop]:
    """An event the first Ctrl-C (SIGINT) sets instead of raising, so the run can stop cleanly; a second one raises.

    Only the main thread can catch signals; elsewhere the event is never set.
    """
    stop = _Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handle(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        if stop.abandon:
            raise _Abandoned

    previous = signal.signal(signal.SIGINT, handle)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


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
    jobs: Iterator[_Job],
    factory: Callable[[], Parser],
    workers: int,
    max_bytes: int,
    made: tuple[str, str],
    stop: _Stop,
) -> Iterator[tuple[list[_Job], _Parsed]]:
    """Chunks of jobs with what became of them, in input order, until ``stop`` is set.

    Files are read where they are parsed.
    """
    if workers <= 1:
        parser = _unless_stopped(stop, factory)
        if parser is None:
            return
        for chunk in _chunked_jobs(jobs):
            parsed = _unless_stopped(stop, partial(_parse_items, parser, _items(chunk), max_bytes, made))
            if parsed is None:
                return
            yield chunk, parsed
        return
    yield from _parse_in_pool(jobs, factory, workers, max_bytes, made, stop)


def _items(chunk: list[_Job]) -> list[tuple[str, str | None]]:
    return [(job.path, job.known) for job in chunk]


def _parse_in_pool(
    jobs: Iterator[_Job],
    factory: Callable[[], Parser],
    workers: int,
    max_bytes: int,
    made: tuple[str, str],
    stop: threading.Event,
) -> Iterator[tuple[list[_Job], _Parsed]]:
    """Chunks parsed by a pool of ``workers``. Once ``stop`` is set, what is parsed already comes out,
    queued work is dropped and the workers are ended at once."""
    # forkserver, not fork: this process holds DuckDB's threads, and forking a
    # threaded process can deadlock the child.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # The server imports the parsing code once; every worker forked from it starts warm.
        context.set_forkserver_preload(["communique.engines.local", "communique.pipeline"])
    in_flight: deque[tuple[list[_Job], Future[_Parsed]]] = deque()
    limit = workers * _IN_FLIGHT_PER_WORKER
    # The workers watch this process: killed (kill -9), it cannot end them, so they end themselves.
    pool = ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=(factory, os.getpid()))
    try:
        for group in _groups(_chunked_jobs(jobs), limit):
            if stop.is_set():
                break
            # The largest files of a group go first, so no worker is left with one alone at the end;
            # results still come back in input order (a later file with the same id must win).
            futures = {
                id(chunk): pool.submit(_parse_chunk, _items(chunk), max_bytes, made)
                for chunk in sorted(group, key=lambda chunk: -sum(job.size for job in chunk))
            }
            in_flight.extend((chunk, futures[id(chunk)]) for chunk in group)
            while in_flight and (len(in_flight) > limit or in_flight[0][1].done()) and _ready(in_flight[0][1], stop):
                chunk, future = in_flight.popleft()
                yield chunk, future.result()
        while in_flight and _ready(in_flight[0][1], stop):
            chunk, future = in_flight.popleft()
            yield chunk, future.result()
        # Stopped: keep what the workers finished, in input order; the rest is parsed by the next run.
        yield from ((chunk, future.result()) for chunk, future in in_flight if _succeeded(future))
    finally:
        _shut_down(pool, at_once=stop.is_set() or bool(in_flight))


def _ready(future: Future[_Parsed], stop: threading.Event) -> bool:
    """Wait until ``future`` is done (True) or ``stop`` is set (False), looking at ``stop`` every _POLL s."""
    while not stop.is_set():
        if wait([future], timeout=_POLL, return_when=FIRST_COMPLETED).done:
            return True
    return False


def _succeeded(future: Future[_Parsed]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _shut_down(pool: ProcessPoolExecutor, at_once: bool) -> None:
    """Close the pool; ``at_once`` drops queued work and ends the workers, even in the middle of a file."""
    if not at_once:
        pool.shutdown(wait=True)
        return
    # The executor has no public way to end busy workers before Python 3.14 (terminate_workers).
    processes = list((pool._processes or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(_CLOSE_WAIT)
    closer = threading.Thread(target=pool.shutdown, kwargs={"wait": True, "cancel_futures": True}, daemon=True)
    closer.start()
    closer.join(_CLOSE_WAIT)
    if closer.is_alive():
        # A worker ended while it sent a result leaves half a message in the result pipe, and the pool's
        # manager thread waits for the rest for ever. The workers' ends of that pipe died with them; closing
        # this process's end gives the manager an end of file, a broken pool that it then closes.
        pool._result_queue._writer.close()
        closer.join(_CLOSE_WAIT)


def _parse_items(parser: Parser, items: list[tuple[str, str | None]], max_bytes: int, made: tuple[str, str]) -> _Parsed:
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
    return _Parsed(outcomes, to_rows(docs, stages=made[0], version=made[1]))


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


def _init_worker(factory: Callable[[], Parser], parent: int) -> None:
    global _worker_parser
    # Ctrl-C reaches the whole process group; the main process alone decides what to do with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    _worker_parser = factory()


def _die_with(parent: int) -> None:
    """End this process as soon as process ``parent`` is gone, however it ended (kill -9 too).

    A worker's parent is the forkserver, not the main process, so neither
    ``getppid`` nor ``PR_SET_PDEATHSIG`` would notice the main process go.
    """

    def watch() -> None:
        try:
            handle = os.pidfd_open(parent)  # readable once the process has ended
        except ProcessLookupError:
            os._exit(1)
        except (AttributeError, OSError):  # no pidfd (not Linux, old kernel): look every second
            while alive(parent):
                time.sleep(1)
            os._exit(1)
        select.select([handle], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="communique-watchdog", daemon=True).start()


def _parse_chunk(items: list[tuple[str, str | None]], max_bytes: int, made: tuple[str, str]) -> _Parsed:
    assert _worker_parser is not None, "worker not initialised"
    return _parse_items(_worker_parser, items, max_bytes, made)


class _Writer:
    """Collects parsed rows and failures and writes them, one transaction per batch, into the store."""

    def __init__(
        self, store: Store, batch_size: int, summary: IngestSummary, batch_bytes: int, force: bool = False
    ) -> None:
        self.store = store
        self.batch_size = batch_size
        self.batch_bytes = batch_bytes
        self.force = force
        self.pending_bytes = 0
        self.summary = summary
        self.rows: list[RowBatch] = []
        self.pending = 0
        self.jobs: dict[str, _Job] = {}  # path -> job, of the files parsed in this batch
        self.failures: list[tuple[_Job, _Failure]] = []
        self.errors: list[tuple[int, str, str]] = []
        # Document id -> (turns, exchanges, mentions, events) written this run.
        self.stored: dict[str, tuple[int, int, int, int]] = {}

    def add(self, chunk: list[_Job], parsed: _Parsed) -> None:
        for job, outcome in zip(chunk, parsed.outcomes, strict=True):
            if isinstance(outcome, _Failure):
                self.failures.append((job, outcome))
            elif outcome == _SKIPPED:
                self.summary.skipped += 1
            else:
                self.jobs[job.path] = job
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
            result = self.store.upsert_rows(batch, force=self.force) if self.rows else UpsertResult()
            for job, failure in self.failures:
                self.store.record_error(job.path, failure.code, failure.message)
        for job, failure in self.failures:
            self.errors.append((job.position, job.path, f"{failure.message} [{failure.code}]"))
        for path, code, message in result.failed:
            job = self.jobs.get(path or "")
            self.errors.append((job.position if job else -1, path or "", f"{message} [{code}]"))
        last = {key.id: key for key in batch.keys}
        summary.new += len(result.new)
        for doc_id in result.updated:
            self._count_update(last[doc_id])
        summary.skipped += len(result.skipped)
        summary.failed += len(self.failures) + len(result.failed)
        self._count_spans(result, last)
        summary.replaced.extend(result.replaced)
        summary.removed.extend(result.removed)
        self.rows, self.pending, self.pending_bytes, self.failures, self.jobs = [], 0, 0, [], {}

    def _count_update(self, key: DocKey) -> None:
        """An update of a file whose bytes did not change is counted as redone, with the reason."""
        job = self.jobs.get(key.path or "")
        if job is not None and job.redo is not None and job.stored == key.content_hash:
            self.summary.redone[job.redo] += 1
        else:
            self.summary.updated += 1

    def _count_spans(self, result: UpsertResult, last: dict[str, DocKey]) -> None:
        """Turns, exchanges, mentions and events of the documents as stored at the end of the run.

        A document written again later in the run (its HTML after its text rendering) counts once,
        whatever the batches.
        """
        summary = self.summary
        for doc_id in (*result.new, *result.updated, *result.removed):
            before = self.stored.pop(doc_id, (0, 0, 0, 0))
            key = last.get(doc_id)  # never a removed one: those are ids the batch no longer gives
            after = (key.turns, key.exchanges, key.mentions, key.events) if key else (0, 0, 0, 0)
            if key:
                self.stored[doc_id] = after
            summary.turns += after[0] - before[0]
            summary.exchanges += after[1] - before[1]
            summary.mentions += after[2] - before[2]
            summary.events += after[3] - before[3]


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
