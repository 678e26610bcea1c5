"""Readers: bytes of a text, HTML, Markdown or PDF file to a ``RawDocument``."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from communique.errors import InputError, InputTooLarge
from communique.model import RawDocument
from communique.settings import Settings
from communique.sources.base import EXTENSIONS, ReadContext, detect_format, reader_for, register_reader
from communique.sources.profiles.engine import Profile, Profiles

__all__ = [
    "Profile",
    "Profiles",
    "ReadContext",
    "detect_format",
    "known_site",
    "read_bytes",
    "read_file",
    "read_path",
    "register_reader",
    "walk",
]


def known_site(name: str, profiles: Profiles) -> str:
    """``name`` if a profile has it; else an ``InputError`` that lists the sites there are."""
    if profiles.get(name) is None:
        known = ", ".join(p.name for p in profiles.items)
        raise InputError(f"unknown site {name!r}: the known sites are {known}")
    return name


def read_bytes(
    data: bytes,
    settings: Settings,
    profiles: Profiles,
    path: str | None = None,
    url: str | None = None,
    fmt: str | None = None,
    source: str | None = None,
) -> RawDocument:
    """Read one document from memory; ``path`` and ``url`` only help routing.

    ``source`` names the site when the caller knows it; else it is found from the
    URL, a folder named after the site, or the text (see ``Profiles.route``).
    """
    fmt = fmt or detect_format(data, path, url)
    profile = profiles.get(source) if source else None
    if profile is None:
        profile = profiles.route(path=path, url=url, head=data[:4096].decode("utf-8", errors="ignore"))
    ctx = ReadContext(
        settings=settings, path=path, url=url, source=profile.name if profile else None, profiles=profiles
    )
    raw = reader_for(fmt)(data, ctx)
    raw.format = raw.format or fmt
    raw.source = raw.source or ctx.source
    if raw.source is None and raw.url:
        routed = profiles.route(url=raw.url)
        raw.source = routed.name if routed else None
    return raw


def read_path(
    path: str | Path, settings: Settings, profiles: Profiles, fmt: str | None = None, source: str | None = None
) -> RawDocument:
    """Read one file (``source``: its site, when the caller knows it)."""
    path = str(path)
    data = read_file(path, settings.max_input_bytes)
    return read_bytes(data, settings, profiles, path=path, fmt=fmt, source=source)


def read_file(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ``InputError`` for anything else.

    A named pipe, socket or device is refused before it is read, and opened
    (if at all) without blocking, so such a path never hangs a run.
    """
    path = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path) from exc
    with open(fd, "rb") as handle:
        mode, size = _mode_and_size(handle.fileno(), path)
        if not stat.S_ISREG(mode):
            raise InputError(f"not read: {_kind(mode)}, not a regular file", path)
        if size > max_bytes:
            raise InputTooLarge(
                f"file of {size:,} bytes exceeds the limit of {max_bytes:,} bytes (max_input_bytes in settings)", path
            )
        try:
            # One byte over the limit is enough for the reader to refuse a file that grew since.
            return handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", path) from exc


def _mode_and_size(fd: int, path: str) -> tuple[int, int]:
    try:
        info = os.fstat(fd)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path) from exc
    return info.st_mode, info.st_size


def walk(paths: list[str | Path], skipped: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """Every file to read under the given files and folders, in a stable order.

    Files named explicitly are always yielded (the reader says why one cannot
    be read); inside folders only regular files of known extensions are, and
    hidden entries and a folder's own notes (README, LICENCE, LICENSE files)
    are left out. Symbolic links to folders are followed, each folder once.
    What is passed over for another reason (a named pipe, socket or device, a
    broken link, an unreadable folder, a link back to a folder already walked)
    is appended to ``skipped`` as (path, reason).
    """
    skipped = [] if skipped is None else skipped
    seen: set[tuple[int, int]] = set()
    for given in paths:
        path = str(given)
        if os.path.isdir(path):
            yield from _walk_folder(path, skipped, seen)
        else:
            yield path


def _walk_folder(top: str, skipped: list[tuple[str, str]], seen: set[tuple[int, int]]) -> Iterator[str]:
    """Files first, then sub-folders, each sorted by name, depth first (as ``os.walk``)."""
    stack = [top]
    while stack:
        folder = stack.pop()
        if not _first_visit(folder, skipped, seen):
            continue
        try:
            with os.scandir(folder) as scan:
                entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            skipped.append((folder, f"cannot read the folder: {exc.strerror or exc}"))
            continue
        folders: list[str] = []
        for entry in entries:
            kind = _entry_kind(entry)
            if kind == "folder":
                folders.append(entry.path)
            elif _is_document(entry.name):
                if kind == "file":
                    yield entry.path
                else:
                    skipped.append((entry.path, kind))
        stack.extend(reversed(folders))


def _first_visit(folder: str, skipped: list[tuple[str, str]], seen: set[tuple[int, int]]) -> bool:
    """Whether ``folder`` is walked for the first time (a link back to one already walked is a loop)."""
    try:
        info = os.stat(folder)
    except OSError as exc:
        skipped.append((folder, f"cannot read the folder: {exc.strerror or exc}"))
        return False
    key = (info.st_dev, info.st_ino)
    if key in seen:
        skipped.append((folder, "a folder already walked (a link loop, or a second way to it)"))
        return False
    seen.add(key)
    return True


def _entry_kind(entry: os.DirEntry[str]) -> str:
    """``folder``, ``file`` (regular), or why the entry is not read."""
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
        return f"{_kind(os.stat(entry.path).st_mode)}, not a regular file"
    except OSError as exc:
        if entry.is_symlink() and isinstance(exc, FileNotFoundError):
            return "a broken symbolic link"
        return f"cannot read it: {exc.strerror or exc}"


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a special file"


def _is_document(name: str) -> bool:
    stem = name.split(".", 1)[0].upper()
    if name.startswith(".") or stem in _NOTES:
        return False
    return Path(name).suffix.lower() in EXTENSIONS


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
# Opening without blocking: a named pipe opened to be read would otherwise wait for a writer.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)

# Files that describe a folder rather than hold a transcript.
_NOTES = frozenset({"README", "LICENCE", "LICENCES", "LICENSE", "LICENSES", "COPYING", "NOTICE", "CHANGELOG"})
