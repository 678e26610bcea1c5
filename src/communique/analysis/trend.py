"""How often terms occur over time: counts and frequency per million words, by day, week, month or year."""

from __future__ import annotations

import re
from typing import Any

import duckdb

from communique.analysis.kwic import Pattern, term_pattern
from communique.analysis.queries import PERIOD_FORMATS
from communique.analysis.search import INDEX_TABLE, Filters, matching_turns
from communique.errors import QueryError

PERIODS = ("day", "week", "month", "year")
# The fields of a row, in order (a CSV's header, even with no row).
COLUMNS = ("period", "term", "count", "words", "per_million")


def _re2(term: str, pattern: Pattern, regex: bool) -> str:
    """The pattern for DuckDB's RE2, which has no look-around: a plain term's (?<!\\w)...(?!\\w) becomes
    \\b...\\b at an end where the term has a letter or digit ("EU"), and nothing where it has not
    ("U.S.", "$5"), so the counts agree with ``kwic``'s. A regular expression is already RE2's (``term_pattern``)."""
    if regex:
        return "(?i)" + pattern.pattern
    body = pattern.pattern.removeprefix(r"(?<!\w)").removesuffix(r"(?!\w)")
    words = term.split()
    start = r"\b" if re.match(r"\w", words[0]) else ""
    end = r"\b" if re.search(r"\w$", words[-1]) else ""
    return rf"(?i){start}{body}{end}"


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
    patterns = [_re2(term, term_pattern(term, regex), regex) for term in terms]
    where, params = (filters or Filters()).where(turn="s", document="s")
    condition = " AND ".join(where) or "TRUE"
    period = f"CAST(date_trunc('{by}', s.date) AS DATE)"
    # Words spoken per period, in the turns the filters keep.
    words = dict(
        con.execute(
            f"""SELECT {period} AS period, sum(s.words) FROM {INDEX_TABLE} s
                WHERE s.date IS NOT NULL AND {condition} GROUP BY period""",
            params,
        ).fetchall()
    )
    counts: list[dict[Any, int]] = []
    for term, pattern in zip(terms, patterns, strict=True):
        # A plain term can only occur in turns that hold all its words: the index names them.
        candidates = None if regex else matching_turns(con, term)
        narrowed = f"JOIN ({candidates}) c ON c.key = s.key" if candidates else ""
        try:
            rows = con.execute(
                f"""SELECT {period} AS period, sum(len(regexp_extract_all(s.text, ?))) AS found
                    FROM {INDEX_TABLE} s {narrowed}
                    WHERE s.date IS NOT NULL AND {condition} GROUP BY period""",
                [pattern, *params],
            ).fetchall()
        except duckdb.InvalidInputException:
            # DuckDB's own words would name its internals; the user needs the syntax it takes.
            raise QueryError(f"cannot count the pattern {term!r}: trends take RE2 syntax (no look-around)") from None
        counts.append({day: int(found or 0) for day, found in rows})
    result = []
    for day in sorted(words):
        for term, found in zip(terms, counts, strict=True):
            count, spoken = found.get(day, 0), int(words[day] or 0)
            result.append(
                {
                    "period": day,
                    "term": term,
                    "count": count,
                    "words": spoken,
                    "per_million": round(count * 1e6 / spoken, 2) if spoken else 0.0,
                }
            )
    return result


def pivot(rows: list[dict[str, Any]], terms: list[str], by: str, relative: bool = False) -> list[dict[str, Any]]:
    """``trend``'s rows as a table: one row per period ("2022", "2022-06", a week's Monday), a column
    per term (its count, or per million words with ``relative``) and the words spoken."""
    label = PERIOD_FORMATS.get(by, PERIOD_FORMATS["day"])
    table: dict[Any, dict[str, Any]] = {}
    for row in rows:
        line = table.setdefault(row["period"], {"period": row["period"].strftime(label), **dict.fromkeys(terms, 0)})
        line[row["term"]] = row["per_million"] if relative else row["count"]
        line["words"] = row["words"]
    return list(table.values())
