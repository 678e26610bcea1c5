"""What the web UI tests share: the corpus they read and a real server to read it through."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from communique.web import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SEED_ID = "mid.ru/1331-24-06-2022"
HOSTILE_ID = "markup"
# A press release whose title and text hold markup, as a page copied from the web may.
HOSTILE = """10:00

Statement <script>alert("title")</script> on <b>markup</b>

Press Secretary: We reject the <script>alert(1)</script> claims & "quotes" of <img src=x onerror=alert(2)> Baku.

Question: Will Russia sign the agreement <iframe src="javascript:alert(3)"></iframe> next week?

Press Secretary: We do not comment.
"""


class Server:
    """uvicorn serving the UI in a thread of the test process, on a free port of the loopback."""

    def __init__(self, db: Path, idle: float = 5.0) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(create_app(db, idle=idle), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
