"""The UI served in a background thread and opened in headless Chromium: for screenshots, the page-load
benchmark and the browser tests.

Chromium is the system's (Debian's ``chromium``, or ``COMMUNIQUE_CHROMIUM``),
driven by Playwright, which never downloads a browser of its own here.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from communique.web.app import create_app

# Headless, and nothing that reaches out to the network on its own.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_path() -> str | None:
    """Where Chromium is: ``COMMUNIQUE_CHROMIUM``, else ``chromium`` on the PATH."""
    return os.environ.get("COMMUNIQUE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(playwright: Any) -> Any:
    """A headless Chromium browser from a started Playwright (``sync_playwright().start()``)."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium is not installed: apt-get install chromium, or set COMMUNIQUE_CHROMIUM")
    return playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_FLAGS))


class BackgroundServer:
    """The UI over ``db`` served by uvicorn in a thread, on a free port of the loopback; ``options`` go
    to ``create_app`` (``limits``, ``hosts``).

    Example::

        with BackgroundServer("corpus.duckdb") as server:
            urllib.request.urlopen(server.url + "/search?q=EU")
    """

    def __init__(self, db: str | Path, idle: float = 5.0, **options: Any) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        app = create_app(db, idle=idle, **options)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
