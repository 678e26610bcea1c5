"""Keyword in context: every occurrence of a word, phrase or regular expression with the words around it."""

from __future__ import annotations

import re
from typing import Any

import duckdb

from communique.analysis.search import Filters
from communique.errors import QueryError

KWIC_COLUMNS = ("doc_id", "date", "speaker", "left", "keyword", "right")
# The end of a sentence inside a turn: a full stop, question or exclamation mark and a space.
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*\s+")
_WORDS = re.compile(r"\S+")


def term_pattern(term: str, regex: bool = False) -> re.Pattern[str]:
    """A case-insensitive pattern for ``term``: whole words and phrases (any spacing), or a regular expression."""
    if regex:
        try:
            return re.compile(term, re.IGNORECASE)
        except re.error as exc:
            raise QueryError(f"not a regular expression: {term!r} ({exc})") from None
    words = term.split()
    if not words:
        raise QueryError("no term to look for")
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _prefilter(term: str, regex: bool) -> tuple[str, str] | None:
    """A cheap SQL condition every matching turn meets (the longest literal word of a plain term)."""
    if regex:
        return None
    longest = max(term.split(), key=len, default="")
    return ("t.text ILIKE ?", f"%{longest}%") if longest else None


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

    ``sentence`` bounds the context by the sentence the term is in (and
    ``window`` still caps it); ``sort`` is ``"left"`` (by the words before,
    nearest first), ``"right"`` (by the words after) or ``None`` (by date and
    place in the corpus). ``start`` is the occurrence's offset in its
    document's text, so every line leads back to its sentence.
    """
    pattern = term_pattern(term, regex)
    where, params = (filters or Filters()).where()
    pre = _prefilter(term, regex)
    if pre:
        where.append(pre[0])
        params.append(pre[1])
    sql = f"""
        SELECT t.doc_id, d.date, d.source, t.idx, t.speaker, t.role, t.start, t.text
        FROM turns t JOIN documents d ON d.id = t.doc_id
        WHERE {" AND ".join(where) or "TRUE"}
        ORDER BY d.date, t.doc_id, t.idx
    """
    lines: list[dict[str, Any]] = []
    for doc_id, date, source, idx, speaker, role, turn_start, text in con.execute(sql, params).fetchall():
        for match in pattern.finditer(text or ""):
            if match.end() == match.start():
                continue  # an empty match ("x*") marks nothing
            left_text, right_text = text[: match.start()], text[match.end() :]
            if sentence:
                ends = list(_SENTENCE_END.finditer(left_text))
                left_text = left_text[ends[-1].end() :] if ends else left_text
                after = _SENTENCE_END.search(right_text)
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
                }
            )
    if sort == "left":
        lines.sort(key=lambda line: [w.lower() for w in reversed(line["left"].split())])
    elif sort == "right":
        lines.sort(key=lambda line: line["right"].lower())
    elif sort is not None:
        raise QueryError(f"sort by 'left' or 'right', not {sort!r}")
    return lines[:limit] if limit else lines
