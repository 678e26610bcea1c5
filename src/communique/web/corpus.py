"""The web UI's hold on the store: one read-only DuckDB connection, shared by requests, let go when idle.

DuckDB lets one process write a file only while no other process has it
open, so a server that kept its connection forever would stop every
``communique ingest`` into the same store. The connection is opened on the
first request, each request reads through a cursor of its own, and it is
closed once no request has used it for ``idle`` seconds; the next request
opens the store again and sees what was ingested meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from communique.analysis.search import build_index, index_is_current, load_fts
from communique.store.duckdb import DuckDBStore


class Corpus:
    """Read access to one store for many threads."""

    def __init__(self, db: str | Path, idle: float = 5.0) -> None:
        self.db = str(db)
        self.idle = idle
        self._store: DuckDBStore | None = None
        self._lock = threading.Lock()
        self._users = 0
        self._last_used = 0.0
        self._closer: threading.Timer | None = None

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        """A cursor on the store, whose search index is current (built first if it is not)."""
        with self._lock:
            if self._store is None:
                self._store = self._open()
            self._users += 1
            cursor = self._store.connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                self._last_used = time.monotonic()
                self._schedule()

    def _open(self) -> DuckDBStore:
        store = DuckDBStore(self.db, read_only=True)
        store.open()
        if not index_is_current(store.connection):
            store.close()
            with DuckDBStore(self.db) as writer:
                build_index(writer.connection)
            store.open()
        load_fts(store.connection)  # once per database: every cursor shares it
        return store

    def _schedule(self) -> None:
        if self._closer is None and self.idle >= 0:
            self._closer = threading.Timer(self.idle, self._close_if_idle)
            self._closer.daemon = True
            self._closer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            self._closer = None
            if self._store is None:
                return
            waited = time.monotonic() - self._last_used
            if self._users == 0 and waited >= self.idle:
                self._store.close()
                self._store = None
            elif self._users == 0:
                self._closer = threading.Timer(self.idle - waited, self._close_if_idle)
                self._closer.daemon = True
                self._closer.start()

    def close(self) -> None:
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
                self._closer = None
            if self._store is not None:
                self._store.close()
                self._store = None
