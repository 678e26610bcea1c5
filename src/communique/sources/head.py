"""The lines that head and close a transcript's body, as metadata rather than text.

A briefing or press conference opens with a place line (``James S. Brady Press
Briefing Room``, ``Parliament House, Canberra``), a date line (``April 4,
2020``, ``19 August 1997``), its start time (``1:03 P.M. EST``) and marks such
as ``E&OE`` (errors and omissions excepted) or a ``Subjects: ...`` line; it
closes with its end time, ``END``, ``[ends]``, ``###`` or a bullet. Readers
whose bodies carry them (Markdown briefings, XML exports, page templates that
put them in the body) take them off here, so the first turn starts with what
is said and the last ends with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from communique.dates import month_pattern
from communique.sources.text import collapse

_CLOCK = re.compile(r"(?:END\s+)?(\d{1,2}):(\d{2})\s*([AaPp])\.?\s*[Mm]\.?(?:\s+[A-Z]{2,5})?")
# A closing mark alone on its line: "END", "[ends]", "- ENDS -", "###", "●".
_CLOSING = re.compile(r"END\.?|\[\s*(?:ends?|ENDS?)\s*\]|[-–—]*\s*ENDS?\s*[-–—]*|#{3}|●")
_DATE_NOTE = re.compile(r"\(\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*\)")
_MONTH = month_pattern()
# A line that is a date and nothing else ("April 4, 2020", "19 August 1997", "Tuesday, 3 May 2016").
_DATE_LINE = re.compile(
    rf"(?:[A-Z][a-z]+day,?\s+)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
)
# Transcript marks: "E&OE", "E & OE ....", "E&OE – PROOF ONLY"; a "Subject(s): ..." line.
_MARK = re.compile(r"E\s*&\s*OE\b.*|(?:SUBJECTS?|Subjects?|Subject\(s\)|TOPICS?|Topics?)\s*:.*", re.S)
_Item = TypeVar("_Item")
_HEAD_ZONE = 5
_PLACE_WORDS = 16


def without_head_and_tail(items: list[_Item], text: Callable[[_Item], str]) -> tuple[dict[str, str], list[_Item]]:
    """``take_head`` and ``take_tail`` over paragraphs of any kind (an HTML paragraph's runs, a reader's
    pair of text and runs): what the head says, and the items between head and tail (any note after the
    closing marks goes too)."""
    head, after_head = take_head([text(item) for item in items])
    body, _ = take_tail(after_head)
    start = len(items) - len(after_head)
    return head, items[start : start + len(body)]


def take_head(paragraphs: list[str]) -> tuple[dict[str, str], list[str]]:
    """Place, date and start time from the lines that head a transcript, and the body after them."""
    zone = _head_zone(paragraphs)
    head: dict[str, str] = {}
    places = []
    for line in paragraphs[:zone]:
        clock = clock_time(line)
        if clock:
            head.setdefault("time", clock)
        elif _DATE_LINE.fullmatch(line.strip()):
            head.setdefault("date_line", line.strip())
        elif _MARK.fullmatch(line.strip()):
            continue
        elif not any(c.isdigit() for c in _DATE_NOTE.sub("", line)):  # "APEC 2007" heads, but is no place
            place = collapse(_DATE_NOTE.sub("", line))
            if place:
                places.append(place)
    if places:
        head["place"] = " ".join(places)
    return head, paragraphs[zone:]


def _head_zone(paragraphs: list[str]) -> int:
    """How many leading paragraphs are head lines: through the start time, else up to the first speaker.

    Without a start time, short lines count as head only when a speaker's
    turn follows them, so an ordinary article keeps its first lines.
    """
    for i, line in enumerate(paragraphs[: _HEAD_ZONE + 1]):
        if clock_time(line):
            return i + 1
        if not _is_head_line(line):
            return i if _opens_turn(line) else 0
    return 0


def _opens_turn(line: str) -> bool:
    """``MS. PSAKI: ...``, ``Q ...``, ``PRIME MINISTER:`` or a stage direction ``(In progress.)``."""
    if line.startswith(("Q ", "(")):
        return True
    label, colon, _ = line.partition(":")
    return bool(colon) and len(label) <= 80 and label == label.upper() and any(c.isalpha() for c in label)


def _is_head_line(line: str) -> bool:
    """A place, date or transcript-mark line: short, and not a sentence."""
    line = line.strip()
    if _DATE_LINE.fullmatch(line) or _MARK.fullmatch(line):
        return True
    return len(line.split()) <= _PLACE_WORDS and not re.search(r"[.!?:]$", line) and ":" not in line


def take_tail(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """The body without its closing time and marks (``END``, ``[ends]``, ``###``), and any note after them."""
    for i in range(len(paragraphs) - 1, max(len(paragraphs) - 4, -1), -1):
        if _closes(paragraphs[i]):
            start = i
            while start and _closes(paragraphs[start - 1]):
                start -= 1
            return paragraphs[:start], paragraphs[i + 1 :]
    return paragraphs, []


def _closes(line: str) -> bool:
    return bool(clock_time(line) or _CLOSING.fullmatch(line.strip()))


def clock_time(line: str) -> str | None:
    """``HH:MM`` (24-hour) when the whole line is a clock time (``1:03 P.M. EST``, ``END 2:05 P.M. EST``)."""
    match = _CLOCK.fullmatch(line.strip())
    if not match:
        return None
    hour, minute, half = int(match.group(1)), match.group(2), match.group(3).lower()
    if hour > 12 or int(minute) > 59:
        return None
    hour = hour % 12 + (12 if half == "p" else 0)
    return f"{hour:02d}:{minute}"
