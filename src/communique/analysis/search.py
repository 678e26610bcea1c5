"""Full-text search over turns: DuckDB's FTS extension (BM25), with filters and highlighted snippets.

The index lives in the store beside the tables it indexes: ``turn_search``
holds one row per turn (a numeric key in the order results are listed, the
turn's place, speaker, document and words, its word count), DuckDB's
``fts_main_turn_search`` schema the extension's own index, ``turn_postings``
each term's turns with the term's share of their BM25 score, and two small
tables the words of a sample of the turns with their stems and the speakers.
A search reads the postings of its own terms and the turns it returns, and
loads the extension only for a word the word table lacks. The index is
rebuilt after every ingest that changed the corpus (``build_index``); a
store written before, or changed since, is rebuilt on the first search that
can write to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import duckdb

from communique.errors import StoreError

INDEX_TABLE = "turn_search"
# The layout of the index tables: a store indexed under another is indexed again.
INDEX_VERSION = 4
POSTINGS_TABLE = "turn_postings"
WORDS_TABLE = "turn_search_words"
SPEAKERS_TABLE = "turn_search_speakers"
# How many turns, spread evenly over the corpus, the index takes the words to stem ahead from (a
# bounded share of the build's time).
_STEMMED_TURNS = 100_000
_FTS = f"fts_main_{INDEX_TABLE}"
# BM25's parameters, as DuckDB's match_bm25 has them.
_K1 = 1.2
_B = 0.75
_STATE_TABLE = "turn_search_state"
_SNIPPET_CHARS = 110  # of context on each side of the first match
_QUOTED = re.compile(r'"([^"]+)"')
_WORD = re.compile(r"\w+")
# Stems of words the index's word table lacks, as the extension gave them (a stem depends on the word alone).
_STEMMED: dict[str, str] = {}
_STEMMED_MAX = 100_000
# Above this many keys, the hits' turns are read by a join rather than by a list of literal keys.
_LITERAL_KEYS = 1000


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


def index_state(con: duckdb.DuckDBPyConnection) -> str:
    """``current``, ``stale`` (built for the corpus as it was, in this layout) or ``missing``."""
    try:
        row = con.execute(f"SELECT version FROM {_STATE_TABLE}").fetchone()
    except (duckdb.CatalogException, duckdb.BinderException):
        return "missing"
    if row is None or row[0] != INDEX_VERSION:
        return "missing"
    return "current" if index_is_current(con) else "stale"


def _build_words(con: duckdb.DuckDBPyConnection) -> None:
    """The words of turns spread evenly over the corpus, with their stems, term ids and document
    frequencies, and the stop words (no stem): most queries find all their words here, by a lookup
    of a few rows, and need not load the extension (and its stemmer) at all."""
    con.execute(
        f"""CREATE OR REPLACE TABLE {WORDS_TABLE} AS
            SELECT q.word, q.stem, d.termid, d.df
            FROM (SELECT word, stem(word, 'porter') AS stem
                  FROM (SELECT DISTINCT unnest({_FTS}.tokenize(text)) AS word FROM {INDEX_TABLE}
                        WHERE key % (SELECT greatest(1, CAST(ceil(count(*) / ?) AS BIGINT)) FROM {INDEX_TABLE}) = 0)
                  WHERE word <> '' AND word NOT IN (SELECT sw FROM {_FTS}.stopwords)) q
            LEFT JOIN {_FTS}.dict d ON d.term = q.stem
            UNION ALL SELECT sw, NULL, NULL, NULL FROM {_FTS}.stopwords
            ORDER BY word""",
        [_STEMMED_TURNS],
    )


def build_index(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)build the search index over every stored turn; returns the number of turns indexed."""
    load_fts(con)
    con.execute("SET enable_progress_bar = false")  # DuckDB would draw one on the terminal
    # Whatever state a build killed half-way leaves, it is not taken for a current index.
    con.execute(f"DROP TABLE IF EXISTS {_STATE_TABLE}")
    # Each speaker once, numbered: a search narrowed to a speaker finds the numbers among a thousand
    # names or so, then compares numbers, not the names of a million turns.
    con.execute(
        f"""CREATE OR REPLACE TABLE {SPEAKERS_TABLE} AS
            SELECT CAST(row_number() OVER (ORDER BY speaker) AS INTEGER) AS id, speaker
            FROM (SELECT DISTINCT speaker FROM turns WHERE speaker IS NOT NULL)"""
    )
    # Keys follow the order in which equal scores are listed (newest first, then document and turn),
    # so "score DESC, key" is the order of the results, and the best turns are known from the
    # postings alone.
    con.execute(
        f"""CREATE OR REPLACE TABLE {INDEX_TABLE} AS
            SELECT CAST(row_number() OVER (ORDER BY d.date DESC NULLS LAST, t.doc_id, t.idx) AS BIGINT) AS key,
                   t.doc_id, t.idx, t.speaker, p.id AS speaker_id, t.role, t.start, d.date, d.source, d.kind,
                   d.title, CAST(len(regexp_extract_all(t.text, '\\w+')) AS INTEGER) AS words, t.text
            FROM turns t JOIN documents d ON d.id = t.doc_id LEFT JOIN {SPEAKERS_TABLE} p ON p.speaker = t.speaker
            ORDER BY key"""
    )
    # The hits' turns are read by key: through this index a handful of rows, not a scan of every turn.
    con.execute(f"CREATE UNIQUE INDEX {INDEX_TABLE}_key ON {INDEX_TABLE} (key)")
    # Porter stems, English stop words, accents stripped: "sanctions" finds "sanction".
    con.execute(f"PRAGMA create_fts_index('{INDEX_TABLE}', 'key', 'text', overwrite = 1)")
    # The postings again, one row per term and turn with the term's share of the turn's BM25 score
    # (match_bm25's formula, worked out once here), ordered by term: a query reads only the row
    # groups of its own terms (DuckDB skips the rest by their min/max) and adds up, where the
    # extension's match_bm25 scores every turn of the corpus.
    con.execute(
        f"""CREATE OR REPLACE TABLE {POSTINGS_TABLE} AS
            SELECT p.termid, p.key,
                   CAST(log((s.num_docs - w.df + 0.5) / (w.df + 0.5) + 1) * (p.tf * {_K1 + 1!r})
                        / (p.tf + {_K1!r} * ({1 - _B!r} + {_B!r} * p.len / s.avgdl)) AS DOUBLE) AS score
            FROM (SELECT t.termid, d.name AS key, count(*) AS tf, d.len
                  FROM {_FTS}.terms t JOIN {_FTS}.docs d USING (docid) GROUP BY ALL) p
            JOIN {_FTS}.dict w USING (termid), {_FTS}.stats s
            ORDER BY p.termid, p.key"""
    )
    _build_words(con)
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


def _stem(con: duckdb.DuckDBPyConnection, words: list[str]) -> dict[str, str]:
    """The Porter stems of ``words``, from the extension's stemmer (loaded for it) or remembered."""
    stems = {word: _STEMMED[word] for word in words if word in _STEMMED}
    missing = [word for word in words if word not in stems]
    if missing:
        load_fts(con)
        rows = con.execute("SELECT word, stem(word, 'porter') FROM (SELECT unnest(?) AS word)", [missing]).fetchall()
        stems.update(rows)
        if len(_STEMMED) + len(rows) > _STEMMED_MAX:
            _STEMMED.clear()
        _STEMMED.update(rows)
    return stems


def _literals(values: list[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


@dataclass(frozen=True)
class _Terms:
    """A query's stems (stop words left out) and the (term id, document frequency) of those the index
    holds, commonest first."""

    stems: list[str]
    found: list[tuple[int, int]]

    def hits(self, every_word: bool = True) -> str | None:
        """SQL for (key, score) of the turns that hold every term (``every_word=False``: any), scored
        as DuckDB's match_bm25 scores them; ``None`` where nothing can match (only stop words, or
        a word no turn holds)."""
        found = self.found
        if not found or (every_word and len(found) < len(self.stems)):
            return None
        # Term ids go in as literals, so DuckDB prunes the postings' row groups by them.
        postings = [f"SELECT key, score FROM {POSTINGS_TABLE} WHERE termid = {termid}" for termid, _ in found]
        if len(found) == 1:
            return postings[0]
        if not every_word:
            ids = ", ".join(str(termid) for termid, _ in found)
            return f"SELECT key, sum(score) AS score FROM {POSTINGS_TABLE} WHERE termid IN ({ids}) GROUP BY key"
        # Every term: the postings of the commonest joined with those of the next, and so on, the
        # rarer the later (DuckDB builds its hash table on the right): several times faster than
        # grouping all of them by turn.
        tables = [f"({sql}) p{i}" for i, sql in enumerate(postings)]
        joined = tables[0] + "".join(f" JOIN {table} USING (key)" for table in tables[1:])
        total = " + ".join(f"p{i}.score" for i in range(len(found)))
        return f"SELECT key, {total} AS score FROM {joined}"


def _lookup(con: duckdb.DuckDBPyConnection, words: str) -> _Terms:
    """The terms of ``words`` as the index tokenizes and stems them."""
    row = con.execute(f"SELECT list_distinct({_FTS}.tokenize(?))", [words]).fetchone()
    tokens = sorted(token for token in (row[0] if row else None) or [] if token)
    if not tokens:
        return _Terms([], [])
    known = {
        word: (stem, termid, df)
        for word, stem, termid, df in con.execute(
            f"SELECT word, stem, termid, df FROM {WORDS_TABLE} WHERE word IN ({_literals(tokens)})"
        ).fetchall()
    }
    terms: dict[str, tuple[int, int] | None] = {
        stem: (termid, df) if termid is not None else None for stem, termid, df in known.values() if stem
    }
    unknown = [token for token in tokens if token not in known]
    more = sorted({stem for stem in _stem(con, unknown).values() if stem} - terms.keys()) if unknown else []
    if more:
        # Words of no turn the word table covers: stemmed here, their stems looked up in the index.
        terms.update(dict.fromkeys(more))
        found = con.execute(f"SELECT term, termid, df FROM {_FTS}.dict WHERE term IN ({_literals(more)})")
        terms.update((term, (termid, df)) for term, termid, df in found.fetchall())
    held = sorted(((int(t[0]), int(t[1])) for t in terms.values() if t is not None), key=lambda term: -term[1])
    return _Terms(sorted(terms), held)


def matching_turns(con: duckdb.DuckDBPyConnection, words: str) -> str | None:
    """SQL for the keys of the turns that hold every word of ``words`` (by stem), from the postings:
    the candidates a term can occur in. ``None`` where the words are all stop words (any turn may)."""
    terms = _lookup(con, words)
    if not terms.stems:
        return None
    hits = terms.hits()
    return f"SELECT key FROM ({hits})" if hits else "SELECT CAST(NULL AS BIGINT) AS key WHERE FALSE"


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
    terms = _lookup(con, words)
    scores = terms.hits(every_word)
    if scores is None:
        return []
    filters = filters or Filters()
    where: list[str] = []
    if filters.speaker:
        # The speakers' numbers, from the list of names, compared with each turn's number.
        ids = con.execute(
            f"SELECT id FROM {SPEAKERS_TABLE} WHERE contains(lower(speaker), ?)", [filters.speaker.lower()]
        ).fetchall()
        if not ids:
            return []
        where.append(f"s.speaker_id IN ({', '.join(str(int(row[0])) for row in ids)})")
        filters = replace(filters, speaker=None)
    conditions, params = filters.where(turn="s", document="s")
    where += conditions
    for phrase in phrases:
        where.append("regexp_matches(s.text, ?, 'i')")
        params.append(r"\b" + phrase_pattern(phrase) + r"\b")
    # Equal scores are listed newest first, then by document and turn: the order of the keys.
    # The hits are gathered first ("MATERIALIZED"): DuckDB would otherwise read the best few again
    # by row id, and scan every posting of the corpus to find them.
    top = f"ORDER BY h.score DESC, h.key {f'LIMIT {int(limit)}' if limit else ''}"
    if where:
        # The best keys among those the filters keep, reading no text but a phrase's.
        sql = f"""WITH h AS MATERIALIZED ({scores})
                  SELECT h.key, h.score FROM h JOIN {INDEX_TABLE} s ON s.key = h.key
                  WHERE {" AND ".join(where)} {top}"""
    else:
        sql = f"WITH h AS MATERIALIZED ({scores}) SELECT h.key, h.score FROM h {top}"
    ranked = con.execute(sql, params).fetchall()
    if not ranked:
        return []
    # Then those turns alone, by key (through the index on it).
    columns = "key, doc_id, idx, speaker, role, text, start, date, source, title"
    if len(ranked) <= _LITERAL_KEYS:
        keys = ", ".join(str(int(key)) for key, _ in ranked)
        rows = con.execute(f"SELECT {columns} FROM {INDEX_TABLE} WHERE key IN ({keys})").fetchall()
    else:
        rows = con.execute(
            f"SELECT {columns} FROM {INDEX_TABLE} WHERE key IN (SELECT unnest(?))", [[key for key, _ in ranked]]
        ).fetchall()
    turns = {row[0]: row[1:] for row in rows}
    pattern = _highlight(phrases, terms.stems)
    hits = []
    for key, score in ranked:
        if key not in turns:
            continue
        doc_id, idx, speaker, role, text, start, date, source, title = turns[key]
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
