"""CSV export: one file per table (documents, turns, exchanges, mentions, events), with a header.

Also holds ``copy_tables``, the table-per-file COPY that the Parquet exporter shares.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from communique.errors import ExportError, StoreError
from communique.export.rows import FORMULA_START, NUMBER
from communique.store.base import TABLES, Store

# Rows in document order, spans in text order, so two exports of one corpus
# are byte-identical and diff cleanly.
_ORDER = {"documents": "id"} | {t: "doc_id, idx" for t in TABLES if t != "documents"}
_STARTS = ", ".join(f"chr({ord(c)})" if not c.isprintable() else f"'{c}'" for c in FORMULA_START)

Columns = Callable[[duckdb.DuckDBPyConnection, str], str]


def write(store: Store, out: Path) -> list[Path]:
    """Write ``out/<table>.csv`` for every table; lists and JSON columns as their text form, and text a
    spreadsheet would run as a formula behind a quote (as ``export.rows.write_csv`` does)."""
    return copy_tables(store, out, "csv", "FORMAT csv, HEADER true", inert_columns)


def inert_columns(connection: duckdb.DuckDBPyConnection, table: str) -> str:
    """The columns of ``table`` for a CSV, each text column's formulas neutralised in SQL, so the
    COPY still streams: ``'=HYPERLINK(...)`` for ``=HYPERLINK(...)``, while ``-3`` stays a number."""
    number = NUMBER.replace("'", "''")
    columns = []
    for name, kind, *_ in connection.execute(f"DESCRIBE {table}").fetchall():
        column = '"' + name.replace('"', '""') + '"'
        if kind != "VARCHAR":
            columns.append(column)
            continue
        # The nested CASE runs the pattern only on the few cells that start like a formula.
        inert = f"CASE WHEN regexp_full_match({column}, '{number}') THEN {column} ELSE '''' || {column} END"
        columns.append(f"CASE WHEN left({column}, 1) IN ({_STARTS}) THEN {inert} ELSE {column} END AS {column}")
    return ", ".join(columns)


def copy_tables(store: Store, out: Path, extension: str, options: str, columns: Columns | None = None) -> list[Path]:
    """COPY each table to ``out/<table>.<extension>`` with DuckDB's own writer and ``options``; ``columns``
    gives the SELECT list of a table (default: every column as stored)."""
    connection = getattr(store, "connection", None)
    if connection is None:
        raise StoreError(f"{type(store).__name__} cannot export tables: it has no DuckDB connection")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        target = out / f"{table}.{extension}"
        selected = columns(connection, table) if columns else "*"
        query = f"SELECT {selected} FROM {table} ORDER BY {_ORDER[table]}"
        try:
            connection.execute(f"COPY ({query}) TO ? ({options})", [str(target)])
        except duckdb.Error as exc:
            raise ExportError(f"cannot write {target.name}: {exc}", str(out)) from None
        written.append(target)
    return written
