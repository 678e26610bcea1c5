"""Speaker turns: paragraphs grouped from one label to the next, with offsets into the body text."""

from __future__ import annotations

from dataclasses import dataclass, field

from communique.model import Block
from communique.settings import Settings
from communique.structure.labels import ROLE, Candidate, candidate, judge
from communique.structure.lexicon import Lexicon

_OPENING_QUOTES = ("“", '"', "«", "„", "‘")


@dataclass
class RawTurn:
    """A turn before speakers are resolved: its label as written and its paragraphs."""

    label: str | None
    paragraphs: list[str] = field(default_factory=list)


def find_labels(
    blocks: list[Block], lexicon: Lexicon, settings: Settings, marked: bool, title: str | None = None
) -> list[Candidate | None]:
    """For each block, the label that opens it (with the rest of its text), or ``None``."""
    if marked:
        return _drop_empty(_marked_labels(blocks, settings))
    cands = [candidate(b.text, settings.max_label_chars) for b in blocks]
    cands = [None if c and _colon_of_title(c, title) else c for c in cands]
    verdicts = [
        lexicon.memo(("judge", c.label), lambda c=c: judge(c, lexicon, settings.max_label_words)) if c else None
        for c in cands
    ]
    accepted: list[bool] = []
    for cand, verdict in zip(cands, verdicts, strict=True):
        ok = bool(cand and verdict and verdict.is_label)
        if ok and verdict.strength != ROLE and cand.rest[:1].islower():
            ok = False  # "I repeat: the party supports ..." reads on as one sentence
        if ok and verdict.strength != ROLE and cand.rest.startswith(_OPENING_QUOTES):
            ok = False  # "Lipetsk, Yevgeny Zaitsev: “...”" quotes a message, unless the page uses the label
        accepted.append(ok)
    used = {c.label.lower() for c, ok in zip(cands, accepted, strict=True) if ok and c}
    result: list[Candidate | None] = []
    for cand, verdict, ok in zip(cands, verdicts, accepted, strict=True):
        if cand and not ok and verdict and cand.label.lower() in used:
            ok = verdict.is_label or verdict.reason != "punctuation of a sentence"
        result.append(cand if ok else None)
    return _drop_empty(result)


def _colon_of_title(cand: Candidate, title: str | None) -> bool:
    """ "Imperial Capitals: St Petersburg – Vienna" is a name with a colon when the title holds it too."""
    if not title or not cand.rest or ":" not in title:
        return False
    tail = " ".join(cand.label.split()[-2:])
    return f"{tail}: {' '.join(cand.rest.split()[:2])}" in title


def _drop_empty(labels: list[Candidate | None]) -> list[Candidate | None]:
    """A label with no text of its own, right before another label, opens no turn."""
    for i, cand in enumerate(labels):
        if cand and not cand.rest and (i + 1 == len(labels) or labels[i + 1] is not None):
            labels[i] = None
    return labels


def _marked_labels(blocks: list[Block], settings: Settings) -> list[Candidate | None]:
    """Labels from markup, plus paragraphs in plain type that open with a label the page uses."""
    used = {b.label for b in blocks if b.label}
    result: list[Candidate | None] = []
    for block in blocks:
        if block.label is not None:
            result.append(Candidate(block.label, block.text))
            continue
        cand = candidate(block.text, settings.max_label_chars)
        result.append(cand if cand and cand.label in used else None)
    return result


def group_turns(blocks: list[Block], labels: list[Candidate | None]) -> list[RawTurn]:
    """A turn runs from its labelled paragraph to the next one; text before the first label is a turn too."""
    turns: list[RawTurn] = []
    for block, cand in zip(blocks, labels, strict=True):
        if cand is not None:
            turns.append(RawTurn(cand.label, [cand.rest] if cand.rest else []))
        elif turns:
            turns[-1].paragraphs.append(block.text)
        else:
            turns.append(RawTurn(None, [block.text]))
    return turns
