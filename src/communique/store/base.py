"""The store interface: what a corpus store (DuckDB now, Postgres later) must offer."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from communique.model import Document
from communique.store.rows import RowBatch

TABLES = ("documents", "turns", "exchanges", "mentions", "events")
"""The tables that hold parsed documents, in the order exporters write them."""


@dataclass(frozen=True)
class Replacement:
    """A stored document replaced by one with the same id read from another file."""

    id: str
    earlier_path: str | None
    later_path: str | None


@dataclass(frozen=True)
class FileState:
    """What the store knows of one file: the hash of its bytes when last stored, the document it gave,
    and where that document (if still stored) now comes from and what made it."""

    path: str
    content_hash: str | None
    doc_id: str | None
    doc_path: str | None = None
    doc_hash: str | None = None
    stages: str | None = None
    version: str | None = None

    @property
    def current(self) -> bool:
        """Whether the stored document still comes from this very file, with these bytes."""
        return self.content_hash is not None and (self.doc_path, self.doc_hash) == (self.path, self.content_hash)


@dataclass
class UpsertResult:
    """What ``Store.upsert`` did with each document, ids in input order.

    ``removed`` holds ids of documents dropped because the file they came from
    now yields another id; ``failed`` holds (path, code, message) for documents
    the store refused (they are recorded in the errors table as well).
    """

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str | None, str, str]] = field(default_factory=list)
    turns: int = 0
    exchanges: int = 0


@runtime_checkable
class Store(Protocol):
    """A corpus store. Every write method joins the open ``batch()`` transaction, if any.

    Documents are keyed by ``id``; a document with a known id, the same
    ``content_hash``, path, stages and version is skipped, otherwise it
    replaces the stored one.
    The store also remembers which file (path and hash of its bytes) gave which
    document, so an engine can skip unchanged files without parsing them.
    """

    def open(self) -> None:
        """Connect and create the schema if needed; idempotent."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    def batch(self) -> AbstractContextManager[None]:
        """One transaction: committed on success, rolled back on an exception."""
        ...

    def upsert(self, docs: Iterable[Document]) -> UpsertResult:
        """Insert new documents, replace changed ones, skip unchanged ones."""
        ...

    def upsert_rows(self, batch: RowBatch, force: bool = False) -> UpsertResult:
        """``upsert`` for documents already turned into rows by ``rows.to_rows`` (in a worker, say).

        ``force`` writes every document, even one stored just so already.
        """
        ...

    def has(self, id: str, content_hash: str | None = None) -> bool:
        """Whether a document with this id (and, if given, this content hash) is stored."""
        ...

    def get(self, id: str) -> Document:
        """The stored document; raises ``DocumentNotFound``."""
        ...

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, ordered by id."""
        ...

    def file_states(self, paths: Iterable[str]) -> dict[str, FileState]:
        """What is stored of each of ``paths`` that a document came from."""
        ...

    def record_error(self, path: str, error_code: str, message: str) -> None:
        """Remember why a file failed; one row per path, the latest wins."""
        ...

    def counts(self) -> dict[str, int]:
        """Row counts of every table."""
        ...
