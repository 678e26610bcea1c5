"""Plain-text reader: paragraphs separated by blank lines, as in the mid.ru seed."""

from __future__ import annotations

from communique.model import Block, RawDocument
from communique.sources.base import ReadContext
from communique.sources.decode import content_hash, decode


def collapse(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces included, zero-width spaces kept) to one space."""
    return " ".join(text.split())


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; wrapped lines inside one are joined.

    A text without blank lines between its lines (one paragraph per line) keeps
    each line as a paragraph. Whitespace runs collapse to one space; a line of
    whitespace alone is blank.
    """
    # str.split() per line collapses whitespace in C, faster than a regular expression over the text.
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    filled = [line for line in lines if line]
    if len(filled) > 3 and len(lines) - len(filled) < len(filled) * 0.05:
        return filled
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


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
