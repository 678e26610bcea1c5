"""Exporters: JSON Lines round-trips documents; CSV and Parquet write one file per table."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from communique.errors import UnsupportedFormat
from communique.export import export, formats
from communique.model import Document, Exchange, Turn
from communique.store.base import TABLES
from communique.store.duckdb import DuckDBStore


def make_doc(doc_id: str, answers: int) -> Document:
    turns = [Turn(0, None, "Sergey Lavrov", "official", "statement", 0, 5, "Hello")]
    exchanges = []
    for k in range(answers):
        turns.append(Turn(len(turns), "Question", None, "journalist", "question", 6, 8, "Q?"))
        turns.append(Turn(len(turns), "Sergey Lavrov", "Sergey Lavrov", "official", "answer", 9, 11, "A."))
        exchanges.append(Exchange([1 + 2 * k], [2 + 2 * k], None, "Sergey Lavrov"))
    return Document(
        id=doc_id,
        source="mid.ru",
        title="Statement, “quoted”, with commas",
        date="2022-06-24",
        text="Hello\nQ?\nA.",
        turns=turns,
        exchanges=exchanges,
        path=f"{doc_id}.txt",
        content_hash=doc_id * 4,
    )


@pytest.fixture
def store(tmp_path: Path):
    with DuckDBStore(tmp_path / "corpus.duckdb") as opened:
        opened.upsert([make_doc("b", 2), make_doc("a", 1)])
        yield opened


def test_export_knows_the_builtin_formats() -> None:
    assert {"jsonl", "csv", "parquet"} <= set(formats())


def test_export_jsonl_writes_one_document_per_line_in_id_order(store: DuckDBStore, tmp_path: Path) -> None:
    out = tmp_path / "out" / "corpus.jsonl"
    assert export(store, "jsonl", out) == [out]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [make_doc("a", 1).to_dict(), make_doc("b", 2).to_dict()]


def test_export_jsonl_round_trips_a_real_document(tmp_path: Path, seed: Document) -> None:
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        store.upsert([seed])
        export(store, "jsonl", tmp_path / "seed.jsonl")
    line = (tmp_path / "seed.jsonl").read_text(encoding="utf-8").strip()
    assert Document.from_dict(json.loads(line)) == seed


def test_export_csv_writes_one_file_per_table(store: DuckDBStore, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    written = export(store, "csv", out)
    assert [p.name for p in written] == [f"{t}.csv" for t in TABLES]
    with (out / "turns.csv").open(encoding="utf-8", newline="") as handle:
        turns = list(csv.DictReader(handle))
    assert [(r["doc_id"], r["idx"]) for r in turns] == [("a", "0"), ("a", "1"), ("a", "2")] + [
        ("b", str(i)) for i in range(5)
    ]
    with (out / "documents.csv").open(encoding="utf-8", newline="") as handle:
        documents = list(csv.DictReader(handle))
    assert [(d["id"], d["title"], d["date"]) for d in documents] == [
        ("a", "Statement, “quoted”, with commas", "2022-06-24"),
        ("b", "Statement, “quoted”, with commas", "2022-06-24"),
    ]


def test_export_parquet_writes_one_typed_file_per_table(store: DuckDBStore, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    written = export(store, "parquet", out)
    assert [p.name for p in written] == [f"{t}.parquet" for t in TABLES]
    rows = {t: pq.read_table(out / f"{t}.parquet").num_rows for t in TABLES}
    assert rows == {"documents": 2, "turns": 8, "exchanges": 3, "mentions": 0, "events": 0}
    exchanges = pq.read_table(out / "exchanges.parquet").to_pylist()
    assert [(x["doc_id"], x["question"], x["answer"]) for x in exchanges] == [
        ("a", [1], [2]),
        ("b", [1], [2]),
        ("b", [3], [4]),
    ]


def test_export_of_an_empty_store_writes_empty_tables(tmp_path: Path) -> None:
    with DuckDBStore(tmp_path / "c.duckdb") as store:
        export(store, "parquet", tmp_path / "p")
        export(store, "jsonl", tmp_path / "e.jsonl")
    assert pq.read_table(tmp_path / "p" / "documents.parquet").num_rows == 0
    assert (tmp_path / "e.jsonl").read_text() == ""


def test_export_unknown_format_raises(store: DuckDBStore, tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat, match="docx"):
        export(store, "docx", tmp_path / "x")
