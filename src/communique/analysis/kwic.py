"""Keyword in context: every occurrence of a word, phrase or regular expression with the words around it."""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, Protocol

import duckdb
import re2

from communique.analysis.search import INDEX_TABLE, Filters, matching_turns, phrase_pattern
from communique.errors import QueryError

# The end of a sentence inside a turn: a full stop, question or exclamation mark (and any closing
# quote or bracket) before a space.
SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*(?=\s)")
_WORDS = re.compile(r"\S+")
# Turns are read this many at a time, so a limit stops the reading early and memory stays bounded.
_CHUNK = 256
_COLUMNS = "s.doc_id, s.date, s.source, s.idx, s.speaker, s.role, s.start, s.text"
# The fields of a concordance line, in order (a CSV's header, even with no line).
COLUMNS = ("doc_id", "date", "source", "turn", "speaker", "role", "left", "keyword", "right", "start", "end")
_SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "left": lambda line: [w.lower() for w in reversed(line["left"].split())],
    "right": lambda line: line["right"].lower(),
}


class Match(Protocol):
    def start(self) -> int: ...
    def end(self) -> int: ...
    def group(self) -> str: ...


class Pattern(Protocol):
    """What ``term_pattern`` returns: Python's ``re`` for a plain term, RE2 for a user's expression."""

    @property
    def pattern(self) -> str: ...
    def finditer(self, text: str) -> Iterator[Match]: ...


def term_pattern(term: str, regex: bool = False) -> Pattern:
    """A case-insensitive pattern for ``term``: whole words and phrases (any spacing), or a regular expression.

    A user's expression runs on RE2, whose time grows linearly with the text (no pattern can
    backtrack for ever); it has no look-around and no backreferences. A plain term is escaped
    here, so Python's ``re`` runs it in linear time too, with Unicode word boundaries.
    """
    if regex:
        return _user_pattern(term)
    if not term.split():
        raise QueryError("no term to look for")
    return re.compile(rf"(?<!\w){phrase_pattern(term)}(?!\w)", re.IGNORECASE)


def _user_pattern(term: str) -> Pattern:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # the error becomes a QueryError, not a line on stderr
    try:
        return re2.compile(term, options)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise QueryError(
            f"not a regular expression RE2 can run: {term!r} ({reason}); RE2 has no look-around and no backreferences"
        ) from None


def kwic(
    con: duckdb.DuckDBPyConnection,
    term: str,
    filters: Filters | None = None,
    regex: bool = False,
    window: int = 8,
    sentence: bool = False,
    sort: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Each occurrence of ``term`` in the stored turns with ``window`` words of context on each side.
    The search index must be current (it narrows the turns to read).

    ``sentence`` bounds the context by the sentence the term is in (and
    ``window`` still caps it); ``sort`` is ``"left"`` (by the words before,
    nearest first), ``"right"`` (by the words after) or ``None`` (by date and
    place in the corpus). ``start`` and ``end`` are the occurrence's offsets in
    its document's text, so every line leads back to its sentence. With a
    ``limit`` and no ``sort``, reading stops once ``limit`` lines are found.
    """
    if sort is not None and sort not in _SORT_KEYS:
        raise QueryError(f"sort by 'left' or 'right', not {sort!r}")
    pattern = term_pattern(term, regex)
    # A plain term can only occur in turns that hold all its words: the search index names them.
    candidates = None if regex else matching_turns(con, term)
    turns = _turns(con, filters or Filters(), candidates)
    lines = (line for turn in turns for line in _lines(turn, pattern, window, sentence))
    if sort is None:
        return list(islice(lines, limit))
    key = _SORT_KEYS[sort]
    return heapq.nsmallest(limit, lines, key=key) if limit else sorted(lines, key=key)


def _turns(con: duckdb.DuckDBPyConnection, filters: Filters, candidates: str | None) -> Iterator[tuple[Any, ...]]:
    """The turns the filters keep, in corpus order (date, document, turn), read a chunk at a time:
    only the keys are sorted, and a turn's text is read when the reading reaches it."""
    where, params = filters.where(turn="s", document="s")
    narrowed = f"JOIN ({candidates}) c ON c.key = s.key" if candidates else ""
    ordered = f"""SELECT s.key FROM {INDEX_TABLE} s {narrowed} WHERE {" AND ".join(where) or "TRUE"}
                  ORDER BY s.date, s.doc_id, s.idx"""
    # The index table is stored in key order, so the key range lets DuckDB skip the rest of it.
    texts = f"SELECT s.key, {_COLUMNS} FROM {INDEX_TABLE} s WHERE s.key BETWEEN ? AND ? AND s.key IN "
    keys, reader = con.cursor(), con.cursor()
    try:
        keys.execute(ordered, params)
        while chunk := [key for (key,) in keys.fetchmany(_CHUNK)]:
            # The keys as literals (integers DuckDB gave): a list parameter costs more than the query.
            listed = f"({', '.join(str(int(key)) for key in chunk)})"
            rows = {row[0]: row[1:] for row in reader.execute(texts + listed, [min(chunk), max(chunk)]).fetchall()}
            yield from (rows[key] for key in chunk)
    finally:
        keys.close()
        reader.close()


def _lines(turn: tuple[Any, ...], pattern: Pattern, window: int, sentence: bool) -> Iterable[dict[str, Any]]:
    """The concordance lines of one turn, in text order."""
    doc_id, date, source, idx, speaker, role, turn_start, text = turn
    text = text or ""
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue  # an empty match ("x*") marks nothing
        yield {
            "doc_id": doc_id,
            "date": date,
            "source": source,
            "turn": idx,
            "speaker": speaker,
            "role": role,
            "left": " ".join(_left(text, match.start(), window, sentence)),
            "keyword": " ".join(match.group().split()),
            "right": " ".join(_right(text, match.end(), window, sentence)),
            "start": (turn_start or 0) + match.start(),
            "end": (turn_start or 0) + match.end(),
        }


def _left(text: str, start: int, window: int, sentence: bool) -> list[str]:
    """The ``window`` words before ``start`` (within its sentence if ``sentence``), read from a stretch
    of text just long enough, so a long turn with many matches is not read again for each."""
    if not window:
        return []
    span = 64 * window
    while True:
        low = max(0, start - span)
        words = list(_WORDS.finditer(text, low, start))
        if low == 0 or len(words) > window:  # the first word of a stretch may be cut: never kept
            break
        span *= 4
    words = words[-window:]
    if sentence and words:
        ends = list(SENTENCE_END.finditer(text, words[0].start(), start))
        words = [w for w in words if not ends or w.start() >= ends[-1].end()]
    return [w.group() for w in words]


def _right(text: str, end: int, window: int, sentence: bool) -> list[str]:
    """The ``window`` words after ``end``, up to the end of the sentence (its mark kept) if ``sentence``."""
    words = list(islice(_WORDS.finditer(text, end), window))
    if not (sentence and words):
        return [w.group() for w in words]
    stop = SENTENCE_END.search(text, end, words[-1].end() + 1)
    if stop is None:
        return [w.group() for w in words]
    return [text[w.start() : min(w.end(), stop.start() + 1)] for w in words if w.start() <= stop.start()]
