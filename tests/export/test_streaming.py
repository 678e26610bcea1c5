"""JSON Lines and TEI exports read the store a chunk of documents at a time, every document once, in id order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique import api
from communique.model import Document, Turn
from communique.store.duckdb import DuckDBStore


def _doc(n: int) -> Document:
    text = f"Statement number {n}."
    turn = Turn(0, None, "Sergey Lavrov", "official", "statement", 0, len(text), text)
    return Document(id=f"gen/{n:04d}", source="gen", date="2024-01-02", text=text, turns=[turn])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More documents than one chunk of the store's reading (256), given out of order."""
    path = tmp_path_factory.mktemp("many") / "corpus.duckdb"
    with DuckDBStore(path) as store:
        store.upsert([_doc(n) for n in reversed(range(601))])
    return path


def test_export_jsonl_streams_every_document_once_in_id_order(db: Path, tmp_path: Path) -> None:
    [out] = api.export("jsonl", tmp_path / "all.jsonl", db=db)
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs] == [f"gen/{n:04d}" for n in range(601)]
    assert docs[300] == _doc(300).to_dict()


def test_export_tei_writes_a_file_per_document(db: Path, tmp_path: Path) -> None:
    files = api.export("tei", tmp_path / "tei", db=db)
    assert len(files) == len(set(files)) == 601 and all(f.exists() for f in files)


@pytest.mark.parametrize("chunk", [100, 256, 1000])
def test_store_iter_documents_chunks_cover_the_store(db: Path, chunk: int) -> None:
    with DuckDBStore(db, read_only=True) as store:
        assert [d.id for d in store.iter_documents(chunk=chunk)] == [f"gen/{n:04d}" for n in range(601)]
