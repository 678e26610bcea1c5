"""Scores the structure stage against gold turns and metadata, by the rules of the gold README."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError, GoldError
from communique.evaluate import TUNING, VALIDATION, part
from communique.model import Document

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
            "metadata": {
                k: round(self.meta_right[k] / self.meta_total[k], 4) for k in META_FIELDS if self.meta_total.get(k)
            },
        }


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
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"gold file not found: {path}")
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise GoldError(f"{path}:{number}: not JSON: {exc}") from exc
    return records


def evaluate_structure(
    gold_path: str | Path, parse: Callable[[Path], Document], records: Iterable[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Score ``parse`` on every gold record, reading each ``input`` relative to the gold file's parent folder.

    The gold README puts inputs relative to "the split's root (the folder holding
    corpus/ and gold/)"; the gold file sits in gold/, so that root is one level
    up. Paths that exist relative to the gold file itself are accepted too.
    """
    gold_path = Path(gold_path)
    records = list(records) if records is not None else load_gold(gold_path)
    by_source: dict[str, Counts] = defaultdict(Counts)
    by_part: dict[str, Counts] = {TUNING: Counts(), VALIDATION: Counts()}
    overall = Counts()
    documents: list[DocumentScore] = []
    for record in records:
        path = _resolve_input(gold_path, record["input"])
        try:
            doc: Document | None = parse(path)
        except CommuniqueError:
            doc = None
        result = score_document(record, doc)
        documents.append(result)
        by_source[record.get("source") or "?"].add(result.counts)
        by_part[part(str(record.get("id") or record["input"]))].add(result.counts)
        overall.add(result.counts)
    return {
        "gold": str(gold_path),
        "overall": overall.figures(),
        "parts": {name: counts.figures() for name, counts in by_part.items()},
        "sources": {k: v.figures() for k, v in sorted(by_source.items())},
        "imperfect": [{"id": d.id, "problems": d.wrong} for d in documents if d.wrong],
    }


def _resolve_input(gold_path: Path, relative: str) -> Path:
    for base in (gold_path.parent, gold_path.parent.parent):
        candidate = base / relative
        if candidate.exists():
            return candidate
    return gold_path.parent.parent / relative
