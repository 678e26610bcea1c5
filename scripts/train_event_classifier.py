"""Train the model that keeps, drops or retypes the rule coder's candidate events (data/models/event_candidates.npz).

    python scripts/train_event_classifier.py [--transcripts DIR] [--plover PATH] [--root DIR] [--out PATH] [--quick]

Needs the optional ``[train]`` extra (scikit-learn). The examples are the rule coder's own candidates (the
pipeline with ``filter_events=False``) on

- the ``train`` documents of the hand-coded transcripts (``gold/events/``): a candidate paired with a gold event
  of its sentence (the scorer's pairing, ``evaluate.transcripts``) is labelled with its type when that type is
  acceptable, else with the gold type; an unpaired one is ``NONE`` (the coding is exhaustive);
- the records of the *tuning* part of the PLOVER GSR dev file: a candidate whose PLOVER view matches a gold type
  keeps its type, one that does not takes the record's unmatched gold type, or ``NONE`` when none is left.

Validation documents and the PLOVER validation part are never read. Cross-validation (folds grouped by document
or record) chooses the regularisation and the two thresholds, maximising the F1 of the kept candidates (right
type) against every gold event of the train documents, and of the PLOVER tuning records; the model is then fitted
on all the examples and written with its thresholds.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from communique.errors import CommuniqueError
from communique.evaluate.events import TUNING, EventRecord, load_gold
from communique.evaluate.transcripts import corpus_root, load_transcript_gold, locate, pair_events
from communique.events.classifier import (
    FEATURE_DIM,
    NONE,
    Candidate,
    CandidateFilter,
    candidate_features,
    candidates,
)
from communique.events.lexicon import TYPES, shared_lexicon
from communique.model import Event
from communique.pipeline import Pipeline
from communique.sources import read_path

try:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
except ImportError:  # pragma: no cover - only without the extra
    sys.exit("scikit-learn is needed to train: pip install 'communique[train]'")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_TRANSCRIPTS = REPO / "gold" / "events"
DEFAULT_PLOVER = REPO.parent / "shared" / "gold" / "plover-gsr-dev.json"
DEFAULT_OUT = REPO / "src" / "communique" / "data" / "models" / "event_candidates.npz"
LABELS = (NONE, *TYPES)
C_GRID = (0.3, 1.0, 3.0, 10.0)
# Highest first: on a tie the grid search keeps the threshold that changes fewer of the coder's events.
DROP_GRID = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3)
RETYPE_GRID = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4)
FOLDS = 5
PLOVER_WEIGHT = 1.0  # an example from a PLOVER record against one from a transcript


@dataclass
class Examples:
    """Feature rows of candidates with their labels, their coder types, groups and origin."""

    rows: list[np.ndarray] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    coded: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)  # transcript | plover
    gold_events: Counter[str] = field(default_factory=Counter)  # per origin, every gold event (found or not)

    def add(self, candidate: Candidate, label: str, group: str, origin: str) -> None:
        self.rows.append(candidate_features(candidate))
        self.labels.append(label)
        self.coded.append(candidate.event.type)
        self.groups.append(group)
        self.origin.append(origin)

    def matrix(self) -> csr_matrix:
        indptr = np.zeros(len(self.rows) + 1, dtype=np.int64)
        np.cumsum([len(row) for row in self.rows], out=indptr[1:])
        indices = np.concatenate(self.rows) if self.rows else np.zeros(0, dtype=np.int64)
        values = np.concatenate([np.full(len(r), 1.0 / np.sqrt(max(len(r), 1))) for r in self.rows])
        return csr_matrix((values, indices, indptr), shape=(len(self.rows), FEATURE_DIM))


# --------------------------------------------------------------------------
# Building the examples
# --------------------------------------------------------------------------


def coded(pipeline: Pipeline, docs: list) -> Iterable[tuple[list[Event], list[Candidate], str]]:
    """The coder's candidates of structured documents (unfiltered), with the text they index."""
    annotator, coder = pipeline._models()
    for analysis in annotator.analyse(docs):
        events = coder.code(analysis)
        yield events, candidates(events, analysis), analysis.document.text


def transcript_labels(gold: list, text: str, events: list[Event]) -> list[str]:
    """Each candidate's label against a transcript's exhaustive gold events."""
    spans = [locate(text, g.sentence, g.occurrence) for g in gold]
    labels = [NONE] * len(events)
    for gi, pi in pair_events(gold, spans, events):
        labels[pi] = events[pi].type if events[pi].type in gold[gi].types else gold[gi].type
    return labels


def add_transcripts(examples: Examples, pipeline: Pipeline, path: Path, root: Path | None, limit: int | None) -> None:
    records = [r for r in load_transcript_gold(path) if r.split == "train"][:limit]
    base = root if root is not None else corpus_root(path, records)
    for record in records:
        examples.gold_events["transcript"] += len(record.events)
        try:
            doc = pipeline.structure(read_path(base / record.input, pipeline.settings, pipeline.profiles))
        except CommuniqueError as exc:
            print(f"skipped {record.id}: {exc}")
            continue
        for events, items, text in coded(pipeline, [doc]):
            for item, label in zip(items, transcript_labels(record.events, text, events), strict=True):
                examples.add(item, label, record.id, "transcript")


def plover_labels(record: EventRecord, events: list[Event]) -> list[str]:
    """Each candidate's label against a PLOVER record: its own type when its PLOVER view is a gold type."""
    lexicon = shared_lexicon()
    left = [g.type for g in record.gold]
    labels: list[str] = []
    viewed = [lexicon.codebook_type(e.type, e.status, e.trigger) for e in events]
    for kind in viewed:
        if kind in left:
            left.remove(kind)
    for event, kind in zip(events, viewed, strict=True):
        if kind in (g.type for g in record.gold):
            labels.append(event.type)
        elif left and left[0] in TYPES:
            labels.append(left.pop(0))
        else:
            labels.append(NONE)
    return labels


def add_plover(examples: Examples, pipeline: Pipeline, path: Path, limit: int | None) -> None:
    records = [r for r in load_gold(path) if r.part == TUNING][:limit]
    docs, kept = [], []
    for record in records:
        try:
            docs.append(pipeline.structure_text(record.text, date=record.date, doc_id=record.id))
            kept.append(record)
        except CommuniqueError:
            continue
    examples.gold_events["plover"] += sum(len(r.gold) for r in records)
    for record, (events, items, _) in zip(kept, coded(pipeline, docs), strict=True):
        for item, label in zip(items, plover_labels(record, events), strict=True):
            examples.add(item, label, record.id, "plover")


# --------------------------------------------------------------------------
# Fitting and choosing
# --------------------------------------------------------------------------


def fit(examples: Examples, index: Sequence[int], c: float) -> CandidateFilter:
    x = examples.matrix()[np.asarray(index)]
    # Fitted on the hashed columns these examples use (a few thousand of 262,144): seconds rather than minutes.
    columns = np.unique(x.indices)
    y = [examples.labels[i] for i in index]
    weights = np.array([PLOVER_WEIGHT if examples.origin[i] == "plover" else 1.0 for i in index])
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x[:, columns], y, sample_weight=weights)
    classes = list(model.classes_)
    coefficients = np.zeros((FEATURE_DIM, len(LABELS)))
    intercept = np.full(len(LABELS), -30.0)  # a label never seen in these examples is never chosen
    for column, label in enumerate(LABELS):
        if label in classes:
            row = classes.index(label)
            if len(classes) == 2:  # scikit-learn keeps one row for two classes
                sign = 1.0 if row == 1 else -1.0
                coefficients[columns, column] = sign * model.coef_[0] / 2
                intercept[column] = sign * model.intercept_[0] / 2
            else:
                coefficients[columns, column] = model.coef_[row]
                intercept[column] = model.intercept_[row]
    used = np.flatnonzero(np.abs(coefficients).max(axis=1) > 0)
    return CandidateFilter(LABELS, used.astype(np.int64), coefficients[used].astype(np.float32), intercept)


def probabilities(model: CandidateFilter, examples: Examples, index: Sequence[int]) -> np.ndarray:
    """The model's probabilities for stored feature rows (``CandidateFilter.probabilities`` without parses)."""
    x = examples.matrix()[np.asarray(index)]
    table = np.zeros((FEATURE_DIM, len(model.labels)))
    table[model.features] = model.weights
    scores = x @ table + model.intercept
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def decisions(probs: np.ndarray, coded_types: Sequence[str], drop: float, retype: float) -> list[str | None]:
    none = LABELS.index(NONE)
    out: list[str | None] = []
    for row, kind in zip(probs, coded_types, strict=True):
        if row[none] > drop:
            out.append(None)
            continue
        typed = row.copy()
        typed[none] = -1.0
        best = int(typed.argmax())
        out.append(LABELS[best] if LABELS[best] != kind and typed[best] > retype else kind)
    return out


@dataclass(frozen=True)
class Outcome:
    kept: int
    right: int
    gold: int

    @property
    def precision(self) -> float:
        return self.right / self.kept if self.kept else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"kept {self.kept:>4} right {self.right:>4} P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f}"


def outcome(examples: Examples, decided: Sequence[str | None], origin: str) -> Outcome:
    chosen = [i for i, o in enumerate(examples.origin) if o == origin]
    kept = sum(decided[i] is not None for i in chosen)
    right = sum(decided[i] is not None and decided[i] == examples.labels[i] for i in chosen)
    return Outcome(kept, right, examples.gold_events[origin])


def out_of_fold(examples: Examples, c: float, folds: int) -> np.ndarray:
    probs = np.zeros((len(examples.labels), len(LABELS)))
    everything = np.arange(len(examples.labels))
    for train, test in GroupKFold(n_splits=folds).split(everything, groups=examples.groups):
        probs[test] = probabilities(fit(examples, train, c), examples, test)
    return probs


def objective(examples: Examples, decided: Sequence[str | None]) -> float:
    """The F1 of the stage itself, summed over the origins: kept candidates right in type against every candidate
    that is right in type (the rules' output is what this stage can keep; recall beyond it is the candidate
    stage's). The F1 against all gold events barely moves with precision while the coder proposes a fifth of the
    transcript gold events, and would keep nearly everything; counting a wrong kept candidate as much as a right
    one lost drops a third of the right ones."""
    total = 0.0
    for origin in examples.gold_events:
        chosen = [i for i, o in enumerate(examples.origin) if o == origin]
        available = sum(examples.labels[i] != NONE for i in chosen)  # the candidates that can be right
        result = outcome(examples, decided, origin)
        result = Outcome(result.kept, result.right, available)
        total += result.f1
    return total


def choose(examples: Examples, grid: Sequence[float], folds: int) -> tuple[float, float, float, np.ndarray]:
    best: tuple[float, float, float, float, np.ndarray] | None = None
    for c in grid:
        probs = out_of_fold(examples, c, folds)
        for drop in DROP_GRID:
            for retype in RETYPE_GRID:
                score = objective(examples, decisions(probs, examples.coded, drop, retype))
                if best is None or score > best[0] + 1e-9:
                    best = (score, c, drop, retype, probs)
        print(f"C={c:<4g} best so far: C={best[1]:g} drop>{best[2]} retype>{best[3]} objective {best[0]:.3f}")
    assert best is not None
    return best[1], best[2], best[3], best[4]


def tradeoffs(examples: Examples, probs: np.ndarray, retype: float) -> str:
    """Cross-validated outcomes of each drop threshold (at the chosen retype threshold), and of retyping alone."""
    lines = ["\ncross-validated, by threshold (transcript train documents | PLOVER tuning records):"]
    for drop in DROP_GRID:
        decided = decisions(probs, examples.coded, drop, retype)
        shown = " | ".join(str(outcome(examples, decided, origin)) for origin in examples.gold_events)
        lines.append(f"drop P(NONE) > {drop:<4} {shown}")
    for threshold in RETYPE_GRID:
        decided = decisions(probs, examples.coded, 1.0, threshold)
        shown = " | ".join(str(outcome(examples, decided, origin)) for origin in examples.gold_events)
        lines.append(f"retype alone > {threshold:<4} {shown}")
    return "\n".join(lines)


def confusion(examples: Examples, decided: Sequence[str | None], origin: str) -> str:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for i, o in enumerate(examples.origin):
        if o == origin:
            table[examples.labels[i]][decided[i] or NONE] += 1
    columns = [label for label in LABELS if any(row.get(label) for row in table.values())]
    lines = [" " * 10 + "".join(c[:4].rjust(6) for c in columns)]
    for label in LABELS:
        if label in table:
            lines.append(f"{label:<10}" + "".join((str(table[label][c]) or ".").rjust(6) for c in columns))
    return "\n".join(line.replace(" 0", " .") for line in lines)


# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=Path, default=DEFAULT_TRANSCRIPTS, help="hand-coded transcript gold")
    parser.add_argument("--plover", type=Path, default=DEFAULT_PLOVER, help="PLOVER GSR dev records (tuning part)")
    parser.add_argument("--root", type=Path, default=None, help="folder holding the transcripts' corpus/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the model")
    parser.add_argument("--quick", action="store_true", help="a few documents and records, one C, two folds")
    return parser.parse_args(argv)


def build(args: argparse.Namespace, pipeline: Pipeline) -> Examples:
    examples = Examples()
    limit = 3 if args.quick else None
    add_transcripts(examples, pipeline, args.transcripts, args.root, limit)
    if args.plover.is_file():
        add_plover(examples, pipeline, args.plover, 20 if args.quick else None)
    return examples


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    pipeline = Pipeline(filter_events=False)
    started = time.perf_counter()
    examples = build(args, pipeline)
    counts = Counter(examples.origin)
    print(f"{len(examples.labels)} candidates ({dict(counts)}), built in {time.perf_counter() - started:.0f}s")
    print(f"labels: {dict(Counter(examples.labels))}")
    grid = C_GRID[1:2] if args.quick else C_GRID
    folds = min(2 if args.quick else FOLDS, len(set(examples.groups)))
    c, drop, retype, probs = choose(examples, grid, folds)
    print(tradeoffs(examples, probs, retype))
    baseline = [str(kind) for kind in examples.coded]
    decided = decisions(probs, examples.coded, drop, retype)
    for origin in examples.gold_events:
        print(f"\n{origin}, cross-validated: coder alone {outcome(examples, baseline, origin)}")
        print(f"{origin}, cross-validated: with model  {outcome(examples, decided, origin)}")
        print(f"confusion, {origin}, cross-validated (rows label, columns decision):")
        print(confusion(examples, decided, origin))
    model = fit(examples, range(len(examples.labels)), c)
    model = CandidateFilter(model.labels, model.features, model.weights, model.intercept, drop, retype)
    write_model(model, args.out)
    return 0


def write_model(model: CandidateFilter, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **model.to_arrays())
    CandidateFilter.from_arrays(dict(np.load(out, allow_pickle=False)))
    size = out.stat().st_size / 1e6
    print(f"\nwrote {out} ({size:.2f} MB, {len(model.features)} feature rows, drop > {model.drop_above}, "
          f"retype > {model.retype_above})")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
