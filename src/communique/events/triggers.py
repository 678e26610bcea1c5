"""Which words of a sentence report an event, and of which type: a linear model over the parse, numpy only.

It reads the verbs, nouns and adjectives the lexicon has no type for (``readable``), each with its parse (its
lemma, its object, particle and prepositions, its governor, negation, modals, the person of its subject, the
words beside it, whether the sentence is a question, the turn's role), and gives a probability for ``NONE`` (no
event: most words) and for each of the 16 PLOVER types. The coder (``events/coder.py``) takes a word as a trigger
where the model's most probable type passes ``propose_above``, a threshold that travels in the model file.
(Letting the model also read lexicon words, and drop those it finds no event in, was measured and left out: it
cost the PLOVER tuning records, news sentences, seven points of type accuracy for a few points of precision on
transcripts.)

The model is trained by ``scripts/train_event_triggers.py`` (scikit-learn, the optional ``[train]`` extra) on the
train documents of the hand-coded transcripts, whose gold gives each event's trigger words, and is shipped as
``communique/data/models/event_triggers.npz``. The feature function lives here and the script imports it, so
training and run time share one definition.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import numpy as np

from communique.events.lexicon import EventLexicon

FEATURE_BITS = 18
FEATURE_DIM = 1 << FEATURE_BITS
MODEL_RESOURCE = "models/event_triggers.npz"
# Bumped when the feature function changes, so that a stale model file is refused rather than misread.
FEATURE_VERSION = 2
NONE = "NONE"
CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ"})
WINDOW = 2  # words either side of the candidate that are features with their offset
_SUBORDINATE = frozenset({"advcl", "relcl", "ccomp", "xcomp", "acl", "csubj", "pcomp"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OBJECTS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
_MODALS = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must"})


def is_candidate(token: Any) -> bool:
    """Whether a token may report an event: a verb, noun or adjective that is a word."""
    return token.pos_ in CANDIDATE_POS and token.is_alpha


def readable(token: Any, lexicon: EventLexicon) -> bool:
    """Whether the model reads a word: a candidate the lexicon has no type for (its rules decide those,
    passing over "signed the bill"), that sets no other event's status ("wants Chile to expel", "plans to
    visit": the rules fold those)."""
    return is_candidate(token) and token.lemma_.lower() not in lexicon.frame_words and not lexicon.word_type(token)


@dataclass(frozen=True)
class Context:
    """What the features read of a candidate's sentence and turn, computed once per sentence."""

    start: int  # index of the sentence's first token in its doc
    lemmas: tuple[str, ...]  # of the sentence's tokens, lower case
    question: bool
    role: str | None

    @classmethod
    def of(cls, sent: Any, role: str | None) -> Context:
        lemmas = tuple(t.lemma_.lower() for t in sent)
        return cls(sent.start, lemmas, sent.text.rstrip().endswith("?"), role)


def token_terms(token: Any, context: Context) -> Iterator[str]:
    """The named features of one readable token (duplicates count once)."""
    at = token.i - context.start
    lemma = context.lemmas[at]
    yield f"lemma={lemma}"
    yield f"pos={token.pos_}"
    yield f"lemma|pos={lemma}|{token.pos_}"
    yield f"dep={token.dep_}"
    yield f"role={context.role}"
    head = token.head
    if head.i == token.i:
        yield "head=ROOT"
    else:
        yield f"head={head.lemma_.lower()}"
        yield f"head|dep={head.lemma_.lower()}|{token.dep_}"
        if head.dep_ in _SUBORDINATE:
            yield "head-subordinate"
    if token.dep_ in _SUBORDINATE:
        yield "subordinate"
    yield from _children_terms(token, lemma)
    if context.question:
        yield "question"
    for offset in range(-WINDOW, WINDOW + 1):
        if offset and 0 <= at + offset < len(context.lemmas):
            yield f"w{offset:+d}={context.lemmas[at + offset]}"


def _children_terms(token: Any, lemma: str) -> Iterator[str]:
    for child in token.children:
        dep = child.dep_
        if dep == "neg":
            yield "negated"
        elif dep in _SUBJECTS:
            yield f"subj={_person(child)}"
        elif dep in _OBJECTS:
            yield f"obj={child.lemma_.lower()}"
            yield f"lemma|obj={lemma}|{child.lemma_.lower()}"
            yield f"obj-ent={child.ent_type_ or child.pos_}"
        elif dep in ("aux", "auxpass") and child.lower_ in _MODALS:
            yield f"modal={child.lower_}"
        elif dep in ("prep", "prt", "agent"):
            yield f"lemma|{dep}={lemma}|{child.lower_}"
            yield from (f"{dep}-ent={c.ent_type_ or c.pos_}" for c in child.children if c.dep_ == "pobj")
        elif dep in ("poss", "compound", "amod") and token.pos_ == "NOUN":
            yield f"mod-ent={child.ent_type_ or child.pos_}"
            yield f"lemma|mod={lemma}|{child.lemma_.lower()}"


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


def token_features(token: Any, context: Context) -> list[int]:
    """Sorted unique hashed feature indices of one readable token (binary features, scaled at scoring)."""
    return sorted({term_index(t) for t in token_terms(token, context)})


def csr_rows(rows: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows as a CSR matrix ``(indptr, indices, values)`` of width ``FEATURE_DIM``; each row unit length."""
    lengths = np.array([len(row) for row in rows], dtype=np.int64)
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.fromiter((i for row in rows for i in row), dtype=np.int64, count=int(indptr[-1]))
    values = np.repeat(1.0 / np.sqrt(np.maximum(lengths, 1)), lengths)
    return indptr, indices, values


def proposals(probs: np.ndarray, labels: Sequence[str], above: float) -> list[str | None]:
    """Per row of label probabilities, the most probable label other than ``NONE`` where its probability
    passes ``above``, else None: what the coder takes from the model, and what its training script scores."""
    typed = np.array(probs, dtype=np.float64)  # a copy: the caller's probabilities stay as they are
    typed[:, list(labels).index(NONE)] = -1.0
    best = typed.argmax(axis=1)
    return [labels[b] if row[b] > above else None for row, b in zip(typed, best, strict=True)]


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class TriggerModel:
    """Multinomial logistic regression over a candidate token's hashed features, with its thresholds.

    Only the feature rows seen in training are stored (``features``, sorted, with their ``weights``); an unseen
    feature has weight zero. ``propose_above``: a word the lexicon does not know reports an event when its most
    probable type passes it.
    """

    labels: tuple[str, ...]
    features: np.ndarray  # (k,) int64, sorted hashed indices
    weights: np.ndarray  # (k, n_labels) float32
    intercept: np.ndarray  # (n_labels,) float32
    propose_above: float = 1.0

    @classmethod
    def load(cls) -> TriggerModel:
        """The model packaged with communique."""
        resource = resources.files("communique.data").joinpath(MODEL_RESOURCE)
        with resource.open("rb") as handle, np.load(handle, allow_pickle=False) as archive:
            return cls.from_arrays(dict(archive))

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> TriggerModel:
        """Build from the arrays of a model file (see ``to_arrays``); a model for other features is refused."""
        version, bits = int(arrays["feature_version"]), int(arrays["feature_bits"])
        if version != FEATURE_VERSION or bits != FEATURE_BITS:
            raise ValueError(
                f"event trigger model made for features v{version}/{bits} bits, this code computes "
                f"v{FEATURE_VERSION}/{FEATURE_BITS} bits; retrain with scripts/train_event_triggers.py"
            )
        return cls(
            labels=tuple(str(label) for label in arrays["labels"]),
            features=arrays["features"].astype(np.int64),
            weights=arrays["weights"].astype(np.float32),
            intercept=arrays["intercept"].astype(np.float32),
            propose_above=float(arrays["propose_above"]),
        )

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays a model file holds."""
        return {
            "labels": np.array(self.labels),
            "features": self.features.astype(np.int32),
            "weights": self.weights.astype(np.float16),
            "intercept": self.intercept.astype(np.float32),
            "propose_above": np.array(self.propose_above),
            "feature_version": np.array(FEATURE_VERSION),
            "feature_bits": np.array(FEATURE_BITS),
        }

    @cached_property
    def _table(self) -> np.ndarray:
        """The weights with a row of zeros after them, for features never seen in training."""
        return np.vstack([self.weights, np.zeros((1, len(self.labels)), dtype=np.float32)])

    def probabilities(self, rows: Sequence[Sequence[int]]) -> np.ndarray:
        """Probability of each label per feature row, shape ``(n, len(labels))``, columns in ``labels`` order."""
        if not len(rows):
            return np.zeros((0, len(self.labels)))
        indptr, indices, values = csr_rows(rows)
        position = np.searchsorted(self.features, indices)
        position = np.minimum(position, len(self.features) - 1) if len(self.features) else position
        known = self.features[position] == indices if len(self.features) else np.zeros(len(indices), dtype=bool)
        found = np.where(known, position, len(self.features))
        contributions = self._table[found] * values[:, None]
        totals = np.vstack([np.zeros((1, len(self.labels))), np.cumsum(contributions, axis=0, dtype=np.float64)])
        return _softmax(totals[indptr[1:]] - totals[indptr[:-1]] + self.intercept)
