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

from communique.api import Corpus as OpenCorpus


class Corpus:
    """Read access to one store for many threads."""

    def __init__(self, db: str | Path, idle: float = 5.0) -> None:
        self.db = str(db)
        self.idle = idle
        self._store: OpenCorpus | None = None
        self._lock = threading.Lock()
        self._users = 0
        self._last_used = 0.0
        self._closer: threading.Timer | None = None

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        """A cursor on the store, whose search index is current (built first if it is not)."""
        with self._lock:
            if self._store is None:
                self._store = OpenCorpus(self.db).open()
            self._users += 1
            cursor = self._store.connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                self._last_used = time.monotonic()
                if self._closer is None and self.idle >= 0:
                    self._check_after(self.idle)

    def _check_after(self, seconds: float) -> None:
        """Look again in ``seconds`` whether the store has been idle long enough to let go of it."""
        self._closer = threading.Timer(seconds, self._close_if_idle)
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
                self._check_after(self.idle - waited)

    def close(self) -> None:
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
                self._closer = None
            if self._store is not None:
                self._store.close()
                self._store = None
