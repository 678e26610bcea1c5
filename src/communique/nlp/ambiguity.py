"""Names that stand for more than one state ("Congolese", "Tripoli"), settled by what surrounds them.

The table is ``data/actors/ambiguous.csv``. A mention of such a name takes the
candidate whose state the same paragraph or the document's title also names,
or one of whose cue words ("Brazzaville", "Beirut") is there; with no sign, or
signs for more than one, it keeps the first candidate.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class AmbiguousName:
    candidates: tuple[str, ...]  # ISO alpha-3, the default first
    cues: tuple[tuple[str, re.Pattern[str]], ...]  # (candidate, its cue words as one pattern)

    def choose(self, text: str, named: set[str | None]) -> str:
        """The candidate that ``text`` (the paragraph and title) points to, given the states ``named``
        there by other mentions."""
        signs = {code for code in self.candidates if code in named}
        signs |= {code for code, pattern in self.cues if pattern.search(text)}
        return signs.pop() if len(signs) == 1 else self.candidates[0]


@functools.cache
def ambiguous_names() -> dict[str, AmbiguousName]:
    """The table, by lower-cased name."""
    table = resources.files("communique.data") / "actors" / "ambiguous.csv"
    lines = (line for line in table.read_text("utf-8").splitlines() if not line.startswith("#"))
    names: dict[str, AmbiguousName] = {}
    for row in csv.DictReader(lines):
        candidates = tuple(code.strip() for code in row["candidates"].split(";") if code.strip())
        words: dict[str, list[str]] = {}
        for cue in row["cues"].split(";"):
            code, _, word = cue.partition(":")
            if word.strip():
                words.setdefault(code.strip(), []).append(re.escape(word.strip()))
        cues = tuple((code, re.compile(rf"\b(?:{'|'.join(found)})\b")) for code, found in words.items())
        names[row["name"].strip().lower()] = AmbiguousName(candidates, cues)
    return names
