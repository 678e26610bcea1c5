"""Sentence-level PLOVER event-type classifier: a linear model over hashed, position-weighted words, numpy only.

The model is trained by ``scripts/train_event_classifier.py`` (scikit-learn, an optional ``[train]`` extra) and
shipped as ``communique/data/models/event_types.npz``. The feature function lives here, and the training script
imports it, so that training and run time share one definition of the features.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

FEATURE_BITS = 18
FEATURE_DIM = 1 << FEATURE_BITS
MODEL_RESOURCE = "models/event_types.npz"
# Bumped when the feature function changes, so that a stale model file is refused rather than misread.
FEATURE_VERSION = 1
# A word's weight falls with its position: 1 / (1 + position / POSITION_SCALE). News and transcript sentences
# usually name the event in the main clause near their start, while later words describe its object or
# circumstances ("demanded that ... end the strike" is a REQUEST, not a PROTEST). On the PLOVER GSR dev sentences
# this lifted accuracy by 6-8 points over flat weights.
POSITION_SCALE = 10.0

# Words keep a negative contraction ("didn't", "won't") whole because negation changes the event type; numbers
# collapse to one token because their values say nothing about the event type; a possessive "'s" is dropped.
_TOKEN = re.compile(r"[a-z]+n't|[a-z]+|[0-9]+(?:[.,][0-9]+)*")
_POSSESSIVE = re.compile(r"'s\b")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
# A crude suffix stripper: "demanded", "demands", "demanding" -> "demand". The training stories are few, so
# pooling inflections matters more than the occasional wrong merge; the stem keeps at least three letters.
_SUFFIX = re.compile(r"(?<=[a-z]{3})(?:ing|ed|es|s|e)$")


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens of ``text``; every number becomes ``0``."""
    lowered = _POSSESSIVE.sub("", text.lower().translate(_APOSTROPHES))
    return ["0" if token[0].isdigit() else token for token in _TOKEN.findall(lowered)]


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """``token`` without a common inflectional suffix."""
    return _SUFFIX.sub("", token)


def terms(text: str) -> list[str]:
    """The stemmed tokens that the model sees, in order."""
    return [stem(token) for token in tokenize(text)]


def term_index(term: str) -> int:
    """Hashed feature index of one term, in ``[0, FEATURE_DIM)``.

    CRC-32 rather than ``hash()``: Python salts string hashes per process, and the indices must be the same in
    every process that trains or runs the model.
    """
    return zlib.crc32(term.encode("utf-8")) & (FEATURE_DIM - 1)


def sentence_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique feature indices of one sentence and their values (position-weighted, unit length).

    A term seen more than once keeps its earliest, highest weight; a hash collision is treated the same way.
    """
    weights: dict[int, float] = {}
    for position, term in enumerate(terms(text)):
        index = term_index(term)
        if index not in weights:
            weights[index] = 1.0 / (1.0 + position / POSITION_SCALE)
    indices = np.fromiter(sorted(weights), dtype=np.int64, count=len(weights))
    values = np.fromiter((weights[index] for index in indices.tolist()), dtype=np.float64, count=len(weights))
    norm = np.sqrt(values @ values)
    return indices, (values / norm if norm else values)


def hashed_features(sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sentences as a CSR matrix ``(indptr, indices, values)`` of shape ``(len(sentences), FEATURE_DIM)``.

    The training script builds its scipy matrix from these arrays, and ``EventTypeClassifier`` scores them.
    """
    rows = [sentence_features(sentence) for sentence in sentences]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(indices) for indices, _ in rows], out=indptr[1:])
    if not rows:
        return indptr, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    indices = np.concatenate([indices for indices, _ in rows])
    values = np.concatenate([values for _, values in rows])
    return indptr, indices, values


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class EventTypeClassifier:
    """Multinomial logistic regression over hashed, position-weighted words.

    Only the feature rows seen in training are stored (``features``, sorted, with their ``weights``); an unseen
    feature has weight zero, which is what a dense model would give it too.
    """

    labels: tuple[str, ...]
    features: np.ndarray  # (k,) int64, sorted hashed indices
    weights: np.ndarray  # (k, n_labels) float32
    intercept: np.ndarray  # (n_labels,) float32

    @classmethod
    def load(cls) -> EventTypeClassifier:
        """The classifier packaged with communique."""
        resource = resources.files("communique.data").joinpath(MODEL_RESOURCE)
        with resource.open("rb") as handle, np.load(handle, allow_pickle=False) as archive:
            return cls.from_arrays(dict(archive))

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> EventTypeClassifier:
        """Build from the arrays of a model file (see ``to_arrays``)."""
        version = int(arrays["feature_version"])
        bits = int(arrays["feature_bits"])
        if version != FEATURE_VERSION or bits != FEATURE_BITS:
            raise ValueError(
                f"event-type model made for features v{version}/{bits} bits, this code computes "
                f"v{FEATURE_VERSION}/{FEATURE_BITS} bits; retrain with scripts/train_event_classifier.py"
            )
        return cls(
            labels=tuple(str(label) for label in arrays["labels"]),
            features=arrays["features"].astype(np.int64),
            weights=arrays["weights"].astype(np.float32),
            intercept=arrays["intercept"].astype(np.float32),
        )

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays a model file holds; float16 weights halve the file at no measurable cost in accuracy."""
        return {
            "labels": np.array(self.labels),
            "features": self.features.astype(np.int32),
            "weights": self.weights.astype(np.float16),
            "intercept": self.intercept.astype(np.float32),
            "feature_version": np.array(FEATURE_VERSION),
            "feature_bits": np.array(FEATURE_BITS),
        }

    def decision(self, sentences: Sequence[str]) -> np.ndarray:
        """Raw linear scores, shape ``(n, len(labels))``."""
        indptr, indices, values = hashed_features(sentences)
        # Map each hashed index to its stored row; unseen ones go to an extra all-zero row.
        position = np.searchsorted(self.features, indices)
        position = np.minimum(position, len(self.features) - 1) if len(self.features) else position
        known = self.features[position] == indices if len(self.features) else np.zeros(len(indices), dtype=bool)
        rows = np.where(known, position, len(self.features))
        table = np.vstack([self.weights, np.zeros((1, len(self.labels)), dtype=np.float32)])
        contributions = table[rows] * values[:, None]
        # Per-sentence sums of contiguous CSR segments via a cumulative sum; empty sentences give zero.
        totals = np.vstack([np.zeros((1, len(self.labels))), np.cumsum(contributions, axis=0, dtype=np.float64)])
        return totals[indptr[1:]] - totals[indptr[:-1]] + self.intercept

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """Probability of each event type per sentence, shape ``(n, 16)``; columns in ``self.labels`` order."""
        if not sentences:
            return np.zeros((0, len(self.labels)))
        return _softmax(self.decision(sentences))

    def predict(self, sentences: Sequence[str]) -> list[tuple[str, float]]:
        """The most probable event type of each sentence, with its probability."""
        probabilities = self.probabilities(sentences)
        best = probabilities.argmax(axis=1) if len(probabilities) else np.zeros(0, dtype=np.int64)
        return [(self.labels[column], float(probabilities[row, column])) for row, column in enumerate(best)]
