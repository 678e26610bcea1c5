"""Parquet export: one file per table (documents, turns, exchanges, mentions, events)."""

from __future__ import annotations

from pathlib import Path

from communique.export.csv import copy_tables
from communique.store.base import Store


def write(store: Store, out: Path) -> list[Path]:
    """Write ``out/<table>.parquet`` for every table, typed (lists stay lists), zstd-compressed."""
    return copy_tables(store, out, "parquet", "FORMAT parquet, COMPRESSION zstd")
