"""A real web server over a corpus of the bundled examples and a hostile document, for the UI tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from webui import EXAMPLES, HOSTILE

from communique import api
from communique.web.headless import BackgroundServer as Server


@pytest.fixture(scope="session")
def web_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    shutil.copytree(EXAMPLES, folder / "docs")
    (folder / "docs" / "hostile").mkdir()
    (folder / "docs" / "hostile" / "markup.txt").write_text(HOSTILE, encoding="utf-8")
    db = folder / "corpus.duckdb"
    summary = api.ingest([folder / "docs"], db=db)
    assert summary.failed == 0 and summary.new == 6
    return db


@pytest.fixture(scope="session")
def server(web_corpus: Path) -> Iterator[Server]:
    with Server(web_corpus) as running:
        yield running
