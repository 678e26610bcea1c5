"""Which communique made a stored document: the release plus a fingerprint of the code and data that parse.

A store records this beside each document, so an ingest after an upgrade (or
after editing a profile or lexicon) parses again what the old code made.

Example::

    pipeline_version()  # '0.1.0+3f9c2a1b'
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from communique import __version__

PACKAGE = Path(__file__).resolve().parent
# What turns bytes into a stored document. The CLI, web UI, analysis and export
# only read documents, so changing them leaves stored documents current.
PARSING = ("sources", "structure", "nlp", "events", "data", "model.py", "pipeline.py", "settings.py", "gazetteer.py")
_SKIP = {"__pycache__"}


@cache
def pipeline_version() -> str:
    """``release+fingerprint``, the fingerprint a short hash of every parsing file; computed once per process."""
    return f"{__version__}+{fingerprint(PACKAGE, PARSING)}"


def fingerprint(root: Path, names: tuple[str, ...]) -> str:
    """A short hash over the paths and bytes of the files under ``root`` named by ``names`` (files or folders)."""
    digest = hashlib.blake2b(digest_size=4)
    for path in sorted(_files(root, names)):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _files(root: Path, names: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = root / name
        candidates = path.rglob("*") if path.is_dir() else [path]
        found.extend(p for p in candidates if p.is_file() and not _SKIP.intersection(p.parts) and p.suffix != ".pyc")
    return found
