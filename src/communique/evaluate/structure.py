"""Scores the structure stage against gold turns and metadata, by the rules of the gold README.

Gold records may also give each turn's ``role`` and the document's ``exchanges`` (``{"question": [turn
indices], "answer": [turn indices]}``, as in ``gold/structure/``): roles are scored on the matched turns,
and an exchange is right when the parse has an exchange of exactly its question turns and exactly its
answer turns (every official's answer, no hand-off).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError, GoldError
from communique.evaluate import TUNING, VALIDATION, corpus_root, part
from communique.model import Document
from communique.structure.officials import surname

META_FIELDS = ("title", "date", "time", "place", "number", "spokesperson")
_PREFIX = 60


def normalise(text: str | None) -> str:
    """Rule 1: every run of whitespace becomes one space, then strip."""
    return " ".join((text or "").split())


def _label(label: str | None) -> str | None:
    return None if label is None else normalise(label).rstrip(":").strip().lower()


@dataclass
class Counts:
    """Micro-averaged counts for one group of documents."""

    documents: int = 0
    perfect: int = 0
    gold_turns: int = 0
    predicted_turns: int = 0
    matched: int = 0
    labels_right: int = 0
    failed: int = 0
    roles: int = 0  # matched turns whose gold gives a role
    roles_right: int = 0
    gold_exchanges: int = 0
    predicted_exchanges: int = 0  # of documents whose gold gives exchanges
    exchanges_right: int = 0
    gold_participants: int = 0
    predicted_participants: int = 0  # of documents whose gold lists participants
    participants_right: int = 0  # found by surname, with the right affiliation
    meta_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    meta_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, other: Counts) -> None:
        for name in (
            "documents",
            "perfect",
            "gold_turns",
            "predicted_turns",
            "matched",
            "labels_right",
            "failed",
            "roles",
            "roles_right",
            "gold_exchanges",
            "predicted_exchanges",
            "exchanges_right",
            "gold_participants",
            "predicted_participants",
            "participants_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, value in other.meta_total.items():
            self.meta_total[key] += value
            self.meta_right[key] += other.meta_right[key]

    def figures(self) -> dict[str, Any]:
        precision = self.matched / self.predicted_turns if self.predicted_turns else 0.0
        recall = self.matched / self.gold_turns if self.gold_turns else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "documents": self.documents,
            "failed": self.failed,
            "boundary_precision": round(precision, 4),
            "boundary_recall": round(recall, 4),
            "boundary_f1": round(f1, 4),
            "label_accuracy": round(self.labels_right / self.matched, 4) if self.matched else 0.0,
            "perfect_documents": round(self.perfect / self.documents, 4) if self.documents else 0.0,
            "role_accuracy": _ratio(self.roles_right, self.roles),
            "exchange_recall": _ratio(self.exchanges_right, self.gold_exchanges),
            "exchange_precision": _ratio(self.exchanges_right, self.predicted_exchanges),
            "participant_recall": _ratio(self.participants_right, self.gold_participants),
            "participant_precision": _ratio(self.participants_right, self.predicted_participants),
            "metadata": {
                k: round(self.meta_right[k] / self.meta_total[k], 4) for k in META_FIELDS if self.meta_total.get(k)
            },
        }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class DocumentScore:
    """How one document fared, for the error listing."""

    id: str
    counts: Counts
    wrong: list[str] = field(default_factory=list)


def match_turns(gold: list[tuple[str | None, str]], predicted: list[tuple[str | None, str]]) -> list[tuple[int, int]]:
    """Rule 3: pairs (gold index, predicted index) matched in document order, each turn at most once."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    cursor = 0
    for gi, (_, gtext) in enumerate(gold):
        for pi in range(cursor, len(predicted)):
            if pi in used:
                continue
            ptext = predicted[pi][1]
            if gtext == ptext or gtext[:_PREFIX] == ptext[:_PREFIX]:
                pairs.append((gi, pi))
                used.add(pi)
                cursor = pi + 1
                break
    return pairs


def score_document(record: dict[str, Any], doc: Document | None) -> DocumentScore:
    """Boundaries, labels and metadata of one document against its gold record."""
    counts = Counts(documents=1)
    gold = [(t["speaker_label"], normalise(t["text"])) for t in record["turns"]]
    counts.gold_turns = len(gold)
    score = DocumentScore(record["id"], counts)
    if doc is None:
        counts.failed = 1
        counts.gold_exchanges = len(record.get("exchanges", []))
        counts.gold_participants = len(record.get("participants", []))
        counts.roles = sum("role" in t for t in record["turns"])
        for key in META_FIELDS:
            if record.get(key) is not None:
                counts.meta_total[key] += 1
        return score
    predicted = [(t.speaker_label, normalise(t.text)) for t in doc.turns]
    counts.predicted_turns = len(predicted)
    pairs = match_turns(gold, predicted)
    counts.matched = len(pairs)
    for gi, pi in pairs:
        if _label(gold[gi][0]) == _label(predicted[pi][0]):
            counts.labels_right += 1
        else:
            score.wrong.append(f"label {predicted[pi][0]!r} != gold {gold[gi][0]!r} at turn {gi}")
    _score_roles(record, doc, pairs, counts, score.wrong)
    if "exchanges" in record:
        _score_exchanges(record, doc, pairs, counts, score.wrong)
    if "participants" in record:
        _score_participants(record, doc, counts, score.wrong)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    score.wrong += [
        f"missed gold turn {i} {gold[i][0]!r}: {gold[i][1][:70]!r}" for i in range(len(gold)) if i not in matched_gold
    ]
    score.wrong += [
        f"extra turn {i} {predicted[i][0]!r}: {predicted[i][1][:70]!r}"
        for i in range(len(predicted))
        if i not in matched_pred
    ]
    _score_metadata(record, doc, counts, score.wrong)
    turns_perfect = counts.matched == counts.gold_turns == counts.predicted_turns == counts.labels_right
    counts.perfect = int(turns_perfect)
    return score


def _score_roles(
    record: dict[str, Any], doc: Document, pairs: list[tuple[int, int]], counts: Counts, wrong: list[str]
) -> None:
    for gi, pi in pairs:
        expected = record["turns"][gi].get("role")
        if expected is None:
            continue
        counts.roles += 1
        if doc.turns[pi].role == expected:
            counts.roles_right += 1
        else:
            wrong.append(f"role {doc.turns[pi].role!r} != gold {expected!r} at turn {gi}")


def _score_exchanges(
    record: dict[str, Any], doc: Document, pairs: list[tuple[int, int]], counts: Counts, wrong: list[str]
) -> None:
    """Each gold exchange, its turns carried to the parse's by the matched pairs, against the parse's."""
    to_predicted = dict(pairs)
    found = {(tuple(e.question), tuple(e.answer)) for e in doc.exchanges}
    counts.gold_exchanges += len(record["exchanges"])
    counts.predicted_exchanges += len(doc.exchanges)
    for exchange in record["exchanges"]:
        question = tuple(to_predicted.get(i, -1) for i in exchange["question"])
        answer = tuple(to_predicted.get(i, -1) for i in exchange["answer"])
        if (question, answer) in found:
            counts.exchanges_right += 1
        else:
            wrong.append(f"exchange {exchange['question']} -> {exchange['answer']} not found as such")


def _score_participants(record: dict[str, Any], doc: Document, counts: Counts, wrong: list[str]) -> None:
    """A gold participant is found when a participant of the parse has the same surname and affiliation."""
    found = {(surname(p.name), p.affiliation) for p in doc.participants}
    counts.gold_participants += len(record["participants"])
    counts.predicted_participants += len(doc.participants)
    for person in record["participants"]:
        if (surname(person["name"]), person.get("affiliation")) in found:
            counts.participants_right += 1
        else:
            wrong.append(f"participant {person['name']} ({person.get('affiliation')}) not found")


def _score_metadata(record: dict[str, Any], doc: Document, counts: Counts, wrong: list[str]) -> None:
    for key in META_FIELDS:
        expected = record.get(key)
        if expected is None:
            continue
        counts.meta_total[key] += 1
        if key == "spokesperson":
            ok = any(p.name.lower() == expected.lower() for p in doc.participants)
            got: Any = [p.name for p in doc.participants]
        else:
            got = getattr(doc, key)
            ok = normalise(got) == normalise(expected) if key in ("title", "place") else got == expected
        if ok:
            counts.meta_right[key] += 1
        else:
            wrong.append(f"{key} {got!r} != gold {expected!r}")


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The records of a JSONL gold file, or of every ``*.jsonl`` file of a folder (by name)."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise GoldError(f"no gold file at {path}")
    records = []
    for file in files:
        with file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise GoldError(f"{file}:{number}: not JSON: {exc}") from exc
    return records


def evaluate_structure(
    gold_path: str | Path,
    parse: Callable[[Path], Document],
    records: Iterable[dict[str, Any]] | None = None,
    root: str | Path | None = None,
) -> dict[str, Any]:
    """Score ``parse`` on every gold record (of a JSONL file or a folder of them), reading each ``input``
    under ``root``: by default the nearest folder above the gold, or a ``shared`` folder beside one, that
    holds the first record's input (the gold README puts inputs relative to the folder holding
    ``corpus/``). A record's ``split`` (``train`` or ``validation``) puts it in the tuning or validation
    part; without one, the hash of its id does.
    """
    gold_path = Path(gold_path)
    records = list(records) if records is not None else load_gold(gold_path)
    base = Path(root) if root is not None else corpus_root(gold_path, records[0]["input"] if records else None)
    by_source: dict[str, Counts] = defaultdict(Counts)
    by_part: dict[str, Counts] = {TUNING: Counts(), VALIDATION: Counts()}
    overall = Counts()
    documents: list[DocumentScore] = []
    for record in records:
        try:
            doc: Document | None = parse(base / record["input"])
        except CommuniqueError:
            doc = None
        result = score_document(record, doc)
        documents.append(result)
        by_source[record.get("source") or "?"].add(result.counts)
        by_part[_part_of(record)].add(result.counts)
        overall.add(result.counts)
    return {
        "gold": str(gold_path),
        "overall": overall.figures(),
        "parts": {name: counts.figures() for name, counts in by_part.items()},
        "sources": {k: v.figures() for k, v in sorted(by_source.items())},
        "imperfect": [{"id": d.id, "problems": d.wrong} for d in documents if d.wrong],
    }


def _part_of(record: dict[str, Any]) -> str:
    split = record.get("split")
    if split in ("train", "validation"):
        return TUNING if split == "train" else VALIDATION
    return part(str(record.get("id") or record["input"]))
