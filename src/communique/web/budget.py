"""A time budget and a cap on concurrent queries for the web UI, so no query can hold the server.

Each page's query runs in a worker thread through a cursor of its own. At
most ``slots`` run at once (one per core: DuckDB and the concordance are CPU
bound, more at once only makes each slower); up to ``queue`` more wait up to
``wait`` seconds for a slot, and any beyond are told at once that the server
is busy. A query still running after ``seconds`` is interrupted
(``cursor.interrupt()``) and its page says it took too long; its slot is free
again when its thread has stopped.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


class Busy(Exception):
    """Every slot is taken and the queue is full (or waiting for a slot took too long)."""


class TooSlow(Exception):
    """The query ran past its time budget and was interrupted."""


@dataclass(frozen=True)
class Limits:
    """How long a page's query may run, and how many run and wait at once."""

    seconds: float = 10.0
    slots: int = field(default_factory=lambda: os.cpu_count() or 1)
    queue: int = field(default_factory=lambda: 8 * (os.cpu_count() or 1))
    wait: float = 5.0


class _Job:
    """One query in its thread: ``run`` opens a cursor, does the work and frees the slot; ``expire``
    (from the event loop) interrupts the cursor, or cancels the job before it starts."""

    def __init__(self, open_cursor: Callable[[], Any], work: Callable[[Any], T], release: Callable[[], None]) -> None:
        self._open, self._work, self._release = open_cursor, work, release
        self._lock = threading.Lock()
        self._started = self._expired = False
        self._view: Any = None

    def run(self) -> Any:
        with self._lock:
            if self._expired:
                raise TooSlow()
            self._started = True
        try:
            with self._open() as view:
                with self._lock:
                    if self._expired:
                        raise TooSlow()
                    self._view = view
                try:
                    return self._work(view)
                finally:
                    with self._lock:
                        self._view = None
        finally:
            self._release()

    def expire(self) -> None:
        with self._lock:
            self._expired = True
            if self._view is not None:
                self._view.interrupt()
            elif not self._started:
                self._release()  # the thread will not run it


class Gate:
    """Runs queries within ``limits``: ``await gate.run(open_cursor, work)``."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._slots = threading.BoundedSemaphore(self.limits.slots)
        self._waiting = 0  # touched on the event loop only

    async def run(self, open_cursor: Callable[[], Any], work: Callable[[Any], T]) -> T:
        """``work(view)`` in a worker thread, ``view`` from the context manager ``open_cursor()``."""
        await self._take_slot()
        job = _Job(open_cursor, work, self._slots.release)
        try:
            with anyio.fail_after(self.limits.seconds):
                return await anyio.to_thread.run_sync(job.run, abandon_on_cancel=True)  # type: ignore[no-any-return]
        except TimeoutError:
            job.expire()
            raise TooSlow() from None

    async def _take_slot(self) -> None:
        if self._slots.acquire(blocking=False):
            return
        if self._waiting >= self.limits.queue:
            raise Busy()
        self._waiting += 1
        try:
            got = await anyio.to_thread.run_sync(self._slots.acquire, True, self.limits.wait, abandon_on_cancel=True)
        finally:
            self._waiting -= 1
        if not got:
            raise Busy()
