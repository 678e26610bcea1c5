"""The pipeline object: settings, site profiles, lexicons and models loaded once, stages run in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from communique.errors import CommuniqueError, ParseError
from communique.model import Block, Document, RawDocument
from communique.settings import Settings
from communique.sources import Profiles, known_site, read_bytes, read_path
from communique.structure import Lexicon, build

if TYPE_CHECKING:
    from communique.events.coder import EventCoder
    from communique.nlp.annotate import Annotator


@dataclass
class Pipeline:
    """Reads, structures and (with ``nlp``) annotates documents. Build one per process and reuse it.

    Everything a stage needs (settings, profiles, label lexicon, the spaCy
    model, event patterns) is loaded here once and handed down; no stage
    keeps global state. The spaCy model is loaded on first use, so a
    structure-only pipeline never pays for it.

    Example::

        pipeline = Pipeline()
        doc = pipeline.parse_path("examples/mid.ru/1331-24-06-2022.txt")
        [e.type for e in doc.events]
    """

    settings: Settings = field(default_factory=Settings.load)
    profiles: Profiles = field(default_factory=Profiles.load)
    lexicon: Lexicon = field(default_factory=Lexicon.load)
    nlp: bool = True
    source: str | None = None  # the site of every document read, when the caller knows it
    # The trained trigger model (data/models/): proposes events the lexicon has no pattern for, drops lexicon
    # triggers it is sure report none. Off, the coder is the rules alone.
    trained_triggers: bool = True
    _annotator: Annotator | None = field(default=None, init=False, repr=False)
    _coder: EventCoder | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.source is not None:
            known_site(self.source, self.profiles)

    def structure(self, raw: RawDocument) -> Document:
        return build(raw, self.lexicon, self.profiles, self.settings)

    def parse_path(self, path: str | Path, fmt: str | None = None) -> Document:
        """Read, structure and annotate one file."""
        return self._finish(self.structure(read_path(path, self.settings, self.profiles, fmt=fmt, source=self.source)))

    def parse_bytes(
        self, data: bytes, path: str | None = None, url: str | None = None, fmt: str | None = None
    ) -> Document:
        """Read, structure and annotate one document held in memory."""
        raw = read_bytes(data, self.settings, self.profiles, path=path, url=url, fmt=fmt, source=self.source)
        return self._finish(self.structure(raw))

    def parse_many(self, items: Sequence[tuple[str | None, bytes]]) -> list[Document | CommuniqueError]:
        """Documents (or the error of each that fails) for (path, bytes) pairs, annotated in one batch."""
        results: list[Document | CommuniqueError] = []
        for path, data in items:
            try:
                raw = read_bytes(data, self.settings, self.profiles, path=path, source=self.source)
                results.append(self.structure(raw))
            except CommuniqueError as exc:
                results.append(exc)
        if self.nlp:
            docs = [r for r in results if isinstance(r, Document)]
            self.annotate(docs)
        return results

    def parse_text(self, text: str, date: str | None = None, doc_id: str | None = None) -> Document:
        """One unlabelled body with no header (a news snippet, a single sentence), annotated."""
        return self._finish(self.structure_text(text, date, doc_id))

    def structure_text(self, text: str, date: str | None = None, doc_id: str | None = None) -> Document:
        """``parse_text`` without annotation, for batching many texts through ``annotate``."""
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
        if not paragraphs:
            raise ParseError("no text to parse", doc_id)
        raw = RawDocument(
            blocks=[Block(p) for p in paragraphs],
            path=doc_id,
            format="text",
            doc_id=doc_id,
            date=date,
            header_in_text=False,
            labels_marked=True,
        )
        return self.structure(raw)

    def annotate(self, docs: Sequence[Document]) -> Sequence[Document]:
        """Fill mentions and events of structured documents, in one spaCy pass over all their turns."""
        if not docs:
            return docs
        annotator, coder = self._models()
        for analysis in annotator.analyse(docs):
            analysis.document.events = coder.code(analysis)
        return docs

    def _finish(self, doc: Document) -> Document:
        if self.nlp:
            self.annotate([doc])
        return doc

    def _models(self) -> tuple[Annotator, EventCoder]:
        if self._annotator is None or self._coder is None:
            from communique.events.coder import EventCoder
            from communique.events.triggers import TriggerModel
            from communique.nlp.annotate import Annotator

            model = TriggerModel.load() if self.trained_triggers else None
            self._annotator, self._coder = Annotator(), EventCoder(model=model)
        return self._annotator, self._coder
