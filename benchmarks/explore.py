"""Search latency (p50, p95) and trend-by-month time over a corpus of a million turns or more.

    python benchmarks/explore.py [--corpus ../shared/corpus] [--copies 25] [--db big.duckdb]

Ingests the corpus (structure only), then copies every document and its turns
``--copies - 1`` times under new ids (``<id>~<n>``) with dates moved on by a
week per copy, builds the search index, and times searches and trends on the
result. With ``--db`` of an existing file built this way, it times again
without rebuilding (but for the search index, where that is out of date).

Searches are timed twice: on one connection kept open (as a long-running
program holds it), and through ``api.search``, which opens the store, checks
its index and closes it again on every call (as the command line does).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from communique import api
from communique.analysis.search import WORDS_TABLE, Filters, index_is_current, load_fts, search
from communique.analysis.trend import trend
from communique.store.duckdb import DuckDBStore

QUERIES = (
    "sanctions", "Minsk Group", "Russophobic", "cooperation", "information security", "NATO expansion",
    "Ukraine", "climate change", "trade", "President Putin", "Security Council", "humanitarian aid",
    "nuclear", "terrorism", "Azerbaijan",
)  # fmt: skip
TRENDS = (["EU"], ["sanctions"], ["Minsk Group"], ["EU", "NATO"])
# Word forms a search may meet that its index's word table may lack (it stems only a sample of the
# turns' words): the first one it lacks is timed too.
RARE = ("sanctionings", "cooperations", "Russophobes", "Minskers")
CASES = (
    ("search", {}),
    ("search --speaker Lavrov --from 2020-01-01", {"speaker": "Lavrov", "date_from": "2020-01-01"}),
    ("search --role journalist", {"role": "journalist"}),
)


def _columns(con: object, table: str) -> list[str]:
    rows = con.execute(  # type: ignore[attr-defined]
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [row[0] for row in rows]


def _copy_select(columns: list[str], key: str, date: str | None) -> str:
    parts = []
    for column in columns:
        if column in (key, "path"):
            parts.append(f"{column} || '~' || r AS {column}")
        elif column == date:
            parts.append(f"{column} + INTERVAL (r * 7) DAY AS {column}")
        else:
            parts.append(f'"{column}"')
    return ", ".join(parts)


def build(corpus: Path, db: Path, copies: int) -> None:
    start = time.perf_counter()
    api.ingest([corpus], db=db, workers=2, nlp=False, search_index=False)
    print(f"ingest (structure only): {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    with DuckDBStore(db) as store:
        con = store.connection
        with store.batch():
            documents = _copy_select(_columns(con, "documents"), "id", "date")
            turns = _copy_select(_columns(con, "turns"), "doc_id", None)
            con.execute(f"INSERT INTO documents SELECT {documents} FROM documents, range(1, ?) g(r)", [copies])
            con.execute(f"INSERT INTO turns SELECT {turns} FROM turns, range(1, ?) g(r)", [copies])
    print(f"copies: {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    turns = api.index(db)
    print(f"search index over {turns:,} turns: {time.perf_counter() - start:.1f} s")


def _percentiles(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[max(0, round(len(times) * 0.95) - 1)]
    return f"p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   max {times[-1]:7.1f} ms"


def _lacking(con: object, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` the index's word table lacks."""
    for word in words:
        row = con.execute(f"SELECT count(*) FROM {WORDS_TABLE} WHERE word = lower(?)", [word]).fetchone()  # type: ignore[attr-defined]
        if not row[0]:
            return word
    return None


def measure(db: Path, repeat: int) -> None:
    with DuckDBStore(db, read_only=True) as store:
        current = index_is_current(store.connection)
    if not current:
        start = time.perf_counter()
        turns = api.index(db)
        print(f"search index over {turns:,} turns (it was out of date): {time.perf_counter() - start:.1f} s")
    with DuckDBStore(db, read_only=True) as store:
        con = store.connection
        turns = con.execute("SELECT count(*) FROM turns").fetchone()[0]
        rare = _lacking(con, RARE)
        print(f"{turns:,} turns")
        print("on one connection kept open:")
        search(con, "warm up")
        for label, filters in CASES:
            times = []
            for _ in range(repeat):
                for query in QUERIES:
                    start = time.perf_counter()
                    search(con, query, Filters(**filters))
                    times.append((time.perf_counter() - start) * 1000)
            print(f"  {label:<44}{_percentiles(times)}")
        load_fts(con)
        for terms in TRENDS:
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                trend(con, terms, by="month")
                times.append((time.perf_counter() - start) * 1000)
            print(f"  {'trend ' + ' '.join(terms) + ' --by month':<44}best {min(times):7.1f} ms")
    print("through api.search (opens the store on every call):")
    for label, filters in CASES:
        times = []
        for _ in range(repeat):
            for query in QUERIES:
                start = time.perf_counter()
                api.search(query, db=db, **filters)
                times.append((time.perf_counter() - start) * 1000)
        print(f"  {label:<44}{_percentiles(times)}")
    if rare:
        # The first time, the extension is loaded (about 11 MB, its signature checked) to stem a word
        # the table lacks; the process remembers the stem after that.
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            api.search(rare, db=db)
            times.append((time.perf_counter() - start) * 1000)
        label = f"search {rare} (not in the word table)"
        print(f"  {label:<44}first {times[0]:7.1f} ms   then best {min(times[1:] or times):7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--copies", type=int, default=25, help="Copies of the corpus in all (25: about 1M turns).")
    parser.add_argument("--db", help="Keep the corpus in this file (reused if it exists).")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.db and Path(args.db).exists():
        measure(Path(args.db), args.repeat)
        return 0
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skipped: no corpus at {corpus} (the shared development corpus is needed)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "explore.duckdb"
        build(corpus, db, args.copies)
        measure(db, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
