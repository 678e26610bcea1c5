"""Who is writing a store: a writer announces itself in a small file beside the DuckDB file.

DuckDB lets one process write a file only while no other process has it open,
even read-only. The web UI holds its read connection only while requests come
in; a writer (an ingest) that finds the file busy announces itself here, so the
UI lets go of the store at once and answers "an ingest is writing" until it is
done, instead of the two waiting on each other.

Example::

    with announce_writer("corpus.duckdb", "communique ingest"):
        ...  # open the store read-write, write, close
    pending_writer("corpus.duckdb")  # None again
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SUFFIX = ".writer"


@dataclass(frozen=True)
class Writer:
    """A process that writes (or waits to write) a store."""

    pid: int
    what: str
    since: str


def intent_path(db: str | Path) -> Path:
    """The announcement file of the store ``db``."""
    return Path(f"{db}{SUFFIX}")


@contextmanager
def announce_writer(db: str | Path, what: str) -> Iterator[None]:
    """Announce this process as the writer of ``db`` while the block runs; an in-memory store needs none."""
    if str(db) == ":memory:":
        yield
        return
    path = intent_path(db)
    record = {"pid": os.getpid(), "what": what, "since": datetime.now(UTC).isoformat(timespec="seconds")}
    try:
        path.write_text(json.dumps(record), encoding="utf-8")
    except OSError:
        yield  # a read-only folder: the writer cannot announce itself, and will simply wait longer
        return
    try:
        yield
    finally:
        writer = pending_writer(db)
        if writer is not None and writer.pid == os.getpid():
            path.unlink(missing_ok=True)


def pending_writer(db: str | Path) -> Writer | None:
    """The process announced as writing ``db``, if it is still alive; a stale announcement is ignored."""
    try:
        record = json.loads(intent_path(db).read_text(encoding="utf-8"))
        writer = Writer(int(record["pid"]), str(record.get("what", "")), str(record.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return writer if alive(writer.pid) else None


def alive(pid: int) -> bool:
    """Whether a process with this id exists (of any user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
