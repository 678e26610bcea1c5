"""Written dates as every reader meets them: one place for month names and the shapes of a full date.

Month names and their abbreviations come from ``data/dates.toml`` (which the event stage's resolver of
relative expressions, ``nlp/dates.py``, reads too). ``parse_date`` turns "June 24, 2022", "24 June 2022",
"Sept. 11, 2001", "24.06.2022", "2022-06-24T16:35" or a date in a site's own format into ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date as Date
from datetime import datetime
from functools import cache
from importlib import resources


@cache
def months() -> dict[str, int]:
    """Month names and abbreviations as written ("June", "Sept") -> month number."""
    data = tomllib.loads(resources.files("communique.data").joinpath("dates.toml").read_text("utf-8"))
    return {**data["months"], **data["month_abbreviations"]}


@cache
def month_pattern() -> str:
    """A regex of any month name or abbreviation (with its full stop), longest first."""
    names = sorted(months(), key=len, reverse=True)
    return rf"(?:{'|'.join(names)})\.?"


@cache
def _shapes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    month = month_pattern()
    return (
        re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?"),  # ISO, a machine stamp
        # `\s*`: titles drop the space now and then ("June11, 2018")
        re.compile(rf"\b({month})\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s*(\d{{4}})\b"),
        re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({month}),?\s+(\d{{4}})\b"),
        re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),  # day first, as Russian sites write
    )


def iso_date(year: int | str, month: int | str, day: int | str) -> str | None:
    """``YYYY-MM-DD``, the month as a number or a name; ``None`` for a day that does not exist."""
    number = month if isinstance(month, int) else int(month) if month.isdigit() else months().get(month.rstrip("."))
    if number is None:
        return None
    try:
        return Date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None


def parse_date(value: str | None, fmt: str | None = None) -> str | None:
    """``YYYY-MM-DD`` from a date in ``fmt`` (a ``strptime`` format, a site's own: ``%d/%m/%Y``), an ISO
    stamp or an English date; in running text the last one wins, because titles end with theirs
    ("... Press Conference on November 29, 2018")."""
    if not value:
        return None
    if fmt:
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            pass
    iso, mdy, dmy, dotted = _shapes()
    if found := iso.search(value):
        return iso_date(found.group(1), int(found.group(2)), found.group(3))
    candidates = [(m.start(), m.group(3), m.group(1), m.group(2)) for m in mdy.finditer(value)]
    candidates += [(m.start(), m.group(3), m.group(2), m.group(1)) for m in dmy.finditer(value)]
    candidates += [(m.start(), m.group(3), m.group(2), m.group(1)) for m in dotted.finditer(value)]
    if not candidates:
        return None
    _, year, month, day = max(candidates)
    return iso_date(year, month, day)


def iso_time(stamp: str | None) -> str | None:
    """``HH:MM`` of a machine stamp (``2022-06-24T16:35``), which carries the time only after the date."""
    found = _shapes()[0].search(stamp or "")
    return f"{found.group(4)}:{found.group(5)}" if found and found.group(4) else None
