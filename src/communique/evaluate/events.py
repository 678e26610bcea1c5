"""Scores PLOVER event coding against the PLOVER and PETRARCH-2 gold standard records.

Gold files
----------
Two formats are read into one shape, a list of :class:`EventRecord` (a sentence
with its date and the :class:`GoldEvent` list it should yield):

- PLOVER GSR JSON (``plover-gsr-*.json``): a JSON array of records, one event
  each; the documentation record (``"event": "DOCUMENT"``) is skipped. Actor
  ``code`` fields give the countries; ``source``/``target`` may be missing, an
  empty string or a stray word (``"diplomatic"``), all read as no actor. Their
  dates are a placeholder (2000-01-01) and are passed on as written. The gold
  is read as written: nothing is added to a side the record leaves empty.
- PETRARCH-2 validation XML: not well-formed (``<Sentence .../>`` closes itself
  and a stray ``</Sentence>`` follows), so it is read with patterns, not an XML
  parser. Each ``<Sentence>`` gives id, ``date`` (``YYYYMMDD``; anything else
  becomes ``None``) and ``<Text>``; each ``<EventCoding eventcode=... sourcecode=...
  targetcode=...>`` one coding, ``<EventCoding noevents="True"/>`` none.
  Sentences marked ``evaluate="false"`` are skipped. CAMEO codes map to PLOVER by
  ``data/cameo_plover.csv`` (from CAMEO2PLOVER-2021), trying the code's first 4,
  then 3, then 2 digits. Phoenix actor codes keep their first three letters when
  those are an ISO alpha-3 country (``RUSGOV`` -> ``RUS``); ``IGO...`` codes
  become ``UN``, ``EU``, ``OSCE``, ``NATO``, ``CIS`` where recognised, else ``IGO``;
  anything else (``---REB``, ``IMGMUSISI``) names no country. Codings of one
  sentence that map to the same PLOVER type are merged into one gold event whose
  sources and targets are the union of theirs: PETRARCH writes a joint act as
  one dyad per direction (``BRA>USA``, ``USA>BRA``), communique as one event with
  actor lists, as the PLOVER records do.

Types
-----
Gold types become the 16 POLECAT types of :data:`POLECAT_TYPES`; the 2021 PLOVER
names are folded in (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT
-> ASSAULT). A gold coding that maps to none of them (CAMEO 01 "make public
statement" and 02 "appeal", which PLOVER drops; an unknown PLOVER type) is left out
of the record's events and listed in ``EventRecord.dropped``; a record left with no
event is scored as one where no event is expected, because a PLOVER coder should
code nothing there. The report prints how many records lost a coding this way.

The coder's output is scored in one view, the same for every gold file: by
default the PLOVER view (``EventLexicon.codebook_type``: a signed or ratified
agreement SUPPORT, a promised cooperative act AGREE, as the PLOVER manual
writes them), or with ``view="native"`` the coder's own types. Organisations
are compared as ``IGO`` on both sides of every file, because the PLOVER records
can name no other organisation code.

Parts
-----
Each record belongs to the tuning or the validation part of its file, by the
last hex digit of ``sha1`` of its sentence (``0``-``9`` tuning, ``a``-``f``
validation), a split that no rule of the coder can see. Every figure is
reported for the whole file and for each part; rules are tuned on the tuning
part only, and a gap between the parts is a defect to report.

Matching
--------
Per record, predicted events are paired one-to-one with gold events in two rounds:
first events of the same type, the pair with the most shared source plus target
countries first (ties in order); then each gold event still unpaired takes the
first predicted event still unpaired, whatever its type, so that a wrong type
shows in the confusion table.

Figures (all micro-averaged over records)
-----------------------------------------
- event-type accuracy: gold events whose paired predicted event has the gold's
  type, over gold events; an unpaired gold event is wrong (predicted ``NONE``).
- event recall: gold events paired with a predicted event of the same type, over
  gold events. Under the one-to-one matching above this equals the type
  accuracy; both are given because PLOVER and PETRARCH each report theirs.
- event precision: predicted events paired with a gold event of the same type,
  over predicted events; F1 their harmonic mean.
- false positives per record: predicted events not paired with a gold event of
  the same type, over records.
- source and target country precision, recall, F1: for every pair of the same
  type, the predicted and gold sets of country codes of that side give true
  positives (in both), false positives (predicted only) and false negatives (gold
  only); a predicted event not paired with a gold event of its type adds its
  codes as false positives, a gold event not so paired its codes as false
  negatives: a country counts only within a matched event.
- confusion: gold type x predicted type, ``NONE`` for a gold event left unpaired
  (column) or a predicted event left unpaired (row).
- records with the right types: records whose predicted types, counted with
  repeats, equal the gold's (so a record expecting no event needs no prediction).
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from communique.errors import GoldError
from communique.evaluate import NONE, TUNING, VALIDATION, confusion_lines, part, side_by_side
from communique.events.lexicon import TYPES, shared_lexicon
from communique.gazetteer import Gazetteer
from communique.model import Event

# The 16 types the coder uses, defined once with its word lists.
POLECAT_TYPES = TYPES
PLOVER_2021_TO_POLECAT = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# The folded-in types survive as ACCUSE modes in the POLECAT codebook.
_MODE_OF_FOLDED = {"DISAPPROVE": "disapprove", "INVESTIGATE": "investigate"}
IGO = "IGO"
PLOVER_VIEW, NATIVE_VIEW = "plover", "native"
VIEWS = (PLOVER_VIEW, NATIVE_VIEW)
# Phoenix codes of the organisations the data model names; the rest of IGO... is IGO.
_PHOENIX_IGO = (("UNO", "UN"), ("EUREEC", "EU"), ("EURSCE", "OSCE"), ("WSTNAT", "NATO"), ("CASCIS", "CIS"))
# Misspelt codes met in the gold records.
_CODE_FIXES = {"JAP": "JPN"}
_ROUND = 4


# --------------------------------------------------------------------------
# Gold records
# --------------------------------------------------------------------------


@dataclass
class GoldEvent:
    """One expected event: POLECAT type, country codes of each side, and the gold's own codes behind it."""

    type: str
    source_countries: list[str] = field(default_factory=list)
    target_countries: list[str] = field(default_factory=list)
    mode: str | None = None
    original: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return _describe(self.type, self.source_countries, self.target_countries)


@dataclass
class EventRecord:
    """A gold sentence: what the coder reads and the events it should yield."""

    id: str
    text: str
    date: str | None
    gold: list[GoldEvent] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def part(self) -> str:
        """``tuning`` or ``validation``, by the last hex digit of the sentence's sha1 (see Parts above)."""
        return part(self.text)

    @property
    def codings(self) -> int:
        """Gold codings in the source file, kept or dropped (merging does not change this)."""
        return sum(len(e.original) for e in self.gold) + len(self.dropped)


def polecat_type(name: str | None) -> str | None:
    """A PLOVER type name as one of the 16 POLECAT types, or None."""
    name = (name or "").strip().upper()
    name = PLOVER_2021_TO_POLECAT.get(name, name)
    return name if name in POLECAT_TYPES else None


@cache
def country_codes() -> frozenset[str]:
    """ISO alpha-3 codes of the packaged country list and its additions ("SSD", "XKX")."""
    return frozenset(code for code in Gazetteer.load().names.values() if len(code) == 3)


@cache
def cameo_table() -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER event, mode or None), from ``data/cameo_plover.csv``."""
    with resources.files("communique.data").joinpath("cameo_plover.csv").open(encoding="utf-8") as handle:
        return {row["cameo"]: (row["event"], row["mode"] or None) for row in csv.DictReader(handle)}


def cameo_to_plover(code: str) -> tuple[str, str | None] | None:
    """(POLECAT type, mode) of a CAMEO code, falling back from 4 to 3 to 2 digits; None if PLOVER has none."""
    code = code.strip()
    table = cameo_table()
    for length in (4, 3, 2):
        if len(code) >= length and code[:length] in table:
            event, mode = table[code[:length]]
            kind = polecat_type(event)
            return (kind, mode) if kind else None
    return None


def gold_country(code: str | None) -> str | None:
    """A gold actor code as a country or organisation code of the data model, or None for other actors."""
    code = (code or "").strip().upper()
    code = _CODE_FIXES.get(code, code)
    if code.startswith(IGO):
        rest = code[len(IGO) :]
        return next((org for prefix, org in _PHOENIX_IGO if rest.startswith(prefix)), IGO)
    return code[:3] if code[:3] in country_codes() else None


def _unique(codes: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(c for c in codes if c))


def _iso_date(value: str | None) -> str | None:
    value = (value or "").strip()
    if re.fullmatch(r"\d{8}", value):
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    try:
        return date.fromisoformat(value).isoformat() if len(value) == 10 else None
    except ValueError:
        return None


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    # A few PLOVER sentences are wrapped in braces, which are not part of the sentence.
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    return text


# PLOVER GSR JSON -----------------------------------------------------------


def load_plover_gsr(path: str | Path) -> list[EventRecord]:
    """The PLOVER gold standard records of a JSON array, documentation record left out."""
    data = _read_json(Path(path))
    if not isinstance(data, list):
        raise GoldError("a PLOVER gold file must hold a JSON array of records", str(path))
    return [_plover_record(item) for item in data if isinstance(item, dict) and item.get("event") != "DOCUMENT"]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"not JSON: {exc}", str(path)) from exc


def _plover_actors(value: Any) -> list[str]:
    # Only a list holds actors; "" or a stray word in place of the list means none.
    if not isinstance(value, list):
        return []
    return _unique(gold_country(a.get("code")) for a in value if isinstance(a, dict))


def _plover_record(item: dict[str, Any]) -> EventRecord:
    raw = str(item.get("event") or "")
    record = EventRecord(
        id=str(item.get("id") or ""),
        text=_clean_text(str(item.get("text") or "")),
        date=_iso_date(item.get("date")),
    )
    kind = polecat_type(raw)
    if kind is None:
        record.dropped.append(raw)
        return record
    mode = item.get("mode") or _MODE_OF_FOLDED.get(raw.upper())
    source, target = _plover_actors(item.get("source")), _plover_actors(item.get("target"))
    record.gold.append(GoldEvent(kind, source, target, mode, [raw]))
    return record


# PETRARCH-2 validation XML -----------------------------------------------------

_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)(?=<Sentence\b|</Sentences>|\Z)", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*["']([^"']*)["']""")


def load_petr2(path: str | Path) -> list[EventRecord]:
    """The sentences of a PETRARCH-2 validation file with their CAMEO codings as PLOVER events."""
    source = Path(path).read_text(encoding="utf-8")
    # The header comment mentions <EventCoding...>; only what follows <Sentences> is data.
    start = source.find("<Sentences>")
    if start < 0:
        raise GoldError("no <Sentences> element: not a PETRARCH validation file", str(path))
    records = []
    for match in _SENTENCE.finditer(source, start):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        if attributes.get("evaluate", "true").lower() != "false":
            records.append(_petr2_record(attributes, match.group(2)))
    return records


def _petr2_record(attributes: dict[str, str], body: str) -> EventRecord:
    text = _TEXT.search(body)
    record = EventRecord(
        id=attributes.get("id", ""),
        text=_clean_text(html.unescape(text.group(1))) if text else "",
        date=_iso_date(attributes.get("date")),
    )
    by_type: dict[str, GoldEvent] = {}
    for coding in _CODING.finditer(body):
        _add_coding(record, by_type, dict(_ATTRIBUTE.findall(coding.group(1))))
    record.gold = list(by_type.values())
    return record


def _add_coding(record: EventRecord, by_type: dict[str, GoldEvent], coding: dict[str, str]) -> None:
    code = coding.get("eventcode", "").strip()
    if coding.get("noevents", "").lower() == "true" or not code:
        return
    label = f"{code} {coding.get('sourcecode', '')}>{coding.get('targetcode', '')}"
    mapped = cameo_to_plover(code)
    if mapped is None:
        record.dropped.append(f"CAMEO {code}")
        return
    kind, mode = mapped
    event = by_type.setdefault(kind, GoldEvent(kind, mode=mode))
    event.source_countries = _unique([*event.source_countries, gold_country(coding.get("sourcecode"))])
    event.target_countries = _unique([*event.target_countries, gold_country(coding.get("targetcode"))])
    event.original.append(label)


def load_gold(path: str | Path) -> list[EventRecord]:
    """Event gold records of a PLOVER GSR JSON or a PETRARCH-2 XML file, told apart by suffix or first character."""
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"gold file not found: {path}")
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xml"):
        with path.open(encoding="utf-8") as handle:
            head = handle.read(512).lstrip()
        suffix = ".json" if head.startswith("[") else ".xml" if head.startswith("<") else suffix
    if suffix == ".json":
        return load_plover_gsr(path)
    if suffix == ".xml":
        return load_petr2(path)
    raise GoldError("not an event gold file (expected PLOVER GSR JSON or PETRARCH-2 XML)", str(path))


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


@dataclass
class Counts:
    """True positives, false positives, false negatives, and the figures they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, _ROUND),
            "recall": round(self.recall, _ROUND),
            "f1": round(self.f1, _ROUND),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class RecordError:
    """A record the coder did not get exactly right, for ``--errors``."""

    id: str
    text: str
    gold: list[str]
    predicted: list[str]
    problems: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "gold": self.gold,
            "predicted": self.predicted,
            "problems": self.problems,
        }


@dataclass
class EventScores:
    """Event-coding figures over a gold file; see the module docstring for the definitions."""

    records: int = 0
    records_without_event: int = 0
    empty_records_right: int = 0
    records_types_right: int = 0
    records_with_dropped: int = 0
    dropped_codes: Counter[str] = field(default_factory=Counter)
    gold_events: int = 0
    predicted_events: int = 0
    correct: int = 0
    gold_by_type: Counter[str] = field(default_factory=Counter)
    predicted_by_type: Counter[str] = field(default_factory=Counter)
    correct_by_type: Counter[str] = field(default_factory=Counter)
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    source: Counts = field(default_factory=Counts)
    target: Counts = field(default_factory=Counts)
    errors: list[RecordError] = field(default_factory=list)
    gold_path: str | None = None
    view: str = PLOVER_VIEW
    parts: dict[str, EventScores] = field(default_factory=dict)

    @property
    def type_accuracy(self) -> float:
        return self.correct / self.gold_events if self.gold_events else 0.0

    @property
    def events(self) -> Counts:
        """Same-type pairs as true positives, the rest of each side as false ones."""
        return Counts(self.correct, self.predicted_events - self.correct, self.gold_events - self.correct)

    @property
    def false_positives_per_record(self) -> float:
        return (self.predicted_events - self.correct) / self.records if self.records else 0.0

    def type_counts(self, kind: str) -> Counts:
        right = self.correct_by_type[kind]
        return Counts(right, self.predicted_by_type[kind] - right, self.gold_by_type[kind] - right)

    def types(self) -> list[str]:
        """The POLECAT types in codebook order, then any other type the coder produced."""
        seen = set(self.gold_by_type) | set(self.predicted_by_type)
        return [*POLECAT_TYPES, *sorted(seen - set(POLECAT_TYPES))]

    def headline(self) -> dict[str, Any]:
        """The figures a part of the file is compared on."""
        events = self.events
        return {
            "records": self.records,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "type_accuracy": round(self.type_accuracy, _ROUND),
            "event_f1": round(events.f1, _ROUND),
            "false_positives_per_record": round(self.false_positives_per_record, _ROUND),
            "source_f1": round(self.source.f1, _ROUND),
            "target_f1": round(self.target.f1, _ROUND),
        }

    def to_dict(self) -> dict[str, Any]:
        events = self.events
        return {
            "gold": self.gold_path,
            "view": self.view,
            "parts": {name: part.headline() for name, part in self.parts.items()},
            "records": self.records,
            "records_without_event": self.records_without_event,
            "empty_records_right": self.empty_records_right,
            "records_types_right": self.records_types_right,
            "records_with_dropped_codings": self.records_with_dropped,
            "dropped_codings": dict(sorted(self.dropped_codes.items())),
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "type_accuracy": round(self.type_accuracy, _ROUND),
            "event_precision": round(events.precision, _ROUND),
            "event_recall": round(events.recall, _ROUND),
            "event_f1": round(events.f1, _ROUND),
            "false_positives_per_record": round(self.false_positives_per_record, _ROUND),
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "types": {k: self._type_dict(k) for k in self.types() if self.gold_by_type[k] or self.predicted_by_type[k]},
            "confusion": {g: dict(row) for g, row in self.confusion.items()},
            "errors": [e.to_dict() for e in self.errors],
        }

    def _type_dict(self, kind: str) -> dict[str, Any]:
        counts = self.type_counts(kind).to_dict()
        return {
            "gold": self.gold_by_type[kind],
            "predicted": self.predicted_by_type[kind],
            "correct": self.correct_by_type[kind],
            **{k: counts[k] for k in ("precision", "recall", "f1")},
        }

    def report(self) -> str:
        sections = [_overall_lines(self), _part_lines(self), _type_lines(self), _confusion_lines(self)]
        return "\n\n".join("\n".join(lines) for lines in sections if lines)

    def errors_report(self, limit: int | None = None) -> str:
        lines = []
        for error in self.errors[:limit]:
            lines += [f"{error.id}: {error.text}", f"  gold:      {'; '.join(error.gold) or '-'}"]
            lines += [f"  predicted: {'; '.join(error.predicted) or '-'}", *(f"  - {p}" for p in error.problems)]
        return "\n".join(lines)


def _describe(kind: str, sources: Iterable[str | None], targets: Iterable[str | None]) -> str:
    def side(codes: Iterable[str | None]) -> str:
        return "+".join(c for c in codes if c) or "?"

    return f"{kind} {side(sources)} -> {side(targets)}"


def _compared(codes: Iterable[str | None]) -> set[str]:
    """Country codes as compared: organisations all as IGO, on the gold and the predicted side alike."""
    kept = {(code or "").strip().upper() for code in codes} - {""}
    return {code if code in country_codes() else IGO for code in kept}


@dataclass
class _Sides:
    """The country sets of one event, ready for comparing."""

    type: str
    source: set[str]
    target: set[str]

    def overlap(self, other: _Sides) -> int:
        return len(self.source & other.source) + len(self.target & other.target)


def match_events(gold: list[_Sides], predicted: list[_Sides]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index): same type by shared countries, then leftovers in order."""
    candidates = sorted(
        (-g.overlap(p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted) if g.type == p.type
    )
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_predicted:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_predicted.add(pi)
    left_gold = [i for i in range(len(gold)) if i not in used_gold]
    left_predicted = [i for i in range(len(predicted)) if i not in used_predicted]
    return sorted(pairs + list(zip(left_gold, left_predicted, strict=False)))


def score_events(records: list[EventRecord], predicted: list[list[Event]], view: str = PLOVER_VIEW) -> EventScores:
    """Score the coder's events for each record (same order) against the gold, in ``view`` (see Types)."""
    if len(records) != len(predicted):
        raise ValueError(f"{len(predicted)} predicted event lists for {len(records)} gold records")
    if view not in VIEWS:
        raise ValueError(f"view is one of {', '.join(VIEWS)}, not {view!r}")
    scores = EventScores(view=view)
    for record, events in zip(records, predicted, strict=True):
        _score_record(scores, record, events)
    return scores


def _viewed(event: Event, view: str) -> str:
    if view == NATIVE_VIEW:
        return event.type
    return shared_lexicon().codebook_type(event.type, event.status, event.trigger)


def _score_record(scores: EventScores, record: EventRecord, events: list[Event]) -> None:
    gold = [_Sides(g.type, _compared(g.source_countries), _compared(g.target_countries)) for g in record.gold]
    found = [
        _Sides(
            _viewed(e, scores.view),
            _compared(a.country for a in e.source),
            _compared(a.country for a in e.target),
        )
        for e in events
    ]
    pairs = match_events(gold, found)
    problems = _count_pairs(scores, gold, found, pairs)
    _count_record(scores, record, gold, found)
    if problems:
        scores.errors.append(
            RecordError(
                record.id,
                record.text,
                [g.describe() for g in record.gold],
                [_describe(f.type, sorted(f.source), sorted(f.target)) for f in found],
                problems,
            )
        )


def _count_pairs(
    scores: EventScores, gold: list[_Sides], found: list[_Sides], pairs: list[tuple[int, int]]
) -> list[str]:
    """Add one record's pairs to the scores; return what went wrong, in words."""
    problems: list[str] = []
    for gi, pi in pairs:
        g, p = gold[gi], found[pi]
        scores.confusion[g.type][p.type] += 1
        if g.type != p.type:
            problems.append(f"{g.type} coded as {p.type}")
            _count_unmatched(scores, g, p)
            continue
        scores.correct += 1
        scores.correct_by_type[g.type] += 1
        for side in ("source", "target"):
            want, got = getattr(g, side), getattr(p, side)
            getattr(scores, side).add(got, want)
            if want != got:
                problems.append(f"{side} of {g.type}: {_codes(got)}, gold {_codes(want)}")
    paired_gold = {gi for gi, _ in pairs}
    paired_found = {pi for _, pi in pairs}
    for gi in sorted(set(range(len(gold))) - paired_gold):
        scores.confusion[gold[gi].type][NONE] += 1
        _count_unmatched(scores, gold[gi], None)
        problems.append(f"missed {gold[gi].type}")
    for pi in sorted(set(range(len(found))) - paired_found):
        scores.confusion[NONE][found[pi].type] += 1
        _count_unmatched(scores, None, found[pi])
        problems.append(f"extra {found[pi].type}")
    return problems


def _count_unmatched(scores: EventScores, gold: _Sides | None, found: _Sides | None) -> None:
    """Countries of events not matched by type: the gold's are missed, the prediction's are wrong."""
    for side in ("source", "target"):
        want = getattr(gold, side) if gold else set()
        got = getattr(found, side) if found else set()
        getattr(scores, side).add(got, set())
        getattr(scores, side).add(set(), want)


def _codes(codes: set[str]) -> str:
    return "[" + ", ".join(sorted(codes)) + "]"


def _count_record(scores: EventScores, record: EventRecord, gold: list[_Sides], found: list[_Sides]) -> None:
    scores.records += 1
    scores.gold_events += len(gold)
    scores.predicted_events += len(found)
    scores.gold_by_type.update(g.type for g in gold)
    scores.predicted_by_type.update(f.type for f in found)
    scores.records_types_right += Counter(g.type for g in gold) == Counter(f.type for f in found)
    if not gold:
        scores.records_without_event += 1
        scores.empty_records_right += not found
    if record.dropped:
        scores.records_with_dropped += 1
        scores.dropped_codes.update(record.dropped)


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def _overall_lines(scores: EventScores) -> list[str]:
    events = scores.events
    dropped = ", ".join(f"{k} x{v}" for k, v in sorted(scores.dropped_codes.items())) or "none"
    lines = [
        f"Event coding: {scores.gold_path or 'gold'} (types in the {scores.view} view)",
        f"records                           {scores.records}",
        f"  expecting no event              {scores.records_without_event}"
        f" ({scores.empty_records_right} left empty by the coder)",
        f"  with gold outside the 16 types  {scores.records_with_dropped} (codings dropped: {dropped})",
        f"gold events / predicted events    {scores.gold_events} / {scores.predicted_events}",
        f"event-type accuracy               {scores.type_accuracy:.4f}",
        f"event precision / recall / F1     {events.precision:.4f} / {events.recall:.4f} / {events.f1:.4f}",
        f"false positives per record        {scores.false_positives_per_record:.4f}",
        f"records with the right types      {_share(scores.records_types_right, scores.records)}",
        "",
        f"{'countries':<10}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
    ]
    for name in ("source", "target"):
        c: Counts = getattr(scores, name)
        lines.append(f"{name:<10}{c.precision:>10.4f}{c.recall:>8.4f}{c.f1:>8.4f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
    return lines


def _part_lines(scores: EventScores) -> list[str]:
    """The headline figures of the tuning and validation parts side by side."""
    if not scores.parts:
        return []
    return side_by_side({name: part.headline() for name, part in scores.parts.items()}, 26)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.4f})" if whole else "0/0"


def _type_lines(scores: EventScores) -> list[str]:
    lines = [f"{'type':<10}{'gold':>6}{'pred':>6}{'right':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    for kind in scores.types():
        if scores.gold_by_type[kind] or scores.predicted_by_type[kind]:
            c = scores.type_counts(kind)
            lines.append(
                f"{kind:<10}{scores.gold_by_type[kind]:>6}{scores.predicted_by_type[kind]:>6}"
                f"{scores.correct_by_type[kind]:>7}{c.precision:>8.4f}{c.recall:>8.4f}{c.f1:>8.4f}"
            )
    return lines


def _confusion_lines(scores: EventScores) -> list[str]:
    title = "confusion (rows gold, columns predicted; NONE: no event)"
    return confusion_lines(scores.confusion, scores.types(), title)


def evaluate_events(
    path: str | Path, coder: Callable[[list[EventRecord]], list[list[Event]]], view: str = PLOVER_VIEW
) -> EventScores:
    """Load the gold at ``path``, code all its records in one call, and score the result, whole and by part."""
    records = load_gold(path)
    predicted = coder(records)
    scores = score_events(records, predicted, view)
    scores.gold_path = str(path)
    for name in (TUNING, VALIDATION):
        chosen = [i for i, record in enumerate(records) if record.part == name]
        scores.parts[name] = score_events([records[i] for i in chosen], [predicted[i] for i in chosen], view)
    return scores
