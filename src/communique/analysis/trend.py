"""How often terms occur over time: counts and frequency per million words, by day, week, month or year."""

from __future__ import annotations

import re
from typing import Any

import duckdb

from communique.analysis.kwic import term_pattern
from communique.analysis.search import INDEX_TABLE, Filters
from communique.errors import QueryError

PERIODS = ("day", "week", "month", "year")
TREND_COLUMNS = ("period", "term", "count", "words", "per_million")


def _re2(pattern: re.Pattern[str], regex: bool) -> str:
    """The pattern for DuckDB's RE2: a plain term's (?<!\\w)...(?!\\w) becomes \\b...\\b, which RE2 knows."""
    if regex:
        return "(?i)" + pattern.pattern
    body = pattern.pattern.removeprefix(r"(?<!\w)").removesuffix(r"(?!\w)")
    return rf"(?i)\b{body}\b"


def trend(
    con: duckdb.DuckDBPyConnection,
    terms: list[str],
    by: str = "month",
    filters: Filters | None = None,
    regex: bool = False,
) -> list[dict[str, Any]]:
    """For each period with stored words and each term: occurrences, words spoken, and per million words.

    Words are counted in the same turns the terms are looked for in (the
    filters apply to both), so ``per_million`` compares periods of different
    size. Periods start on their first day (weeks on Monday). The search index
    must be current: it holds each turn's word count.
    """
    if by not in PERIODS:
        raise QueryError(f"trend by {', '.join(PERIODS)}, not {by!r}")
    if not terms:
        raise QueryError("no term to count")
    patterns = [_re2(term_pattern(term, regex), regex) for term in terms]
    where, params = (filters or Filters()).where()
    counts = ", ".join(f"sum(len(regexp_extract_all(t.text, ?))) AS c{i}" for i in range(len(terms)))
    sql = f"""
        SELECT CAST(date_trunc('{by}', d.date) AS DATE) AS period, sum(s.words) AS words, {counts}
        FROM turns t
        JOIN documents d ON d.id = t.doc_id
        JOIN {INDEX_TABLE} s ON s.doc_id = t.doc_id AND s.idx = t.idx
        WHERE d.date IS NOT NULL AND {" AND ".join(where) or "TRUE"}
        GROUP BY period
        ORDER BY period
    """
    try:
        rows = con.execute(sql, [*patterns, *params]).fetchall()
    except duckdb.InvalidInputException as exc:
        raise QueryError(f"DuckDB cannot run this pattern: {exc}") from None
    result = []
    for period, words, *found in rows:
        for term, count in zip(terms, found, strict=True):
            count = int(count or 0)
            words = int(words or 0)
            result.append(
                {
                    "period": period,
                    "term": term,
                    "count": count,
                    "words": words,
                    "per_million": round(count * 1e6 / words, 2) if words else 0.0,
                }
            )
    return result
