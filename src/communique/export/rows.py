"""Query results (lists of row dicts) as CSV or JSON: the same cells from the CLI and the web UI."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TextIO

# A spreadsheet takes a cell starting with one of these for a formula (OWASP's list, "CSV Injection"):
# in a CSV such a text cell gets a leading quote, so it opens as the text it is.
FORMULA_START = "=+-@\t\r"
# ... unless the cell is a number, which a spreadsheet reads as a number: "-3", "+0.5", "-1e-6".
NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
_NUMBER = re.compile(NUMBER)


def plain(value: Any) -> Any:
    """A cell as CSV and JSON write it: dates in ISO form, anything else as it is."""
    return value.isoformat() if isinstance(value, date) else value


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: TextIO) -> None:
    """``rows`` as CSV with a header of ``columns``; lists and mappings in a cell as JSON, and text that
    a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM(...)``) behind a quote: ``'=...``."""
    writer = csv.writer(stream)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])


def to_json(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """``rows`` as one JSON array of objects with the keys ``columns``."""
    kept = [{column: row.get(column) for column in columns} for row in rows]
    return json.dumps(kept, ensure_ascii=False, indent=1, default=plain)


def inert(text: str) -> str:
    """``text`` as a spreadsheet shows it rather than runs it: a leading quote before a formula."""
    if text[:1] and text[0] in FORMULA_START and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=plain)
    return inert(value) if isinstance(value, str) else plain(value)
