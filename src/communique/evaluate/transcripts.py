"""Scores the events coded in whole transcripts against exhaustive hand-coded gold.

Gold files
----------
JSON lines, one document a line (``gold/events/*.jsonl``; the format is in
``gold/events/README.md``): the document's ``id``, its ``input`` file (relative
to a root folder, by default the one holding ``corpus/``), its ``split``
(``train`` or ``validation``), and every event of every sentence, each with the
sentence as written, ``type`` (and the types ``also_acceptable``), ``status``,
``source`` and ``target`` actor codes and ``date``. The coding is exhaustive:
an event the coder finds where the gold has none is a false positive.

Matching
--------
Each gold sentence is found in the parsed document's text (whitespace, ``*``
and the form of quotes and apostrophes aside); a sentence that cannot be found
(the parser dropped or changed it) leaves its events missed. A predicted event
belongs to a gold sentence when their spans overlap. Within a sentence,
predicted and gold events are paired one to one, preferring pairs right in
type, source and target, then right in type. The coder's own types are
compared (the gold follows ``EVENTS.md``, whose types are the coder's).

Figures
-------
- event precision / recall: a predicted event is right when it pairs with a
  gold event of an acceptable type whose source and target overlap the
  predicted ones (two empty sides also overlap); also given for the type alone.
- per-field accuracy over the pairs right in type: source, target, status, date.
- confusion: gold type x predicted type over the pairs of a sentence, ``NONE``
  for an event left unpaired on either side.
Figures come for all documents and for the ``train`` and ``validation`` splits.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError, GoldError
from communique.evaluate import NONE, confusion_lines, corpus_root, side_by_side
from communique.evaluate.events import Counts
from communique.model import Document, Event

SPLITS = ("train", "validation")
_FIELDS = ("source", "target", "status", "date")
# Characters compared as another (typographic quotes as plain ones) or not at all (Markdown emphasis).
_SAME = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_IGNORED = frozenset("*")
_ROUND = 4


@dataclass(frozen=True)
class GoldSentenceEvent:
    """One hand-coded event of a transcript sentence."""

    sentence: str
    occurrence: int
    types: frozenset[str]
    type: str
    status: str
    source: frozenset[str]
    target: frozenset[str]
    date: str | None
    trigger: str | None = None  # the words that report it, as the coder wrote them


@dataclass
class TranscriptRecord:
    """A hand-coded document: where its file is and every event it reports."""

    id: str
    input: str
    split: str
    events: list[GoldSentenceEvent] = field(default_factory=list)


def load_transcript_gold(path: str | Path) -> list[TranscriptRecord]:
    """The records of one JSONL gold file, or of every ``*.jsonl`` file in a folder (by name)."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise GoldError(f"no transcript event gold at {path}")
    return [record for f in files for record in _records(f)]


def _records(path: Path) -> Iterator[TranscriptRecord]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            yield TranscriptRecord(
                data["id"], data["input"], data.get("split", "train"), [_gold_event(e) for e in data["events"]]
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldError(f"line {number}: not a transcript gold record ({exc})", str(path)) from exc


def _gold_event(data: dict[str, Any]) -> GoldSentenceEvent:
    return GoldSentenceEvent(
        sentence=data["sentence"],
        occurrence=int(data.get("occurrence", 1)),
        types=frozenset([data["type"], *data.get("also_acceptable", [])]),
        type=data["type"],
        status=data["status"],
        source=frozenset(data.get("source", [])),
        target=frozenset(data.get("target", [])),
        date=data.get("date"),
        trigger=data.get("trigger"),
    )


# --------------------------------------------------------------------------
# Finding sentences
# --------------------------------------------------------------------------


def _comparable(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs as one space and ignored characters left out, and each character's offset."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text.translate(_SAME)):
        if char in _IGNORED:
            continue
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        offsets.append(i)
    return "".join(chars), offsets


def locate(text: str, sentence: str, occurrence: int = 1) -> tuple[int, int] | None:
    """The span of the ``occurrence``-th appearance of ``sentence`` in ``text``, compared as ``_comparable``."""
    haystack, offsets = _comparable(text)
    needle = _comparable(sentence)[0].strip()
    at = -1
    for _ in range(max(1, occurrence)):
        at = haystack.find(needle, at + 1)
        if at < 0 or not needle:
            return None
    return offsets[at], offsets[at + len(needle) - 1] + 1


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


@dataclass
class TranscriptScores:
    """Figures over hand-coded transcripts; see the module docstring for the definitions."""

    documents: int = 0
    failed: list[str] = field(default_factory=list)
    gold_events: int = 0
    predicted_events: int = 0
    unlocated: int = 0
    right: int = 0
    right_type: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    parts: dict[str, TranscriptScores] = field(default_factory=dict)
    gold_path: str | None = None
    errors: list[str] = field(default_factory=list)  # of train documents alone (see errors_report)

    @property
    def strict(self) -> Counts:
        return Counts(self.right, self.predicted_events - self.right, self.gold_events - self.right)

    @property
    def typed(self) -> Counts:
        return Counts(self.right_type, self.predicted_events - self.right_type, self.gold_events - self.right_type)

    def field_accuracy(self, name: str) -> float:
        return self.fields[name] / self.right_type if self.right_type else 0.0

    def headline(self) -> dict[str, Any]:
        strict, typed = self.strict, self.typed
        return {
            "documents": self.documents,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "precision": round(strict.precision, _ROUND),
            "recall": round(strict.recall, _ROUND),
            "f1": round(strict.f1, _ROUND),
            "type_precision": round(typed.precision, _ROUND),
            "type_recall": round(typed.recall, _ROUND),
            **{f"{name}_accuracy": round(self.field_accuracy(name), _ROUND) for name in _FIELDS},
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold_path,
            **self.headline(),
            "unlocated_sentences": self.unlocated,
            "failed": self.failed,
            "parts": {name: part.headline() for name, part in self.parts.items()},
            "confusion": {g: dict(row) for g, row in self.confusion.items()},
        }

    def report(self) -> str:
        lines = [f"Events of whole transcripts: {self.gold_path or 'gold'} (the coder's own types)"]
        lines.append(f"gold events whose sentence was not found in the parse: {self.unlocated}")
        if self.failed:
            lines.append(f"documents that failed to parse: {', '.join(self.failed)}")
        parts = {"all": self, **self.parts}
        lines += ["", *side_by_side({name: part.headline() for name, part in parts.items()}, 22)]
        for name, part in self.parts.items():
            if part.documents:
                types = sorted({*part.confusion, *(c for row in part.confusion.values() for c in row)} - {NONE})
                title = f"confusion, {name} (rows gold, columns predicted)"
                lines += ["", *confusion_lines(part.confusion, types, title)]
        return "\n".join(lines)

    def errors_report(self) -> str:
        """What went wrong, event by event, in the train documents: the validation documents' errors are
        not listed, so that nobody tunes the coder on them."""
        return "\n".join(["Errors in the train documents (validation documents are not listed):", *self.errors])


def _codes(actors: Iterable[Any]) -> frozenset[str]:
    return frozenset(a.country for a in actors if a.country)


def _overlap(gold: frozenset[str], found: frozenset[str]) -> bool:
    return bool(gold & found) or not (gold or found)


def _quality(gold: GoldSentenceEvent, event: Event) -> int:
    """2: right in type, source and target; 1: right in type; 0: not."""
    if event.type not in gold.types:
        return 0
    sides = _overlap(gold.source, _codes(event.source)) and _overlap(gold.target, _codes(event.target))
    return 2 if sides else 1


def score_document(scores: TranscriptScores, record: TranscriptRecord, doc: Document) -> None:
    """Add one parsed document's events, compared with its gold, to ``scores``."""
    scores.documents += 1
    scores.gold_events += len(record.events)
    scores.predicted_events += len(doc.events)
    spans = [locate(doc.text, g.sentence, g.occurrence) for g in record.events]
    scores.unlocated += sum(span is None for span in spans)
    pairs = pair_events(record.events, spans, doc.events)
    listed = scores.errors if record.split == "train" else []
    for gi, pi in pairs:
        if _count_pair(scores, record.events[gi], doc.events[pi]) < 2:
            listed.append(f"{record.id}: wrong: {_gold_text(record.events[gi])} | coded {_found_text(doc.events[pi])}")
    paired_gold, paired_found = {g for g, _ in pairs}, {p for _, p in pairs}
    for i, gold in enumerate(record.events):
        if i not in paired_gold:
            scores.confusion[gold.type][NONE] += 1
            listed.append(f"{record.id}: missed: {_gold_text(gold)}")
    for i, event in enumerate(doc.events):
        if i not in paired_found:
            scores.confusion[NONE][event.type] += 1
            listed.append(f"{record.id}: extra: {_found_text(event)}")


def _gold_text(gold: GoldSentenceEvent) -> str:
    sides = f"{'+'.join(sorted(gold.source)) or '?'} -> {'+'.join(sorted(gold.target)) or '?'}"
    return f"{gold.type} {gold.status} {sides} {gold.date or '-'}: {gold.sentence}"


def _found_text(event: Event) -> str:
    sides = f"{'+'.join(sorted(_codes(event.source))) or '?'} -> {'+'.join(sorted(_codes(event.target))) or '?'}"
    return f"{event.type} {event.status} {sides} {event.date or '-'} ({event.trigger}): {' '.join(event.text.split())}"


def pair_events(
    gold: list[GoldSentenceEvent], spans: list[tuple[int, int] | None], found: list[Event]
) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) pairs of events in the same sentence, the best pairs first."""
    candidates = []
    for gi, (event, span) in enumerate(zip(gold, spans, strict=True)):
        if span is None:
            continue
        for pi, predicted in enumerate(found):
            if predicted.start < span[1] and span[0] < predicted.end:
                candidates.append((-_quality(event, predicted), gi, pi))
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_found: set[int] = set()
    for _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_found:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_found.add(pi)
    return pairs


def _count_pair(scores: TranscriptScores, gold: GoldSentenceEvent, event: Event) -> int:
    """Count one pair; its quality (see ``_quality``), and a pair right in all but status or date is 1."""
    scores.confusion[gold.type][event.type if event.type not in gold.types else gold.type] += 1
    quality = _quality(gold, event)
    if not quality:
        return 0
    scores.right_type += 1
    scores.right += quality == 2
    scores.fields["source"] += _overlap(gold.source, _codes(event.source))
    scores.fields["target"] += _overlap(gold.target, _codes(event.target))
    scores.fields["status"] += gold.status == event.status
    scores.fields["date"] += gold.date == event.date
    return quality if (gold.status, gold.date) == (event.status, event.date) else 1


def evaluate_transcripts(
    path: str | Path, parse: Callable[[Path], Document], root: str | Path | None = None
) -> TranscriptScores:
    """Parse every gold document's file (``input`` under ``root``) and score its events, whole and by split.

    ``root`` defaults to the nearest folder above the gold holding the inputs, else ``../shared``.
    """
    records = load_transcript_gold(path)
    base = Path(root) if root is not None else corpus_root(Path(path), records[0].input if records else None)
    scores = TranscriptScores(gold_path=str(path))
    scores.parts = {name: TranscriptScores() for name in SPLITS}
    for record in records:
        try:
            doc = parse(base / record.input)
        except CommuniqueError as exc:  # a document that cannot be parsed misses all its events
            scores.failed.append(f"{record.id} ({exc.code})")
            doc = Document(id=record.id, source=None, text="")
        for target in (scores, scores.parts.setdefault(record.split, TranscriptScores())):
            score_document(target, record, doc)
    return scores
