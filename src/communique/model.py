"""The data model: the one place that defines the JSON shape of a parsed document.

Every stage passes these dataclasses on; ``to_dict``/``from_dict`` live here and
nowhere else. Offsets (``start``/``end``) always index into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

TURN_KINDS = ("statement", "question", "answer", "remark", "narration")
ROLES = ("official", "journalist", "moderator", "other")
FORMATS = ("text", "html", "markdown", "pdf")


def _pick(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """Keep only the keys ``cls`` knows, so newer JSON still loads."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


# --------------------------------------------------------------------------
# What a reader hands to the structure stage
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    """One paragraph of a source, whitespace already collapsed.

    ``label`` is set only when the markup itself marks a speaker label (bold
    ``<b>Name:</b>``, a PDF speaker line); ``text`` then no longer holds it.
    """

    text: str
    label: str | None = None


@dataclass
class RawDocument:
    """A source document as read: paragraphs plus what its markup says.

    ``labels_marked`` means the reader has found every speaker label it could
    from markup, so the structure stage must not guess more from the text
    (except the rule that a paragraph opening with a label the page already
    uses is a label too). ``header_in_text`` means the first blocks may be a
    header in the seed's layout (time line, title line, number line).
    """

    blocks: list[Block]
    path: str | None = None
    format: str = "text"
    source: str | None = None
    url: str | None = None
    doc_id: str | None = None
    title: str | None = None
    date: str | None = None
    time: str | None = None
    place: str | None = None
    number: str | None = None
    kind: str | None = None
    language: str | None = None
    participants: list[Participant] = field(default_factory=list)
    labels_marked: bool = False
    header_in_text: bool = True
    content_hash: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------
# The parsed document
# --------------------------------------------------------------------------


@dataclass
class Participant:
    """A person the title, lead or record names as taking part."""

    name: str
    role: str | None = None
    affiliation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Participant:
        return cls(**_pick(cls, data))


@dataclass
class Turn:
    """One speaker turn: a span of ``Document.text``."""

    index: int
    speaker_label: str | None
    speaker: str | None
    role: str
    kind: str
    start: int
    end: int
    text: str
    affiliation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        return cls(**_pick(cls, data))


@dataclass
class Exchange:
    """A question (one or more turns) and the answer turns after it."""

    question: list[int]
    answer: list[int]
    asker: str | None = None
    answerer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Exchange:
        return cls(**_pick(cls, data))


@dataclass
class Actor:
    """A normalised actor: ISO alpha-3 country or organisation code, sector, person."""

    country: str | None = None
    sector: str | None = None
    name: str | None = None

    def text(self) -> str:
        """The actor as tables show it: "RUS GOV Sergey Lavrov"."""
        return " ".join(part for part in (self.country, self.sector, self.name) if part)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(**_pick(cls, data))


@dataclass
class Mention:
    """An entity mention: a span of ``Document.text`` with its actor.

    A date mention (``label`` DATE) carries its resolved ISO ``value``
    ("2022-06-23", "2022-06", "2022-06-13/2022-06-19"); others have none.
    """

    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None
    turn: int | None = None
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["actor"] = self.actor.to_dict() if self.actor else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        data = _pick(cls, data)
        actor = data.get("actor")
        data["actor"] = Actor.from_dict(actor) if actor else None
        return cls(**data)


@dataclass
class Event:
    """A coded PLOVER event reported in one sentence; ``role`` is the reporting turn's
    (``journalist`` for an event a question reports)."""

    type: str
    status: str
    start: int
    end: int
    text: str
    mode: str | None = None
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    place: str | None = None
    trigger: str | None = None
    turn: int | None = None
    speaker: str | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["source"] = [a.to_dict() for a in self.source]
        data["target"] = [a.to_dict() for a in self.target]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        data = _pick(cls, data)
        data["source"] = [Actor.from_dict(a) for a in data.get("source", [])]
        data["target"] = [Actor.from_dict(a) for a in data.get("target", [])]
        return cls(**data)


@dataclass
class Document:
    """A parsed transcript. It owns ``text``; turns, mentions and events index into it."""

    id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    kind: str | None = None
    date: str | None = None
    time: str | None = None
    place: str | None = None
    number: str | None = None
    language: str | None = "en"
    participants: list[Participant] = field(default_factory=list)
    text: str = ""
    turns: list[Turn] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    format: str | None = None
    path: str | None = None
    content_hash: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "kind": self.kind,
            "date": self.date,
            "time": self.time,
            "place": self.place,
            "number": self.number,
            "language": self.language,
            "participants": [p.to_dict() for p in self.participants],
            "text": self.text,
            "turns": [t.to_dict() for t in self.turns],
            "exchanges": [e.to_dict() for e in self.exchanges],
            "mentions": [m.to_dict() for m in self.mentions],
            "events": [e.to_dict() for e in self.events],
            "format": self.format,
            "path": self.path,
            "content_hash": self.content_hash,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        data = _pick(cls, data)
        data["participants"] = [Participant.from_dict(p) for p in data.get("participants", [])]
        data["turns"] = [Turn.from_dict(t) for t in data.get("turns", [])]
        data["exchanges"] = [Exchange.from_dict(e) for e in data.get("exchanges", [])]
        data["mentions"] = [Mention.from_dict(m) for m in data.get("mentions", [])]
        data["events"] = [Event.from_dict(e) for e in data.get("events", [])]
        return cls(**data)
