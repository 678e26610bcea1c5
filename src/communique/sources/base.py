"""The reader interface, format detection and the registry readers plug into."""

from __future__ import annotations

import importlib
import os.path
import re
from collections.abc import Callable
from dataclasses import dataclass

from communique.errors import UnsupportedFormat
from communique.model import RawDocument
from communique.settings import Settings
from communique.sources.profiles.engine import Profiles


@dataclass(frozen=True)
class ReadContext:
    """What a reader knows besides the bytes."""

    settings: Settings
    path: str | None = None
    url: str | None = None
    source: str | None = None
    profiles: Profiles | None = None  # the caller's (one's own folders too); else the packaged ones


Reader = Callable[[bytes, ReadContext], RawDocument]

_READERS: dict[str, Reader] = {}

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".xml": "xml",
}

_HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html|head|body|p|div)[\s>]", re.I)


def register_reader(fmt: str, reader: Reader) -> None:
    """Make ``reader`` the one used for ``fmt``; outside packages may do the same."""
    _READERS[fmt] = reader


_BUILTIN = {"text": "text", "html": "html", "markdown": "markdown", "pdf": "pdf", "xml": "xml"}


def reader_for(fmt: str) -> Reader:
    """The registered reader for ``fmt``; built-in readers are imported on first use."""
    if fmt not in _READERS and fmt in _BUILTIN:
        module = importlib.import_module(f"communique.sources.{_BUILTIN[fmt]}")
        register_reader(fmt, module.read)
    try:
        return _READERS[fmt]
    except KeyError:
        raise UnsupportedFormat(f"no reader for format {fmt!r}") from None


def _suffix(path: str) -> str:
    """The extension of ``path``, lower-cased (``os.path`` is a good deal cheaper than ``Path`` per file)."""
    return os.path.splitext(path)[1].lower()


def detect_format(data: bytes, path: str | None = None, url: str | None = None) -> str:
    """The format from content first (a PDF is a PDF whatever its name), then extension, then URL."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"---") and path and _suffix(path) in (".md", ".markdown"):
        return "markdown"
    if path:
        fmt = EXTENSIONS.get(_suffix(path))
        if fmt == "text" and _HTML_SNIFF.search(head):
            return "html"
        if fmt:
            return fmt
    if url:
        lowered = url.lower().split("?")[0]
        for ext, fmt in EXTENSIONS.items():
            if lowered.endswith(ext):
                return fmt
    if _HTML_SNIFF.search(head):
        return "html"
    if head.startswith(b"---\n") and b"\n---" in data[:8192]:
        return "markdown"
    return "text"
