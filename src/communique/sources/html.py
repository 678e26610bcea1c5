"""HTML reader: a site profile's ``[html]`` rules where one applies, trafilatura for any other page.

A page becomes ``Block``s, one per paragraph (``<p>``, heading, list item...,
and each part of one split by ``<br>``). Every block is first a list of
``Run``s (text, bold or not), so that speaker labels can be read from the bold
markup (``<b>Name:</b> text``) whichever extractor found the paragraphs.

Profile keys read from the ``[html]`` table (all optional but ``body``):

- ``title``, ``place``, ``time``, ``url``, ``date``: lists of selectors, the
  first one giving a value wins; ``selector@attr`` reads an attribute instead
  of the text.
- ``body``: selectors of the article element; ``drop``: selectors removed
  from it before reading.
- ``date_in_title``: take the date from the title when no selector gives one.
- ``title_pattern``: a regex with named groups ``title``, ``place``, ``date``
  for titles that carry place and date.
- ``number``: selectors of the document number; ``number_block``: a regex
  for a number line heading the text instead (taken out of the body).
- ``labels``: ``"bold"`` to read speaker labels from bold markup, ``"none"``
  to leave them in the text for the structure stage.
- ``id_from_url``: a regex whose group 1 is the document id in the page URL;
  without it (or a match) the number, then the file name, when they fit the
  profile's ``id_pattern``.

The profile's ``furniture`` patterns drop the lines that close an article
(``Photo album``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from communique.dates import iso_time, parse_date
from communique.errors import NoBody
from communique.model import Block, RawDocument
from communique.settings import Settings
from communique.sources.base import ReadContext
from communique.sources.decode import content_hash, decode
from communique.sources.head import without_head_and_tail
from communique.sources.profiles.engine import Profile, Profiles
from communique.sources.text import collapse


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


# Elements that never hold body text, whatever the page.
SKIP_TAGS = _tags(
    "script style noscript template head title meta link iframe object embed svg math canvas "
    "video audio source track img picture button select option input textarea form nav -comment"
)
# Elements that end one paragraph and start another.
BLOCK_TAGS = _tags(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote section article header footer aside main "
    "table thead tbody tfoot tr td th caption pre figure figcaption address center hr details summary"
)
BOLD_TAGS = frozenset({"b", "strong"})
# A non-bold remainder that still completes a label: `<b>Name</b> (<i>note</i>): text`.
_LABEL_TAIL = re.compile(r"(\s*(?:\([^()]*\))?\s*):")
_NOTE = re.compile(r"\([^()]*\)")
_TIME = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")


@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph's text in one weight."""

    text: str
    bold: bool = False


Paragraph = list[Run]


def read(data: bytes, ctx: ReadContext) -> RawDocument:
    """Read an HTML page: profile rules when ``ctx.source`` names a profile with ``[html]`` rules."""
    text = decode(data, ctx.settings, ctx.path)
    tree = LexborHTMLParser(text)
    profile = (ctx.profiles or Profiles.packaged()).get(ctx.source)
    body = find_body(tree, profile.html) if profile and profile.html.get("body") else None
    if profile is not None and body is not None:
        raw = read_profiled(tree, body, profile, ctx)
    else:
        raw = read_generic(text, tree, ctx, profile)
    if not any(b.text or b.label for b in raw.blocks):
        raise NoBody("the HTML page holds no body text", ctx.path)
    raw.content_hash = content_hash(data)
    return raw


# --------------------------------------------------------------------------
# Known sites: the profile's [html] rules
# --------------------------------------------------------------------------


def find_body(tree: LexborHTMLParser, rules: dict[str, Any]) -> LexborNode | None:
    """The first element the profile's ``body`` selectors find."""
    for selector in rules.get("body", ()):
        node = tree.css_first(selector)
        if node is not None:
            return node
    return None


def read_profiled(tree: LexborHTMLParser, body: LexborNode, profile: Profile, ctx: ReadContext) -> RawDocument:
    """A page of a known site: metadata and paragraphs where its profile says they are."""
    rules = profile.html
    for selector in rules.get("drop", ()):
        for node in body.css(selector):
            node.decompose()
    paragraphs = list(paragraphs_of(body))
    head: dict[str, str] = {}
    if rules.get("head_lines"):  # the template puts place, date and times in the body's first and last lines
        head, paragraphs = without_head_and_tail(paragraphs, paragraph_text)
    marked = rules.get("labels", "none") == "bold"
    blocks = label_blocks(paragraphs, ctx.settings) if marked else plain_blocks(paragraphs)
    raw = RawDocument(
        blocks=strip_furniture(blocks, profile.furniture),
        path=ctx.path,
        format="html",
        source=profile.name,
        labels_marked=marked,
        header_in_text=False,
    )
    _fill_metadata(raw, tree, profile, ctx)
    # The transcript's own date line and start time say when it was held; the page's, when it was posted.
    raw.date = parse_date(head.get("date_line")) or raw.date
    raw.time = head.get("time") or raw.time
    raw.place = raw.place or head.get("place")
    return raw


def strip_furniture(blocks: list[Block], patterns: Iterable[str]) -> list[Block]:
    """Drop the page furniture (``Photo album``) that closes an article."""
    compiled = [re.compile(p) for p in patterns]
    end = len(blocks)
    while end and not blocks[end - 1].label and any(p.search(blocks[end - 1].text) for p in compiled):
        end -= 1
    return blocks[:end]


def _fill_metadata(raw: RawDocument, tree: LexborHTMLParser, profile: Profile, ctx: ReadContext) -> None:
    rules = profile.html
    raw.title = first_value(tree, rules.get("title", ()))
    raw.place = first_value(tree, rules.get("place", ()))
    raw.number = _number(tree, rules) or _number_block(raw, rules.get("number_block"))
    stamp = first_value(tree, rules.get("date", ()))
    raw.date = parse_date(stamp)
    raw.time = parse_time(first_value(tree, rules.get("time", ()))) or iso_time(stamp)
    if raw.title and rules.get("title_pattern"):
        _split_title(raw, rules["title_pattern"])
    if raw.date is None and raw.title and rules.get("date_in_title"):
        raw.date = parse_date(raw.title)
    raw.url = absolute_url(first_value(tree, rules.get("url", ()))) or ctx.url
    doc_id = _doc_id(raw, ctx.path, profile)
    if doc_id:
        raw.doc_id = f"{profile.name}/{doc_id}"
        raw.url = raw.url or profile.url_for(doc_id)


def _number(tree: LexborHTMLParser, rules: dict[str, Any]) -> str | None:
    """The document number the page shows, when it has the site's number shape."""
    value = first_value(tree, rules.get("number", ()))
    pattern = rules.get("number_block")
    return value if value and (not pattern or re.fullmatch(pattern, value)) else None


def _number_block(raw: RawDocument, pattern: str | None) -> str | None:
    """A document-number line heading the text (mid.ru ``1331-24-06-2022``) leaves the body."""
    if not pattern:
        return None
    # Only the head of the text: a number quoted further down is text.
    for i, block in enumerate(raw.blocks[:3]):
        if not block.label and re.fullmatch(pattern, block.text):
            del raw.blocks[i]
            return block.text
    return None


def _split_title(raw: RawDocument, pattern: str) -> None:
    """A title line holding place and date (``..., Baku, June 24, 2022``) gives all three."""
    match = re.fullmatch(pattern, raw.title or "")
    if not match:
        return
    parts = match.groupdict()
    raw.title = collapse(parts.get("title") or "") or raw.title
    raw.place = raw.place or (collapse(parts["place"]) if parts.get("place") else None)
    raw.date = raw.date or parse_date(parts.get("date"))


def _doc_id(raw: RawDocument, path: str | None, profile: Profile) -> str | None:
    """The site's document id: from the URL, else the document number, else the file name."""
    pattern = profile.html.get("id_from_url")
    match = re.search(pattern, raw.url) if pattern and raw.url else None
    if match:
        return match.group(1)
    candidates = [raw.number, PurePath(path).stem if path else None]
    for candidate in candidates:
        if candidate and profile.id_pattern and re.fullmatch(profile.id_pattern, candidate):
            return candidate
    return None


def first_value(tree: LexborHTMLParser, selectors: Iterable[str]) -> str | None:
    """The collapsed text (or ``@attr`` value) of the first selector that finds a non-empty one."""
    for spec in selectors:
        selector, _, attr = spec.partition("@")
        for node in tree.css(selector):
            value = node.attributes.get(attr) if attr else node.text(deep=True)
            value = collapse(value or "")
            if value:
                return value
    return None


def absolute_url(value: str | None) -> str | None:
    """Only an absolute address is worth keeping: saved copies rewrite links to local files."""
    if value and re.match(r"https?://", value):
        return value
    return None


# --------------------------------------------------------------------------
# Dates and times
# --------------------------------------------------------------------------


def parse_time(value: str | None) -> str | None:
    """``HH:MM`` from a time as a page shows it (``16:40``)."""
    match = _TIME.search(value or "")
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


# --------------------------------------------------------------------------
# Paragraphs as runs
# --------------------------------------------------------------------------


def paragraphs_of(root: LexborNode) -> Iterator[Paragraph]:
    """The paragraphs under ``root`` in document order, each as its runs.

    The walk uses its own stack, not recursion: hostile pages nest thousands deep.
    """
    current: Paragraph = []
    # Each entry: a node to enter with its inherited boldness, or None to close a block.
    stack: list[tuple[LexborNode | None, bool]] = [(root, False)]
    while stack:
        node, bold = stack.pop()
        if node is None or node.tag == "br" or node.tag in BLOCK_TAGS:
            if current:
                yield current
            current = []
            if node is None or node.tag == "br":
                continue
        if node.tag == "-text":
            current.append(Run(node.text(deep=False), bold))
            continue
        if node.tag in SKIP_TAGS:
            continue
        if node.tag in BLOCK_TAGS:
            stack.append((None, False))
        inner = bold or node.tag in BOLD_TAGS
        stack.extend((child, inner) for child in reversed(list(node.iter(include_text=True))))
    if current:
        yield current


# --------------------------------------------------------------------------
# Speaker labels from bold markup
# --------------------------------------------------------------------------


def split_label(runs: Paragraph, settings: Settings) -> tuple[str | None, str]:
    """The speaker label a paragraph's leading bold marks, and the text after it.

    ``<b>Name:</b> t``, ``<b>Name</b>: t``, ``<b>Name</b> (<i>note</i>): t``,
    ``<b>Na</b><b>me:</b> t`` and ``<b>Name: I</b>t`` all give ``Name``
    (with `` (note)``); a label may stand alone in its paragraph.
    """
    lead, count = _leading_bold(runs)
    found = _bold_label(lead, "".join(r.text for r in runs[count:])) if lead.strip() else None
    if found is None:
        return None, paragraph_text(runs)
    label, after = collapse(found[0]), collapse(found[1])
    if not is_label(label, settings) or is_heading(label):
        return None, paragraph_text(runs)
    return label, after


def _bold_label(lead: str, rest: str) -> tuple[str, str] | None:
    """Label and remaining text when the bold ``lead`` ends with, or is followed by, a colon."""
    if ":" in lead:
        label, _, spill = lead.partition(":")
        # Bold that slips a word past the colon is a markup slip; a longer bold
        # run is a heading or title that happens to hold a colon.
        return (label, spill + rest) if len(spill.split()) <= 1 else None
    tail = _LABEL_TAIL.match(rest)
    if not tail:
        return None
    # The note keeps its spacing as written: `Alpha Conde(retranslated)`.
    return lead + tail.group(1), rest[tail.end() :]


def _leading_bold(runs: Paragraph) -> tuple[str, int]:
    """The text of the bold runs (and blanks between them) that open a paragraph, and how many."""
    count = 0
    for run in runs:
        if not (run.bold or not run.text.strip()):
            break
        count += 1
    return "".join(r.text for r in runs[:count]), count


def is_label(label: str, settings: Settings) -> bool:
    """Short enough to be a speaker designation, and holding a letter."""
    return (
        bool(label)
        and len(label) <= settings.max_label_chars
        and len(label.split()) <= settings.max_label_words
        and any(ch.isalpha() for ch in label)
    )


def is_heading(label: str) -> bool:
    """A bold run-in heading of a notice (``Meeting points``, ``The document reads, in full``).

    Speaker designations name someone (``Agriculture Minister Alexander
    Tkachev``) or are one role word (``Question``); headings are phrases with
    no capital after their first word. Notes in brackets do not count.
    """
    words = _NOTE.sub(" ", label).split()
    return len(words) > 1 and not any(ch.isupper() for word in words[1:] for ch in word)


def paragraph_text(runs: Paragraph) -> str:
    """A paragraph's text, whitespace collapsed."""
    return collapse("".join(r.text for r in runs))


def marked_or_plain_blocks(paragraphs: list[Paragraph], settings: Settings) -> tuple[list[Block], bool]:
    """Blocks with the labels bold marks, when two paragraphs or more carry one, else plain blocks for the
    structure stage to find labels in (one bold "Note:" is a heading); and whether labels were marked."""
    blocks = label_blocks(paragraphs, settings)
    if sum(1 for b in blocks if b.label) >= 2:
        return blocks, True
    return plain_blocks(paragraphs), False


def plain_blocks(paragraphs: Iterable[Paragraph]) -> list[Block]:
    """Paragraphs as text only: labels stay inline for the structure stage to find."""
    blocks = (Block(paragraph_text(p)) for p in paragraphs)
    return [b for b in blocks if b.text]


def label_blocks(paragraphs: Iterable[Paragraph], settings: Settings) -> list[Block]:
    """Paragraphs with the labels their bold marks, then the page's labels that lost their bold."""
    blocks = [Block(text, label) for label, text in (split_label(p, settings) for p in paragraphs)]
    return relabel_plain(_merge_bare_labels([b for b in blocks if b.text or b.label]))


def _merge_bare_labels(blocks: list[Block]) -> list[Block]:
    """A label alone in its paragraph (``<p><b>Guy Ryder:</b></p>``) heads the paragraph after it."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if previous and previous.label and not previous.text and not block.label:
            previous.text = block.text
        else:
            merged.append(block)
    return merged


def relabel_plain(blocks: list[Block]) -> list[Block]:
    """A paragraph in plain type opening with exactly a label the page uses in bold is labelled too.

    A few pages lost the bold on some labels (``Question:``); only labels the
    page itself marks count, so ``Second: ...`` in running text stays text.
    """
    known = sorted({b.label for b in blocks if b.label}, key=len, reverse=True)
    if not known:
        return blocks
    prefixes = re.compile("|".join(re.escape(label) for label in known))
    for block in blocks:
        if block.label:
            continue
        match = prefixes.match(block.text)
        if match and block.text[match.end() : match.end() + 1] == ":":
            rest = collapse(block.text[match.end() + 1 :])
            if rest:
                block.label, block.text = match.group(0), rest
    return blocks


# --------------------------------------------------------------------------
# Any other page: trafilatura
# --------------------------------------------------------------------------


def read_generic(text: str, tree: LexborHTMLParser, ctx: ReadContext, profile: Profile | None) -> RawDocument:
    """A page of no known layout: trafilatura finds the article, else the whole ``<body>``."""
    extracted = _trafilatura_xml(text, ctx.url)
    paragraphs, meta = extracted if extracted is not None else (_fallback_paragraphs(tree), {})
    blocks, marked = marked_or_plain_blocks(paragraphs, ctx.settings)
    raw = RawDocument(
        blocks=blocks,
        path=ctx.path,
        format="html",
        source=ctx.source,
        url=absolute_url(meta.get("url")) or ctx.url or absolute_url(_meta_url(tree)),
        title=collapse(meta.get("title") or "") or _fallback_title(tree),
        date=parse_date(meta.get("date")),
        labels_marked=marked,
        header_in_text=False,
    )
    # The article's own heading repeats the title.
    if raw.blocks and not raw.blocks[0].label and raw.blocks[0].text == raw.title:
        del raw.blocks[0]
    doc_id = _doc_id(raw, ctx.path, profile) if profile else None
    raw.doc_id = f"{profile.name}/{doc_id}" if profile and doc_id else None
    return raw


def _trafilatura_xml(text: str, url: str | None) -> tuple[list[Paragraph], dict[str, str]] | None:
    """trafilatura's main text as paragraphs of runs, with its metadata; None when it finds none."""
    try:
        import trafilatura
        from lxml import etree
    except ImportError:
        # trafilatura needs lxml's html cleaner, packaged apart since lxml 5.2; read on without it.
        return None
    try:
        xml = trafilatura.extract(
            text,
            url=url,
            output_format="xml",
            include_formatting=True,
            with_metadata=True,
            include_tables=True,
        )
        root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=True)) if xml else None
    except Exception:
        # A third-party extractor may fail in any way on hostile input; our own walker still reads it.
        return None
    if root is None:
        return None
    main = root.find("main")
    paragraphs = list(xml_paragraphs(main if main is not None else root))
    meta = {k: v for k, v in root.attrib.items() if isinstance(v, str)}
    return paragraphs, meta


# trafilatura's XML: these elements are paragraphs; `<lb/>` breaks one.
_XML_BLOCKS = frozenset({"p", "head", "item", "quote", "cell", "row", "list", "table", "code", "lb"})


def xml_paragraphs(root: Any) -> Iterator[Paragraph]:
    """Paragraphs of runs from trafilatura's XML (``<hi rend="#b">`` is bold)."""
    current: Paragraph = []
    for kind, value, bold in _xml_events(root):
        if kind == "text":
            current.append(Run(value, bold))
        elif value in _XML_BLOCKS:
            if current:
                yield current
            current = []
    if current:
        yield current


def _xml_events(root: Any) -> Iterator[tuple[str, str, bool]]:
    """("open"/"close", tag, bold) and ("text", text, bold) in reading order, without recursion."""
    stack: list[tuple[Any, bool, bool]] = [(root, False, False)]
    while stack:
        elem, inherited, closing = stack.pop()
        # lxml gives comments and processing instructions a function as tag; only their tail is text.
        tag = elem.tag if isinstance(elem.tag, str) else ""
        if closing:
            yield "close", tag, inherited
            if elem.tail:
                yield "text", elem.tail, inherited
            continue
        bold = inherited or (tag == "hi" and "#b" in (elem.get("rend") or ""))
        yield "open", tag, bold
        if elem.text and tag:
            yield "text", elem.text, bold
        stack.append((elem, inherited, True))
        stack.extend((child, bold, False) for child in reversed(list(elem)))


def _fallback_paragraphs(tree: LexborHTMLParser) -> list[Paragraph]:
    """Every paragraph of ``<body>`` (or of the whole page when it has none)."""
    root = tree.body or tree.root
    return list(paragraphs_of(root)) if root is not None else []


def _fallback_title(tree: LexborHTMLParser) -> str | None:
    return first_value(tree, ("meta[property='og:title']@content", "title", "h1"))


def _meta_url(tree: LexborHTMLParser) -> str | None:
    return first_value(tree, ("link[rel='canonical']@href", "meta[property='og:url']@content"))
