"""XML exports: one record's metadata elements and its body (HTML inside CDATA, or plain text).

Archives and transcript sites export a document as an XML record: elements for
the title, the date in the site's own format, the kind of document, an id, and
the body, often as HTML in a CDATA section. A profile's ``[xml]`` table names
the elements (``title``, ``date``, ``date_format``, ``body``, ``kind``, ``id``, and ``speaker`` with
``speaker_role`` for the official whose record it is, of the profile's ``country``);
without one, the reader takes the usual names (``title``, an element whose name
holds ``date``, ``type``) and the longest element as the body. The body's head
and closing lines (date line, ``E&OE``, ``[ends]``) are metadata, not text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from communique.dates import parse_date
from communique.errors import InputError, NoBody
from communique.model import Block, Participant, RawDocument
from communique.sources.base import ReadContext
from communique.sources.decode import content_hash, decode
from communique.sources.head import without_head_and_tail
from communique.sources.html import marked_or_plain_blocks, paragraph_text, paragraphs_of
from communique.sources.profiles.engine import Profile, Profiles
from communique.sources.text import collapse

_HTML = re.compile(r"<(p|br|div|strong|b|span)[\s/>]", re.I)
_TITLES = ("title", "headline", "name", "heading")
_KINDS = ("type", "release-type", "kind", "category", "genre")
_IDS = ("id", "identifier", "transcript-id", "document-id")


def read(data: bytes, ctx: ReadContext) -> RawDocument:
    """Read an XML export of one document."""
    record = _record(_parse(decode(data, ctx.settings, ctx.path), ctx.path))
    profile = (ctx.profiles or Profiles.packaged()).get(ctx.source)
    rules = profile.xml if profile else {}
    fields = _fields(record)
    body = _first(fields, rules.get("body", ())) or _longest(fields)
    if not body:
        raise NoBody("the XML record holds no body text", ctx.path)
    head, paragraphs = without_head_and_tail(_paragraphs(body), lambda paragraph: paragraph[0])
    blocks = _blocks(paragraphs, ctx)
    raw = RawDocument(
        blocks=blocks,
        path=ctx.path,
        format="xml",
        source=ctx.source,
        title=collapse(_first(fields, rules.get("title", _TITLES)) or "") or None,
        date=parse_date(_first(fields, rules.get("date", ())) or _dated(fields), rules.get("date_format"))
        or parse_date(head.get("date_line")),
        time=head.get("time"),
        place=head.get("place") if profile else None,  # a short first line of an unknown export may be a heading
        kind=_first(fields, rules.get("kind", _KINDS)),
        labels_marked=any(b.label for b in blocks),
        header_in_text=False,
        content_hash=content_hash(data),
    )
    _identify(raw, _first(fields, rules.get("id", _IDS)), profile, ctx)
    speaker = _first(fields, rules.get("speaker", ()))
    if speaker:  # the record's own official: "Howard, John" -> John Howard
        last, comma, first = speaker.partition(",")
        name = f"{first.strip()} {last.strip()}" if comma else speaker.strip()
        raw.participants = [Participant(name, rules.get("speaker_role"), profile.country if profile else None)]
    return raw


def _parse(text: str, path: str | None) -> ElementTree.Element:
    """The document element. External entities are never read (undefined); entities a DOCTYPE defines are
    expanded, and expat (2.4.1 and later) refuses an expansion that amplifies the input (entity bombs)."""
    try:
        return ElementTree.fromstring(text.lstrip("\ufeff"))
    except ElementTree.ParseError as exc:
        raise InputError(f"not well-formed XML: {exc}", path) from exc


def _record(root: ElementTree.Element) -> ElementTree.Element:
    """The element whose children are the fields: the root, or its only record (``<transcripts>
    <transcript>...``); an export of several records is read as its first."""
    node = root
    while len(node) and all(len(child) for child in node):
        node = node[0]
    return node


def _fields(record: ElementTree.Element) -> dict[str, str]:
    """Each child's text (its CDATA included) by lower-case tag name, namespaces aside."""
    fields: dict[str, str] = {}
    for child in record:
        tag = child.tag.rsplit("}", 1)[-1].lower()
        fields.setdefault(tag, "".join(child.itertext()).strip())
    return fields


def _first(fields: dict[str, str], names: Any) -> str | None:
    for name in [names] if isinstance(names, str) else names:
        if fields.get(name.lower()):
            return fields[name.lower()]
    return None


def _longest(fields: dict[str, str]) -> str | None:
    return max(fields.values(), key=len, default=None)


def _dated(fields: dict[str, str]) -> str | None:
    return next((value for tag, value in fields.items() if "date" in tag and value), None)


def _paragraphs(body: str) -> list[tuple[str, Any]]:
    """The body's paragraphs as text, each with its runs when the body is HTML."""
    if _HTML.search(body):
        tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
        root = tree.body if tree.body is not None else tree.root
        texts = ((paragraph_text(runs), runs) for runs in paragraphs_of(root))
        return [(text, runs) for text, runs in texts if text]
    return [(collapse(p), None) for p in re.split(r"\n\s*\n", body) if collapse(p)]


def _blocks(paragraphs: list[tuple[str, Any]], ctx: ReadContext) -> list[Block]:
    """Labels marked in bold when the body marks two or more; else plain paragraphs for the structure
    stage to find labels in."""
    runs = [r for _, r in paragraphs if r is not None]
    if len(runs) == len(paragraphs) and runs:
        return marked_or_plain_blocks(runs, ctx.settings)[0]
    return [Block(text) for text, _ in paragraphs]


def _identify(raw: RawDocument, record_id: str | None, profile: Profile | None, ctx: ReadContext) -> None:
    if profile is None:
        return
    raw.source = profile.name
    doc_id = profile.id_from_path(ctx.path or "") or (record_id.strip() if record_id else None)
    if doc_id:
        raw.doc_id = f"{profile.name}/{doc_id}"
        raw.url = raw.url or profile.url_for(doc_id)
