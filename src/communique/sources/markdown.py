"""Markdown reader: YAML front matter and a transcript body (White House briefings) to a ``RawDocument``.

The front matter gives title, date, address and publication time. The body's
paragraphs are separated by blank lines; hard-wrapped lines are joined and the
Markdown syntax is stripped (emphasis, headings, links, list markers, raw HTML,
escapes). A briefing opens with a place line (``James S. Brady Press Briefing
Room``) and its start time (``1:03 P.M. EST``) and closes with its end time
(``2:05 P.M. EST``, ``END``): those are metadata, not body. Speaker labels
(``MS. PSAKI:``, ``Q``) stay in the text for the structure stage.
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime
from pathlib import PurePath
from typing import Any

import yaml

from communique.dates import parse_date
from communique.model import Block, RawDocument
from communique.sources.base import ReadContext
from communique.sources.decode import content_hash, decode
from communique.sources.head import take_head, take_tail
from communique.sources.profiles.engine import Profiles
from communique.sources.text import collapse

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# CommonMark: a line holding only spaces or tabs is blank.
_BLANK = re.compile(r"\n[ \t\u00a0]*(?:\n|\Z)")
_BULLET = re.compile(r"^ {0,3}[-*+][ \t]+")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# A line break kept in the paragraph (two spaces or a backslash), and an upper-case speaker label opening a line.
_HARD_BREAK = re.compile(r"(?:  |\\)$")
_LINE_LABEL = re.compile(r"(?:[A-Z][A-Z.'’-]*\s){0,5}[A-Z][A-Z.'’-]+:\s")
# Emphasis underscores sit at a word's edge; one inside a word (`file_name`) is text.
_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")


def read(data: bytes, ctx: ReadContext) -> RawDocument:
    """Read a Markdown file with (optional) YAML front matter."""
    text = decode(data, ctx.settings, ctx.path)
    meta, body = split_front_matter(text)
    paragraphs = markdown_paragraphs(body)
    title = collapse(_text(meta.get("title")) or "") or None
    # The page's own heading repeats the title.
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    head, paragraphs = take_head(paragraphs)
    paragraphs, postscript = take_tail(paragraphs)
    url = _text(meta.get("source_url")) or ctx.url
    source = ctx.source or _source_of(url, ctx.profiles or Profiles.packaged())
    raw = RawDocument(
        blocks=[Block(p) for p in paragraphs],
        path=ctx.path,
        format="markdown",
        source=source,
        url=url,
        doc_id=_doc_id(source, ctx.path),
        title=title,
        date=_iso_date(meta.get("date")),
        time=head.get("time") or _clock(meta.get("published_time")),  # when it began, else when published
        place=head.get("place"),
        labels_marked=False,
        header_in_text=False,
        content_hash=content_hash(data),
    )
    if head.get("time"):
        raw.extra["start_time"] = head["time"]
    if postscript:
        raw.extra["postscript"] = postscript
    return raw


# --------------------------------------------------------------------------
# Front matter
# --------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter as a dict (empty when absent or unreadable) and the body after it."""
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        # Broken front matter costs the metadata, not the transcript.
        meta = None
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def _iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a YAML date, timestamp or string."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, Date):
        return value.isoformat()
    return parse_date(str(value)) if value else None


def _clock(value: Any) -> str | None:
    """``HH:MM`` of a timestamp as written (local time, not converted)."""
    if isinstance(value, datetime):
        return value.strftime("%H:%M")
    match = re.search(r"[T ](\d{2}):(\d{2})", str(value or ""))
    return f"{match.group(1)}:{match.group(2)}" if match else None


def _source_of(url: str | None, profiles: Profiles) -> str | None:
    """The profile a front-matter address belongs to (``bidenwhitehouse.archives.gov`` is whitehouse.gov)."""
    profile = profiles.route(url=url) if url else None
    return profile.name if profile else None


def _doc_id(source: str | None, path: str | None) -> str | None:
    """A known site's id from the file name; for any other file the structure stage makes one."""
    if not path or not source:
        return None
    return f"{source}/{PurePath(path).stem}"


# --------------------------------------------------------------------------
# Body: paragraphs without Markdown syntax
# --------------------------------------------------------------------------


def markdown_paragraphs(body: str) -> list[str]:
    """Blank-line separated paragraphs (each list item one), wrapped lines joined, syntax stripped."""
    body = _COMMENT.sub("", body.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for chunk in _BLANK.split(body):
        for item in _items(chunk.split("\n")):
            text = strip_inline(" ".join(item))
            if text:
                paragraphs.append(text)
    return paragraphs


def _items(lines: list[str]) -> list[list[str]]:
    """A chunk's lines grouped into paragraphs: each list item starts a new one, and so does a speaker's label
    opening a line after a hard line break."""
    items: list[list[str]] = []
    previous = ""
    for line in lines:
        # Most lines are plain prose: the patterns run only where their first character occurs.
        first = line.lstrip(" ")[:1]
        if first == ">":
            line = _QUOTE.sub("", line)
            first = line.lstrip(" ")[:1]
        bullet = _BULLET.match(line) if first and first in "-*+" else None
        # A speaker's label opening a line after a hard break starts a turn of its own ("...  \nMS. ROE: ...").
        label = bool(items) and bool(items[-1]) and _HARD_BREAK.search(previous) and _LINE_LABEL.match(line)
        previous = line
        if bullet or label or not items:
            items.append([])
        if bullet:
            line = line[bullet.end() :]
        if "#" in line:
            line = _HEADING.sub("", line)
        # A backslash closing a line is a hard line break.
        items[-1].append(line.rstrip().removesuffix("\\"))
    return items


def strip_inline(text: str) -> str:
    """Plain text of one paragraph: links to their text, no emphasis markers, tags or escapes."""
    # Each rule runs only when its marker occurs: most paragraphs of a transcript have none.
    parked: list[str] = []
    if "\\" in text:
        # Escaped characters are literal: park them where no rule below can touch them.
        def park(match: re.Match[str]) -> str:
            parked.append(match.group(1))
            return f"\ue000{len(parked) - 1}\ue001"

        text = _ESCAPE.sub(park, text)
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub("", text))
    if "<" in text:
        text = _TAG.sub("", _AUTOLINK.sub(r"\1", text))
    if "*" in text:
        text = text.replace("*", "")
    if "_" in text:
        text = _UNDERSCORES.sub("", text)
    if parked:
        text = re.sub("\ue000(\\d+)\ue001", lambda m: parked[int(m.group(1))], text)
    return collapse(text)
