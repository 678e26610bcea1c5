"""The web UI's hold on the store: one read-only ``api.Corpus``, shared by requests, let go when idle or
when an ingest asks for the store.

DuckDB lets one process write a file only while no other process has it open,
so a server that kept its connection forever would stop every
``communique ingest`` into the same store. The corpus is opened on the first
request, each request reads through a cursor of its own, and it is closed once
no request has used it for ``idle`` seconds; the next request opens the store
again and sees what was ingested meanwhile. An ingest that announces itself
(``store.lock.announce_writer``) is not kept waiting that long: the corpus is
closed as soon as the running requests finish, and new requests are refused
(``WriterPending``) until the ingest is done. Nothing here ever writes the store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from communique.api import Corpus as OpenCorpus
from communique.store.lock import pending_writer

# How often an open store looks for an ingest waiting to write it, in seconds.
WRITER_CHECK = 0.25


class WriterPending(Exception):
    """An ingest is writing the store (or waits to): the UI lets go of it until the ingest is done."""

    def __init__(self, what: str) -> None:
        told = f" ({what})" if what else ""
        super().__init__(f"an ingest is writing the store; this page will work again when it is done{told}")


class Corpus:
    """Read access to one store for many threads."""

    def __init__(self, db: str | Path, idle: float = 5.0) -> None:
        self.db = str(db)
        self.idle = idle
        self._store: OpenCorpus | None = None
        self._lock = threading.Lock()
        self._users = 0
        self._last_used = 0.0
        self._checker: threading.Timer | None = None

    @contextmanager
    def cursor(self) -> Iterator[OpenCorpus]:
        """A view of the corpus through a cursor of its own; ``WriterPending`` while an ingest writes."""
        with self._lock:
            writer = pending_writer(self.db)
            if writer is not None:
                self._close_unused()
                raise WriterPending(writer.what)
            if self._store is None:
                self._store = OpenCorpus(self.db, read_only=True).open()
                self._check_later()
            self._users += 1
            view = self._store.cursor()
        try:
            yield view
        finally:
            view.close()
            with self._lock:
                self._users -= 1
                self._last_used = time.monotonic()
                if pending_writer(self.db) is not None:
                    self._close_unused()

    def _check_later(self) -> None:
        every = WRITER_CHECK if self.idle < 0 else max(0.01, min(WRITER_CHECK, self.idle))
        self._checker = threading.Timer(every, self._check)
        self._checker.daemon = True
        self._checker.start()

    def _check(self) -> None:
        """Let go of the store when it has been idle long enough or an ingest waits for it; else look again."""
        with self._lock:
            self._checker = None
            if self._store is None:
                return
            idle = self._users == 0 and 0 <= self.idle <= time.monotonic() - self._last_used
            if idle or pending_writer(self.db) is not None:
                self._close_unused()
            if self._store is not None:
                self._check_later()

    def _close_unused(self) -> None:
        """Close the store if no request reads it (the lock held)."""
        if self._store is not None and self._users == 0:
            self._store.close()
            self._store = None

    def close(self) -> None:
        with self._lock:
            if self._checker is not None:
                self._checker.cancel()
                self._checker = None
            if self._store is not None:
                self._store.close()
                self._store = None
