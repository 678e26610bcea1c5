"""Documents as table rows: the column spec every store shares and the Arrow batches built from it.

Building rows is pure work on documents, so an engine's worker processes can
do it and hand the writer ready Arrow tables (cheap to pickle) instead of
documents to convert in the one writing process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from communique.errors import StoreError
from communique.model import Document

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Stores pass lists of ids and paths as one NUL-separated string, so NUL is refused in both.
SEP = "\x00"
# Each table carries the position of its document in the batch in this column
# until it is written, so a batch can keep some documents and drop others.
KEY = "_key"

_INT = pa.int32()
_STR = pa.string()
_TS = pa.timestamp("us")

# One spec per table: column, SQL type, Arrow type. DDL and bulk inserts both
# come from it, so the two can never disagree on a column.
TABLES: dict[str, tuple[tuple[str, str, pa.DataType], ...]] = {
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
        # What made the row: the stages run ("structure" or "structure+nlp") and the pipeline version
        # (communique.version); NULL when unknown (a store written before they were recorded).
        ("stages", "VARCHAR", _STR),
        ("version", "VARCHAR", _STR),
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
        ("value", "VARCHAR", _STR),
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
        ("role", "VARCHAR", _STR),
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
CHILDREN = ("turns", "exchanges", "mentions", "events")


def validate(doc: Document) -> date | None:
    """Refuse what the tables cannot hold so that it reads back the same; return the DATE value."""
    if not doc.id:
        raise StoreError("document without an id", doc.path)
    if SEP in doc.id or SEP in (doc.path or ""):
        raise StoreError(f"document {doc.id!r}: NUL character in its id or path", doc.path)
    if doc.date is None:
        return None
    try:
        if _ISO_DATE.fullmatch(doc.date):
            return date.fromisoformat(doc.date)
    except ValueError:
        pass
    raise StoreError(f"document {doc.id!r}: date {doc.date!r} is not an ISO date (YYYY-MM-DD)", doc.path)


@dataclass(frozen=True)
class DocKey:
    """What a store needs to know of a document to decide whether and how to write it."""

    id: str
    path: str | None
    content_hash: str | None
    turns: int
    exchanges: int
    mentions: int = 0
    events: int = 0
    stages: str | None = None
    version: str | None = None


@dataclass
class RowBatch:
    """Rows of some documents for every table, plus the documents that cannot be stored.

    ``keys[i]`` describes the document whose rows have ``KEY == i``;
    ``refused`` holds (path, code, message) of documents ``validate`` refused.
    """

    keys: list[DocKey] = field(default_factory=list)
    tables: dict[str, pa.Table] = field(default_factory=dict)
    refused: list[tuple[str | None, str, str]] = field(default_factory=list)
    nbytes: int = 0  # of the tables, measured where they are built (a worker), not where they are written

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def concat(cls, batches: Sequence[RowBatch]) -> RowBatch:
        """One batch of all rows, in order."""
        if len(batches) == 1:
            return batches[0]
        out = cls()
        parts: dict[str, list[pa.Table]] = {table: [] for table in TABLES if table in _ROW_TABLES}
        for batch in batches:
            offset = len(out.keys)
            out.keys.extend(batch.keys)
            out.refused.extend(batch.refused)
            for table, data in batch.tables.items():
                shifted = pc.add(data.column(KEY), pa.scalar(offset, _INT)) if offset else data.column(KEY)
                parts[table].append(data.set_column(data.schema.get_field_index(KEY), KEY, shifted))
        out.tables = {table: pa.concat_tables(tables) for table, tables in parts.items() if tables}
        out.nbytes = sum(batch.nbytes for batch in batches)
        return out

    def table(self, name: str, keep: Iterable[int] | None = None) -> pa.Table | None:
        """The rows of table ``name`` (of the documents at positions ``keep``), without ``KEY``."""
        data = self.tables.get(name)
        if data is None or data.num_rows == 0:
            return None
        if keep is not None:
            data = data.filter(pc.is_in(data.column(KEY), value_set=pa.array(list(keep), _INT)))
            if data.num_rows == 0:
                return None
        return data.drop_columns([KEY])


def to_rows(
    docs: Iterable[Document], now: datetime | None = None, stages: str | None = None, version: str | None = None
) -> RowBatch:
    """The rows of ``docs``, made by ``stages`` of pipeline ``version`` (None: unknown).

    A document ``validate`` refuses goes to ``refused`` with no rows.
    """
    now = now or utcnow()
    builder = _Builder()
    batch = RowBatch()
    for doc in docs:
        try:
            doc_date = validate(doc)
        except StoreError as exc:
            batch.refused.append((doc.path, exc.code, exc.message))
            continue
        builder.add(len(batch.keys), doc, doc_date, now, (stages, version))
        counts = (len(doc.turns), len(doc.exchanges), len(doc.mentions), len(doc.events))
        batch.keys.append(DocKey(doc.id, doc.path, doc.content_hash, *counts, stages=stages, version=version))
    batch.tables = {table: builder.arrow(table) for table in _ROW_TABLES}
    batch.nbytes = sum(table.nbytes for table in batch.tables.values())
    return batch


def utcnow() -> datetime:
    # TIMESTAMP columns hold naive UTC, so times read the same in every time zone.
    return datetime.now(UTC).replace(tzinfo=None)


_ROW_TABLES = ("documents", *CHILDREN)


def schema(table: str, with_key: bool = False) -> pa.Schema:
    columns = [(name, typ) for name, _, typ in TABLES[table]]
    return pa.schema([*columns, (KEY, _INT)] if with_key else columns)


class _Builder:
    """Row tuples for every table, filled document by document, then turned into Arrow columns."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _ROW_TABLES}

    def add(self, key: int, doc: Document, doc_date: date | None, now: datetime, made: tuple[Any, Any]) -> None:
        self._append(
            "documents",
            key,
            doc.id,
            doc.source,
            doc.url,
            doc.title,
            doc.kind,
            doc_date,
            doc.time,
            doc.place,
            doc.number,
            doc.language,
            json.dumps([p.to_dict() for p in doc.participants], ensure_ascii=False),
            doc.text,
            doc.format,
            doc.path,
            doc.content_hash,
            now,
            *made,
        )
        for t in doc.turns:
            self._append(
                "turns", key, doc.id, t.index, t.speaker_label, t.speaker, t.role, t.kind, t.affiliation,
                t.start, t.end, t.text,
            )  # fmt: skip
        for i, x in enumerate(doc.exchanges):
            self._append("exchanges", key, doc.id, i, x.question, x.answer, x.asker, x.answerer)
        for i, m in enumerate(doc.mentions):
            actor = m.actor
            self._append(
                "mentions", key, doc.id, i, m.start, m.end, m.text, m.label,
                actor.country if actor else None, actor.sector if actor else None, actor.name if actor else None,
                m.turn, m.value,
            )  # fmt: skip
        for i, e in enumerate(doc.events):
            self._append(
                "events", key, doc.id, i, e.type, e.mode, e.status,
                json.dumps([a.to_dict() for a in e.source], ensure_ascii=False),
                json.dumps([a.to_dict() for a in e.target], ensure_ascii=False),
                e.date, e.date_text, e.place, e.trigger, e.turn, e.speaker, e.start, e.end, e.text, e.role,
            )  # fmt: skip

    def _append(self, table: str, key: int, *values: Any) -> None:
        # Values come in the column order of TABLES, then the key; rows become columns in ``arrow``.
        self.rows[table].append((*values, key))

    def arrow(self, table: str) -> pa.Table:
        target = schema(table, with_key=True)
        rows = self.rows[table]
        if not rows:
            return target.empty_table()
        columns = [pa.array(column, typ) for column, typ in zip(zip(*rows, strict=True), target.types, strict=True)]
        return pa.Table.from_arrays(columns, schema=target)
