"""Screenshots of the web UI for the README, taken in headless Chromium.

    python scripts/screenshots.py [--db corpus.duckdb] [--out docs/screenshots]

Without ``--db`` it ingests the bundled examples into a temporary store. The
README's pictures come from ``../shared/corpus`` ingested with
``communique ingest ../shared/corpus --db corpus.duckdb``. Needs Playwright
(in the ``[test]`` extra) and Debian's ``chromium`` (or ``COMMUNIQUE_CHROMIUM``).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from communique import api
from communique.web.headless import BackgroundServer, launch_chromium

ROOT = Path(__file__).resolve().parents[1]
# name, address, what to scroll into view first (or None)
SHOTS = (
    ("overview", "/", None),
    ("search", "/search?q=%22Minsk+Group%22", None),
    ("document", "/doc/mid.ru/1331-24-06-2022", "#turn-0"),
    ("trend", "/trend?terms=EU,+NATO&by=year&relative=1", None),
    ("events", "/events?actor=AZE&type=AGREE&by=year", None),
    ("actor", "/actor/AZE?by=year", None),
    ("kwic", "/kwic?term=Minsk+Group&sort=left", None),
)


def take(db: Path, out: Path, width: int = 1280, height: int = 860) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with BackgroundServer(db) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        for name, address, anchor in SHOTS:
            page.goto(server.url + address)
            charts = page.locator("div.chart").count()
            if charts:
                page.wait_for_function(f"document.querySelectorAll('div.chart[data-drawn=true]').length == {charts}")
            if anchor:
                page.locator(anchor).scroll_into_view_if_needed()
            page.wait_for_timeout(300)  # plotly's transitions
            path = out / f"{name}.png"
            page.screenshot(path=str(path))
            written.append(path)
            print(f"{path}  ({address})")
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="The store to show (default: the bundled examples, ingested now).")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if args.db is not None:
        take(args.db, args.out)
        return
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "examples.duckdb"
        api.ingest([ROOT / "examples"], db=db)
        take(db, args.out)


if __name__ == "__main__":
    main()
