"""Agreement of the HTML reader's speaker labels and paragraphs with the development gold, per site.

Usage: ``python benchmarks/html_labels.py [SHARED_DIR]`` (default: ``../shared``
beside the repository). For every gold record with an ``html`` path it reads
the page with ``communique.sources.html``, groups the blocks into turns (a turn
starts at each labelled block; blocks before the first label form a ``null``
turn), and reports:

- label agreement: gold turns matched, in document order, by a predicted turn
  with the same normalised text (or the same first 60 characters, as the
  scoring rules of ``gold/README.md``) and the same label (case-insensitive),
  over the larger of the gold and predicted turn counts;
- paragraph agreement: paragraphs equal to the gold's (labels written inline
  as ``Label: text``), over the larger of the two paragraph counts.

Sites whose profile leaves labels to the structure stage (fmprc.gov.cn) show
their label figure for information only; their paragraph figure compares the
gold rebuilt as ``Q: text`` with pages that sometimes write ``Q:text``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from communique.model import RawDocument
from communique.settings import Settings
from communique.sources import html
from communique.sources.base import ReadContext

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PREFIX = 60

Turn = tuple[str | None, str]


@dataclass
class Tally:
    """Counts for one site."""

    documents: int = 0
    turns_agreeing: int = 0
    turns: int = 0
    paragraphs_agreeing: int = 0
    paragraphs: int = 0
    labels_marked: int = 0
    worst: list[tuple[float, str]] = field(default_factory=list)


def norm(text: str) -> str:
    """Rule 1 of the scoring rules: every run of whitespace is one space."""
    return " ".join(text.split())


def turns_of(raw: RawDocument) -> list[Turn]:
    """Blocks grouped into turns: each labelled block opens one."""
    turns: list[tuple[str | None, list[str]]] = []
    for block in raw.blocks:
        if block.label is not None or not turns:
            turns.append((block.label, []))
        turns[-1][1].append(block.text)
    return [(label, "\n".join(texts)) for label, texts in turns]


def same_text(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return a == b or a[:PREFIX] == b[:PREFIX]


def same_label(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return norm(a).rstrip(":").lower() == norm(b).rstrip(":").lower()


def label_agreement(predicted: list[Turn], gold: list[Turn]) -> int:
    """Gold turns matched in order by a predicted turn of the same text and label."""
    agreeing, start = 0, 0
    for label, text in gold:
        for i in range(start, len(predicted)):
            if same_text(predicted[i][1], text):
                agreeing += same_label(predicted[i][0], label)
                start = i + 1
                break
    return agreeing


def paragraphs(turns: Iterable[Turn]) -> list[str]:
    """The turns' paragraphs with each label written back inline."""
    out: list[str] = []
    for label, text in turns:
        lines = text.split("\n")
        if label is not None:
            lines[0] = f"{label}: {lines[0]}".rstrip()
        out.extend(norm(line) for line in lines if norm(line))
    return out


def paragraph_agreement(predicted: list[str], gold: list[str]) -> int:
    matcher = SequenceMatcher(None, predicted, gold, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def score(shared: Path) -> dict[str, Tally]:
    settings = Settings.load()
    tallies: dict[str, Tally] = defaultdict(Tally)
    for line in (shared / "gold" / "structure-dev.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        if not record.get("html"):
            continue
        path = shared / record["html"]
        ctx = ReadContext(settings=settings, path=str(path), source=record["source"])
        raw = html.read(path.read_bytes(), ctx)
        gold = [(t["speaker_label"], t["text"]) for t in record["turns"]]
        _add(tallies[record["source"]], record["id"], raw, gold)
    return dict(tallies)


def _add(tally: Tally, doc_id: str, raw: RawDocument, gold: list[Turn]) -> None:
    predicted = turns_of(raw)
    agreeing = label_agreement(predicted, gold)
    total = max(len(gold), len(predicted))
    tally.documents += 1
    tally.labels_marked += raw.labels_marked
    tally.turns_agreeing += agreeing
    tally.turns += total
    gold_paras, my_paras = paragraphs(gold), paragraphs(predicted)
    tally.paragraphs_agreeing += paragraph_agreement(my_paras, gold_paras)
    tally.paragraphs += max(len(gold_paras), len(my_paras))
    if agreeing < total:
        tally.worst.append((agreeing / total, doc_id))


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else DEFAULT_SHARED
    if not (shared / "gold" / "structure-dev.jsonl").exists():
        print(f"no gold data under {shared}")
        return 1
    for site, t in sorted(score(shared).items()):
        note = "" if t.labels_marked else "  (labels left to the structure stage)"
        print(
            f"{site:14} documents {t.documents:4}  "
            f"labels {t.turns_agreeing}/{t.turns} = {t.turns_agreeing / t.turns:.2%}{note}  "
            f"paragraphs {t.paragraphs_agreeing}/{t.paragraphs} = {t.paragraphs_agreeing / t.paragraphs:.2%}"
        )
        if t.labels_marked:
            worst = ", ".join(f"{doc} {share:.0%}" for share, doc in sorted(t.worst)[:5])
            print(f"{'':14} least agreeing: {worst or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
