"""The default corpus store: documents and their spans as tables in one DuckDB file."""

from __future__ import annotations

import builtins
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from communique.errors import DocumentNotFound, StoreBusy, StoreError
from communique.model import Document
from communique.store.base import FileState, Replacement, UpsertResult
from communique.store.rows import CHILDREN, SEP, TABLES, DocKey, RowBatch, to_rows, utcnow

SCHEMA_VERSION = 3
DEFAULT_PATH = "communique.duckdb"
# Waiting for the store: seconds between tries, and DuckDB's lock error naming the holder.
_RETRY_SECONDS = 0.25
_LOCK_PID = re.compile(r"\(PID (\d+)\)")
_COMMAND_CHARS = 80

# A list of strings as one parameter (see _joined), split on NUL: ``validate`` refuses NUL in ids and paths.
_IN = "(SELECT unnest(string_split(?, chr(0))))"

# Each child table folded into one list per document, in the JSON shape of
# model.py, so one row per document comes back and ``Document.from_dict`` reads it.
_CHILD_LISTS = {
    "turns": """list(struct_pack(index := idx, speaker_label := speaker_label, speaker := speaker,
        role := role, kind := kind, start := start, "end" := "end", text := text,
        affiliation := affiliation) ORDER BY idx)""",
    "exchanges": """list(struct_pack(question := question, answer := answer, asker := asker,
        answerer := answerer) ORDER BY idx)""",
    "mentions": """list(struct_pack(start := start, "end" := "end", text := text, label := label,
        actor := CASE WHEN country IS NULL AND sector IS NULL AND name IS NULL THEN NULL
                      ELSE struct_pack(country := country, sector := sector, name := name) END,
        turn := turn, value := value) ORDER BY idx)""",
    "events": """list(struct_pack(type := type, status := status, start := start, "end" := "end",
        text := text, mode := mode, source := source::VARCHAR, target := target::VARCHAR,
        date := date, date_text := date_text, place := place, trigger := trigger, turn := turn,
        speaker := speaker, role := role) ORDER BY idx)""",
}


def _select_documents(one: bool) -> str:
    """SQL for whole documents: the one with id ``$1`` or, if not ``one``, those with ids from ``$1`` to
    ``$2``, ordered by id."""
    chosen = "= $1" if one else "BETWEEN $1 AND $2"
    where_doc, where_child = f"WHERE id {chosen}", f"WHERE doc_id {chosen}"
    ctes = [f"d AS (SELECT * FROM documents {where_doc})"]
    for table, folded in _CHILD_LISTS.items():
        ctes.append(f"c_{table} AS (SELECT doc_id, {folded} AS items FROM {table} {where_child} GROUP BY doc_id)")
    columns = ", ".join(f"c_{table}.items" for table in _CHILD_LISTS)
    joins = " ".join(f"LEFT JOIN c_{table} ON c_{table}.doc_id = d.id" for table in _CHILD_LISTS)
    return (
        f"WITH {', '.join(ctes)} "
        f"SELECT {', '.join(f'd.{name}' for name in _DOC_COLUMNS)}, {columns} FROM d {joins}"
        + ("" if one else " ORDER BY d.id")
    )


# Columns of a document as model.py names them: all but the store's own record of when and how it was made.
_STORE_ONLY = {"ingested_at", "stages", "version"}
_DOC_COLUMNS = tuple(name for name, _, _ in TABLES["documents"] if name not in _STORE_ONLY)
_DOC_KEYS = (*_DOC_COLUMNS, *_CHILD_LISTS)


def _ddl(table: str) -> str:
    columns = ", ".join(f'"{name}" {sql}' for name, sql, _ in TABLES[table])
    return f"CREATE TABLE IF NOT EXISTS {table} ({columns})"


@dataclass
class _Stored:
    content_hash: str | None
    path: str | None
    in_db: bool
    made: tuple[str | None, str | None] = (None, None)  # stages, version

    def same(self, key: DocKey) -> bool:
        """Whether ``key`` would be written exactly as this is stored: same bytes, file, stages and version."""
        return key.content_hash is not None and (self.content_hash, self.path, self.made) == (
            key.content_hash,
            key.path,
            (key.stages, key.version),
        )


class DuckDBStore:
    """A corpus in one DuckDB file. Use as a context manager or call ``open``/``close``.

    Only one process may write to the file at a time (DuckDB's own lock), so
    engines parse in many processes and write from one.

    Example::

        with DuckDBStore("corpus.duckdb") as store:
            store.upsert([doc])
            store.get(doc.id)
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        read_only: bool = False,
        threads: int | None = None,
        bulk: bool = False,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = str(path)
        # Seconds to wait for another process that has the file open (DuckDB lets only one write it);
        # ``on_wait`` is told, once per holder, what the wait is for.
        self.wait = wait
        self.on_wait = on_wait
        self.read_only = read_only
        # DuckDB's own worker threads; None lets DuckDB use every core.
        self.threads = threads
        # For a bulk load: no checkpoint after every large transaction, one when the store closes.
        self.bulk = bulk
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0

    # -- connection -------------------------------------------------------

    def open(self) -> None:
        if self._con is not None:
            return
        if self.read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError("no store here yet: ingest documents into it first (communique ingest)", self.path)
        try:
            config: dict[str, Any] = {"threads": self.threads} if self.threads else {}
            if self.bulk and not self.read_only:
                config["wal_autocheckpoint"] = "1GB"
            self._con = self._connect(config)
            # Everything works offline: an extension comes from an installed package, never the web.
            self._con.execute("SET autoinstall_known_extensions = false")
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}", self.path) from exc
        try:
            if not self.read_only:
                self._create_schema()
            self._check_version()
        except BaseException:
            self.close()
            raise

    def _connect(self, config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
        """A connection, once the process that holds the file lets go of it (up to ``wait`` seconds)."""
        deadline = time.monotonic() + self.wait
        told = ""
        while True:
            try:
                return duckdb.connect(self.path, read_only=self.read_only, config=config)
            except duckdb.IOException as exc:
                holder = lock_holder(str(exc))
                if holder is None:
                    raise
            left = deadline - time.monotonic()
            if left <= 0:
                waited = f" (gave up after waiting {self.wait:g} s)" if self.wait > 0 else ""
                raise StoreBusy(f"the store is in use by {holder}{waited}", self.path)
            message = f"waiting for the store {self.path}: held by {holder}"
            if self.on_wait is not None and message != told:
                self.on_wait(message)
                told = message
            time.sleep(min(_RETRY_SECONDS, left))

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
            self._depth = 0

    def __enter__(self) -> DuckDBStore:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open connection, for plain SQL (analysis, export)."""
        if self._con is None:
            raise StoreError("the store is not open", self.path)
        return self._con

    def _create_schema(self) -> None:
        with self.batch():
            con = self.connection
            con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            for table in TABLES:
                con.execute(_ddl(table))
            if con.execute("SELECT count(*) FROM schema_version").fetchone() == (0,):
                con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            self._migrate()

    def _migrate(self) -> None:
        """Bring a store written by an earlier version up to this one; each step is idempotent."""
        con = self.connection
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        if row and row[0] == 1:
            # Version 2: date mentions carry their resolved value, events the role of their turn.
            con.execute("ALTER TABLE mentions ADD COLUMN IF NOT EXISTS value VARCHAR")
            con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS role VARCHAR")
            con.execute("UPDATE schema_version SET version = 2")
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        if row and row[0] == 2:
            # Version 3: each document records the stages and pipeline version that made it;
            # documents stored before are NULL (unknown), so the next ingest with NLP redoes them.
            con.execute("ALTER TABLE documents ADD COLUMN IF NOT EXISTS stages VARCHAR")
            con.execute("ALTER TABLE documents ADD COLUMN IF NOT EXISTS version VARCHAR")
            con.execute("UPDATE schema_version SET version = 3")

    def _check_version(self) -> None:
        try:
            row = self.connection.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException:
            raise StoreError(f"{self.path} is not a communique store", self.path) from None
        if row is None or row[0] != SCHEMA_VERSION:
            found = row[0] if row else None
            hint = ""
            if found is not None and found < SCHEMA_VERSION:
                hint = " (written by an older communique: `communique index --db STORE` upgrades it)"
            raise StoreError(
                f"store schema version {found} is not the supported version {SCHEMA_VERSION}{hint}", self.path
            )

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction around everything written inside; nested batches join the outer one."""
        con = self.connection
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            con.execute("ROLLBACK")
            raise
        self._depth = 0
        con.execute("COMMIT")

    # -- writing ----------------------------------------------------------

    def upsert(self, docs: Iterable[Document]) -> UpsertResult:
        """Write documents as if one after another, in one transaction.

        Same id and same ``content_hash`` as stored: skipped. Same id, other
        hash: the stored rows of every table are replaced. A document whose
        file (``path``) earlier gave another id replaces that document too.
        A document the store cannot hold (a malformed date) is refused alone:
        it goes to ``failed`` and the errors table, the others are written.
        """
        return self.upsert_rows(to_rows(docs))

    def upsert_rows(self, batch: RowBatch, force: bool = False) -> UpsertResult:
        """``upsert`` for documents already turned into rows (by ``rows.to_rows``, in any process).

        ``force`` writes every document, even one stored just so already.
        """
        result = UpsertResult()
        with self.batch():
            for path, code, message in batch.refused:
                result.failed.append((path, code, message))
                if path is not None:
                    self.record_error(path, code, message)
            if not batch.keys:
                return result
            state = self._stored({k.id for k in batch.keys})
            keep: dict[str, int] = {}
            files: dict[str, tuple[str | None, str]] = {}
            for position, key in enumerate(batch.keys):
                old = state.get(key.id)
                if old and not force and old.same(key):
                    result.skipped.append(key.id)
                elif old:
                    result.updated.append(key.id)
                    if old.path != key.path:
                        result.replaced.append(Replacement(key.id, old.path, key.path))
                    keep[key.id] = position
                else:
                    result.new.append(key.id)
                    keep[key.id] = position
                in_db = old.in_db if old else False
                state[key.id] = _Stored(key.content_hash, key.path, in_db, (key.stages, key.version))
                if key.path is not None:
                    files[key.path] = (key.content_hash, key.id)
            result.removed = self._displaced(files, {k.id for k in batch.keys})
            self._delete([i for i in keep if state[i].in_db] + result.removed)
            self._forget_files(result.removed, files)
            self._insert(batch, keep.values(), result)
            self._remember_files(files, utcnow())
        return result

    def _stored(self, ids: set[str]) -> dict[str, _Stored]:
        rows = self.connection.execute(
            f"SELECT id, content_hash, path, stages, version FROM documents WHERE id IN {_IN}", [_joined(ids)]
        ).fetchall()
        return {i: _Stored(h, p, True, (s, v)) for i, h, p, s, v in rows}

    def _displaced(self, files: dict[str, tuple[str | None, str]], ids: set[str]) -> builtins.list[str]:
        """Ids of stored documents whose file now gives another id."""
        if not files:
            return []
        rows = self.connection.execute(
            f"SELECT id FROM documents WHERE path IN {_IN} AND id NOT IN {_IN} ORDER BY id",
            [_joined(files), _joined(ids)],
        ).fetchall()
        return [r[0] for r in rows]

    def _forget_files(self, ids: builtins.list[str], keep: dict[str, Any]) -> None:
        """Forget other files that gave a removed document, so the next run parses them again."""
        if ids:
            self.connection.execute(
                f"DELETE FROM files WHERE doc_id IN {_IN} AND path NOT IN {_IN}",
                [_joined(ids), _joined(keep)],
            )

    def _delete(self, ids: builtins.list[str]) -> None:
        if not ids:
            return
        con, keys = self.connection, _joined(ids)
        for table in CHILDREN:
            con.execute(f"DELETE FROM {table} WHERE doc_id IN {_IN}", [keys])
        con.execute(f"DELETE FROM documents WHERE id IN {_IN}", [keys])

    def _insert(self, batch: RowBatch, positions: Iterable[int], result: UpsertResult) -> None:
        keep = sorted(positions)
        for position in keep:
            result.turns += batch.keys[position].turns
            result.exchanges += batch.keys[position].exchanges
        # Every document of the batch kept (the usual case): no filtering needed.
        subset = None if len(keep) == len(batch.keys) else keep
        for table in ("documents", *CHILDREN):
            data = batch.table(table, subset)
            if data is not None:
                self._insert_arrow(table, data)

    def _insert_arrow(self, table: str, data: pa.Table) -> None:
        # Columns are in table order (both come from TABLES), so a positional insert is right.
        self.connection.from_arrow(data).insert_into(table)

    def _remember_files(self, files: dict[str, tuple[str | None, str]], now: datetime) -> None:
        if not files:
            return
        paths = builtins.list(files)
        con = self.connection
        con.execute(f"DELETE FROM files WHERE path IN {_IN}", [_joined(paths)])
        con.execute(f"DELETE FROM errors WHERE path IN {_IN}", [_joined(paths)])
        data = {
            "path": paths,
            "content_hash": [files[p][0] for p in paths],
            "doc_id": [files[p][1] for p in paths],
            "ingested_at": [now] * len(paths),
        }
        schema = pa.schema([(name, typ) for name, _, typ in TABLES["files"]])
        self._insert_arrow("files", pa.table(data, schema=schema))

    def record_error(self, path: str, error_code: str, message: str) -> None:
        with self.batch():
            con = self.connection
            con.execute("DELETE FROM errors WHERE path = ?", [path])
            con.execute("INSERT INTO errors VALUES (?, ?, ?, ?)", [path, error_code, message, utcnow()])

    # -- reading ----------------------------------------------------------

    def has(self, id: str, content_hash: str | None = None) -> bool:
        sql = "SELECT 1 FROM documents WHERE id = ?"
        params: builtins.list[Any] = [id]
        if content_hash is not None:
            sql += " AND content_hash = ?"
            params.append(content_hash)
        return self.connection.execute(sql, params).fetchone() is not None

    def get(self, id: str) -> Document:
        return get_document(self.connection, id, self.path)

    def iter_documents(self, chunk: int = 256) -> Iterator[Document]:
        """Every document ordered by id, read ``chunk`` documents at a time (a range of ids each), so a
        large corpus streams: memory holds one chunk of documents, not the corpus."""
        ids, reader = self.connection.cursor(), self.connection.cursor()
        try:
            ids.execute("SELECT id FROM documents ORDER BY id")
            while batch := ids.fetchmany(chunk):
                rows = reader.execute(_select_documents(one=False), [batch[0][0], batch[-1][0]]).fetchall()
                yield from (_document(row) for row in rows)
        finally:
            ids.close()
            reader.close()

    def file_states(self, paths: Iterable[str]) -> dict[str, FileState]:
        """What is stored of each file: its hash, its document, and where and how that document was made."""
        paths = builtins.list(paths)
        if not paths:
            return {}
        rows = self.connection.execute(
            "SELECT f.path, f.content_hash, f.doc_id, d.path, d.content_hash, d.stages, d.version "
            f"FROM files f LEFT JOIN documents d ON d.id = f.doc_id WHERE f.path IN {_IN}",
            [_joined(paths)],
        ).fetchall()
        return {row[0]: FileState(*row) for row in rows}

    def errors(self) -> builtins.list[tuple[str, str, str]]:
        """(path, code, message) of every file that failed last time it was read."""
        rows = self.connection.execute("SELECT path, code, message FROM errors ORDER BY path").fetchall()
        return [tuple(r) for r in rows]

    def counts(self) -> dict[str, int]:
        sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in TABLES)
        row = self.connection.execute(sql).fetchone() or ()
        return dict(zip(TABLES, row, strict=True))


def lock_holder(error: str) -> str | None:
    """Who holds the file, from DuckDB's lock error ("PID 1234 (communique serve)"); None for other errors."""
    if "Could not set lock" not in error:
        return None
    match = _LOCK_PID.search(error)
    if match is None:
        return "another process"
    pid = int(match.group(1))
    command = _command_line(pid)
    return f"PID {pid} ({command})" if command else f"PID {pid}"


def _command_line(pid: int) -> str:
    """The command a process runs, without its Python interpreter: "communique serve --db c.duckdb"."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return ""
    argv = [arg for arg in argv if arg]
    if len(argv) > 1 and Path(argv[0]).name.startswith("python") and argv[1] != "-c":
        argv = argv[2:] if argv[1] == "-m" else argv[1:]
    if not argv:
        return ""
    words = " ".join([Path(argv[0]).name, *argv[1:]])
    return words if len(words) <= _COMMAND_CHARS else words[: _COMMAND_CHARS - 1] + "…"


def get_document(con: duckdb.DuckDBPyConnection, id: str, path: str | None = None) -> Document:
    """One stored document, whole, read through ``con`` (a store's connection or a cursor of it)."""
    row = con.execute(_select_documents(one=True), [id]).fetchone()
    if row is None:
        raise DocumentNotFound(f"no document with id {id!r}", path)
    return _document(row)


def _document(row: tuple[Any, ...]) -> Document:
    data = dict(zip(_DOC_KEYS, row, strict=True))
    if data["date"] is not None:
        data["date"] = data["date"].isoformat()
    data["participants"] = json.loads(data["participants"]) if data["participants"] else []
    for key in ("turns", "exchanges", "mentions", "events"):
        data[key] = data[key] or []
    for event in data["events"]:
        event["source"] = json.loads(event["source"]) if event["source"] else []
        event["target"] = json.loads(event["target"]) if event["target"] else []
    return Document.from_dict(data)


def _joined(values: Iterable[str]) -> str:
    """Strings as one parameter for ``_IN``.

    DuckDB converts a Python list parameter element by element, about 100 µs
    each; one joined string is split inside DuckDB in microseconds.
    """
    values = builtins.list(values)
    if any(SEP in v for v in values):
        raise StoreError("an id or path contains a NUL character")
    return SEP.join(values)
