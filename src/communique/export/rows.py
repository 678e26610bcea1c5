"""Query results (lists of row dicts) as CSV or JSON: the same cells from the CLI and the web UI."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TextIO


def plain(value: Any) -> Any:
    """A cell as CSV and JSON write it: dates in ISO form, anything else as it is."""
    return value.isoformat() if isinstance(value, date) else value


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: TextIO) -> None:
    """``rows`` as CSV with a header of ``columns``; lists and mappings in a cell as JSON."""
    writer = csv.writer(stream)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])


def to_json(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """``rows`` as one JSON array of objects with the keys ``columns``."""
    kept = [{column: row.get(column) for column in columns} for row in rows]
    return json.dumps(kept, ensure_ascii=False, indent=1, default=plain)


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=plain)
    return plain(value)
