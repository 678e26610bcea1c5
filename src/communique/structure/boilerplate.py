"""Page furniture ("Additional materials", "Photo album", share links) removed from the body."""

from __future__ import annotations

import re

from communique.model import Block
from communique.structure.lexicon import Lexicon


def is_furniture(text: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    """Whole-paragraph patterns only, so body text that mentions photos is never taken."""
    return any(p.fullmatch(text) for p in patterns)


def strip_furniture(blocks: list[Block], lexicon: Lexicon, extra: tuple[str, ...] = ()) -> list[Block]:
    """Drop furniture paragraphs anywhere; labelled paragraphs are body by definition."""
    patterns = lexicon.furniture + tuple(re.compile(p, re.I) for p in extra)
    return [b for b in blocks if b.label is not None or not is_furniture(b.text, patterns)]
