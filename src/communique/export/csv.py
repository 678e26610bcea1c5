"""CSV export: one file per table (documents, turns, exchanges, mentions, events), with a header.

Also holds ``copy_tables``, the table-per-file COPY that the Parquet exporter shares.
"""

from __future__ import annotations

from pathlib import Path

from communique.errors import StoreError
from communique.store.base import TABLES, Store

# Rows in document order, spans in text order, so two exports of one corpus
# are byte-identical and diff cleanly.
_ORDER = {"documents": "id"} | {t: "doc_id, idx" for t in TABLES if t != "documents"}


def write(store: Store, out: Path) -> list[Path]:
    """Write ``out/<table>.csv`` for every table; lists and JSON columns as their text form."""
    return copy_tables(store, out, "csv", "FORMAT csv, HEADER true")


def copy_tables(store: Store, out: Path, extension: str, options: str) -> list[Path]:
    """COPY each table to ``out/<table>.<extension>`` with DuckDB's own writer and ``options``."""
    connection = getattr(store, "connection", None)
    if connection is None:
        raise StoreError(f"{type(store).__name__} cannot export tables: it has no DuckDB connection")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        target = out / f"{table}.{extension}"
        connection.execute(f"COPY (SELECT * FROM {table} ORDER BY {_ORDER[table]}) TO ? ({options})", [str(target)])
        written.append(target)
    return written
