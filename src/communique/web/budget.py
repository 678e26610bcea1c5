"""A time budget and a cap on concurrent queries for the web UI, so no query can hold the server.

Each page's query runs in a worker thread through a cursor of its own. At
most ``slots`` run at once (two per core: queries are CPU bound, but a page
also waits on Python between DuckDB's calls; more at once only makes each
slower); up to ``queue`` more wait, on the event loop and holding no thread,
up to ``wait`` seconds for a slot, and any beyond are told at once that the
server is busy. A query still running after ``seconds`` is interrupted
(``cursor.interrupt()``) and its page says it took too long; its slot is free
again when its thread has stopped.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
import anyio.from_thread
import anyio.lowlevel
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
    slots: int = field(default_factory=lambda: 2 * (os.cpu_count() or 1))
    queue: int = 256
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

    def expire(self) -> bool:
        """Stop the job; whether it had not started (its slot is then the caller's to free)."""
        with self._lock:
            self._expired = True
            if self._view is not None:
                self._view.interrupt()
            return not self._started


class Gate:
    """Runs queries within ``limits``: ``await gate.run(open_cursor, work)``."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._slots: anyio.Semaphore | None = None  # made on the event loop, at the first query
        self._threads: anyio.CapacityLimiter | None = None  # as many threads as slots, whatever anyio's default
        self._waiting = 0  # touched on the event loop only

    async def run(self, open_cursor: Callable[[], Any], work: Callable[[Any], T]) -> T:
        """``work(view)`` in a worker thread, ``view`` from the context manager ``open_cursor()``."""
        slots = await self._take_slot()
        token = anyio.lowlevel.current_token()
        job = _Job(open_cursor, work, lambda: _release_from_thread(slots, token))
        try:
            with anyio.fail_after(self.limits.seconds):
                return await anyio.to_thread.run_sync(  # type: ignore[no-any-return]
                    job.run, abandon_on_cancel=True, limiter=self._threads
                )
        except TimeoutError:
            if job.expire():
                slots.release()  # the thread will not run it
            raise TooSlow() from None

    async def _take_slot(self) -> anyio.Semaphore:
        if self._slots is None:
            self._slots = anyio.Semaphore(self.limits.slots)
            self._threads = anyio.CapacityLimiter(self.limits.slots)
        if self._slots.value == 0 and self._waiting >= self.limits.queue:
            raise Busy()
        self._waiting += 1
        try:
            with anyio.move_on_after(self.limits.wait):
                await self._slots.acquire()
                return self._slots
        finally:
            self._waiting -= 1
        raise Busy()


def _release_from_thread(slots: anyio.Semaphore, token: Any) -> None:
    """Free a slot from a worker thread (the semaphore belongs to the event loop)."""
    with contextlib.suppress(RuntimeError):  # the server has stopped: nobody waits for the slot
        anyio.from_thread.run_sync(slots.release, token=token)
