"""What the web UI tests share: the documents of the corpus they read."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SEED_ID = "mid.ru/1331-24-06-2022"
# A press release whose title and text hold markup, as a page copied from the web may.
HOSTILE = """10:00

Statement <script>alert("title")</script> on <b>markup</b>

Press Secretary: We reject the <script>alert(1)</script> claims & "quotes" of <img src=x onerror=alert(2)> Baku.

Question: Will Russia sign the agreement <iframe src="javascript:alert(3)"></iframe> next week?

Press Secretary: We do not comment.
"""
# A file of no known site: its name and a hash of its bytes (written as UTF-8 by conftest.py).
HOSTILE_ID = f"markup-{hashlib.sha256(HOSTILE.encode()).hexdigest()[:8]}"
