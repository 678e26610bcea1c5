"""Full-text search over turns: DuckDB's FTS extension (BM25), with filters and highlighted snippets.

The index lives in the store beside the tables it indexes: ``turn_search``
holds one row per turn (a numeric key, the turn's place and words, its word
count), and DuckDB's ``fts_main_turn_search`` schema the postings. It is
rebuilt after every ingest that changed the corpus (``build_index``); a
store written before, or changed since, is rebuilt on the first search that
can write to it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import duckdb

from communique.errors import StoreError

INDEX_TABLE = "turn_search"
# The layout of the index tables: a store indexed under another is indexed again.
INDEX_VERSION = 3
POSTINGS_TABLE = "turn_postings"
_FTS = f"fts_main_{INDEX_TABLE}"
# BM25's parameters, as DuckDB's match_bm25 has them.
_K1 = 1.2
_B = 0.75
_STATE_TABLE = "turn_search_state"
_SNIPPET_CHARS = 110  # of context on each side of the first match
_QUOTED = re.compile(r'"([^"]+)"')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Filters:
    """What every corpus view can be narrowed by: who speaks, where, when, and whom the turn names.

    ``speaker`` matches part of the speaker's name, case-insensitively; ``actor``
    is an actor code (RUS, AZE, EU, NATO) named in the turn.
    """

    speaker: str | None = None
    role: str | None = None
    source: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None

    def where(self, turn: str = "t", document: str = "d") -> tuple[list[str], list[Any]]:
        """SQL conditions on a turn ``t`` and its document ``d`` (the search index's table holds both), and
        their parameters."""
        where: list[str] = []
        params: list[Any] = []
        if self.speaker:
            # contains(lower()) rather than ILIKE: twice as fast, and "%" or "_" in a name mean themselves.
            where.append(f"contains(lower({turn}.speaker), ?)")
            params.append(self.speaker.lower())
        for column, value in ((f"{turn}.role", self.role), (f"{document}.source", self.source)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if self.kind:
            where.append(f"{document}.kind = ?")
            params.append(self.kind)
        if self.date_from:
            where.append(f"{document}.date >= CAST(? AS DATE)")
            params.append(self.date_from)
        if self.date_to:
            where.append(f"{document}.date <= CAST(? AS DATE)")
            params.append(self.date_to)
        if self.actor:
            where.append(
                f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = {turn}.doc_id AND m.turn = {turn}.idx"
                " AND upper(m.country) = ?)"
            )
            params.append(self.actor.upper())
        return where, params


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load DuckDB's full-text search extension from the installed ``duckdb-extension-fts`` package."""
    try:
        folder = resources.files("duckdb_extension_fts") / "extensions" / f"v{duckdb.__version__}"
        path = str(folder / "fts.duckdb_extension")
    except ModuleNotFoundError:
        raise StoreError("full-text search needs the duckdb-extension-fts package (pip install communique)") from None
    try:
        con.execute(f"LOAD '{path}'")
    except duckdb.Error as exc:
        raise StoreError(f"cannot load DuckDB's full-text search extension from {path}: {exc}") from exc


def _fingerprint(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    row = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT max(ingested_at) FROM documents),"
        " (SELECT count(*) FROM turns)"
    ).fetchone()
    return tuple(row or ())


def index_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``turn_search`` indexes the turns as stored now."""
    try:
        row = con.execute(f"SELECT version, documents, latest, turns FROM {_STATE_TABLE}").fetchone()
    except (duckdb.CatalogException, duckdb.BinderException):
        return False  # never built, or built by an earlier version of this module
    return row is not None and row[0] == INDEX_VERSION and tuple(row[1:]) == _fingerprint(con)


def build_index(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)build the search index over every stored turn; returns the number of turns indexed."""
    load_fts(con)
    con.execute("SET enable_progress_bar = false")  # DuckDB would draw one on the terminal
    # Whatever state a build killed half-way leaves, it is not taken for a current index.
    con.execute(f"DROP TABLE IF EXISTS {_STATE_TABLE}")
    con.execute(
        f"""CREATE OR REPLACE TABLE {INDEX_TABLE} AS
            SELECT CAST(row_number() OVER (ORDER BY t.doc_id, t.idx) AS BIGINT) AS key, t.doc_id, t.idx,
                   t.speaker, t.role, t.start, d.date, d.source, d.kind,
                   CAST(len(regexp_extract_all(t.text, '\\w+')) AS INTEGER) AS words, t.text
            FROM turns t JOIN documents d ON d.id = t.doc_id ORDER BY key"""
    )
    # Porter stems, English stop words, accents stripped: "sanctions" finds "sanction".
    con.execute(f"PRAGMA create_fts_index('{INDEX_TABLE}', 'key', 'text', overwrite = 1)")
    # The postings again, one row per term and turn with the turn's length, ordered by term: a query
    # reads only the row groups of its own terms (DuckDB skips the rest by their min/max), where
    # the extension's match_bm25 scores every turn of the corpus.
    con.execute(
        f"""CREATE OR REPLACE TABLE {POSTINGS_TABLE} AS
            SELECT t.termid, d.name AS key, CAST(count(*) AS INTEGER) AS tf, d.len
            FROM {_FTS}.terms t JOIN {_FTS}.docs d USING (docid)
            GROUP BY ALL ORDER BY t.termid, key"""
    )
    documents, latest, turns = _fingerprint(con)
    con.execute(
        f"CREATE OR REPLACE TABLE {_STATE_TABLE} (version INTEGER, documents BIGINT, latest TIMESTAMP, turns BIGINT)"
    )
    con.execute(f"INSERT INTO {_STATE_TABLE} VALUES (?, ?, ?, ?)", [INDEX_VERSION, documents, latest, turns])
    return int(turns)


def _terms(query: str) -> tuple[str, list[str]]:
    """The words BM25 ranks by, and the quoted phrases every hit must hold."""
    phrases = [" ".join(p.split()) for p in _QUOTED.findall(query) if p.strip()]
    words = _WORD.findall(query)
    return " ".join(words), phrases


def _stems(con: duckdb.DuckDBPyConnection, words: str) -> list[str]:
    """The stems the index knows words by, stop words left out, as the index tokenizes them."""
    rows = con.execute(
        f"""SELECT DISTINCT stem(word, 'porter') FROM (SELECT unnest({_FTS}.tokenize(?)) AS word)
            WHERE word NOT IN (SELECT sw FROM {_FTS}.stopwords)""",
        [words],
    ).fetchall()
    return [row[0] for row in rows if row[0]]


def phrase_pattern(phrase: str) -> str:
    """The words of ``phrase``, escaped, with any run of whitespace between them."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _highlight(phrases: list[str], stems: list[str]) -> re.Pattern[str] | None:
    """Words of a text that match the query as the index does (same stem): "sanction" marks "sanctions"."""
    ordered = sorted(set(stems), key=len, reverse=True)
    parts = [phrase_pattern(p) for p in phrases] + [rf"{re.escape(s)}\w*" for s in ordered]
    return re.compile(r"\b(?:" + "|".join(parts) + r")", re.IGNORECASE) if parts else None


def snippet(text: str, pattern: re.Pattern[str] | None, chars: int = _SNIPPET_CHARS) -> tuple[str, list[list[int]]]:
    """The part of ``text`` around its first match, cut at spaces, and where the matches are in it."""
    first = pattern.search(text) if pattern else None
    centre = first.start() if first else 0
    start = max(0, centre - chars)
    end = min(len(text), (first.end() if first else 0) + chars)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < centre else start
    if end < len(text):
        space = text.rfind(" ", centre, end)
        end = space if space > centre else end
    piece = text[start:end].replace("\n", " ")
    matches = [[m.start(), m.end()] for m in pattern.finditer(piece)] if pattern else []
    prefix, suffix = ("… " if start > 0 else ""), (" …" if end < len(text) else "")
    shift = len(prefix)
    return prefix + piece + suffix, [[a + shift, b + shift] for a, b in matches]


def _lookup(con: duckdb.DuckDBPyConnection, words: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The stems of ``words`` (stop words left out) and the (term id, document frequency) of those the
    index holds."""
    stems = _stems(con, words)
    if not stems:
        return [], []
    found = con.execute(f"SELECT termid, df FROM {_FTS}.dict WHERE term IN (SELECT unnest(?))", [stems]).fetchall()
    return stems, [(int(termid), int(df)) for termid, df in found]


def matching_turns(con: duckdb.DuckDBPyConnection, words: str) -> str | None:
    """SQL for the keys of the turns that hold every word of ``words`` (by stem), from the postings:
    the candidates a term can occur in. ``None`` where the words are all stop words (any turn may)."""
    stems, found = _lookup(con, words)
    if not stems:
        return None
    if len(found) < len(stems):
        return "SELECT CAST(NULL AS BIGINT) AS key WHERE FALSE"
    ids = ", ".join(str(termid) for termid, _ in found)
    return f"SELECT key FROM {POSTINGS_TABLE} WHERE termid IN ({ids}) GROUP BY key HAVING count(*) = {len(found)}"


def _bm25(
    con: duckdb.DuckDBPyConnection, stems: list[str], found: list[tuple[int, int]], every_word: bool
) -> str | None:
    """SQL for (key, score) of the turns that match the looked-up query terms, scored as DuckDB's
    match_bm25 scores them; ``None`` where nothing can match (only stop words, or a word no turn holds)."""
    if not found or (every_word and len(found) < len(stems)):
        return None
    stats = con.execute(f"SELECT num_docs, avgdl FROM {_FTS}.stats").fetchone()
    documents, average = (float(stats[0]), float(stats[1])) if stats else (0.0, 1.0)
    # Term ids and weights go in as literals, so DuckDB prunes the postings' row groups by them.
    weights = " ".join(
        f"WHEN {termid} THEN CAST({math.log10((documents - df + 0.5) / (df + 0.5) + 1)!r} AS DOUBLE)"
        for termid, df in found
    )
    ids = ", ".join(str(termid) for termid, _ in found)
    having = f"HAVING count(*) = {len(found)}" if every_word else ""
    return f"""
        SELECT key, sum((CASE termid {weights} END) * (tf * {_K1 + 1!r})
                        / (tf + {_K1!r} * ({1 - _B!r} + {_B!r} * len / CAST({average!r} AS DOUBLE)))) AS score
        FROM {POSTINGS_TABLE} WHERE termid IN ({ids}) GROUP BY key {having}"""


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    filters: Filters | None = None,
    limit: int | None = 20,
    every_word: bool = True,
) -> list[dict[str, Any]]:
    """Turns that match ``query``, best first (BM25), each with its document, speaker and a snippet.

    Every word must occur (``every_word=False``: any); a "quoted phrase" must
    occur as written. ``matches`` gives the [start, end) of each highlighted
    word in ``snippet``. The index must be current (``index_is_current``).
    """
    words, phrases = _terms(query)
    if not words:
        return []
    load_fts(con)
    stems, found = _lookup(con, words)
    scores = _bm25(con, stems, found, every_word)
    if scores is None:
        return []
    where, params = (filters or Filters()).where(turn="s", document="s")
    for phrase in phrases:
        where.append("regexp_matches(s.text, ?, 'i')")
        params.append(r"\b" + phrase_pattern(phrase) + r"\b")
    if not where and limit:
        # Nothing to filter by: the best turns are known before any join.
        scores = f"SELECT * FROM ({scores}) ORDER BY score DESC, key LIMIT {int(limit)}"
    # First the best keys, reading no text; then the text of those turns alone, by key.
    ranked = con.execute(
        f"""WITH hits AS ({scores})
            SELECT h.key, h.score FROM hits h
            JOIN {INDEX_TABLE} s ON s.key = h.key
            WHERE {" AND ".join(where) or "TRUE"}
            ORDER BY h.score DESC, s.date DESC, s.doc_id, s.idx
            {"LIMIT ?" if limit else ""}""",
        [*params, *([limit] if limit else [])],
    ).fetchall()
    if not ranked:
        return []
    # Two lookups by literal keys rather than a join, which DuckDB would plan against a million turns.
    keys = ", ".join(str(int(key)) for key, _ in ranked)
    turns = {
        row[0]: row[1:]
        for row in con.execute(
            f"SELECT key, doc_id, idx, speaker, role, text, start FROM {INDEX_TABLE} WHERE key IN ({keys})"
        ).fetchall()
    }
    ids = sorted({turn[0] for turn in turns.values()})
    documents = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT id, date, source, title FROM documents WHERE id IN (SELECT unnest(?))", [ids]
        ).fetchall()
    }
    pattern = _highlight(phrases, stems)
    hits = []
    for key, score in ranked:
        if key not in turns:
            continue
        doc_id, idx, speaker, role, text, start = turns[key]
        date, source, title = documents.get(doc_id, (None, None, None))
        piece, matches = snippet(text or "", pattern)
        hits.append(
            {
                "doc_id": doc_id,
                "date": date,
                "source": source,
                "title": title,
                "turn": idx,
                "speaker": speaker,
                "role": role,
                "score": round(float(score), 4),
                "snippet": piece,
                "matches": matches,
                "turn_start": start,
            }
        )
    return hits
