"""Header lines of the plain-text layout: time line, title line (title, place, date), number line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.dates import month_pattern, parse_date
from communique.model import Block
from communique.structure.lexicon import Lexicon

_MONTH = month_pattern()
_DATE_MDY = re.compile(rf"{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}")
_DATE_DMY = re.compile(rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}")
_TRAILING_DATE = re.compile(rf"(?P<sep>,\s*|\s+on\s+|\s+)(?P<date>{_DATE_MDY.pattern}|{_DATE_DMY.pattern})\s*$")
_TIME_LINE = re.compile(r"^(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)$")
_NUMBER_LINE = re.compile(r"^(?:No\.?\s*)?\d{1,5}(?:-\d{1,4}){2,4}$")
_SENTENCE_END = re.compile(r"[.!?:;…»”\"]$")


@dataclass
class Header:
    """What the header lines of a document say."""

    title: str | None = None
    date: str | None = None
    time: str | None = None
    place: str | None = None
    number: str | None = None


def parse_header(blocks: list[Block], lexicon: Lexicon) -> tuple[Header, list[Block]]:
    """Take the header lines off the top of ``blocks``; returns the header and the body blocks."""
    header = Header()
    i = 0
    if i < len(blocks) and (m := _TIME_LINE.match(blocks[i].text)):
        header.time = f"{int(m['h']):02d}:{m['m']}"
        i += 1
    if i < len(blocks) and _is_title_line(blocks[i], after_time=i > 0):
        title, place, day = split_title_line(blocks[i].text, lexicon)
        header.title, header.place, header.date = title, place, day
        i += 1
    if i < len(blocks) and _NUMBER_LINE.match(blocks[i].text):
        header.number = blocks[i].text
        i += 1
    return header, blocks[i:]


def _is_title_line(block: Block, after_time: bool) -> bool:
    if block.label is not None or len(block.text) > 600:
        return False
    if _TRAILING_DATE.search(block.text):
        return True
    return after_time or (len(block.text) < 250 and not _SENTENCE_END.search(block.text))


def split_title_line(line: str, lexicon: Lexicon) -> tuple[str, str | None, str | None]:
    """Split "Title, Place, Month D, YYYY" into its parts.

    A date after " on " belongs to the title ("... Press Conference on May 18,
    2018"); a date after a comma closes the line and a place may stand before it.
    """
    match = _TRAILING_DATE.search(line)
    if not match:
        return line.strip(), None, None
    day = parse_date(match["date"])
    if match["sep"].strip() != ",":
        return line.strip(), None, day
    rest = line[: match.start()].strip()
    title, place = split_place(rest, lexicon)
    return title, place, day


def split_place(text: str, lexicon: Lexicon) -> tuple[str, str | None]:
    """Split a trailing place off a title: "Meeting with X, The Kremlin, Moscow" -> place "The Kremlin, Moscow"."""
    parts = [p.strip() for p in text.split(", ")]
    if len(parts) < 2 or not _looks_like_place(parts[-1], lexicon):
        return text, None
    if len(parts) >= 3 and _looks_like_place(parts[-2], lexicon):
        outer, inner = parts[-1], parts[-2]
        region = any(p.search(outer) for p in lexicon.place_regions) or lexicon.gazetteer.code(outer)
        town = any(p.search(outer) for p in lexicon.place_towns)
        typed = bool({w.lower() for w in re.findall(r"[\w-]+", inner)} & lexicon.place_types)
        if region or (town and typed):
            return ", ".join(parts[:-2]), f"{inner}, {outer}"
    return ", ".join(parts[:-1]), parts[-1]


def _looks_like_place(part: str, lexicon: Lexicon) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in part) or "(" in part:
        return False
    if not all(w[0].isupper() or w.lower() in ("of", "the", "de", "upon", "am", "on", "sur") for w in words):
        return False
    lowered = {w.lower().strip(".") for w in words}
    if lowered & lexicon.place_types:
        return True
    return not lowered & lexicon.titles - {"the", "of", "and", "state", "republic", "kingdom", "union"}


# A site's name after the title: "Remarks by the President | The White House".
_SITE_SUFFIX = re.compile(r"\s+[|｜]\s+[^|｜]{1,60}$")
_DASHES = (" - ", " – ", " — ")
_VENUE_WORDS = 2  # "Parliament House", "Phillip Street": a venue named inside a longer part


def clean_title(title: str, lexicon: Lexicon) -> tuple[str, str | None]:
    """The title without a site's name after a bar, and the place appended to it, if any:
    "Doorstop Interview, Treasury Place, Melbourne" -> ("Doorstop Interview", "Treasury Place, Melbourne"),
    "Joint Press Conference - Brisbane" -> ("Joint Press Conference", "Brisbane"). A place is split off
    only when its last part is a known town, capital, country or region."""
    title = _SITE_SUFFIX.sub("", title).strip()
    for dash in _DASHES:
        head, sep, tail = title.rpartition(dash)
        if sep and head.strip() and _known_place(tail.strip(), lexicon):
            return head.strip(), tail.strip()
    parts = [p.strip() for p in title.split(", ")]
    if len(parts) < 2 or not _known_place(parts[-1], lexicon):
        return title, None
    first = len(parts) - 1  # the place's first part: "..., Wellington, New Zealand"
    while first > 1 and _known_place(parts[first - 1], lexicon):
        first -= 1
    rest, place = parts[:first], parts[first:]
    words = rest[-1].split()
    if _is_venue(words, lexicon) and len(rest) > 1:  # "..., Treasury Place, Melbourne"
        place.insert(0, rest.pop())
    elif len(words) > _VENUE_WORDS and _is_venue(words[-_VENUE_WORDS:], lexicon):  # "... Parliament House, ..."
        rest[-1] = " ".join(words[:-_VENUE_WORDS])
        place.insert(0, " ".join(words[-_VENUE_WORDS:]))
    head = ", ".join(rest)
    if all(lexicon.gazetteer.code(part) for part in place):
        return title, None  # "Statement on the Situation in Ukraine, Russia": a state alone may be a topic
    return (head, ", ".join(place)) if len(head.split()) >= 2 else (title, None)


def _known_place(part: str, lexicon: Lexicon) -> bool:
    if not part or len(part.split()) > 4 or not part[0].isupper():
        return False
    return (
        part.lower() in lexicon.towns
        or lexicon.gazetteer.code(part) is not None
        or any(p.search(part) for p in (*lexicon.place_regions, *lexicon.place_towns))
    )


def _is_venue(words: list[str], lexicon: Lexicon) -> bool:
    """Capitalised words ending in a kind of place: "Parliament House", "Treasury Place"."""
    return (
        2 <= len(words) <= 5
        and all(w[:1].isupper() for w in words)
        and words[-1].lower().strip(".") in lexicon.place_types
    )
