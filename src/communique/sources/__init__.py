"""Readers: bytes of a text, HTML, Markdown or PDF file to a ``RawDocument``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from communique.errors import InputError
from communique.model import RawDocument
from communique.settings import Settings
from communique.sources.base import EXTENSIONS, ReadContext, detect_format, reader_for, register_reader
from communique.sources.profiles.engine import Profile, Profiles

__all__ = [
    "Profile",
    "Profiles",
    "ReadContext",
    "detect_format",
    "read_bytes",
    "read_path",
    "register_reader",
    "walk",
]


def read_bytes(
    data: bytes,
    settings: Settings,
    profiles: Profiles,
    path: str | None = None,
    url: str | None = None,
    fmt: str | None = None,
) -> RawDocument:
    """Read one document from memory; ``path`` and ``url`` only help routing."""
    fmt = fmt or detect_format(data, path, url)
    head = data[:4096].decode("utf-8", errors="ignore")
    profile = profiles.route(path=path, url=url, head=head)
    ctx = ReadContext(settings=settings, path=path, url=url, source=profile.name if profile else None)
    raw = reader_for(fmt)(data, ctx)
    raw.format = raw.format or fmt
    raw.source = raw.source or ctx.source
    if raw.source is None and raw.url:
        routed = profiles.route(url=raw.url)
        raw.source = routed.name if routed else None
    return raw


def read_path(path: str | Path, settings: Settings, profiles: Profiles, fmt: str | None = None) -> RawDocument:
    """Read one file."""
    path = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(settings.max_input_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path) from exc
    return read_bytes(data, settings, profiles, path=path, fmt=fmt)


def walk(paths: list[str | Path]) -> Iterator[str]:
    """Every readable file under the given files and folders, in a stable order.

    Files named explicitly are always yielded; inside folders only known
    extensions are, and hidden entries and a folder's own notes (README,
    LICENCE, LICENSE files) are skipped.
    """
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if _is_document(name):
                        yield str(Path(root) / name)
        else:
            yield str(p)


def _is_document(name: str) -> bool:
    stem = name.split(".", 1)[0].upper()
    if name.startswith(".") or stem in _NOTES:
        return False
    return Path(name).suffix.lower() in EXTENSIONS


# Files that describe a folder rather than hold a transcript.
_NOTES = frozenset({"README", "LICENCE", "LICENCES", "LICENSE", "LICENSES", "COPYING", "NOTICE", "CHANGELOG"})
