"""User patterns run in linear time (RE2), and a limit stops the concordance reading early."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique import api
from communique.analysis.search import build_index
from communique.cli import cli
from communique.errors import QueryError
from communique.model import Document, Turn
from communique.store.duckdb import DuckDBStore

# Patterns that backtrack for ever in a backtracking engine over the long turn below.
CATASTROPHIC = [r"(a+)+$", r"(\w+\s?)*X", r"(a|aa)+$"]


def _store(db: Path, texts: list[str]) -> Path:
    """A store of one document per text, each text one turn, indexed."""
    docs = []
    for n, text in enumerate(texts):
        turn = Turn(0, None, "Sergey Lavrov", "official", "statement", 0, len(text), text)
        day = f"2020-01-{1 + n % 28:02d}"
        docs.append(Document(id=f"gen/{n:05d}", source="gen", date=day, text=text, turns=[turn]))
    with DuckDBStore(db) as store:
        store.upsert(docs)
        build_index(store.connection)
    return db


@pytest.fixture(scope="module")
def long_turn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = "a" * 40 + "! " + "word " * 3000 + "a" * 3000 + "!"
    return _store(tmp_path_factory.mktemp("long") / "long.duckdb", [text])


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 100,000 occurrences of "the": 1,000 turns of 100 each."""
    texts = [" ".join(f"the word{n}-{i}" for i in range(100)) + "." for n in range(1000)]
    return _store(tmp_path_factory.mktemp("many") / "many.duckdb", texts)


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_kwic_catastrophic_pattern_answers_at_once_through_the_cli(long_turn: Path, pattern: str) -> None:
    # A process of its own: a backtracking engine would never return, and the timeout fails the test.
    command = [sys.executable, "-m", "communique", "kwic", pattern, "--regex", "--db", str(long_turn)]
    done = subprocess.run([*command, "--format", "jsonl"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert all(line["keyword"] for line in lines)


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_trend_catastrophic_pattern_answers_through_the_cli(long_turn: Path, pattern: str) -> None:
    command = [sys.executable, "-m", "communique", "trend", pattern, "--regex", "--db", str(long_turn)]
    done = subprocess.run([*command, "--format", "jsonl"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_web_concordance_catastrophic_pattern_answers(long_turn: Path) -> None:
    script = (
        "import sys; from starlette.testclient import TestClient; from communique.web import create_app\n"
        "with TestClient(create_app(sys.argv[1]), base_url='http://localhost') as client:\n"
        "    page = client.get('/kwic', params={'term': sys.argv[2], 'regex': '1'})\n"
        "    print(page.status_code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(long_turn), r"(\w+\s?)*X"], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "200", done.stderr


def test_kwic_regex_finds_with_re2_any_case(long_turn: Path) -> None:
    [line] = api.kwic(r"^A{40}!", db=long_turn, regex=True, window=2)
    assert line["keyword"] == "a" * 40 + "!" and line["right"] == "word word" and line["start"] == 0


@pytest.mark.parametrize("pattern", [r"(?<=a)b", r"(?<!\w)word", r"(a)\1", r"word(?=s)"])
def test_kwic_pattern_re2_cannot_run_is_a_one_line_error(long_turn: Path, pattern: str) -> None:
    with pytest.raises(QueryError, match="RE2"):
        api.kwic(pattern, db=long_turn, regex=True)
    for command in ("kwic", "trend"):
        result = CliRunner().invoke(cli, [command, pattern, "--regex", "--db", str(long_turn)])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "RE2" in result.output and "look-around" in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_kwic_limit_stops_reading_early(many: Path) -> None:
    with api.Corpus(many) as corpus:
        started = time.perf_counter()
        every = corpus.kwic("the", window=2)
        all_seconds = time.perf_counter() - started
        started = time.perf_counter()
        first = corpus.kwic("the", window=2, limit=5)
        limited_seconds = time.perf_counter() - started
    assert len(every) == 100_000 and first == every[:5]
    # Reading every turn costs seconds; five lines come from the first turn read.
    assert limited_seconds * 10 < all_seconds, (limited_seconds, all_seconds)


def test_kwic_sorted_with_a_limit_is_the_head_of_the_sorted_lines(many: Path) -> None:
    with api.Corpus(many) as corpus:
        for sort in ("left", "right"):
            assert (
                corpus.kwic("word999-9\\d", regex=True, sort=sort, limit=4)
                == corpus.kwic("word999-9\\d", regex=True, sort=sort)[:4]
            )
