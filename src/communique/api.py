"""The Python API: every CLI command is one call here, just as usable from a notebook.

Example::

    from communique import api
    doc = api.parse_file("examples/mid.ru/1331-24-06-2022.txt")
    print(doc.turns[1].speaker_label, doc.exchanges[0].answerer)
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError, ServeError
from communique.model import Document
from communique.pipeline import Pipeline
from communique.store.duckdb import DEFAULT_PATH, DuckDBStore, get_document
from communique.store.lock import announce_writer


@dataclass(frozen=True)
class ParseOutcome:
    """One file of a batch parse: its document, or the error that stopped it."""

    path: str
    document: Document | None = None
    error: CommuniqueError | None = None


def parse_file(
    path: str | Path,
    pipeline: Pipeline | None = None,
    fmt: str | None = None,
    nlp: bool = True,
    source: str | None = None,
) -> Document:
    """Read, structure and (with ``nlp``) annotate one file (text, HTML, Markdown or PDF) without storing it.

    ``source`` names its site (``kremlin.ru``) when neither its URL, folder nor text tells it.
    """
    return (pipeline or Pipeline(nlp=nlp, source=source)).parse_path(path, fmt=fmt)


def parse_files(
    paths: Iterable[str | Path],
    pipeline: Pipeline | None = None,
    nlp: bool = True,
    text_only: bool = False,
    skipped: list[tuple[str, str]] | None = None,
    source: str | None = None,
) -> Iterator[ParseOutcome]:
    """Parse files, and the files under folders, in the order given; a file that fails yields its error
    and the rest go on.

    ``text_only`` takes each file as one unlabelled body with no header lines
    (a news snippet, a single sentence). What the walk of a folder passes over
    (a named pipe, an unreadable folder, ...) is appended to ``skipped`` as
    (path, reason). ``source`` names the site of every file (see ``parse_file``).
    """
    from communique.sources import walk

    pipeline = pipeline or Pipeline(nlp=nlp, source=source)
    for path in walk(list(paths), skipped):
        try:
            if text_only:
                data = read_text_file(path, pipeline)
                stem = Path(path).stem
                doc = pipeline.parse_text(data, doc_id=f"{pipeline.source}/{stem}" if pipeline.source else stem)
                doc.path, doc.source = str(path), pipeline.source
            else:
                doc = pipeline.parse_path(path)
            yield ParseOutcome(str(path), document=doc)
        except CommuniqueError as exc:
            yield ParseOutcome(str(path), error=exc)


def site(name: str) -> str:
    """``name`` if it is a known site (``kremlin.ru``), else an ``InputError`` naming those there are."""
    from communique.sources import Profiles, known_site

    return known_site(name, Profiles.load())


def read_text_file(path: str | Path, pipeline: Pipeline) -> str:
    """A file's text, with the same checks as every reader (empty, binary, too large, encoding)."""
    from communique.sources import read_file
    from communique.sources.decode import decode

    data = read_file(path, pipeline.settings.max_input_bytes)
    return decode(data, pipeline.settings, str(path))


def ingest(
    paths: Iterable[str | Path],
    db: str | Path = DEFAULT_PATH,
    workers: int = 1,
    progress: Any = None,
    nlp: bool = True,
    search_index: bool = True,
    semantic: bool = False,
    source: str | None = None,
    force: bool = False,
    wait: float = 60.0,
    on_wait: Callable[[str], None] | None = None,
) -> Any:
    """Parse files and folders into the store; returns an ``IngestSummary``. Re-running skips unchanged files.

    ``nlp`` adds entity mentions and coded events; without it only structure is
    stored. A file is parsed again, although unchanged, when its stored
    document lacks NLP asked for now, was made by another version of
    communique or came from another file; ``force`` parses every file.
    ``search_index`` rebuilds the full-text search index when the
    corpus changed (else the first search does). ``semantic`` embeds the new
    and changed documents for search by meaning (the ``semantic`` extra).
    ``source`` names the site of every file (see ``parse_file``).
    While another process has the store open (the web UI), waits up to
    ``wait`` seconds for it, telling ``on_wait`` what it waits for, then
    raises ``StoreError``. A Ctrl-C stores what is parsed and returns a
    summary marked ``interrupted``.
    """
    from communique.engines.local import ingest as run

    factory = partial(Pipeline, nlp=nlp, source=source and site(source))
    # With worker processes on every core, one DuckDB thread writes at least as
    # fast and leaves the cores to the parsers.
    opened = partial(DuckDBStore, db, wait=wait, on_wait=on_wait)
    with announce_writer(db, "communique ingest"):
        with opened(threads=1 if workers > 1 else None, bulk=True) as store:
            summary = run([str(p) for p in paths], store, factory, workers, progress, nlp=nlp, force=force)
        if search_index and not summary.interrupted and summary.changed:
            _rebuild_index(opened)
    if semantic and not summary.interrupted:
        embed(db)
    return summary


def _rebuild_index(opened: Callable[[], DuckDBStore]) -> None:
    from communique.analysis.search import build_index

    with opened() as store:
        build_index(store.connection)


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


# What a view of a store opened read-only says while its search index is older than the corpus.
STALE_INDEX = "the search index is older than the corpus: run `communique index`"
MISSING_INDEX = "the corpus has no search index yet: run `communique index`"


def _existing_store(db: str | Path) -> None:
    """Refuse a path that holds no communique store (a ``StoreError``), before a command that writes
    to the store would open it, and so create one, or add tables to another program's database."""
    with DuckDBStore(db, read_only=True):
        pass


class Corpus:
    """One store, opened once, read-only, for many queries: every query of the CLI and the web UI is a
    method here, and each module-level function (``search``, ``events``, ...) opens a ``Corpus`` for one.

    ``read_only`` promises that nothing is written, not even the search index: where the index is
    older than the corpus, ``search``, ``kwic`` and ``trend`` answer from the index as it is (nothing
    where there is none) and ``index_notice`` says so. Otherwise the first of them rebuilds a stale
    index. ``cursor()`` gives a view of its own for one thread (the web UI's requests).

    Example::

        with api.Corpus("corpus.duckdb") as corpus:
            for word in ("EU", "NATO", "CSTO"):
                print(word, len(corpus.search(word, limit=None, speaker="Lavrov")))
    """

    def __init__(self, db: str | Path = DEFAULT_PATH, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only
        self.connection: Any = None
        self.index_notice: str | None = None
        self._store: DuckDBStore | None = None

    def open(self) -> Corpus:
        """Open the store read-only (``with`` does this)."""
        self._store = DuckDBStore(self.db, read_only=True)
        self._store.open()
        self.connection = self._store.connection
        return self

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        elif self.connection is not None:
            self.connection.close()  # a cursor's view
        self._store = self.connection = None

    def __enter__(self) -> Corpus:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> Corpus:
        """A view of this corpus through a cursor of its own, for one thread; ``close`` it when done."""
        view = Corpus(self.db, read_only=True)
        view.connection = self.connection.cursor()
        return view

    def interrupt(self) -> None:
        """Stop the query running now (from another thread); it fails with ``duckdb.InterruptException``."""
        if self.connection is not None:
            self.connection.interrupt()

    def _indexed(self) -> bool:
        """Whether the search index can be read; a stale one is rebuilt first unless ``read_only``."""
        from communique.analysis.search import build_index, index_state

        state = index_state(self.connection)
        if state != "current" and not self.read_only and self._store is not None:
            self._store.close()
            with DuckDBStore(self.db) as store:
                build_index(store.connection)
            self.open()
            state = "current"
        self.index_notice = {"current": None, "stale": STALE_INDEX}.get(state, MISSING_INDEX)
        return state != "missing"

    def search(
        self, query: str, limit: int | None = 20, every_word: bool = True, semantic: bool = False, **filters: Any
    ) -> list[dict[str, Any]]:
        """As the module's ``search``."""
        from communique.analysis.search import Filters
        from communique.analysis.search import search as run

        if semantic:
            from communique.analysis.semantic import semantic_search

            return semantic_search(self.connection, query, Filters(**filters), limit=limit)
        if not self._indexed():
            return []
        return run(self.connection, query, Filters(**filters), limit=limit, every_word=every_word)

    def has_vectors(self) -> bool:
        """Whether documents are embedded for search by meaning."""
        from communique.analysis.semantic import has_vectors

        return bool(has_vectors(self.connection))

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

        if not self._indexed():
            return []
        options = {"regex": regex, "window": window, "sentence": sentence, "sort": sort, "limit": limit}
        return run(self.connection, term, Filters(**filters), **options)

    def trend(
        self, terms: Iterable[str], by: str = "month", regex: bool = False, **filters: Any
    ) -> list[dict[str, Any]]:
        """As the module's ``trend``."""
        from communique.analysis.search import Filters
        from communique.analysis.trend import trend as run

        if not self._indexed():
            return []
        return run(self.connection, list(terms), by=by, filters=Filters(**filters), regex=regex)

    def documents(self, **options: Any) -> list[dict[str, Any]]:
        """As the module's ``list_documents``, and ``offset``: the rows after the first so many."""
        from communique.analysis import queries

        return queries.documents(self.connection, **options)

    def document(self, doc_id: str) -> Document:
        """One stored document, whole, as parsed."""
        return get_document(self.connection, doc_id, str(self.db))

    def sources(self) -> list[str]:
        """The sites the documents come from."""
        from communique.analysis import queries

        return queries.sources(self.connection)

    def overview(self) -> dict[str, Any]:
        """Counts of each table, the span of dates, documents per source, kind and month."""
        from communique.analysis import queries

        return queries.overview(self.connection)

    def events(self, **options: Any) -> list[dict[str, Any]]:
        """As the module's ``events``."""
        from communique.analysis import queries

        return queries.events(self.connection, **options)

    def timeline(self, **options: Any) -> list[dict[str, Any]]:
        """As the module's ``timeline``."""
        from communique.analysis.network import timeline as run

        return run(self.connection, **options)

    def actors(self, by: str = "all", limit: int | None = None) -> list[dict[str, Any]]:
        """As the module's ``actors``; ``by="code"``: each country and organisation code once, with the
        documents naming it."""
        from communique.analysis import queries

        if by == "code":
            return queries.actor_totals(self.connection)[:limit]
        return queries.actors(self.connection, by, limit)

    def actor(self, code: str, by: str = "month") -> dict[str, Any]:
        """What the corpus says of one actor: mentions per period, events by side, partners, latest events."""
        from communique.analysis import queries

        return queries.actor(self.connection, code, by=by)

    def network(self, source: str | None = None, min_weight: int = 1) -> dict[str, Any]:
        """As the module's ``network``, not written anywhere."""
        from communique.analysis.network import network as run

        return run(self.connection, source=source, min_weight=min_weight)


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
    with Corpus(db) as corpus:
        return corpus.document(doc_id)


def list_documents(
    db: str | Path = DEFAULT_PATH,
    source: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    kind: str | None = None,
    title: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored documents, newest first, with their numbers of turns and events, filtered by source, kind,
    date range (ISO) and part of the title (any case): ``list_documents(title="Azerbaijan")``."""
    with Corpus(db) as corpus:
        return corpus.documents(
            source=source, kind=kind, date_from=date_from, date_to=date_to, title=title, limit=limit
        )


def export(fmt: str, out: str | Path, db: str | Path = DEFAULT_PATH, force: bool = False) -> list[Path]:
    """Write the corpus as JSONL (one file), CSV / Parquet (one file per table) or TEI (one file per
    document); returns the files. ``out`` must be new (or an empty folder) unless ``force``."""
    from communique.export import export as run

    with DuckDBStore(db, read_only=True) as store:
        return run(store, fmt, Path(out), force=force)


@dataclass
class ProfileCheck:
    """One sample document of a site profile, and what parsing it got wrong (nothing when it passes)."""

    profile: str
    file: str
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


def check_profiles(names: Iterable[str] = (), profiles: Any = None) -> list[ProfileCheck]:
    """Parse every sample of every profile (or of those ``names``) and compare it with the profile's
    ``[[tests]]``: its title, date, time, place, the number of turns and the first labels. A profile of one's
    own finds its samples beside it; a packaged one in the repository (``tests/documents``)."""
    from communique.sources.profiles.engine import Profiles

    profiles = profiles or Profiles.load()
    wanted = set(names)
    checks = []
    for profile in profiles.items:
        if wanted and profile.name not in wanted:
            continue
        pipeline = Pipeline(nlp=False, profiles=profiles, source=profile.name)  # a sample is the site's
        for case in profile.tests:
            file = Path(profile.folder or ".") / case["file"]
            checks.append(ProfileCheck(profile.name, str(file), _profile_problems(pipeline, file, case)))
    return checks


def _profile_problems(pipeline: Pipeline, file: Path, case: dict[str, Any]) -> list[str]:
    try:
        doc = pipeline.parse_path(file)
    except CommuniqueError as exc:
        return [f"not parsed: {exc}"]
    labels = list(dict.fromkeys(t.speaker_label for t in doc.turns if t.speaker_label))
    got = {
        "title": doc.title,
        "date": doc.date,
        "time": doc.time,
        "place": doc.place,
        "turns": len(doc.turns),
        "labels": labels[: len(case.get("labels", []))],
    }
    problems = []
    for key in ("title", "date", "time", "place", "turns", "labels"):
        if key in case and case[key] != got[key]:
            problems.append(f"{key}: expected {case[key]!r}, got {got[key]!r}")
    return problems


def explain(path: str | Path, source: str | None = None, profiles: Any = None) -> dict[str, Any]:
    """Which format, site profile and reader a file gets, and why (``communique parse --explain``)."""
    from communique.settings import Settings
    from communique.sources import detect_format, read_file
    from communique.sources.profiles.engine import Profiles

    profiles = profiles or Profiles.load()
    data = read_file(path, Settings().max_input_bytes)
    fmt = detect_format(data, str(path))
    profile, reason = (profiles.get(source), "named with --source") if source else (None, "")
    if profile is None:
        profile, reason = profiles.match(path=str(path), head=data[:4096].decode("utf-8", errors="ignore"))
    rules = {"html": profile.html, "xml": profile.xml}.get(fmt, {}) if profile else {}
    if (fmt == "html" and rules.get("body")) or (fmt == "xml" and rules):
        reader = f"{fmt}, by the profile's [{fmt}] rules"
    elif fmt == "html":
        reader = "html, no rules of a profile: trafilatura finds the article"
    else:
        reader = fmt
    where = str(profile.folder) if profile and profile.folder else "packaged"
    return {
        "path": str(path),
        "format": fmt,
        "profile": profile.name if profile else None,
        "profile_from": where if profile else None,
        "why": reason,
        "reader": reader,
    }


def evaluate_structure(
    gold: str | Path, pipeline: Pipeline | None = None, root: str | Path | None = None
) -> dict[str, Any]:
    """Score the structure stage on a gold JSONL file or a folder of them (rules of the gold README);
    inputs are read under ``root`` (by default found from the gold's folder)."""
    from communique.evaluate.structure import evaluate_structure as run

    pipeline = pipeline or Pipeline(nlp=False)
    return run(gold, pipeline.parse_path, root=root)


def evaluate_events(
    gold: str | Path, pipeline: Pipeline | None = None, view: str = "plover", root: str | Path | None = None
) -> Any:
    """Score the event coder on PLOVER GSR JSON or PETRARCH-2 validation XML (returns ``EventScores``), or
    on hand-coded whole transcripts, a JSONL file or a folder of them (returns ``TranscriptScores``).

    Each record's sentence is parsed as a one-turn document dated by the record. ``view`` is
    ``"plover"`` (types as the PLOVER manual writes them) or ``"native"`` (the coder's own), the
    same for every gold file; figures come for the whole file and its tuning and validation parts.
    A transcript's file is read from ``root`` (by default found from the gold's folder) and parsed whole.
    """
    from communique.evaluate.events import EventRecord
    from communique.evaluate.events import evaluate_events as run

    pipeline = pipeline or Pipeline()
    if Path(gold).is_dir() or Path(gold).suffix.lower() == ".jsonl":
        from communique.evaluate.transcripts import evaluate_transcripts

        return evaluate_transcripts(gold, pipeline.parse_path, root)

    def coder(records: list[EventRecord]) -> list[list[Any]]:
        docs: list[Document | None] = []
        for record in records:
            try:
                docs.append(pipeline.structure_text(record.text, date=record.date, doc_id=record.id))
            except CommuniqueError:
                docs.append(None)  # a record without text codes no event
        pipeline.annotate([d for d in docs if d is not None])
        return [d.events if d is not None else [] for d in docs]

    return run(gold, coder, view)


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
    options = {"actor": actor, "type_": type_, "status": status, "date_from": date_from, "date_to": date_to}
    with Corpus(db) as corpus:
        return corpus.events(**options, source=source, limit=limit, role=role, newest=newest, plover=plover)


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
    with Corpus(db) as corpus:
        return corpus.timeline(actor=actor, type_=type_, source=source, by=by, **filters)


def network(
    db: str | Path = DEFAULT_PATH, out: str | Path | None = None, source: str | None = None, min_weight: int = 1
) -> dict[str, Any]:
    """The actor network (nodes with mentions; links from turns naming both and from events); written to
    ``out`` as GraphML (``.graphml``) or JSON when given."""
    from communique.analysis.network import write_network

    with Corpus(db) as corpus:
        graph = corpus.network(source=source, min_weight=min_weight)
    if out is not None:
        write_network(graph, Path(out))
    return graph


def serve(
    db: str | Path = DEFAULT_PATH,
    host: str = "127.0.0.1",
    port: int = 8000,
    ready: Callable[[str], None] | None = None,
    allow_hosts: Iterable[str] = (),
) -> None:
    """Run the web UI on ``db`` until interrupted; ``ready`` is told the address once the store is open
    and the port is bound, so the address it is told answers.

    The store must exist; the UI never writes it (not even its search index). It answers requests
    addressed to the loopback, to ``host`` and to ``allow_hosts`` alone. A port that is taken (or an
    address not this machine's) is a ``ServeError``.
    """
    import uvicorn

    from communique.web import create_app

    with Corpus(db, read_only=True):
        pass  # the store exists
    listening = _listen(host, port)
    if ready is not None:
        shown = f"[{host}]" if ":" in host else host
        ready(f"http://{shown}:{listening.getsockname()[1]}/")
    config = uvicorn.Config(create_app(db, hosts=[host, *allow_hosts]), log_level="warning")
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
    with Corpus(db) as corpus:
        return corpus.actors(by, limit)
