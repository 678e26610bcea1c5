"""Plain-text reader: paragraphs separated by blank lines, as in the mid.ru seed."""

from __future__ import annotations

import re

from communique.model import Block, RawDocument
from communique.sources.base import ReadContext
from communique.sources.decode import content_hash, decode

_BLANK = re.compile(r"\n[ \t\u00a0\u3000]*\n")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def collapse(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces included) to one space."""
    return _SPACE.sub(" ", text.replace("\n", " ")).strip()


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; wrapped lines inside one are joined.

    A text without blank lines between its lines (one paragraph per line) keeps
    each line as a paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in text.split("\n") if line.strip()]
    blanks = len(_BLANK.findall(text))
    if len(lines) > 3 and blanks < len(lines) * 0.05:
        chunks = lines
    else:
        chunks = _BLANK.split(text)
    return [p for p in (collapse(c) for c in chunks) if p]


def read(data: bytes, ctx: ReadContext) -> RawDocument:
    """Read a plain-text transcript; its header lines are parsed by the structure stage."""
    text = decode(data, ctx.settings, ctx.path)
    return raw_from_text(text, ctx, content_hash(data))


def raw_from_text(text: str, ctx: ReadContext, digest: str | None = None) -> RawDocument:
    blocks = [Block(p) for p in split_paragraphs(text)]
    return RawDocument(
        blocks=blocks,
        path=ctx.path,
        format="text",
        source=ctx.source,
        url=ctx.url,
        header_in_text=True,
        content_hash=digest,
    )
