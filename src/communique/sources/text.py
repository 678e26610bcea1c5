"""Plain-text reader: paragraphs separated by blank lines, as in the mid.ru seed."""

from __future__ import annotations

import re
from itertools import pairwise

from communique.model import Block, RawDocument
from communique.sources.base import ReadContext
from communique.sources.decode import content_hash, decode

# Whitespace str.split() knows beyond space and newline (tab, vertical tab, form feed, separators,
# non-breaking and typographic spaces); the wide ones need looking for only in a text that is not ASCII.
_ASCII_ODD_SPACES = ("\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_WIDE_ODD_SPACES = tuple("\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
# A run of blank lines (nothing but whitespace) between two paragraphs.
_BLANKS = re.compile(r"\n(?:[^\S\n]*\n)+")
# A line that opens like a speaker label ("Q:", "Sergey Lavrov:", "Mr Nebenzia (Russian Federation):"): a
# run of at most eight words, not lower-case, before a colon. Only its shape; the structure stage judges it.
_LABEL_LINE = re.compile(
    r"[\"“«]?(?P<initial>[^\W\d_])[^\s:：]*(?: [^\s:：]+){0,7}(?: ?\([^)\n]{1,80}\))?[ \t]*[:：]\s"
)
# Lines longer than this were not wrapped by hand or by a tool: each is a paragraph of its own.
_MAX_WRAP = 120


def collapse(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces included, zero-width spaces kept) to one space."""
    return " ".join(text.split())


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; inside a block, lines wrapped from one paragraph are joined.

    The lines of a block are paragraphs of their own (one paragraph per line)
    unless they read as one hard-wrapped paragraph: no line after the first
    opens like a speaker label, none is wider than a wrap, and each but the
    last is full (the next word would not have fitted). Whitespace runs
    collapse to one space; a line of whitespace alone is blank.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Whole blocks are split and tidied by C string methods; only a block of several lines or
    # holding odd whitespace needs its words rejoined.
    odd = _has_odd_space(text)
    paragraphs: list[str] = []
    for block in _BLANKS.split(text):
        if "\n" not in block:
            paragraphs.append(collapse(block) if odd else block.strip(" "))
        elif _wrapped(lines := [line.strip() for line in block.split("\n") if line.strip()]):
            paragraphs.append(collapse(block))
        else:
            paragraphs.extend(collapse(line) for line in lines)
    return [p for p in paragraphs if p]


def _wrapped(lines: list[str]) -> bool:
    """Whether the lines of one block are a single paragraph wrapped at some width."""
    width = max(map(len, lines), default=0)
    if width > _MAX_WRAP or any(_opens_like_label(line) for line in lines[1:]):
        return False
    return all(len(line) + 1 + len(after.split(None, 1)[0]) > width for line, after in pairwise(lines))


def _opens_like_label(line: str) -> bool:
    match = _LABEL_LINE.match(line)
    return match is not None and not match["initial"].islower()


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
