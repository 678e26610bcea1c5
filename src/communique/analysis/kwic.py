"""Keyword in context: every occurrence of a word, phrase or regular expression with the words around it."""

from __future__ import annotations

import re
from typing import Any

import duckdb

from communique.analysis.search import INDEX_TABLE, Filters, matching_turns, phrase_pattern
from communique.errors import QueryError

# The end of a sentence inside a turn: a full stop, question or exclamation mark (and any closing
# quote or bracket) before a space.
SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*(?=\s)")
_WORDS = re.compile(r"\S+")


def term_pattern(term: str, regex: bool = False) -> re.Pattern[str]:
    """A case-insensitive pattern for ``term``: whole words and phrases (any spacing), or a regular expression."""
    if regex:
        try:
            return re.compile(term, re.IGNORECASE)
        except re.error as exc:
            raise QueryError(f"not a regular expression: {term!r} ({exc})") from None
    if not term.split():
        raise QueryError("no term to look for")
    return re.compile(rf"(?<!\w){phrase_pattern(term)}(?!\w)", re.IGNORECASE)


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
    its document's text, so every line leads back to its sentence.
    """
    pattern = term_pattern(term, regex)
    where, params = (filters or Filters()).where(turn="s", document="s")
    # A plain term can only occur in turns that hold all its words: the search index names them.
    candidates = None if regex else matching_turns(con, term)
    narrowed = f"JOIN ({candidates}) c ON c.key = s.key" if candidates else ""
    sql = f"""
        SELECT s.doc_id, s.date, s.source, s.idx, s.speaker, s.role, s.start, s.text
        FROM {INDEX_TABLE} s {narrowed}
        WHERE {" AND ".join(where) or "TRUE"}
        ORDER BY s.date, s.doc_id, s.idx
    """
    lines: list[dict[str, Any]] = []
    for doc_id, date, source, idx, speaker, role, turn_start, text in con.execute(sql, params).fetchall():
        for match in pattern.finditer(text or ""):
            if match.end() == match.start():
                continue  # an empty match ("x*") marks nothing
            left_text, right_text = text[: match.start()], text[match.end() :]
            if sentence:
                ends = list(SENTENCE_END.finditer(left_text))
                left_text = left_text[ends[-1].end() :] if ends else left_text
                after = SENTENCE_END.search(right_text)
                right_text = right_text[: after.start() + 1] if after else right_text
            left = _WORDS.findall(left_text)[-window:] if window else []
            right = _WORDS.findall(right_text)[:window] if window else []
            lines.append(
                {
                    "doc_id": doc_id,
                    "date": date,
                    "source": source,
                    "turn": idx,
                    "speaker": speaker,
                    "role": role,
                    "left": " ".join(left),
                    "keyword": " ".join(match.group().split()),
                    "right": " ".join(right),
                    "start": (turn_start or 0) + match.start(),
                    "end": (turn_start or 0) + match.end(),
                }
            )
    if sort == "left":
        lines.sort(key=lambda line: [w.lower() for w in reversed(line["left"].split())])
    elif sort == "right":
        lines.sort(key=lambda line: line["right"].lower())
    elif sort is not None:
        raise QueryError(f"sort by 'left' or 'right', not {sort!r}")
    return lines[:limit] if limit else lines
