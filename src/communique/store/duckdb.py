"""The default corpus store: documents and their spans as tables in one DuckDB file."""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from communique.errors import DocumentNotFound, StoreError
from communique.model import Document
from communique.store.base import DocumentRow, Replacement, UpsertResult

SCHEMA_VERSION = 1
DEFAULT_PATH = "communique.duckdb"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A list of strings as one parameter (see _joined): NUL never occurs in ids or paths.
_SEP = "\x00"
_IN = "(SELECT unnest(string_split(?, chr(0))))"
_INT = pa.int32()
_STR = pa.string()
_TS = pa.timestamp("us")

# One spec per table: column, SQL type, Arrow type. DDL and bulk inserts both
# come from it, so the two can never disagree on a column.
_TABLES: dict[str, tuple[tuple[str, str, pa.DataType], ...]] = {
    "documents": (
        ("id", "VARCHAR PRIMARY KEY", _STR),
        ("source", "VARCHAR", _STR),
        ("url", "VARCHAR", _STR),
        ("title", "VARCHAR", _STR),
        ("kind", "VARCHAR", _STR),
        ("date", "DATE", pa.date32()),
        ("time", "VARCHAR", _STR),
        ("place", "VARCHAR", _STR),
        ("number", "VARCHAR", _STR),
        ("language", "VARCHAR", _STR),
        ("participants", "JSON", _STR),
        ("text", "VARCHAR", _STR),
        ("format", "VARCHAR", _STR),
        ("path", "VARCHAR", _STR),
        ("content_hash", "VARCHAR", _STR),
        ("ingested_at", "TIMESTAMP", _TS),
    ),
    "turns": (
        ("doc_id", "VARCHAR NOT NULL", _STR),
        ("idx", "INTEGER NOT NULL", _INT),
        ("speaker_label", "VARCHAR", _STR),
        ("speaker", "VARCHAR", _STR),
        ("role", "VARCHAR", _STR),
        ("kind", "VARCHAR", _STR),
        ("affiliation", "VARCHAR", _STR),
        ("start", "INTEGER", _INT),
        ("end", "INTEGER", _INT),
        ("text", "VARCHAR", _STR),
    ),
    "exchanges": (
        ("doc_id", "VARCHAR NOT NULL", _STR),
        ("idx", "INTEGER NOT NULL", _INT),
        ("question", "INTEGER[]", pa.list_(_INT)),
        ("answer", "INTEGER[]", pa.list_(_INT)),
        ("asker", "VARCHAR", _STR),
        ("answerer", "VARCHAR", _STR),
    ),
    "mentions": (
        ("doc_id", "VARCHAR NOT NULL", _STR),
        ("idx", "INTEGER NOT NULL", _INT),
        ("start", "INTEGER", _INT),
        ("end", "INTEGER", _INT),
        ("text", "VARCHAR", _STR),
        ("label", "VARCHAR", _STR),
        ("country", "VARCHAR", _STR),
        ("sector", "VARCHAR", _STR),
        ("name", "VARCHAR", _STR),
        ("turn", "INTEGER", _INT),
    ),
    "events": (
        ("doc_id", "VARCHAR NOT NULL", _STR),
        ("idx", "INTEGER NOT NULL", _INT),
        ("type", "VARCHAR", _STR),
        ("mode", "VARCHAR", _STR),
        ("status", "VARCHAR", _STR),
        ("source", "JSON", _STR),
        ("target", "JSON", _STR),
        # Resolved event dates may be partial ("2022-06"), so ISO text, not DATE.
        ("date", "VARCHAR", _STR),
        ("date_text", "VARCHAR", _STR),
        ("place", "VARCHAR", _STR),
        ("trigger", "VARCHAR", _STR),
        ("turn", "INTEGER", _INT),
        ("speaker", "VARCHAR", _STR),
        ("start", "INTEGER", _INT),
        ("end", "INTEGER", _INT),
        ("text", "VARCHAR", _STR),
    ),
    "errors": (
        ("path", "VARCHAR PRIMARY KEY", _STR),
        ("code", "VARCHAR", _STR),
        ("message", "VARCHAR", _STR),
        ("at", "TIMESTAMP", _TS),
    ),
    # Which file gave which document, and the hash of its bytes: lets an engine
    # skip an unchanged file before parsing it, even when two files share an id.
    "files": (
        ("path", "VARCHAR PRIMARY KEY", _STR),
        ("content_hash", "VARCHAR", _STR),
        ("doc_id", "VARCHAR", _STR),
        ("ingested_at", "TIMESTAMP", _TS),
    ),
}
_CHILDREN = ("turns", "exchanges", "mentions", "events")

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
        turn := turn) ORDER BY idx)""",
    "events": """list(struct_pack(type := type, status := status, start := start, "end" := "end",
        text := text, mode := mode, source := source::VARCHAR, target := target::VARCHAR,
        date := date, date_text := date_text, place := place, trigger := trigger, turn := turn,
        speaker := speaker) ORDER BY idx)""",
}


def _select_documents(one: bool) -> str:
    """SQL for whole documents: the one with id ``$1`` or, if not ``one``, all ordered by id."""
    where_doc, where_child = ("WHERE id = $1", "WHERE doc_id = $1") if one else ("", "")
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


# Columns of a document as model.py names them: all but the store's own ingested_at.
_DOC_COLUMNS = tuple(name for name, _, _ in _TABLES["documents"] if name != "ingested_at")
_DOC_KEYS = (*_DOC_COLUMNS, *_CHILD_LISTS)


def _ddl(table: str) -> str:
    columns = ", ".join(f'"{name}" {sql}' for name, sql, _ in _TABLES[table])
    return f"CREATE TABLE IF NOT EXISTS {table} ({columns})"


def _validate(doc: Document) -> date | None:
    """Refuse what the tables cannot hold so that it reads back the same; return the DATE value."""
    if not doc.id:
        raise StoreError("document without an id", doc.path)
    if _SEP in doc.id or _SEP in (doc.path or ""):
        raise StoreError(f"document {doc.id!r}: NUL character in its id or path", doc.path)
    if doc.date is None:
        return None
    try:
        if _ISO_DATE.fullmatch(doc.date):
            return date.fromisoformat(doc.date)
    except ValueError:
        pass
    raise StoreError(f"document {doc.id!r}: date {doc.date!r} is not an ISO date (YYYY-MM-DD)", doc.path)


class _Rows:
    """Column lists for every table, filled document by document, then turned into Arrow."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[str, builtins.list[Any]]] = {
            table: {name: [] for name, _, _ in _TABLES[table]} for table in ("documents", *_CHILDREN)
        }

    def add(self, doc: Document, now: datetime) -> None:
        """Append one document's rows; raises ``StoreError`` before appending anything."""
        doc_date = _validate(doc)
        self._append(
            "documents",
            id=doc.id,
            source=doc.source,
            url=doc.url,
            title=doc.title,
            kind=doc.kind,
            date=doc_date,
            time=doc.time,
            place=doc.place,
            number=doc.number,
            language=doc.language,
            participants=json.dumps([p.to_dict() for p in doc.participants], ensure_ascii=False),
            text=doc.text,
            format=doc.format,
            path=doc.path,
            content_hash=doc.content_hash,
            ingested_at=now,
        )
        for t in doc.turns:
            self._append(
                "turns",
                doc_id=doc.id,
                idx=t.index,
                speaker_label=t.speaker_label,
                speaker=t.speaker,
                role=t.role,
                kind=t.kind,
                affiliation=t.affiliation,
                start=t.start,
                end=t.end,
                text=t.text,
            )
        for i, x in enumerate(doc.exchanges):
            self._append(
                "exchanges",
                doc_id=doc.id,
                idx=i,
                question=x.question,
                answer=x.answer,
                asker=x.asker,
                answerer=x.answerer,
            )
        for i, m in enumerate(doc.mentions):
            actor = m.actor
            self._append(
                "mentions",
                doc_id=doc.id,
                idx=i,
                start=m.start,
                end=m.end,
                text=m.text,
                label=m.label,
                country=actor.country if actor else None,
                sector=actor.sector if actor else None,
                name=actor.name if actor else None,
                turn=m.turn,
            )
        for i, e in enumerate(doc.events):
            self._append(
                "events",
                doc_id=doc.id,
                idx=i,
                type=e.type,
                mode=e.mode,
                status=e.status,
                source=json.dumps([a.to_dict() for a in e.source], ensure_ascii=False),
                target=json.dumps([a.to_dict() for a in e.target], ensure_ascii=False),
                date=e.date,
                date_text=e.date_text,
                place=e.place,
                trigger=e.trigger,
                turn=e.turn,
                speaker=e.speaker,
                start=e.start,
                end=e.end,
                text=e.text,
            )

    def _append(self, table: str, **row: Any) -> None:
        columns = self.columns[table]
        for name, value in row.items():
            columns[name].append(value)

    def arrow(self, table: str) -> pa.Table:
        schema = pa.schema([(name, typ) for name, _, typ in _TABLES[table]])
        return pa.table(self.columns[table], schema=schema)


@dataclass
class _Stored:
    content_hash: str | None
    path: str | None
    in_db: bool


class DuckDBStore:
    """A corpus in one DuckDB file. Use as a context manager or call ``open``/``close``.

    Only one process may write to the file at a time (DuckDB's own lock), so
    engines parse in many processes and write from one.

    Example::

        with DuckDBStore("corpus.duckdb") as store:
            store.upsert([doc])
            store.get(doc.id)
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0

    # -- connection -------------------------------------------------------

    def open(self) -> None:
        if self._con is not None:
            return
        try:
            self._con = duckdb.connect(self.path, read_only=self.read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}", self.path) from exc
        try:
            if not self.read_only:
                self._create_schema()
            self._check_version()
        except BaseException:
            self.close()
            raise

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
            for table in _TABLES:
                con.execute(_ddl(table))
            if con.execute("SELECT count(*) FROM schema_version").fetchone() == (0,):
                con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])

    def _check_version(self) -> None:
        try:
            row = self.connection.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException:
            raise StoreError(f"{self.path} is not a communique store", self.path) from None
        if row is None or row[0] != SCHEMA_VERSION:
            found = row[0] if row else None
            raise StoreError(f"store schema version {found} is not the supported version {SCHEMA_VERSION}", self.path)

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
        result = UpsertResult()
        now = _utcnow()
        with self.batch():
            docs = [doc for doc in docs if self._check(doc, result)]
            if not docs:
                return result
            state = self._stored({d.id for d in docs})
            final: dict[str, Document] = {}
            files: dict[str, tuple[str | None, str]] = {}
            for doc in docs:
                old = state.get(doc.id)
                if old and doc.content_hash is not None and old.content_hash == doc.content_hash:
                    result.skipped.append(doc.id)
                elif old:
                    result.updated.append(doc.id)
                    if old.path != doc.path:
                        result.replaced.append(Replacement(doc.id, old.path, doc.path))
                    final[doc.id] = doc
                else:
                    result.new.append(doc.id)
                    final[doc.id] = doc
                in_db = old.in_db if old else False
                state[doc.id] = _Stored(doc.content_hash, doc.path, in_db)
                if doc.path is not None:
                    files[doc.path] = (doc.content_hash, doc.id)
            result.removed = self._displaced(files, {d.id for d in docs})
            self._delete([i for i in final if state[i].in_db] + result.removed)
            self._forget_files(result.removed, files)
            self._insert(final.values(), now, result)
            self._remember_files(files, now)
        return result

    def _check(self, doc: Document, result: UpsertResult) -> bool:
        """Whether the store can hold ``doc``; a refused one is recorded as an error."""
        try:
            _validate(doc)
        except StoreError as exc:
            result.failed.append((doc.path, exc.code, exc.message))
            if doc.path is not None:
                self.record_error(doc.path, exc.code, exc.message)
            return False
        return True

    def _stored(self, ids: set[str]) -> dict[str, _Stored]:
        rows = self.connection.execute(
            f"SELECT id, content_hash, path FROM documents WHERE id IN {_IN}", [_joined(ids)]
        ).fetchall()
        return {i: _Stored(h, p, True) for i, h, p in rows}

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
        for table in _CHILDREN:
            con.execute(f"DELETE FROM {table} WHERE doc_id IN {_IN}", [keys])
        con.execute(f"DELETE FROM documents WHERE id IN {_IN}", [keys])

    def _insert(self, docs: Iterable[Document], now: datetime, result: UpsertResult) -> None:
        rows = _Rows()
        for doc in docs:
            rows.add(doc, now)
            result.turns += len(doc.turns)
            result.exchanges += len(doc.exchanges)
        for table in ("documents", *_CHILDREN):
            if rows.columns[table]["doc_id" if table != "documents" else "id"]:
                self._insert_arrow(table, rows.arrow(table))

    def _insert_arrow(self, table: str, data: pa.Table) -> None:
        # Columns are in table order (both come from _TABLES), so a positional insert is right.
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
        schema = pa.schema([(name, typ) for name, _, typ in _TABLES["files"]])
        self._insert_arrow("files", pa.table(data, schema=schema))

    def record_error(self, path: str, error_code: str, message: str) -> None:
        with self.batch():
            con = self.connection
            con.execute("DELETE FROM errors WHERE path = ?", [path])
            con.execute("INSERT INTO errors VALUES (?, ?, ?, ?)", [path, error_code, message, _utcnow()])

    # -- reading ----------------------------------------------------------

    def has(self, id: str, content_hash: str | None = None) -> bool:
        sql = "SELECT 1 FROM documents WHERE id = ?"
        params: builtins.list[Any] = [id]
        if content_hash is not None:
            sql += " AND content_hash = ?"
            params.append(content_hash)
        return self.connection.execute(sql, params).fetchone() is not None

    def get(self, id: str) -> Document:
        row = self.connection.execute(_select_documents(one=True), [id]).fetchone()
        if row is None:
            raise DocumentNotFound(f"no document with id {id!r}", self.path)
        return _document(row)

    def iter_documents(self, chunk: int = 256) -> Iterator[Document]:
        """Every document ordered by id, fetched in chunks so a large corpus streams."""
        cursor = self.connection.cursor()
        try:
            cursor.execute(_select_documents(one=False))
            while rows := cursor.fetchmany(chunk):
                for row in rows:
                    yield _document(row)
        finally:
            cursor.close()

    def list(
        self, source: str | None = None, date_from: str | None = None, date_to: str | None = None
    ) -> builtins.list[DocumentRow]:
        where, params = [], []
        if source is not None:
            where.append("source = ?")
            params.append(source)
        if date_from is not None:
            where.append("date >= CAST(? AS DATE)")
            params.append(date_from)
        if date_to is not None:
            where.append("date <= CAST(? AS DATE)")
            params.append(date_to)
        sql = "SELECT id, source, title, kind, date, place, url, path, content_hash, ingested_at FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date NULLS LAST, id"
        try:
            rows = self.connection.execute(sql, params).fetchall()
        except duckdb.ConversionException as exc:
            raise StoreError(f"bad date filter: {exc}", self.path) from exc
        return [DocumentRow(*r) for r in rows]

    def file_hashes(self, paths: Iterable[str]) -> dict[str, str]:
        paths = builtins.list(paths)
        if not paths:
            return {}
        rows = self.connection.execute(
            f"SELECT path, content_hash FROM files WHERE path IN {_IN} AND content_hash IS NOT NULL",
            [_joined(paths)],
        ).fetchall()
        return dict(rows)

    def errors(self) -> builtins.list[tuple[str, str, str]]:
        """(path, code, message) of every file that failed last time it was read."""
        rows = self.connection.execute("SELECT path, code, message FROM errors ORDER BY path").fetchall()
        return [tuple(r) for r in rows]

    def counts(self) -> dict[str, int]:
        sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in _TABLES)
        row = self.connection.execute(sql).fetchone() or ()
        return dict(zip(_TABLES, row, strict=True))


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
    if any(_SEP in v for v in values):
        raise StoreError("an id or path contains a NUL character")
    return _SEP.join(values)


def _utcnow() -> datetime:
    # TIMESTAMP columns hold naive UTC, so times read the same in every time zone.
    return datetime.now(UTC).replace(tzinfo=None)
