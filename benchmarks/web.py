"""Page load times of the web UI: server time per page (p50, p95) and, in headless Chromium, the time
until a page is loaded and its charts drawn.

    python benchmarks/web.py --db corpus.duckdb [--repeat 10] [--no-browser]

Run it on a store ingested with events (``communique ingest ../shared/corpus``) for every page, and on
the million-turn store of ``benchmarks/explore.py`` (structure only, so its event and actor pages are
empty) for search, concordance and trends at scale. The first request of each page is timed apart
(``first``): it reads from disk what later requests find cached.
"""

from __future__ import annotations

import argparse
import statistics
import time
import urllib.request
from pathlib import Path

from communique.web.headless import BackgroundServer, chromium_path, launch_chromium

PAGES = (
    ("overview", "/"),
    ("documents", "/documents"),
    ("document (the seed)", "/doc/mid.ru/1331-24-06-2022"),
    ("search", "/search?q=sanctions"),
    ("search, filtered", "/search?q=sanctions&speaker=Lavrov&from=2020-01-01"),
    ("concordance", "/kwic?term=Minsk+Group"),
    ("trend by month, two terms", "/trend?terms=EU,+NATO&by=month"),
    ("trend by year, a speaker", "/trend?terms=EU&by=year&speaker=Lavrov"),
    ("events AZE AGREE", "/events?actor=AZE&type=AGREE"),
    ("actors", "/actors"),
    ("actor AZE", "/actor/AZE"),
)


def _fetch(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        size = len(response.read())
    return time.perf_counter() - start, size


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def server_times(url: str, repeat: int) -> None:
    print(f"{'page':32} {'first':>8} {'p50':>8} {'p95':>8} {'KB':>7}")
    for name, address in PAGES:
        first, size = _fetch(url + address)
        times = [_fetch(url + address)[0] for _ in range(repeat)]
        print(
            f"{name:32} {first * 1000:7.0f}ms {statistics.median(times) * 1000:7.0f}ms"
            f" {_percentile(times, 0.95) * 1000:7.0f}ms {size / 1024:7.0f}"
        )


def browser_times(url: str, repeat: int) -> None:
    from playwright.sync_api import sync_playwright

    print(f"\n{'page in Chromium':32} {'loaded p50':>11} {'charts drawn p50':>17}")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/")  # plotly.js into the cache, as for anyone past their first page
        for name, address in PAGES:
            loaded, drawn = [], []
            for _ in range(repeat):
                start = time.perf_counter()
                page.goto(url + address, wait_until="load")
                loaded.append(time.perf_counter() - start)
                charts = page.locator("div.chart").count()
                if charts:
                    page.wait_for_function(
                        f"document.querySelectorAll('div.chart[data-drawn=true]').length == {charts}"
                    )
                drawn.append(time.perf_counter() - start)
            print(f"{name:32} {statistics.median(loaded) * 1000:10.0f}ms {statistics.median(drawn) * 1000:16.0f}ms")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--no-browser", action="store_true", help="Server times only.")
    args = parser.parse_args()
    with BackgroundServer(args.db, idle=60) as server:
        server_times(server.url, args.repeat)
        if not args.no_browser:
            if chromium_path() is None:
                print("\nChromium is not installed (apt-get install chromium): no browser times.")
            else:
                browser_times(server.url, max(3, args.repeat // 3))


if __name__ == "__main__":
    main()
