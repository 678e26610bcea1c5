"""Exporters: a stored corpus written out as JSON Lines, CSV, Parquet or TEI XML.

Each exporter is a function ``(store, out) -> list[Path]`` registered by
format name; an outside package may register more with ``register_exporter``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from communique.errors import UnsupportedFormat
from communique.store.base import Store

Exporter = Callable[[Store, Path], list[Path]]

_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(fmt: str, exporter: Exporter) -> None:
    """Make ``exporter`` the one used for ``fmt``."""
    _EXPORTERS[fmt] = exporter


def formats() -> list[str]:
    """The export formats known, built-in ones included."""
    _load_builtin_exporters()
    return sorted(_EXPORTERS)


def export(store: Store, fmt: str, out: str | Path) -> list[Path]:
    """Write every stored document to ``out`` in ``fmt``; return the files written.

    ``jsonl`` writes one file (``out``), one document per line; ``csv`` and
    ``parquet`` write one file per table into the folder ``out``; ``tei``
    one XML file per document into the folder ``out``.

    Example::

        with DuckDBStore("corpus.duckdb") as store:
            export(store, "parquet", "out/")
    """
    _load_builtin_exporters()
    try:
        exporter = _EXPORTERS[fmt]
    except KeyError:
        known = ", ".join(sorted(_EXPORTERS))
        raise UnsupportedFormat(f"no exporter for format {fmt!r} (known: {known})") from None
    return exporter(store, Path(out))


def _load_builtin_exporters() -> None:
    # Imported here, not at the top, so the registry can be filled before the
    # built-ins and an outside exporter for the same name is not overwritten.
    from communique.export import csv, jsonl, parquet, tei

    builtin = (("jsonl", jsonl.write), ("csv", csv.write), ("parquet", parquet.write), ("tei", tei.write))
    for fmt, exporter in builtin:
        _EXPORTERS.setdefault(fmt, exporter)
