"""The Python API: every CLI command is one call here, just as usable from a notebook.

Example::

    from communique import api
    doc = api.parse_file("examples/mid.ru/1331-24-06-2022.txt")
    print(doc.turns[1].speaker_label, doc.exchanges[0].answerer)
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError, InputError, ServeError
from communique.model import Document
from communique.pipeline import Pipeline
from communique.store.base import DocumentRow
from communique.store.duckdb import DEFAULT_PATH, DuckDBStore


@dataclass(frozen=True)
class ParseOutcome:
    """One file of a batch parse: its document, or the error that stopped it."""

    path: str
    document: Document | None = None
    error: CommuniqueError | None = None


def parse_file(
    path: str | Path, pipeline: Pipeline | None = None, fmt: str | None = None, nlp: bool = True
) -> Document:
    """Read, structure and (with ``nlp``) annotate one file (text, HTML, Markdown or PDF) without storing it."""
    return (pipeline or Pipeline(nlp=nlp)).parse_path(path, fmt=fmt)


def parse_files(
    paths: Iterable[str | Path], pipeline: Pipeline | None = None, nlp: bool = True, text_only: bool = False
) -> Iterator[ParseOutcome]:
    """Parse files in the order given; a file that fails yields its error and the rest go on.

    ``text_only`` takes each file as one unlabelled body with no header lines
    (a news snippet, a single sentence).
    """
    pipeline = pipeline or Pipeline(nlp=nlp)
    for path in paths:
        try:
            if text_only:
                data = read_text_file(path, pipeline)
                doc = pipeline.parse_text(data, doc_id=Path(path).stem)
                doc.path = str(path)
            else:
                doc = pipeline.parse_path(path)
            yield ParseOutcome(str(path), document=doc)
        except CommuniqueError as exc:
            yield ParseOutcome(str(path), error=exc)


def read_text_file(path: str | Path, pipeline: Pipeline) -> str:
    """A file's text, with the same checks as every reader (empty, binary, too large, encoding)."""
    from communique.sources.decode import decode

    try:
        with open(path, "rb") as handle:
            data = handle.read(pipeline.settings.max_input_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", str(path)) from exc
    return decode(data, pipeline.settings, str(path))


def ingest(
    paths: Iterable[str | Path],
    db: str | Path = DEFAULT_PATH,
    workers: int = 1,
    progress: Any = None,
    nlp: bool = True,
    search_index: bool = True,
    semantic: bool = False,
) -> Any:
    """Parse files and folders into the store; returns an ``IngestSummary``. Re-running skips unchanged files.

    ``nlp`` adds entity mentions and coded events; without it only structure is
    stored. ``search_index`` rebuilds the full-text search index when the
    corpus changed (else the first search does). ``semantic`` embeds the new
    and changed documents for search by meaning (the ``semantic`` extra).
    """
    from communique.analysis.search import build_index
    from communique.engines.local import ingest as run

    factory = Pipeline if nlp else partial(Pipeline, nlp=False)
    # With worker processes on every core, one DuckDB thread writes at least as
    # fast and leaves the cores to the parsers.
    with DuckDBStore(db, threads=1 if workers > 1 else None, bulk=True) as store:
        summary = run([str(p) for p in paths], store, factory, workers=workers, progress=progress)
    if search_index and (summary.new or summary.updated or summary.removed):
        with DuckDBStore(db) as store:
            build_index(store.connection)
    if semantic:
        embed(db)
    return summary


def index(db: str | Path = DEFAULT_PATH) -> int:
    """(Re)build the full-text search index of the store; returns the number of turns indexed."""
    from communique.analysis.search import build_index

    _existing_store(db)
    with DuckDBStore(db) as store:
        return build_index(store.connection)


def embed(db: str | Path = DEFAULT_PATH, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Embed every document not yet embedded as stored now, for search by meaning (the ``semantic``
    extra); returns the numbers of documents and passages embedded. ``progress(done, total)`` counts
    documents."""
    from communique.analysis.semantic import build_vectors

    _existing_store(db)
    with DuckDBStore(db) as store:
        return build_vectors(store.connection, progress=progress)


def _existing_store(db: str | Path) -> None:
    """Refuse a path that holds no communique store (a ``StoreError``), before a command that writes
    to the store would open it, and so create one, or add tables to another program's database."""
    with DuckDBStore(db, read_only=True):
        pass


@contextmanager
def _corpus(db: str | Path) -> Iterator[Any]:
    """A read-only connection to a store whose search index is current (rebuilt first if it is not)."""
    from communique.analysis.search import build_index, index_is_current

    with DuckDBStore(db, read_only=True) as store:
        if index_is_current(store.connection):
            yield store.connection
            return
    with DuckDBStore(db) as store:
        build_index(store.connection)
    with DuckDBStore(db, read_only=True) as store:
        yield store.connection


class Corpus:
    """A store opened once, read-only, for many queries: each module-level ``search``, ``kwic`` or
    ``trend`` opens the store and closes it again (about 30 ms a call), a ``Corpus`` only once.

    Example::

        with api.Corpus("corpus.duckdb") as corpus:
            for word in ("EU", "NATO", "CSTO"):
                print(word, len(corpus.search(word, limit=None, speaker="Lavrov")))
    """

    def __init__(self, db: str | Path = DEFAULT_PATH) -> None:
        self.db = db
        self._stack: ExitStack | None = None
        self.connection: Any = None

    def open(self) -> Corpus:
        """Open the store read-only, its search index brought up to date first (``with`` does this)."""
        self._stack = ExitStack()
        self.connection = self._stack.enter_context(_corpus(self.db))
        return self

    def close(self) -> None:
        if self._stack is not None:
            self._stack.close()
        self._stack = self.connection = None

    def __enter__(self) -> Corpus:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search(
        self, query: str, limit: int | None = 20, every_word: bool = True, semantic: bool = False, **filters: Any
    ) -> list[dict[str, Any]]:
        """As the module's ``search``."""
        from communique.analysis.search import Filters
        from communique.analysis.search import search as run

        if semantic:
            from communique.analysis.semantic import semantic_search

            return semantic_search(self.connection, query, Filters(**filters), limit=limit)
        return run(self.connection, query, Filters(**filters), limit=limit, every_word=every_word)

    def kwic(
        self,
        term: str,
        regex: bool = False,
        window: int = 8,
        sentence: bool = False,
        sort: str | None = None,
        limit: int | None = None,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """As the module's ``kwic``."""
        from communique.analysis.kwic import kwic as run
        from communique.analysis.search import Filters

        return run(
            self.connection,
            term,
            Filters(**filters),
            regex=regex,
            window=window,
            sentence=sentence,
            sort=sort,
            limit=limit,
        )

    def trend(
        self, terms: Iterable[str], by: str = "month", regex: bool = False, **filters: Any
    ) -> list[dict[str, Any]]:
        """As the module's ``trend``."""
        from communique.analysis.search import Filters
        from communique.analysis.trend import trend as run

        return run(self.connection, list(terms), by=by, filters=Filters(**filters), regex=regex)


def search(
    query: str,
    db: str | Path = DEFAULT_PATH,
    limit: int | None = 20,
    every_word: bool = True,
    semantic: bool = False,
    **filters: Any,
) -> list[dict[str, Any]]:
    """Turns matching ``query`` (BM25), best first, with a highlighted snippet each.

    ``filters`` are those of ``analysis.search.Filters``: ``speaker``, ``role``,
    ``source``, ``kind``, ``date_from``, ``date_to``, ``actor``.
    Example: ``search("Minsk Group", actor="AZE", date_from="2022-01-01")``.
    ``semantic`` ranks turns by meaning instead (``embed`` first; the ``semantic`` extra).
    For many queries, a ``Corpus`` opens the store once.
    """
    with Corpus(db) as corpus:
        return corpus.search(query, limit=limit, every_word=every_word, semantic=semantic, **filters)


def kwic(
    term: str,
    db: str | Path = DEFAULT_PATH,
    regex: bool = False,
    window: int = 8,
    sentence: bool = False,
    sort: str | None = None,
    limit: int | None = None,
    **filters: Any,
) -> list[dict[str, Any]]:
    """Every occurrence of ``term`` with its context: ``kwic("Minsk Group", sort="left")``."""
    with Corpus(db) as corpus:
        return corpus.kwic(term, regex=regex, window=window, sentence=sentence, sort=sort, limit=limit, **filters)


def trend(
    terms: Iterable[str],
    db: str | Path = DEFAULT_PATH,
    by: str = "month",
    regex: bool = False,
    **filters: Any,
) -> list[dict[str, Any]]:
    """Occurrences of each term per period, with the words spoken and the rate per million words.

    Example: ``trend(["EU"], by="year", speaker="Lavrov")``.
    """
    with Corpus(db) as corpus:
        return corpus.trend(terms, by=by, regex=regex, **filters)


def show(doc_id: str, db: str | Path = DEFAULT_PATH) -> Document:
    """One stored document, as parsed."""
    with DuckDBStore(db, read_only=True) as store:
        return store.get(doc_id)


def list_documents(
    db: str | Path = DEFAULT_PATH,
    source: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[DocumentRow]:
    """Stored documents, newest first, filtered by source and date range."""
    with DuckDBStore(db, read_only=True) as store:
        return list(store.list(source=source, date_from=date_from, date_to=date_to))


def export(fmt: str, out: str | Path, db: str | Path = DEFAULT_PATH, force: bool = False) -> list[Path]:
    """Write the corpus as JSONL (one file), CSV / Parquet (one file per table) or TEI (one file per
    document); returns the files. ``out`` must be new (or an empty folder) unless ``force``."""
    from communique.export import export as run

    with DuckDBStore(db, read_only=True) as store:
        return run(store, fmt, Path(out), force=force)


def evaluate_structure(gold: str | Path, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Score the structure stage on a gold JSONL file (rules of the gold README)."""
    from communique.evaluate.structure import evaluate_structure as run

    pipeline = pipeline or Pipeline(nlp=False)
    return run(gold, pipeline.parse_path)


def evaluate_events(gold: str | Path, pipeline: Pipeline | None = None) -> Any:
    """Score the event coder on PLOVER GSR JSON or PETRARCH-2 validation XML; returns ``EventScores``.

    Each record's sentence is parsed as a one-turn document dated by the record.
    """
    from communique.evaluate.events import EventRecord
    from communique.evaluate.events import evaluate_events as run

    pipeline = pipeline or Pipeline()

    def coder(records: list[EventRecord]) -> list[list[Any]]:
        docs: list[Document | None] = []
        for record in records:
            try:
                docs.append(pipeline.structure_text(record.text, date=record.date, doc_id=record.id))
            except CommuniqueError:
                docs.append(None)  # a record without text codes no event
        pipeline.annotate([d for d in docs if d is not None])
        return [d.events if d is not None else [] for d in docs]

    return run(gold, coder)


def events(
    db: str | Path = DEFAULT_PATH,
    actor: str | None = None,
    type_: str | None = None,
    status: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    limit: int | None = None,
    role: str | None = None,
    newest: bool = False,
    plover: bool = False,
) -> list[dict[str, Any]]:
    """Stored events, oldest first (``newest``: newest first, undated last): ``events(actor="AZE",
    type_="AGREE")`` is what Azerbaijan agreed, with whom. ``plover`` gives the types as the PLOVER
    manual writes them (a signed agreement SUPPORT, a promised visit AGREE)."""
    from communique.analysis import queries

    with DuckDBStore(db, read_only=True) as store:
        return queries.events(
            store.connection,
            actor=actor,
            type_=type_,
            status=status,
            date_from=date_from,
            date_to=date_to,
            source=source,
            limit=limit,
            role=role,
            newest=newest,
            plover=plover,
        )


def timeline(
    db: str | Path = DEFAULT_PATH,
    actor: str | None = None,
    type_: str | None = None,
    source: str | None = None,
    by: str = "month",
    **filters: Any,
) -> list[dict[str, Any]]:
    """Coded events per period, asserted beside planned: ``timeline(actor="AZE", by="year")``.
    ``filters``: ``status``, ``role``, ``date_from``, ``date_to``."""
    from communique.analysis.network import timeline as run

    with DuckDBStore(db, read_only=True) as store:
        return run(store.connection, actor=actor, type_=type_, source=source, by=by, **filters)


def network(
    db: str | Path = DEFAULT_PATH, out: str | Path | None = None, source: str | None = None, min_weight: int = 1
) -> dict[str, Any]:
    """The actor network (nodes with mentions; links from turns naming both and from events); written to
    ``out`` as GraphML (``.graphml``) or JSON when given."""
    from communique.analysis.network import network as run
    from communique.analysis.network import write_network

    with DuckDBStore(db, read_only=True) as store:
        graph = run(store.connection, source=source, min_weight=min_weight)
    if out is not None:
        write_network(graph, Path(out))
    return graph


def serve(
    db: str | Path = DEFAULT_PATH,
    host: str = "127.0.0.1",
    port: int = 8000,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Run the web UI on ``db`` until interrupted; ``ready`` is told the address once the store is open
    and the port is bound, so the address it is told answers.

    The store must exist; its search index is brought up to date first. A port
    that is taken (or an address not this machine's) is a ``ServeError``.
    """
    import uvicorn

    from communique.web import create_app

    with _corpus(db):
        pass  # the store exists and its search index is current
    listening = _listen(host, port)
    if ready is not None:
        shown = f"[{host}]" if ":" in host else host
        ready(f"http://{shown}:{listening.getsockname()[1]}/")
    config = uvicorn.Config(create_app(db), log_level="warning")
    uvicorn.Server(config).run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` and listening, for the web server to take over."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does itself
        listening.bind((host, port))
        listening.listen(2048)
    except OSError as exc:
        listening.close()
        raise ServeError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    return listening


def actors(db: str | Path = DEFAULT_PATH, by: str = "all", limit: int | None = None) -> list[dict[str, Any]]:
    """Actors by number of mentions, over the corpus or per document or month."""
    from communique.analysis import queries

    with DuckDBStore(db, read_only=True) as store:
        return queries.actors(store.connection, by, limit)
