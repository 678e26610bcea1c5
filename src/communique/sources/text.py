"""Plain-text reader: paragraphs separated by blank lines, as in the mid.ru seed."""

from __future__ import annotations

import re

from communique.model import Block, RawDocument
from communique.sources.base import ReadContext
from communique.sources.decode import content_hash, decode

_BLANK = re.compile(r"\n[ \t\u00a0\u3000]*\n")
# Runs of whitespace other than newlines: one pass over the whole text instead of one per paragraph.
# A lone space is left alone, so only real runs (or tabs, non-breaking spaces) are rewritten.
_HSPACE = re.compile(r"[^\S\n ][^\S\n]*| [^\S\n]+")


def collapse(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces included, zero-width spaces kept) to one space."""
    return " ".join(text.split())


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; wrapped lines inside one are joined.

    A text without blank lines between its lines (one paragraph per line) keeps
    each line as a paragraph.
    """
    text = _HSPACE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    all_lines = text.split("\n")
    lines = [line for line in all_lines if line and line != " "]
    blanks = len(all_lines) - len(lines)
    one_per_line = len(lines) > 3 and blanks < len(lines) * 0.05
    chunks = lines if one_per_line else _BLANK.split(text)
    paragraphs = [" ".join(c.split()) if "\n" in c else c.strip() for c in chunks]
    return [p for p in paragraphs if p]


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
