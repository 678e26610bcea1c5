"""The pipeline object: settings, site profiles and lexicons loaded once, stages run in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from communique.model import Document, RawDocument
from communique.settings import Settings
from communique.sources import Profiles, read_bytes, read_path
from communique.structure import Lexicon, build


@dataclass
class Pipeline:
    """Reads and structures documents. Build one per process and reuse it.

    Everything a stage needs (settings, profiles, label lexicon) is loaded
    here once and handed down; no stage keeps global state.
    """

    settings: Settings = field(default_factory=Settings.load)
    profiles: Profiles = field(default_factory=Profiles.load)
    lexicon: Lexicon = field(default_factory=Lexicon.load)

    def structure(self, raw: RawDocument) -> Document:
        return build(raw, self.lexicon, self.profiles, self.settings)

    def parse_path(self, path: str | Path, fmt: str | None = None) -> Document:
        """Read and structure one file."""
        return self.structure(read_path(path, self.settings, self.profiles, fmt=fmt))

    def parse_bytes(
        self, data: bytes, path: str | None = None, url: str | None = None, fmt: str | None = None
    ) -> Document:
        """Read and structure one document held in memory."""
        return self.structure(read_bytes(data, self.settings, self.profiles, path=path, url=url, fmt=fmt))
