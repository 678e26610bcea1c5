"""Page furniture ("Additional materials", "Photo album", share links) removed from the body."""

from __future__ import annotations

from communique.model import Block
from communique.structure.lexicon import Lexicon

# Furniture is a short line; longer paragraphs are body and skip the patterns.
_MAX_FURNITURE_CHARS = 400


def strip_furniture(blocks: list[Block], lexicon: Lexicon, extra: tuple[str, ...] = ()) -> list[Block]:
    """Drop furniture paragraphs anywhere; whole-paragraph patterns only, so body text that
    mentions photos is never taken, and labelled paragraphs are body by definition."""
    pattern = lexicon.furniture_pattern(extra)
    return [
        b for b in blocks if b.label is not None or len(b.text) > _MAX_FURNITURE_CHARS or not pattern.fullmatch(b.text)
    ]
