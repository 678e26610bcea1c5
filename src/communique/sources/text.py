"""Plain-text reader: paragraphs separated by blank lines, as in the mid.ru seed."""

from __future__ import annotations

import re

from communique.model import Block, RawDocument
from communique.sources.base import ReadContext
from communique.sources.decode import content_hash, decode

# Whitespace str.split() knows beyond space and newline (tab, vertical tab, form feed, separators,
# non-breaking and typographic spaces); the wide ones need looking for only in a text that is not ASCII.
_ASCII_ODD_SPACES = ("\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_WIDE_ODD_SPACES = tuple("\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
# A line of nothing but whitespace after a newline, and a run of such lines between two paragraphs.
_INNER_BLANK = re.compile(r"\n[^\S\n]*(?=\n)")
_BLANKS = re.compile(r"\n(?:[^\S\n]*\n)+")


def collapse(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces included, zero-width spaces kept) to one space."""
    return " ".join(text.split())


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; wrapped lines inside one are joined.

    A text without blank lines between its lines (one paragraph per line) keeps
    each line as a paragraph. Whitespace runs collapse to one space; a line of
    whitespace alone is blank.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.count("\n") + 1
    blanks = _blank_lines(text)
    if lines - blanks > 3 and blanks < (lines - blanks) * 0.05:
        return [collapse(line) for line in text.split("\n") if line and not line.isspace()]
    # Whole blocks are split and tidied by C string methods; only a block that wraps lines or
    # holds odd whitespace needs its words rejoined.
    odd = _has_odd_space(text)
    paragraphs = [collapse(c) if odd or "\n" in c else c.strip(" ") for c in _BLANKS.split(text)]
    return [p for p in paragraphs if p]


def _blank_lines(text: str) -> int:
    """How many lines hold nothing but whitespace."""
    inner = len(_INNER_BLANK.findall(text))
    first, last = text[: text.find("\n")], text[text.rfind("\n") + 1 :]
    return inner + (not first.strip()) + ("\n" in text and not last.strip())


def _has_odd_space(text: str) -> bool:
    """Whitespace other than single spaces and newlines."""
    # A search per character runs at memory speed; one character class over the text is slower.
    if "  " in text or any(space in text for space in _ASCII_ODD_SPACES):
        return True
    return not text.isascii() and any(space in text for space in _WIDE_ODD_SPACES)


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
