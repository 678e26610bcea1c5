"""Event-coded sentences per second, end to end (read, structure, NLP, events, store), with 1 and 2
worker processes, beside bare ``nlp.pipe`` of the same spaCy pipeline over the same paragraphs.

    python benchmarks/events.py [--corpus ../shared/corpus] [--limit 120]

The bare run parses exactly the paragraphs the pipeline gives spaCy (every
turn's paragraphs), so the ratio of the two rates is what structure, actor
resolution, event coding and the store cost on top of spaCy. The end-to-end
figures include starting the workers and loading the model in each.
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
    args = parser.parse_args()
    folder = Path(args.corpus) / "kremlin.ru" / "txt"
    if not folder.is_dir():
        print(f"skipped: no corpus at {folder} (the shared development corpus is needed)")
        return 0
    files = list(walk([folder]))[: args.limit]
    structure = Pipeline(nlp=False)
    paragraphs = [p for f in files for t in structure.parse_path(f).turns for p in t.text.split("\n") if p.strip()]
    size = sum(len(p) for p in paragraphs) / 1e6

    nlp = load_language(ActorResolver.load().names())
    start = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(paragraphs, batch_size=64))
    bare = time.perf_counter() - start
    print(f"{len(files)} documents, {len(paragraphs)} paragraphs, {size:.1f} MB, {sentences} sentences")
    print(f"{'run':<28}{'seconds':>9}{'sentences/s':>13}{'vs bare':>9}")
    print(f"{'bare nlp.pipe (1 process)':<28}{bare:>9.1f}{sentences / bare:>13.0f}{1:>9.2f}")
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            summary = api.ingest(files, db=Path(tmp) / "bench.duckdb", workers=workers)
            seconds = time.perf_counter() - start
        label = f"ingest, {workers} worker{'s' if workers > 1 else ''}"
        rate = sentences / seconds
        print(f"{label:<28}{seconds:>9.1f}{rate:>13.0f}{bare / seconds:>9.2f}  ({summary.new} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
