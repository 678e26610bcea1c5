"""Train the model that finds event triggers and their types (data/models/event_triggers.npz).

    python scripts/train_event_triggers.py [--transcripts DIR] [--root DIR] [--out PATH] [--quick]

Needs the optional ``[train]`` extra (scikit-learn). The examples are the words the model reads at run time
(``events.triggers.readable``: verbs, nouns and adjectives the lexicon has no type for and that set no other
event's status) in the ``train`` documents of the hand-coded transcripts (``gold/events/``), parsed by the
pipeline: the head word of each gold event's ``trigger`` in its sentence is labelled with the event's type, every
other word is ``NONE`` (the coding is exhaustive), and the other words of a gold trigger are left out. Validation
documents are never read.

With ``--stories`` and ``--plover`` (off unless given), the first sentence of each synthetic story and the PLOVER
dev records of the tuning part are added, weakly aligned: the word that the lexicon gives the labelled type, else
the root verb, takes the label; ``--external-weight`` weighs them against a transcript word.

Cross-validation with folds grouped by document chooses the regularisation, maximising the F1 (right type) of the
words the coder would find on held-out train documents: the lexicon's, and those the model proposes. The threshold
is then chosen on the whole coder: each train document is coded with a model fitted without it (cross-fitted), and
of the thresholds that cost no precision against the rules alone, the one with the best F1 of right events (type,
source and target, as ``evaluate events`` counts them) wins.
Its table is the honest tuning figure to set beside the validation documents' (the packaged model has seen every
train document, so ``evaluate events`` flatters those). The model is then fitted on every example and written
with its threshold.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from communique.errors import CommuniqueError
from communique.evaluate import corpus_root
from communique.evaluate.events import TUNING, load_gold
from communique.evaluate.transcripts import (
    TranscriptRecord,
    TranscriptScores,
    load_transcript_gold,
    locate,
    score_document,
)
from communique.events.coder import EventCoder
from communique.events.lexicon import TYPES, shared_lexicon
from communique.events.triggers import (
    FEATURE_DIM,
    NONE,
    Context,
    TriggerModel,
    csr_rows,
    is_candidate,
    proposals,
    readable,
    token_features,
)
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
DEFAULT_OUT = REPO / "src" / "communique" / "data" / "models" / "event_triggers.npz"
LABELS = (NONE, *TYPES)
C_GRID = (1.0, 3.0, 10.0, 30.0)
PROPOSE_GRID = (1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15)
FOLDS = 5


@dataclass
class Examples:
    """Feature rows of the words the model reads, with their labels, document and origin."""

    rows: list[list[int]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)  # transcript | stories | plover
    external_weight: float = 1.0  # of a story or PLOVER example against a transcript word

    def add(self, token: Any, context: Context, label: str, group: str, origin: str = "transcript") -> None:
        """One word, when the model reads it at run time (``triggers.readable``)."""
        if not readable(token, shared_lexicon()):
            return
        self.rows.append(token_features(token, context))
        self.labels.append(label)
        self.groups.append(group)
        self.origin.append(origin)

    def of(self, origin: str) -> np.ndarray:
        return np.flatnonzero(np.array(self.origin) == origin)

    def matrix(self) -> csr_matrix:
        indptr, indices, values = csr_rows(self.rows)
        return csr_matrix((values, indices, indptr), shape=(len(self.rows), FEATURE_DIM))


# --------------------------------------------------------------------------
# Building the examples
# --------------------------------------------------------------------------


def trigger_spans(record: TranscriptRecord, text: str) -> list[tuple[int, int, str]]:
    """The character span of each gold event's trigger in the document text, with its type."""
    spans = []
    for gold in record.events:
        sentence = locate(text, gold.sentence, gold.occurrence)
        if sentence is None or not gold.trigger:
            continue
        inside = locate(text[sentence[0] : sentence[1]], gold.trigger) or _first_word(text, sentence, gold.trigger)
        if inside is not None:
            spans.append((sentence[0] + inside[0], sentence[0] + inside[1], gold.type))
    return spans


def _first_word(text: str, sentence: tuple[int, int], trigger: str) -> tuple[int, int] | None:
    """Where the trigger's longest word is in the sentence, when the trigger as a whole is not there (a gold
    trigger may leave words out: "is being prepared" for "are being prepared")."""
    word = max(trigger.split(), key=len)
    at = text[sentence[0] : sentence[1]].lower().find(word.lower())
    return (at, at + len(word)) if at >= 0 else None


def head_of(tokens: list[Any]) -> Any | None:
    """The syntactic head of a trigger's words among the candidates: the one whose governor is outside them."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if is_candidate(t) and (t.head.i not in inside or t.head.i == t.i)]
    return heads[0] if heads else next((t for t in tokens if is_candidate(t)), None)


def document_examples(examples: Examples, record: TranscriptRecord, analysis: Any) -> None:
    text = analysis.document.text
    spans = trigger_spans(record, text)
    covered: set[tuple[int, int]] = set()  # (paragraph, token) of gold trigger words
    labelled: dict[tuple[int, int], str] = {}
    for p, parse in enumerate(analysis.paragraphs):
        for start, end, type_ in spans:
            tokens = [t for t in parse.doc if start < parse.offset + t.idx + len(t) and parse.offset + t.idx < end]
            head = head_of(tokens)
            covered.update((p, t.i) for t in tokens)
            if head is not None:
                labelled.setdefault((p, head.i), type_)
    for p, parse in enumerate(analysis.paragraphs):
        role = analysis.document.turns[parse.index].role
        for sent in parse.doc.sents:
            context = Context.of(sent, role)
            for token in sent:
                key = (p, token.i)
                if key in labelled:
                    examples.add(token, context, labelled[key], record.id)
                elif key not in covered:
                    examples.add(token, context, NONE, record.id)


def analyses(pipeline: Pipeline, records: list[TranscriptRecord], base: Path) -> Iterator[tuple[TranscriptRecord, Any]]:
    annotator, _ = pipeline._models()
    for record in records:
        try:
            doc = pipeline.structure(read_path(base / record.input, pipeline.settings, pipeline.profiles))
        except CommuniqueError as exc:
            print(f"skipped {record.id}: {exc}")
            continue
        yield record, annotator.analyse([doc])[0]


def weak_trigger(sent: Any, label: str) -> Any | None:
    """The word of a sentence labelled with one event type as a whole that most likely reports it: the
    highest word the lexicon gives that type, else the sentence's root verb."""
    typed = [t for t in sent if is_candidate(t) and shared_lexicon().word_type(t) == label]
    if typed:
        return min(typed, key=lambda t: sum(1 for _ in t.ancestors))  # the highest in the parse
    return sent.root if is_candidate(sent.root) and sent.root.pos_ == "VERB" else None


def sentence_examples(examples: Examples, sent: Any, labels: Sequence[str], group: str, origin: str) -> None:
    """A sentence whose events' types are known but not their words: the weakly found trigger of each type is
    labelled, and the words that neither the lexicon nor this finds are ``NONE``."""
    chosen: dict[int, str] = {}
    for label in labels:
        token = weak_trigger(sent, label)
        if token is not None:
            chosen.setdefault(token.i, label)
    if not chosen:
        return
    context = Context.of(sent, None)
    for token in sent:
        examples.add(token, context, chosen.get(token.i, NONE), group, origin)


def add_stories(examples: Examples, nlp: Any, path: Path, limit: int | None) -> None:
    """The first sentence of each synthetic story, labelled with the story's type."""
    with zipfile.ZipFile(path) as archive:
        name = archive.namelist()[0]
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open(name), "utf-8")))[:limit]
    texts = [" ".join(row["text"].split()[:80]) for row in rows]
    for number, (row, doc) in enumerate(zip(rows, nlp.pipe(texts, batch_size=64), strict=True)):
        first = next(iter(doc.sents), None)
        if first is not None and row["label"] in TYPES:
            sentence_examples(examples, first, [row["label"]], f"story-{number}", "stories")


def add_plover(examples: Examples, nlp: Any, path: Path, limit: int | None) -> None:
    """The records of the PLOVER dev file's tuning part, each sentence labelled with its gold types."""
    records = [r for r in load_gold(path) if r.part == TUNING][:limit]
    for record, doc in zip(records, nlp.pipe([r.text for r in records], batch_size=64), strict=True):
        labels = [g.type for g in record.gold if g.type in TYPES]
        for sent in doc.sents:
            sentence_examples(examples, sent, labels, record.id, "plover")


def build(args: argparse.Namespace, limit: int | None) -> tuple[Examples, list[tuple[TranscriptRecord, Any]]]:
    records = [r for r in load_transcript_gold(args.transcripts) if r.split == "train"][:limit]
    base = args.root if args.root is not None else corpus_root(args.transcripts, records[0].input if records else None)
    examples = Examples(external_weight=args.external_weight)
    pipeline = Pipeline(trained_triggers=False)
    parsed = list(analyses(pipeline, records, base))
    for record, analysis in parsed:
        document_examples(examples, record, analysis)
    nlp = pipeline._models()[0].nlp
    if args.stories is not None and args.stories.is_file():
        add_stories(examples, nlp, args.stories, limit and limit * 50)
    if args.plover is not None and args.plover.is_file():
        add_plover(examples, nlp, args.plover, limit and limit * 10)
    return examples, parsed


FoldModels = list[tuple[TriggerModel, set[str]]]


def fold_models(examples: Examples, c: float, folds: int) -> FoldModels:
    """A model per fold of the train documents, fitted without them, with the documents it is for."""
    transcripts = examples.of("transcript")
    others = np.setdiff1d(np.arange(len(examples.labels)), transcripts)
    groups = np.array([examples.groups[i] for i in transcripts])
    ids = sorted(set(groups))
    models = []
    for train, test in GroupKFold(n_splits=folds).split(ids, groups=ids):
        used = np.concatenate([transcripts[np.isin(groups, [ids[i] for i in train])], others])
        models.append((fit(examples, used, c), {ids[i] for i in test}))
    return models


def cross_fitted(parsed: list[tuple[TranscriptRecord, Any]], models: FoldModels, propose: float) -> TranscriptScores:
    """The whole coder's scores on the train documents, each coded with a model fitted without it."""
    scores = TranscriptScores()
    for fitted, held_out in models:
        model = TriggerModel(fitted.labels, fitted.features, fitted.weights, fitted.intercept, propose)
        coder = EventCoder(model=model)
        for record, analysis in parsed:
            if record.id in held_out:
                analysis.document.events = coder.code(analysis)
                score_document(scores, record, analysis.document)
    return scores


def choose_threshold(parsed: list[tuple[TranscriptRecord, Any]], models: FoldModels) -> float:
    """The threshold whose cross-fitted coder has the best F1 (right type, source and target) on the train
    documents among those that cost no precision against the rules alone (threshold 1.0): precision is the
    figure furthest from what the coder aims at. Prints the figures of every threshold."""
    print("\nthe whole coder, cross-fitted, on the train documents:")
    print("propose P(type) >   coded  precision  recall     F1  type P  type R  status")
    rules = cross_fitted(parsed, models, 1.0).headline()["precision"]
    best = (-1.0, 1.0)
    for propose in PROPOSE_GRID:
        head = cross_fitted(parsed, models, propose).headline()
        print(
            f"{propose:<18} {head['predicted_events']:>6} {head['precision']:>10.3f} {head['recall']:>7.3f} "
            f"{head['f1']:>6.3f} {head['type_precision']:>7.3f} {head['type_recall']:>7.3f} "
            f"{head['status_accuracy']:>7.3f}"
        )
        if head["precision"] >= rules:
            best = max(best, (head["f1"], propose))
    return best[1]


# --------------------------------------------------------------------------
# Fitting and choosing
# --------------------------------------------------------------------------


def fit(examples: Examples, index: Sequence[int], c: float) -> TriggerModel:
    x = examples.matrix()[np.asarray(index)]
    columns = np.unique(x.indices)  # the hashed columns these examples use: seconds rather than minutes
    y = [examples.labels[i] for i in index]
    weights = [1.0 if examples.origin[i] == "transcript" else examples.external_weight for i in index]
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x[:, columns], y, sample_weight=weights)
    classes = list(model.classes_)
    coefficients = np.zeros((FEATURE_DIM, len(LABELS)))
    intercept = np.full(len(LABELS), -30.0)  # a label never seen in these examples is never chosen
    for column, label in enumerate(LABELS):
        if label in classes:
            row = classes.index(label)
            coefficients[columns, column] = model.coef_[row]
            intercept[column] = model.intercept_[row]
    used = np.flatnonzero(np.abs(coefficients).max(axis=1) > 0)
    return TriggerModel(LABELS, used.astype(np.int64), coefficients[used].astype(np.float32), intercept)


def probabilities(model: TriggerModel, examples: Examples, index: Sequence[int]) -> np.ndarray:
    return model.probabilities([examples.rows[i] for i in index])


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
        return f"kept {self.kept:>5} right {self.right:>4} P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f}"


def outcome(examples: Examples, decided: Sequence[str | None]) -> Outcome:
    """Over the transcript words (``decided`` in their order): kept, right in type, gold triggers."""
    labels = [examples.labels[i] for i in examples.of("transcript")]
    kept = sum(d is not None for d in decided)
    right = sum(d is not None and d == label for d, label in zip(decided, labels, strict=True))
    return Outcome(kept, right, sum(label != NONE for label in labels))


def out_of_fold(examples: Examples, c: float, folds: int) -> np.ndarray:
    """Probabilities for the transcript words, each from a model fitted without its document (and with every
    story and PLOVER example)."""
    transcripts = examples.of("transcript")
    others = np.setdiff1d(np.arange(len(examples.labels)), transcripts)
    probs = np.zeros((len(transcripts), len(LABELS)))
    groups = [examples.groups[i] for i in transcripts]
    for train, test in GroupKFold(n_splits=folds).split(transcripts, groups=groups):
        model = fit(examples, np.concatenate([transcripts[train], others]), c)
        probs[test] = probabilities(model, examples, transcripts[test])
    return probs


def choose(examples: Examples, grid: Sequence[float], folds: int) -> tuple[float, np.ndarray]:
    """The regularisation whose held-out word decisions (at their best threshold) have the best F1."""
    best: tuple[float, float, float, np.ndarray] | None = None
    for c in grid:
        probs = out_of_fold(examples, c, folds)
        for propose in PROPOSE_GRID:
            score = outcome(examples, proposals(probs, LABELS, propose)).f1
            if best is None or score > best[0] + 1e-9:
                best = (score, c, propose, probs)
        print(f"C={c:<4g} best so far: C={best[1]:g} (words F1 {best[0]:.3f} at P(type) > {best[2]})", flush=True)
    assert best is not None
    return best[1], best[3]


def tradeoffs(examples: Examples, probs: np.ndarray) -> str:
    lines = ["\ncross-validated, by threshold (the words it reads in the train documents, right in type):"]
    for propose in PROPOSE_GRID:
        decided = proposals(probs, LABELS, propose)
        lines.append(f"propose P(type) > {propose:<4} {outcome(examples, decided)}")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=Path, default=DEFAULT_TRANSCRIPTS, help="hand-coded transcript gold")
    parser.add_argument(
        "--stories", type=Path, default=None, help="NGEC synthetic stories (the zip of ../shared/training)"
    )
    parser.add_argument("--plover", type=Path, default=None, help="PLOVER GSR dev records (tuning part used)")
    parser.add_argument("--external-weight", type=float, default=1.0, help="weight of a story or PLOVER example")
    parser.add_argument("--root", type=Path, default=None, help="folder holding the transcripts' corpus/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the model")
    parser.add_argument("--quick", action="store_true", help="a few documents, one C, two folds")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    examples, parsed = build(args, 4 if args.quick else None)
    events = sum(len(record.events) for record, _ in parsed)
    found = Counter(examples.labels[i] for i in examples.of("transcript") if examples.labels[i] != NONE)
    print(f"{len(examples.labels)} examples; {sum(found.values())} gold triggers found of {events} transcript events")
    grid, folds = ((1.0,), 2) if args.quick else (C_GRID, FOLDS)
    c, probs = choose(examples, grid, folds)
    print(tradeoffs(examples, probs))
    propose = choose_threshold(parsed, fold_models(examples, c, folds))
    print(f"chosen: C={c:g}, propose when P(type) > {propose}")
    model = fit(examples, range(len(examples.labels)), c)
    model = TriggerModel(model.labels, model.features, model.weights, model.intercept, propose)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **model.to_arrays())
    size = args.out.stat().st_size / 1e6
    print(
        f"\nwrote {args.out} ({size:.2f} MB, {len(model.features)} features) in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
