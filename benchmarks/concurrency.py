"""Many searches at once against the web UI: how long each waits for its answer, and how many are told
the server is busy.

    python benchmarks/concurrency.py --db corpus.duckdb [--requests 200] [--path "/search?q=sanctions"]

All requests start together (one thread each) against a server on the loopback; it prints the answers
by status and the latency percentiles, of all answers and of the pages served (200).
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from communique.web.headless import BackgroundServer


def _ask(url: str, ready: threading.Barrier, out: list[tuple[int, float]]) -> None:
    ready.wait()
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    out.append((status, time.perf_counter() - start))


def _percentiles(times: list[float]) -> str:
    if not times:
        return "-"
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered):.2f} s, p95 {p95:.2f} s, max {ordered[-1]:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--path", default="/search?q=sanctions")
    args = parser.parse_args()
    with BackgroundServer(args.db) as server:
        urllib.request.urlopen(server.url + args.path, timeout=600).read()  # the store opened, caches warm
        answers: list[tuple[int, float]] = []
        ready = threading.Barrier(args.requests)
        threads = [
            threading.Thread(target=_ask, args=(server.url + args.path, ready, answers)) for _ in range(args.requests)
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - start
    statuses = {status: sum(1 for s, _ in answers if s == status) for status in sorted({s for s, _ in answers})}
    print(
        f"{args.requests} concurrent {args.path} in {took:.2f} s: "
        + ", ".join(f"{n} x {s}" for s, n in statuses.items())
    )
    print(f"all answers: {_percentiles([t for _, t in answers])}")
    print(f"pages (200): {_percentiles([t for s, t in answers if s == 200])}")


if __name__ == "__main__":
    main()
