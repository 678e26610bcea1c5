"""PDF reader: text by page and column, paragraphs and speaker turns, UN verbatim records' metadata.

pypdf reports each piece of text with its position and font; from those the
reader rebuilds printed lines, drops running heads and feet, orders the two
columns, joins lines into paragraphs (a paragraph starts after a wider gap,
or with an indented first line at the top of a column) and reads speaker
labels from bold markup (``**Mr. Abarry** (Niger) (*spoke in French*): …``).

What a publisher's PDFs look like is data: the ``[pdf]`` table of its site
profile (``profiles/un.org.toml``) gives the furniture patterns, the cover
page's fields, the title template and the speaker designations. A PDF
without such a profile still reads, as paragraphs without labels.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import statistics
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import PurePath
from typing import Any

from communique.dates import iso_date
from communique.errors import CommuniqueError, EmptyInput, InputTooLarge, NoBody, UndecodableInput
from communique.gazetteer import Gazetteer
from communique.model import Block, Participant, RawDocument
from communique.sources.base import ReadContext
from communique.sources.decode import content_hash
from communique.sources.text import collapse

_log = logging.getLogger(__name__)

_TIME = re.compile(r"^(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|noon|midnight)?", re.I)
# A line that breaks after these characters goes on without a space ("Al-Quds/" + "Jerusalem").
_NO_SPACE_AFTER = ("-", "/", "\u00ad", "—")
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")


# --------------------------------------------------------------------------
# Profile: the [pdf] table of a site profile
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfProfile:
    """A publisher's PDF conventions, compiled from its profile's ``[pdf]`` table."""

    name: str
    table: dict[str, Any]
    furniture: tuple[re.Pattern[str], ...] = ()
    topic: tuple[re.Pattern[str], ...] = ()
    label: re.Pattern[str] | None = None
    label_tail: re.Pattern[str] | None = None

    @classmethod
    def load(cls, source: str | None) -> PdfProfile | None:
        """The profile named ``source`` when it has a ``[pdf]`` table (read per call: no global cache)."""
        for table in _pdf_tables():
            if table["name"] == source:
                return cls.compile(table["name"], table["pdf"])
        return None

    @classmethod
    def detect(cls, first_page: str) -> PdfProfile | None:
        """The profile whose text signatures match the first page, for a PDF read without a source."""
        for table in _pdf_tables():
            signatures = table.get("text", {}).get("signatures", ())
            if any(re.search(sig, first_page, re.M) for sig in signatures):
                return cls.compile(table["name"], table["pdf"])
        return None

    @classmethod
    def compile(cls, name: str, table: dict[str, Any]) -> PdfProfile:
        labels = table.get("labels", {})
        return cls(
            name=name,
            table=table,
            furniture=tuple(re.compile(p) for p in table.get("furniture", ())),
            topic=tuple(re.compile(p) for p in table.get("topic", ())),
            label=_label_pattern(labels) if labels else None,
            label_tail=re.compile(rf"^\s*(?P<notes>(?:\(\s*[^()]{{1,{labels.get('max_note_chars', 80)}}}\)\s*)*):\s*"),
        )

    def get(self, key: str, default: Any = None) -> Any:
        return self.table.get(key, default)

    def section(self, key: str) -> dict[str, Any]:
        return self.table.get(key, {})


def _pdf_tables() -> Iterator[dict[str, Any]]:
    folder = resources.files("communique.sources.profiles")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text("utf-8"))
            if "pdf" in data:
                yield data


def _label_pattern(labels: dict[str, Any]) -> re.Pattern[str]:
    """The text-only label pattern: a designation, or an honorific and a short capitalised name."""
    designations = "|".join(re.escape(d) for d in sorted(labels.get("designations", ()), key=len, reverse=True))
    honorifics = "|".join(re.escape(h) for h in sorted(labels.get("honorifics", ()), key=len, reverse=True))
    words = max(int(labels.get("max_name_words", 5)) - 1, 0)
    name = rf"[A-Z][\w’'.\-]*(?:\s+(?:[A-Z][\w’'.\-]*|[a-z]{{1,3}})){{0,{words}}}"
    head = "|".join(p for p in (designations, rf"(?:{honorifics})\s*{name}" if honorifics else "") if p)
    notes = rf"(?:\s*\(\s*[^()]{{1,{labels.get('max_note_chars', 80)}}}\))*"
    return re.compile(rf"^(?P<label>(?:{head}){notes})\s*:\s*")


# --------------------------------------------------------------------------
# Printed lines from pypdf
# --------------------------------------------------------------------------


@dataclass
class Run:
    """A stretch of a line in one font."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Line:
    """One printed line: where it starts, its runs, the page and column it sits in."""

    page: int
    x: float
    y: float
    size: float
    runs: list[Run] = field(default_factory=list)
    column: int = 0

    @property
    def raw(self) -> str:
        """The text as pypdf gives it; a trailing space means the line wraps into the next."""
        return "".join(r.text for r in self.runs)

    @property
    def text(self) -> str:
        return collapse(self.raw)


@dataclass(frozen=True)
class PageLines:
    """A page's lines in reading order, with the page's size."""

    index: int
    width: float
    height: float
    lines: list[Line]


_BOLD_FONTS = ("Bold",)
_ITALIC_FONTS = ("Italic", "Oblique")


def page_lines(page: Any, index: int, profile: PdfProfile | None) -> PageLines:
    """Group the text pieces pypdf reports into printed lines, in content-stream order."""
    lines: list[Line] = []
    bold_marks = tuple(profile.get("bold_fonts", _BOLD_FONTS)) if profile else _BOLD_FONTS
    italic_marks = tuple(profile.get("italic_fonts", _ITALIC_FONTS)) if profile else _ITALIC_FONTS

    def style(font: dict[str, Any] | None) -> tuple[bool, bool]:
        # "/QASWMI+TimesNewRomanPS-BoldMT": the part after "+" names the face.
        name = str((font or {}).get("/BaseFont", "")).split("+")[-1]
        return any(m in name for m in bold_marks), any(m in name for m in italic_marks)

    def visit(text: str, cm: list[float], tm: list[float], font: dict[str, Any] | None, size: float) -> None:
        text = text.replace("\n", " ")
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        points = abs(size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])) or 1.0
        bold, italic = style(font)
        last = lines[-1] if lines else None
        # A piece on the same baseline continues the line; superscripts sit within half a size.
        if last is not None and abs(last.y - y) < 0.45 * max(last.size, points):
            last.runs.append(Run(text, bold, italic))
        elif text.strip():
            lines.append(Line(index, x, y, points, [Run(text, bold, italic)]))

    page.extract_text(visitor_text=visit)
    box = page.mediabox
    return PageLines(index, float(box.width), float(box.height), [ln for ln in lines if ln.text])


def order_columns(page: PageLines) -> list[Line]:
    """Sort a two-column page left column first, top to bottom; leave other pages as pypdf gave them.

    pypdf follows the content stream, which InDesign writes in column order;
    sorting guards against producers that write the columns interleaved.
    """
    middle = page.width / 2
    right = sum(1 for ln in page.lines if ln.x >= middle)
    # A few lines right of the middle (a date, a signature) do not make a second column.
    two_columns = right >= 3 and right >= 0.2 * len(page.lines) and right < len(page.lines)
    for line in page.lines:
        line.column = 1 if two_columns and line.x >= middle else 0
    if not two_columns:
        return list(page.lines)
    return sorted(page.lines, key=lambda ln: (ln.column, -ln.y))


# --------------------------------------------------------------------------
# Furniture and cover
# --------------------------------------------------------------------------


def split_furniture(page: PageLines, profile: PdfProfile | None) -> tuple[list[Line], list[Line]]:
    """Body lines and furniture lines: running heads and feet match a pattern inside the margins."""
    if profile is None or not profile.furniture:
        return list(page.lines), []
    margin = float(profile.get("margin", 0.1)) * page.height
    body: list[Line] = []
    furniture: list[Line] = []
    for line in page.lines:
        in_margin = line.y > page.height - margin or line.y < margin
        if in_margin and any(p.search(line.text) for p in profile.furniture):
            furniture.append(line)
        else:
            body.append(line)
    return body, furniture


def is_cover(page: PageLines, profile: PdfProfile | None) -> bool:
    signatures = profile.section("cover").get("signatures", ()) if profile else ()
    return any(re.search(sig, line.text) for line in page.lines for sig in signatures)


@dataclass
class Cover:
    """What a record's cover says about the meeting."""

    number: str | None = None
    meeting: str | None = None
    date: str | None = None
    time: str | None = None
    place: str | None = None
    participants: list[Participant] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)


def read_cover(page: PageLines, profile: PdfProfile, gazetteer: Gazetteer) -> Cover:
    """Number, meeting, date, time, place, President and members, agenda from the cover's lines."""
    rules = profile.section("cover")
    cover = Cover()
    lines = [ln for ln in page.lines if ln.text]
    agenda_at: int | None = None
    end = len(lines)
    for i, line in enumerate(lines):
        text = line.text
        if any(re.search(p, text) for p in rules.get("end", ())):
            end = i
            break
        if agenda_at is not None:
            continue
        if m := _match(rules.get("number"), text):
            cover.number = number_as_printed(m["number"], profile)
        elif m := _match(rules.get("meeting"), text):
            cover.meeting = m["meeting"].replace(" ", "")
        elif m := _match(rules.get("date"), text):
            cover.date = iso_date(m["year"], m["month"].capitalize(), m["day"])
            cover.time = parse_time(m["time"])
            cover.place = _place_after(lines, i, rules)
        elif m := _match(rules.get("president"), text):
            cover.participants += _people(m["names"], "President", m["country"], rules, gazetteer)
        elif m := _match(rules.get("member"), text):
            cover.participants += _people(m["names"], "Member", m["country"], rules, gazetteer)
        elif _match(rules.get("agenda"), text):
            agenda_at = i
    if agenda_at is not None:
        cover.agenda = [_join_lines(p, set()) for p in _gap_paragraphs(lines[agenda_at + 1 : end])]
    return cover


def number_as_printed(number: str, profile: PdfProfile) -> str:
    """The number as the record prints it, without pypdf's stray spaces.

    ``S/ PV.870 0`` -> ``S/PV.8700``; ``S/PV.8706(Resumption1)`` -> ``S/PV.8706 (Resumption 1)``.
    """
    symbol = re.sub(r"\s+", "", number)
    pattern, template = profile.get("resumption"), profile.get("resumption_format")
    if not pattern or not template:
        return symbol
    return re.sub(pattern, lambda m: template.format(n=m["n"]), symbol).strip()


def _match(pattern: str | None, text: str) -> re.Match[str] | None:
    return re.search(pattern, text) if pattern else None


def _place_after(lines: list[Line], i: int, rules: dict[str, Any]) -> str | None:
    if i + 1 >= len(lines):
        return None
    text = lines[i + 1].text
    if any(re.search(p, text) for p in rules.get("not_place", ())):
        return None
    return text


def _people(names: str, role: str, country: str, rules: dict[str, Any], gazetteer: Gazetteer) -> list[Participant]:
    code = country_code(country, gazetteer)
    split = re.split(rules.get("name_separator", r"\s*/\s*"), names.strip())
    return [Participant(name=collapse(n), role=role, affiliation=code) for n in split if n.strip()]


def country_code(name: str, gazetteer: Gazetteer) -> str | None:
    """ISO alpha-3 of a UN country name; "Iran (Islamic Republic of)" falls back to "Iran"."""
    name = collapse(name)
    return gazetteer.code(name) or gazetteer.code(re.sub(r"\s*\(.*\)$", "", name))


def _gap_paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Cover lines (agenda items) into paragraphs by vertical gap alone."""
    leading = _leading(lines)
    groups: list[list[Line]] = []
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is None or prev.y - line.y > leading * 1.25 or line.y > prev.y:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def parse_time(text: str | None) -> str | None:
    """``10 a.m.`` -> ``10:00``, ``3.15 p.m.`` -> ``15:15``, ``noon`` -> ``12:00``."""
    if not text:
        return None
    text = text.strip()
    if text.lower() in ("noon", "12 noon"):
        return "12:00"
    m = _TIME.match(text)
    if not m or not m["ampm"]:
        return None
    hour, minute, ampm = int(m["h"]), int(m["m"] or 0), m["ampm"].lower()
    if hour > 12 or minute > 59:
        return None
    if ampm == "p.m." and hour != 12:
        hour += 12
    elif ampm in ("a.m.", "midnight") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


# --------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------


def _leading(lines: list[Line]) -> float:
    """The line spacing: the lower quartile of the gaps between successive lines of a column."""
    gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if 0 < a.y - b.y < 3 * a.size]
    if len(gaps) >= 2:
        return statistics.quantiles(gaps, n=4)[0] if len(gaps) >= 4 else min(gaps)
    size = statistics.median(ln.size for ln in lines) if lines else 10.0
    return 1.2 * size


def _chunks(pages: list[list[Line]]) -> Iterator[list[Line]]:
    """The body's columns, page by page: each a run of lines read top to bottom."""
    for lines in pages:
        chunk: list[Line] = []
        for line in lines:
            if chunk and (line.column != chunk[-1].column or line.y > chunk[-1].y):
                yield chunk
                chunk = []
            chunk.append(line)
        if chunk:
            yield chunk


def _left_edges(pages: list[list[Line]]) -> dict[tuple[int, int], float]:
    """The usual left edge of each column, on odd and even pages apart (margins may mirror)."""
    xs: dict[tuple[int, int], Counter[float]] = {}
    for lines in pages:
        for line in lines:
            xs.setdefault((line.page % 2, line.column), Counter())[round(line.x)] += 1
    return {key: float(counter.most_common(1)[0][0]) for key, counter in xs.items()}


def _wraps_with_space(pages: list[list[Line]], ratio: float) -> bool:
    """Whether this PDF ends wrapped lines with a space (InDesign does), so a bare end closes a paragraph."""
    ends = Counter[bool]()
    for chunk in _chunks(pages):
        leading = _leading(chunk)
        for a, b in itertools.pairwise(chunk):
            if a.y - b.y <= leading * ratio:
                ends[a.raw[-1:].isspace() or a.raw.endswith(_NO_SPACE_AFTER)] += 1
    total = sum(ends.values())
    return total >= 20 and ends[True] / total > 0.95


def paragraphs(pages: list[list[Line]], profile: PdfProfile | None) -> list[list[Line]]:
    """Group body lines into paragraphs.

    Inside a column a paragraph starts after a gap wider than the line
    spacing (UN records put half a line between paragraphs and around
    headings). At the top of a column or page it starts when the first line
    is indented, or when the line before ended without the space that marks
    a wrapped line in this PDF.
    """
    layout = profile.section("layout") if profile else {}
    ratio = float(layout.get("paragraph_gap", 1.25))
    indent = float(layout.get("indent", 8.0))
    edges = _left_edges(pages)
    wrap_space = _wraps_with_space(pages, ratio)
    groups: list[list[Line]] = []
    for chunk in _chunks(pages):
        leading = _leading(chunk)
        left = min(min(ln.x for ln in chunk), edges.get((chunk[0].page % 2, chunk[0].column), math.inf))
        for i, line in enumerate(chunk):
            if not groups:
                new = True
            elif i == 0:
                prev = groups[-1][-1].raw
                closed = wrap_space and not (prev[-1:].isspace() or prev.endswith(_NO_SPACE_AFTER))
                new = line.x - left > indent or closed
            else:
                new = chunk[i - 1].y - line.y > leading * ratio
            if new:
                groups.append([line])
            else:
                groups[-1].append(line)
    return groups


def vocabulary(lines: Iterable[Line]) -> set[str]:
    """Words printed whole inside a line (not broken at its end), lower-cased, hyphenated ones too."""
    words: set[str] = set()
    for line in lines:
        tokens = _WORD.findall(line.text)
        if line.text.endswith(_NO_SPACE_AFTER):
            tokens = tokens[:-1]
        words.update(t.lower().strip("-") for t in tokens)
    return words


def _join_lines(lines: list[Line], words: set[str]) -> str:
    """One paragraph's text: wrapped lines joined by a space, line-break hyphens removed."""
    text, wrapped = "", False
    for line in lines:
        part = line.text
        if not text:
            text = part
        elif text.endswith("\u00ad"):
            text = text[:-1] + part
        elif wrapped or not text.endswith(_NO_SPACE_AFTER) or text[-2:-1].isspace():
            text += " " + part
        elif text.endswith("-") and text[-2:-1].isalpha() and part[:1].isalpha():
            text = _join_hyphen(text, part, words)
        else:
            text += part
        # A space printed after the last word says the line wrapped at a space.
        wrapped = line.raw[-1:].isspace()
    return text.replace("\u00ad", "")


def _join_hyphen(left: str, right: str, words: set[str]) -> str:
    """Keep the hyphen ("Secretary-\\nGeneral") unless the document prints the word whole elsewhere.

    UN records do not hyphenate words at line ends, so almost every line-end
    hyphen is part of a compound; the document's own vocabulary decides the
    rare ``dis-\\ncharge``.
    """
    head = _WORD.findall(left[:-1])
    tail = _WORD.findall(right)
    if head and tail:
        first = head[-1].lower().split("-")[-1]
        second = tail[0].lower().split("-")[0]
        whole, compound = first + second, f"{first}-{second}"
        if whole in words and compound not in words:
            return left[:-1] + right
    return left + right


# --------------------------------------------------------------------------
# Speaker labels
# --------------------------------------------------------------------------


def _bold_prefix(lines: list[Line]) -> str:
    """The bold text a paragraph opens with (it may run over a line break)."""
    prefix = ""
    for line in lines:
        for run in line.runs:
            if run.text.strip() and not run.bold:
                return collapse(prefix)
            prefix += run.text
        prefix += " "
    return collapse(prefix)


def _tidy_label(label: str) -> str:
    # pypdf puts spaces inside the parentheses around italic notes: "( spoke in French )".
    label = re.sub(r"\(\s+", "(", collapse(label))
    return re.sub(r"\s+\)", ")", label).strip()


def split_label(lines: list[Line], text: str, profile: PdfProfile, use_text: bool) -> Block:
    """A speaker-turn block when the paragraph opens with a designation and a colon, else plain text."""
    bold = _bold_prefix(lines)
    if bold and text.startswith(bold) and profile.label_tail is not None:
        name, rest = bold.rstrip(": "), text[len(bold) :]
        if bold.endswith(":"):
            rest = ":" + rest
        m = profile.label_tail.match(rest)
        if m and name:
            return Block(text=rest[m.end() :].strip(), label=_tidy_label(f"{name} {m['notes']}"))
    if use_text and profile.label is not None and (m := profile.label.match(text)):
        return Block(text=text[m.end() :].strip(), label=_tidy_label(m["label"]))
    return Block(text=text)


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def _open(data: bytes, path: str | None) -> Any:
    """A pypdf reader, decrypted if an empty password opens it; typed errors for every failure."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    if b"%%EOF" not in data[-4096:]:
        # pypdf would rebuild a truncated file from what is left and silently lose pages.
        raise UndecodableInput("truncated or damaged PDF: no %%EOF end marker", path)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UndecodableInput("encrypted PDF: it needs a password to be read", path)
        # Counting pages walks the page tree, so a broken one fails here, inside the guard.
        if len(reader.pages) == 0:
            raise NoBody("the PDF has no pages", path)
    except CommuniqueError:
        raise
    except FileNotDecryptedError as exc:
        raise UndecodableInput(f"encrypted PDF: {exc}", path) from exc
    except DependencyError as exc:
        raise UndecodableInput(f"encrypted PDF needing a decryption library: {exc}", path) from exc
    except PyPdfError as exc:
        raise UndecodableInput(f"broken PDF: {exc}", path) from exc
    except Exception as exc:
        # Malformed files also surface as KeyError, ValueError, TypeError... from inside pypdf.
        raise UndecodableInput(f"broken PDF ({type(exc).__name__}): {exc}", path) from exc
    return reader


def _all_pages(reader: Any, profile: PdfProfile | None, path: str | None) -> tuple[list[PageLines], list[int]]:
    """Every page's lines; a page pypdf cannot read is skipped and reported, not fatal."""
    pages: list[PageLines] = []
    failed: list[int] = []
    try:
        count = len(reader.pages)
    except Exception as exc:
        raise UndecodableInput(f"broken PDF page tree: {exc}", path) from exc
    for index in range(count):
        try:
            pages.append(page_lines(reader.pages[index], index, profile))
        except Exception:
            failed.append(index + 1)
    if failed and not pages:
        raise UndecodableInput(f"broken PDF: no page could be read ({len(failed)} failed)", path)
    return pages, failed


def read(data: bytes, ctx: ReadContext) -> RawDocument:
    """Read a PDF: paragraphs and speaker labels, and the cover's metadata for a profiled publisher.

    What pypdf warns of while reading (a repaired cross-reference table, ...) is
    said again with the file's path, once per distinct message.
    """
    with _warnings_named(ctx.path):
        return _read(data, ctx)


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.messages[record.getMessage()] += 1


@contextmanager
def _warnings_named(path: str | None) -> Iterator[None]:
    """pypdf's log warnings, held back while it reads and then logged with the file's path."""
    source = logging.getLogger("pypdf")
    collected, propagate = _Collected(), source.propagate
    source.addHandler(collected)
    source.propagate = False
    try:
        yield
    finally:
        source.removeHandler(collected)
        source.propagate = propagate
        for message, count in collected.messages.items():
            times = f" ({count} times)" if count > 1 else ""
            _log.warning("warning: %s: pypdf: %s%s", path or "PDF", message, times)


def _read(data: bytes, ctx: ReadContext) -> RawDocument:
    # decode.check_bytes would refuse any PDF as binary; only its empty and size checks apply here.
    if not data.strip():
        raise EmptyInput("empty input: no PDF to parse", ctx.path)
    if len(data) > ctx.settings.max_input_bytes:
        raise InputTooLarge(
            f"input of {len(data):,} bytes exceeds the limit of {ctx.settings.max_input_bytes:,} "
            "bytes (max_input_bytes in settings)",
            ctx.path,
        )
    reader = _open(data, ctx.path)
    profile = PdfProfile.load(ctx.source) or PdfProfile.detect(_first_page_text(reader))
    pages, failed = _all_pages(reader, profile, ctx.path)
    raw = build(pages, profile, ctx, _pdf_metadata(reader))
    if failed:
        raw.extra["pdf_unreadable_pages"] = failed
    raw.content_hash = content_hash(data)
    return raw


def _first_page_text(reader: Any) -> str:
    """Plain text of page one, to recognise the publisher of a PDF read without a source."""
    try:
        return reader.pages[0].extract_text()
    except Exception:
        # An unreadable first page only means no profile; the page loop reports it.
        return ""


def _pdf_metadata(reader: Any) -> dict[str, str]:
    try:
        info = reader.metadata or {}
        return {str(k).lstrip("/"): str(v) for k, v in info.items() if isinstance(v, str)}
    except Exception:
        # Metadata is a nicety; a damaged info dictionary must not stop the text.
        return {}


def build(pages: list[PageLines], profile: PdfProfile | None, ctx: ReadContext, meta: dict[str, str]) -> RawDocument:
    """The RawDocument from a PDF's lines: cover, furniture and body handled as the profile says."""
    cover: Cover | None = None
    body_pages: list[list[Line]] = []
    topics: Counter[str] = Counter()
    gazetteer = Gazetteer.load() if profile else None
    for page in pages:
        if page.index == 0 and profile is not None and gazetteer is not None and is_cover(page, profile):
            cover = read_cover(page, profile, gazetteer)
            continue
        body, furniture = split_furniture(page, profile)
        for line in furniture:
            topics.update(_topic(line.text, profile))
        body_pages.append(order_columns(PageLines(page.index, page.width, page.height, body)))
    groups = paragraphs(body_pages, profile)
    words = vocabulary(ln for lines in body_pages for ln in lines)
    texts = [_join_lines(g, words) for g in groups]
    if not any(texts):
        raise NoBody("the PDF holds no extractable text (a scanned image? run OCR first)", ctx.path)
    blocks = _blocks(groups, texts, profile)
    raw = RawDocument(
        blocks=blocks,
        path=ctx.path,
        format="pdf",
        source=profile.name if profile else ctx.source,
        url=ctx.url,
        labels_marked=profile is not None and profile.label_tail is not None,
        header_in_text=False,
    )
    raw.extra["pages"] = len(pages)
    if profile is not None:
        _fill_metadata(raw, profile, cover, topics, ctx, meta)
    else:
        raw.title = meta.get("Title") or None
    return raw


def _topic(text: str, profile: PdfProfile | None) -> list[str]:
    for pattern in profile.topic if profile else ():
        if m := pattern.search(text):
            return [collapse(m["topic"])]
    return []


def _blocks(groups: list[list[Line]], texts: list[str], profile: PdfProfile | None) -> list[Block]:
    if profile is None:
        return [Block(t) for t in texts if t]
    # Markup beats text: the text pattern only stands in where the PDF marks no label in bold.
    marked = [split_label(g, t, profile, use_text=False) for g, t in zip(groups, texts, strict=True)]
    if any(b.label for b in marked):
        return [b for b in marked if b.text or b.label]
    guessed = [split_label(g, t, profile, use_text=True) for g, t in zip(groups, texts, strict=True)]
    return [b for b in guessed if b.text or b.label]


def _fill_metadata(
    raw: RawDocument,
    profile: PdfProfile,
    cover: Cover | None,
    topics: Counter[str],
    ctx: ReadContext,
    meta: dict[str, str],
) -> None:
    cover = cover or Cover()
    number = cover.number or _number_from_meta(meta.get("Title"), profile)
    topic = topics.most_common(1)[0][0] if topics else (cover.agenda[0] if cover.agenda else None)
    raw.number = number
    raw.date, raw.time, raw.place = cover.date, cover.time, cover.place
    raw.participants = cover.participants
    raw.kind = profile.get("kind")
    raw.title = _title(profile, cover, number, topic) or meta.get("Title")
    stem, lang = _file_name(ctx.path, profile)
    raw.language = profile.get("languages", {}).get(lang) if lang else profile.get("language")
    symbol = re.sub(r"\s+", "", number) if number else None
    doc_id = stem or (symbol.replace("/", "_") if symbol else None)
    raw.doc_id = f"{profile.name}/{doc_id}" if doc_id else None
    if raw.url is None and symbol and profile.get("url"):
        raw.url = profile.get("url").format(symbol=symbol)
    if cover.agenda:
        raw.extra["agenda"] = cover.agenda
    if cover.meeting:
        raw.extra["meeting"] = cover.meeting


def _number_from_meta(title: str | None, profile: PdfProfile) -> str | None:
    pattern = profile.get("number_in_metadata")
    if title and pattern and re.match(pattern, title.strip()):
        return number_as_printed(title, profile)
    return None


def _title(profile: PdfProfile, cover: Cover, number: str | None, topic: str | None) -> str | None:
    template = profile.get("title")
    if not template or not cover.meeting or not topic:
        return None
    pattern, part = profile.get("resumption"), profile.get("resumption_format")
    resumption = re.search(pattern, number or "") if pattern and part else None
    return template.format(
        meeting=cover.meeting, resumption=part.format(n=resumption["n"]) if resumption else "", topic=topic
    )


def _file_name(path: str | None, profile: PdfProfile) -> tuple[str | None, str | None]:
    if not path:
        return None, None
    stem = PurePath(path).stem
    m = re.match(profile.get("file_name", r"^(?P<id>.+)$"), stem)
    if not m:
        return stem, None
    return m["id"], m.groupdict().get("lang")
