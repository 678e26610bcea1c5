"""The event/no-event and type decision on the rule coder's candidate events: a linear model, numpy only.

The rule coder (``events/coder.py``) proposes candidates: a trigger, its type from the lexicon, its sentence.
This model reads each candidate with its parse (the trigger's lemma and lexicon type, the words around it, the
sentence's words, whether the trigger is negated, asked about, subordinate, its subject's person, its object, the
turn's role) and gives a probability for ``NONE`` (no event: a courtesy, a vague remark, a second sense of the
word) and for each of the 16 types. ``CandidateFilter.apply`` drops a candidate whose P(NONE) passes a threshold
and retypes one whose best other type is confident enough; both thresholds travel in the model file.

The model is trained by ``scripts/train_event_classifier.py`` (scikit-learn, the optional ``[train]`` extra) and
shipped as ``communique/data/models/event_candidates.npz``. The feature function lives here, and the training
script imports it, so that training and run time share one definition of the features.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from communique.model import Event
from communique.nlp.annotate import Analysis, ParagraphParse

FEATURE_BITS = 18
FEATURE_DIM = 1 << FEATURE_BITS
MODEL_RESOURCE = "models/event_candidates.npz"
# Bumped when the feature function changes, so that a stale model file is refused rather than misread.
FEATURE_VERSION = 2
NONE = "NONE"
WINDOW = 3  # words either side of the trigger that are features with their offset
_SUBORDINATE = frozenset({"advcl", "relcl", "ccomp", "xcomp", "acl", "csubj", "pcomp"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OBJECTS = frozenset({"dobj", "obj", "dative", "attr", "oprd", "pobj"})
_MODALS = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must"})


@dataclass(frozen=True)
class Candidate:
    """One candidate event with what the model reads of it: its sentence span and trigger token (or None)."""

    event: Event
    sentence: Any  # a spaCy Span, or None when the event's sentence is not in the parse
    trigger: Any  # a spaCy Token, or None


def candidates(events: Sequence[Event], analysis: Analysis) -> list[Candidate]:
    """Each event with its sentence and trigger token, found by the event's character span in the parses."""
    if not events:
        return []
    # Where each paragraph ends, from its last token: ``doc.text`` would rebuild every paragraph's text.
    bounds = [(parse.offset, parse.offset + _length(parse.doc), parse) for parse in analysis.paragraphs]
    return [_candidate(event, bounds) for event in events]


def _length(doc: Any) -> int:
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def _candidate(event: Event, bounds: Sequence[tuple[int, int, ParagraphParse]]) -> Candidate:
    for start, end, parse in bounds:
        if start <= event.start < end:
            span = parse.doc.char_span(event.start - start, event.end - start, alignment_mode="expand")
            if span is not None and len(span):
                return Candidate(event, span, _trigger_token(span, event.trigger))
    return Candidate(event, None, None)


def _trigger_token(span: Any, trigger: str | None) -> Any:
    words = (trigger or "").lower().split()
    for word in words:
        for token in span:
            if token.lemma_.lower() == word or token.lower_ == word:
                return token
    return span.root


# --------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------


def candidate_terms(candidate: Candidate) -> Iterator[str]:
    """The named features of one candidate, each present once or more (duplicates count once)."""
    event = candidate.event
    trigger = " ".join((event.trigger or "").lower().split())
    yield f"type={event.type}"
    yield f"trig={trigger}"
    yield f"trig|type={trigger}|{event.type}"
    yield f"status={event.status}"
    yield f"role={event.role}"
    yield f"type|role={event.type}|{event.role}"
    yield f"sides={bool(event.source)}{bool(event.target)}"
    if event.source and {a.country for a in event.source} == {a.country for a in event.target}:
        yield "same-sides"
    span, token = candidate.sentence, candidate.trigger
    if span is None:
        yield "no-parse"
        return
    yield from _sentence_terms(span)
    if token is not None:
        yield from _trigger_terms(token, span, event.type)


def _sentence_terms(span: Any) -> Iterator[str]:
    words = [t for t in span if not t.is_punct and not t.is_space]
    if span.text.rstrip().endswith("?"):
        yield "question"
    yield f"len={min(len(words) // 5, 8)}"
    if words:
        yield f"first={words[0].lemma_.lower()}"
    for t in words:
        yield f"w={t.lemma_.lower()}"


def _trigger_terms(token: Any, span: Any, kind: str) -> Iterator[str]:
    lemma = token.lemma_.lower()
    yield f"lemma={lemma}"
    yield f"lemma|type={lemma}|{kind}"
    yield f"pos={token.pos_}"
    yield f"dep={token.dep_}"
    yield f"head={token.head.lemma_.lower()}" if token.head is not token else "head=ROOT"
    if token.head is not token and token.head.dep_ in _SUBORDINATE:
        yield "head-subordinate"
    if token.dep_ in _SUBORDINATE:
        yield "subordinate"
    for child in token.children:
        if child.dep_ == "neg":
            yield "negated"
        elif child.dep_ in _SUBJECTS:
            yield f"subj={_person(child)}"
        elif child.dep_ in _OBJECTS:
            yield f"obj={child.lemma_.lower()}"
            yield f"obj|lemma={child.lemma_.lower()}|{lemma}"
        elif child.dep_ in ("aux", "auxpass") and child.lower_ in _MODALS:
            yield f"modal={child.lower_}"
        elif child.dep_ == "prep":
            yield f"prep={child.lower_}"
    for offset in range(-WINDOW, WINDOW + 1):
        i = token.i + offset
        if offset and span.start <= i < span.end:
            yield f"w{offset:+d}={token.doc[i].lemma_.lower()}"


def _person(token: Any) -> str:
    lower = token.lower_
    if lower in ("i", "we"):
        return "first"
    if lower == "you":
        return "second"
    if token.pos_ == "PRON":
        return "third-pronoun"
    return token.ent_type_ or token.pos_


@lru_cache(maxsize=262144)
def term_index(term: str) -> int:
    """Hashed feature index of one term, in ``[0, FEATURE_DIM)``; CRC-32, the same in every process."""
    return zlib.crc32(term.encode("utf-8")) & (FEATURE_DIM - 1)


def candidate_features(candidate: Candidate) -> np.ndarray:
    """Sorted unique hashed feature indices of one candidate (binary features, scaled at scoring)."""
    return np.unique(np.fromiter((term_index(term) for term in candidate_terms(candidate)), dtype=np.int64))


def hashed_features(items: Sequence[Candidate]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidates as a CSR matrix ``(indptr, indices, values)`` of shape ``(len(items), FEATURE_DIM)``;
    each row has unit length."""
    rows = [candidate_features(item) for item in items]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(row) for row in rows], out=indptr[1:])
    if not rows:
        return indptr, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    indices = np.concatenate(rows)
    values = np.concatenate([np.full(len(row), 1.0 / np.sqrt(max(len(row), 1))) for row in rows])
    return indptr, indices, values


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateFilter:
    """Multinomial logistic regression over a candidate's hashed features, with its decision thresholds.

    Only the feature rows seen in training are stored (``features``, sorted, with their ``weights``); an unseen
    feature has weight zero. ``drop_above``: a candidate whose P(NONE) exceeds it is dropped; ``retype_above``: a
    kept candidate whose most probable type is another one, with a probability above it, takes that type.
    """

    labels: tuple[str, ...]
    features: np.ndarray  # (k,) int64, sorted hashed indices
    weights: np.ndarray  # (k, n_labels) float32
    intercept: np.ndarray  # (n_labels,) float32
    drop_above: float = 1.0
    retype_above: float = 1.0

    @classmethod
    def load(cls) -> CandidateFilter:
        """The model packaged with communique."""
        resource = resources.files("communique.data").joinpath(MODEL_RESOURCE)
        with resource.open("rb") as handle, np.load(handle, allow_pickle=False) as archive:
            return cls.from_arrays(dict(archive))

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> CandidateFilter:
        """Build from the arrays of a model file (see ``to_arrays``); a model for other features is refused."""
        version = int(arrays["feature_version"])
        bits = int(arrays["feature_bits"])
        if version != FEATURE_VERSION or bits != FEATURE_BITS:
            raise ValueError(
                f"event candidate model made for features v{version}/{bits} bits, this code computes "
                f"v{FEATURE_VERSION}/{FEATURE_BITS} bits; retrain with scripts/train_event_classifier.py"
            )
        return cls(
            labels=tuple(str(label) for label in arrays["labels"]),
            features=arrays["features"].astype(np.int64),
            weights=arrays["weights"].astype(np.float32),
            intercept=arrays["intercept"].astype(np.float32),
            drop_above=float(arrays["drop_above"]),
            retype_above=float(arrays["retype_above"]),
        )

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays a model file holds."""
        return {
            "labels": np.array(self.labels),
            "features": self.features.astype(np.int32),
            "weights": self.weights.astype(np.float16),
            "intercept": self.intercept.astype(np.float32),
            "drop_above": np.array(self.drop_above),
            "retype_above": np.array(self.retype_above),
            "feature_version": np.array(FEATURE_VERSION),
            "feature_bits": np.array(FEATURE_BITS),
        }

    def probabilities(self, items: Sequence[Candidate]) -> np.ndarray:
        """Probability of each label per candidate, shape ``(n, len(labels))``, columns in ``labels`` order."""
        if not items:
            return np.zeros((0, len(self.labels)))
        indptr, indices, values = hashed_features(items)
        position = np.searchsorted(self.features, indices)
        position = np.minimum(position, len(self.features) - 1) if len(self.features) else position
        known = self.features[position] == indices if len(self.features) else np.zeros(len(indices), dtype=bool)
        rows = np.where(known, position, len(self.features))
        table = np.vstack([self.weights, np.zeros((1, len(self.labels)), dtype=np.float32)])
        contributions = table[rows] * values[:, None]
        totals = np.vstack([np.zeros((1, len(self.labels))), np.cumsum(contributions, axis=0, dtype=np.float64)])
        return _softmax(totals[indptr[1:]] - totals[indptr[:-1]] + self.intercept)

    def decide(self, items: Sequence[Candidate]) -> list[str | None]:
        """Per candidate: ``None`` to drop it, else the type it keeps or takes."""
        probabilities = self.probabilities(items)
        none = self.labels.index(NONE)
        decisions: list[str | None] = []
        for item, row in zip(items, probabilities, strict=True):
            if row[none] > self.drop_above:
                decisions.append(None)
                continue
            typed = row.copy()
            typed[none] = -1.0
            best = int(typed.argmax())
            label = self.labels[best]
            retype = label != item.event.type and typed[best] > self.retype_above
            decisions.append(label if retype else item.event.type)
        return decisions

    def apply(self, events: list[Event], analysis: Analysis) -> list[Event]:
        """The coder's events of one document, without those the model calls no event, retyped where it is sure."""
        if not events:
            return events
        decided = self.decide(candidates(events, analysis))
        return [
            event if kind == event.type else replace(event, type=kind, mode=None)
            for event, kind in zip(events, decided, strict=True)
            if kind is not None
        ]
