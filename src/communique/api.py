"""The Python API: every CLI command is one call here, just as usable from a notebook.

Example::

    from communique import api
    doc = api.parse_file("examples/mid.ru/1331-24-06-2022.txt")
    print(doc.turns[1].speaker_label, doc.exchanges[0].answerer)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError
from communique.model import Document
from communique.pipeline import Pipeline
from communique.store.base import DocumentRow
from communique.store.duckdb import DEFAULT_PATH, DuckDBStore


@dataclass(frozen=True)
class ParseOutcome:
    """One file of a batch parse: its document, or the error that stopped it."""

    path: str
    document: Document | None = None
    error: CommuniqueError | None = None


def parse_file(path: str | Path, pipeline: Pipeline | None = None, fmt: str | None = None) -> Document:
    """Read and structure one file (text, HTML, Markdown or PDF) without storing it."""
    return (pipeline or Pipeline()).parse_path(path, fmt=fmt)


def parse_files(paths: Iterable[str | Path], pipeline: Pipeline | None = None) -> Iterator[ParseOutcome]:
    """Parse files in the order given; a file that fails yields its error and the rest go on."""
    pipeline = pipeline or Pipeline()
    for path in paths:
        try:
            yield ParseOutcome(str(path), document=pipeline.parse_path(path))
        except CommuniqueError as exc:
            yield ParseOutcome(str(path), error=exc)


def ingest(paths: Iterable[str | Path], db: str | Path = DEFAULT_PATH, workers: int = 1, progress: Any = None) -> Any:
    """Parse files and folders into the store; returns an ``IngestSummary``. Re-running skips unchanged files."""
    from communique.engines.local import ingest as run

    # With worker processes on every core, one DuckDB thread writes at least as
    # fast and leaves the cores to the parsers.
    with DuckDBStore(db, threads=1 if workers > 1 else None) as store:
        return run([str(p) for p in paths], store, workers=workers, progress=progress)


def show(doc_id: str, db: str | Path = DEFAULT_PATH) -> Document:
    """One stored document, as parsed."""
    with DuckDBStore(db, read_only=True) as store:
        return store.get(doc_id)


def list_documents(
    db: str | Path = DEFAULT_PATH,
    source: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[DocumentRow]:
    """Stored documents, newest first, filtered by source and date range."""
    with DuckDBStore(db, read_only=True) as store:
        return list(store.list(source=source, date_from=date_from, date_to=date_to))


def export(fmt: str, out: str | Path, db: str | Path = DEFAULT_PATH) -> list[Path]:
    """Write the corpus as JSONL (one file) or CSV / Parquet (one file per table); returns the files."""
    from communique.export import export as run

    with DuckDBStore(db, read_only=True) as store:
        return run(store, fmt, Path(out))


def evaluate_structure(gold: str | Path, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Score the structure stage on a gold JSONL file (rules of the gold README)."""
    from communique.evaluate.structure import evaluate_structure as run

    pipeline = pipeline or Pipeline()
    return run(gold, pipeline.parse_path)
