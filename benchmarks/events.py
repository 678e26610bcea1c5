"""Event-coded sentences per second, end to end (read, structure, NLP, events, store), with 1 and 2
worker processes, beside bare ``nlp.pipe`` of the same spaCy pipeline over the same paragraphs.

    python benchmarks/events.py [--corpus ../shared/corpus] [--limit 120] [--repeat 1]

The bare run loads the same spaCy pipeline and parses exactly the paragraphs
the pipeline gives spaCy (every turn's paragraphs), so the ratio of the two
rates is what reading, structure, actor resolution, event coding and the
store cost on top of spaCy (the search index, built once after an ingest, is
left out: `benchmarks/throughput.py` times it). Both sides count loading the model; the
end-to-end runs also count starting the workers (each loads its own). With
``--repeat N`` the runs are interleaved N times and the best of each kept,
as the machine's speed drifts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from communique import api
from communique.nlp.actors import ActorResolver
from communique.nlp.language import load_language
from communique.pipeline import Pipeline
from communique.sources import walk


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--limit", type=int, default=120, help="Documents of kremlin.ru/txt to use.")
    parser.add_argument("--repeat", type=int, default=1, help="Interleaved runs of each kind; the best is kept.")
    args = parser.parse_args()
    folder = Path(args.corpus) / "kremlin.ru" / "txt"
    if not folder.is_dir():
        print(f"skipped: no corpus at {folder} (the shared development corpus is needed)")
        return 0
    files = list(walk([folder]))[: args.limit]
    structure = Pipeline(nlp=False)
    paragraphs = [p for f in files for t in structure.parse_path(f).turns for p in t.text.split("\n") if p.strip()]
    size = sum(len(p) for p in paragraphs) / 1e6

    names = ActorResolver.load().names()
    best = {0: float("inf"), 1: float("inf"), 2: float("inf")}  # 0: bare spaCy
    sentences = stored = 0
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        nlp = load_language(names)
        sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(paragraphs, batch_size=64))
        best[0] = min(best[0], time.perf_counter() - start)
        del nlp
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                stored = api.ingest(files, db=Path(tmp) / "bench.duckdb", workers=workers, search_index=False).new
                best[workers] = min(best[workers], time.perf_counter() - start)
    print(
        f"{len(files)} documents ({stored} stored), {len(paragraphs)} paragraphs, {size:.1f} MB, {sentences} sentences"
    )
    print(f"{'run':<28}{'seconds':>9}{'sentences/s':>13}{'vs bare':>9}")
    for workers, label in ((0, "bare nlp.pipe (1 process)"), (1, "ingest, 1 worker"), (2, "ingest, 2 workers")):
        seconds = best[workers]
        print(f"{label:<28}{seconds:>9.1f}{sentences / seconds:>13.0f}{best[0] / seconds:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
