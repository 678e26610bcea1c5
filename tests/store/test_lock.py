"""The writer's announcement beside a store: seen while it writes, gone after, ignored when stale."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from communique.store.lock import announce_writer, intent_path, pending_writer


def test_a_writer_is_seen_while_it_writes_and_not_after(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    assert pending_writer(db) is None
    with announce_writer(db, "communique ingest"):
        writer = pending_writer(db)
        assert writer is not None and writer.what == "communique ingest"
    assert pending_writer(db) is None
    assert not intent_path(db).exists()


def test_the_announcement_of_a_dead_process_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    intent_path(db).write_text(json.dumps({"pid": int(done.stdout), "what": "ingest", "since": ""}))
    assert pending_writer(db) is None
