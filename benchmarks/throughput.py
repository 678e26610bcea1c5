"""Structure-only throughput (MB/s, documents/s) per format, with 1 and 2 worker processes.

Reads every file of ../shared/corpus into memory first, so the figures are the
parser's, not the disk's; then times an ingest into a fresh DuckDB file with
1 and 2 workers.

    python benchmarks/throughput.py [--corpus ../shared/corpus] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from communique.errors import CommuniqueError
from communique.pipeline import Pipeline
from communique.sources import detect_format, walk

_PIPELINE: Pipeline | None = None


def _init() -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(nlp=False)


def _parse_chunk(chunk: list[tuple[str, bytes]]) -> int:
    assert _PIPELINE is not None
    done = 0
    for path, data in chunk:
        try:
            _PIPELINE.parse_bytes(data, path=path)
            done += 1
        except CommuniqueError:
            pass
    return done


def _chunks(files: list[tuple[str, bytes]], count: int = 16, size: int = 512 * 1024) -> list[list[tuple[str, bytes]]]:
    """Work for the pool: ``count`` files at most, fewer where they pass ``size`` bytes (one PDF each)."""
    chunks: list[list[tuple[str, bytes]]] = [[]]
    held = 0
    for item in files:
        if len(chunks[-1]) >= count or held >= size:
            chunks.append([])
            held = 0
        chunks[-1].append(item)
        held += len(item[1])
    return [chunk for chunk in chunks if chunk]


def _timed(files: list[tuple[str, bytes]], workers: int, repeat: int) -> float:
    """Best wall time of ``repeat`` runs over ``files``."""
    best = float("inf")
    if workers == 1:
        _init()
        for _ in range(repeat):
            start = time.perf_counter()
            _parse_chunk(files)
            best = min(best, time.perf_counter() - start)
        return best
    chunks = _chunks(files)
    with ProcessPoolExecutor(workers, initializer=_init) as pool:
        list(pool.map(_parse_chunk, chunks[: workers * 2]))  # warm the workers
        for _ in range(repeat):
            start = time.perf_counter()
            list(pool.map(_parse_chunk, chunks))
            best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skipped: no corpus at {corpus} (the shared development corpus is needed)")
        return 0
    by_format: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for path in walk([corpus]):
        data = Path(path).read_bytes()
        by_format[detect_format(data, path)].append((path, data))
    print(f"{'format':<10}{'docs':>7}{'MB':>8}{'workers':>9}{'seconds':>9}{'MB/s':>8}{'docs/s':>9}")
    for fmt, files in sorted(by_format.items()):
        size = sum(len(d) for _, d in files) / 1e6
        repeat = 1 if fmt == "pdf" else args.repeat
        for workers in (1, 2):
            seconds = _timed(files, workers, repeat)
            print(
                f"{fmt:<10}{len(files):>7}{size:>8.1f}{workers:>9}{seconds:>9.2f}"
                f"{size / seconds:>8.1f}{len(files) / seconds:>9.0f}"
            )
    _ingest_speedup(corpus, args.repeat)
    return 0


def _ingest_speedup(corpus: Path, repeat: int) -> None:
    """Structure-only ingest into a new DuckDB file, 1 worker against 2, best of ``repeat`` interleaved runs.

    The machine's speed drifts from run to run, so each pair of runs is taken
    back to back and the best of each kept. The search index, which ingest
    builds afterwards in one go whatever the workers, is timed on its own.
    """
    from communique import api

    sets = {
        "text renderings": [corpus / "kremlin.ru" / "txt", corpus / "fmprc.gov.cn" / "txt"],
        "all but PDF": [corpus / s for s in ("kremlin.ru", "fmprc.gov.cn", "whitehouse.gov", "mid.ru")],
        "everything": [corpus],
    }
    print(f"{'ingest':<18}{'docs':>6}{'turns':>8}{'1 worker s':>12}{'2 workers s':>13}{'speed-up':>10}")
    for name, folders in sets.items():
        folders = [f for f in folders if f.exists()]
        if not folders:
            continue
        best = {1: float("inf"), 2: float("inf"), 0: float("inf")}  # 0: building the search index after
        for _ in range(repeat):
            for workers in (1, 2):
                with tempfile.TemporaryDirectory() as tmp:
                    db = Path(tmp) / "bench.duckdb"
                    start = time.perf_counter()
                    summary = api.ingest(folders, db=db, workers=workers, nlp=False, search_index=False)
                    best[workers] = min(best[workers], time.perf_counter() - start)
                    start = time.perf_counter()
                    api.index(db)
                    best[0] = min(best[0], time.perf_counter() - start)
        print(
            f"{name:<18}{summary.new:>6}{summary.turns:>8}{best[1]:>12.2f}{best[2]:>13.2f}{best[1] / best[2]:>9.2f}x"
            f"   (search index: {best[0]:.2f} s)"
        )


if __name__ == "__main__":
    sys.exit(main())
