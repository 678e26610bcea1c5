"""Exporters: a stored corpus written out as JSON Lines, CSV, Parquet or TEI XML.

Each exporter is a function ``(store, out) -> list[Path]`` registered by
format name; an outside package may register more with ``register_exporter``.
An exporter writes into a fresh temporary folder beside the target; ``export``
moves the result into place, so no exporter leaves half a file behind.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from communique.errors import ExportError, UnsupportedFormat
from communique.store.base import Store

Exporter = Callable[[Store, Path], list[Path]]
# The formats written as one file (``out``); the others fill the folder ``out``.
_ONE_FILE = {"jsonl"}

_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(fmt: str, exporter: Exporter) -> None:
    """Make ``exporter`` the one used for ``fmt``."""
    _EXPORTERS[fmt] = exporter


def formats() -> list[str]:
    """The export formats known, built-in ones included."""
    _load_builtin_exporters()
    return sorted(_EXPORTERS)


def export(store: Store, fmt: str, out: str | Path, force: bool = False) -> list[Path]:
    """Write every stored document to ``out`` in ``fmt``; return the files written.

    ``jsonl`` writes one file (``out``), one document per line; ``csv`` and
    ``parquet`` write one file per table into the folder ``out``; ``tei``
    one XML file per document into the folder ``out``. ``out`` must not exist
    (or be an empty folder) unless ``force``, which replaces the files of the
    same names. Nothing is left behind when the export fails.

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
    out = Path(out)
    one_file = fmt in _ONE_FILE
    _check_target(out, one_file, force)
    # A folder of its own beside ``out`` (same file system, so moving it is a rename), made as any
    # folder is (mode by the umask), hidden, and named for the process that writes it.
    partial = out.parent / f".{out.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.partial"
    try:
        partial.mkdir(parents=True)
    except OSError as exc:
        raise ExportError(f"cannot write here: {exc.strerror or exc}", str(out)) from None
    try:
        written = exporter(store, partial / out.name if one_file else partial)
        return _move(partial, written, out, one_file)
    except OSError as exc:
        raise ExportError(f"the export failed: {exc.strerror or exc}", str(out)) from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _check_target(out: Path, one_file: bool, force: bool) -> None:
    """Refuse a target in the way: a folder where a file goes or the reverse, or, unless ``force``,
    anything already there but an empty folder."""
    if one_file and out.is_dir():
        raise ExportError("is a folder: this format writes one file; name the file", str(out))
    if not one_file and out.exists() and not out.is_dir():
        raise ExportError("is a file: this format writes a folder of files; name a folder", str(out))
    if force or not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return
    raise ExportError("already exists: export to a new name, or --force to write over it", str(out))


def _move(partial: Path, written: list[Path], out: Path, one_file: bool) -> list[Path]:
    """Move what was written in ``partial`` to ``out``: the folder at once when ``out`` is new or empty,
    else file by file, each replacing its namesake."""
    if one_file:
        os.replace(written[0], out)
        return [out]
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
    if not out.exists():
        os.replace(partial, out)
    else:
        for path in written:
            os.replace(path, out / path.relative_to(partial))
    return [out / path.relative_to(partial) for path in written]


def _load_builtin_exporters() -> None:
    # Imported here, not at the top, so the registry can be filled before the
    # built-ins and an outside exporter for the same name is not overwritten.
    from communique.export import csv, jsonl, parquet, tei

    builtin = (("jsonl", jsonl.write), ("csv", csv.write), ("parquet", parquet.write), ("tei", tei.write))
    for fmt, exporter in builtin:
        _EXPORTERS.setdefault(fmt, exporter)
