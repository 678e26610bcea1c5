"""Structure: metadata, page furniture, speaker turns and Q&A exchanges of a ``RawDocument``."""

from __future__ import annotations

import os.path
import re
from collections import Counter

from communique.errors import NoBody
from communique.model import Document, Participant, RawDocument, Turn
from communique.settings import Settings
from communique.sources.profiles.engine import Profiles
from communique.structure.boilerplate import strip_furniture
from communique.structure.exchanges import pair
from communique.structure.header import Header, clean_title, parse_header
from communique.structure.lexicon import Lexicon
from communique.structure.officials import known_official, office_holder, surname
from communique.structure.speakers import Speaker, build_cast, resolve
from communique.structure.turns import RawTurn, find_labels, group_turns

__all__ = ["Lexicon", "build"]

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# Hex digits of the content hash in the id of a file of no known site (see _doc_id).
_ID_HASH_CHARS = 8
# A journalist named in this many turns is interviewing, and a participant.
_INTERVIEWER_TURNS = 3
_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff]")


def build(raw: RawDocument, lexicon: Lexicon, profiles: Profiles, settings: Settings | None = None) -> Document:
    """Turn what a reader found into a structured ``Document``."""
    settings = settings or Settings()
    profile = profiles.get(raw.source)
    blocks = raw.blocks
    header = Header(raw.title, raw.date, raw.time, raw.place, raw.number)
    if raw.header_in_text and raw.title is None:
        found, blocks = parse_header(blocks, lexicon)
        header = _merge(header, found)
    elif header.title:
        title, place = clean_title(header.title, lexicon)
        header = Header(title, header.date, header.time, header.place or place, header.number)
    blocks = strip_furniture(blocks, lexicon, profile.furniture if profile else ())
    if not blocks:
        raise NoBody("no body text after the header and page furniture", raw.path)
    turns = group_turns(blocks, find_labels(blocks, lexicon, settings, raw.labels_marked, header.title))
    home = profile.country if profile and profile.country else lexicon.home_countries.get(raw.source or "")
    lead = turns[0].paragraphs[0] if turns and turns[0].label is None and turns[0].paragraphs else ""
    cast = build_cast(header.title, lead, [t.label for t in turns if t.label], raw.participants, lexicon, home)
    speakers = resolve(turns, cast, lexicon, home)
    exchanges = pair(speakers, turns, lexicon.exchange_rules)  # sets the turns' kinds to match
    text, spans = _assemble(turns)
    doc_id = raw.doc_id or _doc_id(raw, header, profile.id_from_path(raw.path) if profile and raw.path else None)
    return Document(
        id=doc_id,
        source=raw.source,
        url=raw.url or (profile.url_for(doc_id.split("/", 1)[-1]) if profile else None),
        title=header.title,
        kind=raw.kind or _kind(header.title, turns, lexicon),
        date=header.date,
        time=header.time,
        place=header.place,
        number=header.number,
        language=raw.language or _language(text),
        participants=_with_speakers(
            _participants(cast.people, raw.participants), speakers, [t.label for t in turns], header, home, lexicon
        ),
        text=text,
        turns=[
            Turn(
                index=i,
                speaker_label=t.label,
                speaker=s.speaker,
                role=s.role,
                kind=s.kind,
                start=start,
                end=end,
                text=text[start:end],
                affiliation=s.affiliation,
            )
            for i, (t, s, (start, end)) in enumerate(zip(turns, speakers, spans, strict=True))
        ],
        exchanges=exchanges,
        format=raw.format,
        path=raw.path,
        content_hash=raw.content_hash,
    )


def _merge(given: Header, found: Header) -> Header:
    return Header(
        title=given.title or found.title,
        date=given.date or found.date,
        time=given.time or found.time,
        place=given.place or found.place,
        number=given.number or found.number,
    )


def _assemble(turns: list[RawTurn]) -> tuple[str, list[tuple[int, int]]]:
    """The body text: paragraphs joined by a newline, turns by a newline too; each turn's span in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for turn in turns:
        body = "\n".join(turn.paragraphs)
        spans.append((offset, offset + len(body)))
        parts.append(body)
        offset += len(body) + 1
    return "\n".join(parts), spans


def _doc_id(raw: RawDocument, header: Header, from_path: str | None = None) -> str:
    """``<source>/<document id>``: the site's number when the text gives one, else the id its profile
    reads from the file's path (``from_path``: a speech file in its meeting's folder), else the file name.

    A file of no known site and no number is ``<file name>-<hash>``, the hash of
    its bytes: two files of one name never share an id, a moved folder keeps
    its ids, and an edited file replaces its old document.
    """
    name = os.path.splitext(os.path.basename(raw.path))[0] if raw.path else None
    digest = raw.content_hash or ""
    if raw.source:
        return f"{raw.source}/{header.number or from_path or name or digest[:16]}"
    if header.number:
        return header.number
    short = digest[:_ID_HASH_CHARS]
    return "-".join(part for part in (name, short) if part)


def _kind(title: str | None, turns: list[RawTurn], lexicon: Lexicon) -> str:
    for kind, pattern in lexicon.kinds:
        if title and pattern.search(title):
            return kind
    return "transcript" if sum(t.label is not None for t in turns) >= 2 else "article"


def _language(text: str) -> str:
    """English unless another script dominates (a Russian or Chinese page fed in by mistake)."""
    sample = text[:4000]
    if sample.isascii() or not _OTHER_SCRIPT.search(sample):
        return "en"
    latin = len(_LATIN.findall(sample))
    if len(_CYRILLIC.findall(sample)) > latin:
        return "ru"
    if len(_CJK.findall(sample)) * 2 > latin:
        return "zh"
    return "en"


def _with_speakers(
    people: list[Participant],
    speakers: list[Speaker],
    labels: list[str | None],
    header: Header,
    home: str | None,
    lexicon: Lexicon,
) -> list[Participant]:
    """The participants, then whoever interviews, and every official who speaks and is not among them: the
    holder of the office the label names ("THE VICE PRESIDENT" on the publisher's site), or of that surname on
    the day when the actor data knows one ("PRESIDENT BIDEN"), else the name as the label gives it, of the
    publisher's state only where neither the title nor a participant names another state."""
    title, day = header.title, header.date
    chosen = list(people)
    foreign = lexicon.gazetteer.find(title or "") not in (None, home)
    at_home = not foreign and all(p.affiliation in (None, home) for p in chosen)
    surnames = {surname(p.name) for p in chosen}
    asking = Counter(s.speaker for s in speakers if s.role == "journalist" and s.speaker)
    for speaker, label in zip(speakers, labels, strict=True):
        if (
            speaker.speaker
            and asking[speaker.speaker] >= _INTERVIEWER_TURNS
            and surname(speaker.speaker) not in surnames
        ):
            chosen.append(Participant(speaker.speaker, "Journalist", None))  # who interviews takes part
            surnames.add(surname(speaker.speaker))
        name = speaker.speaker or label  # "THE PRESIDENT" resolved to no one yet names an office
        if speaker.role != "official" or not name:
            continue
        office_only = all(w.lower().strip(".") in lexicon.titles for w in name.split())
        person = office_holder(home, name, day) if office_only else known_official(surname(name), day)
        if person is None and not office_only:
            person = Participant(name, None, speaker.affiliation or (home if at_home else None))
        if person is not None and surname(person.name) not in surnames:
            chosen.append(person)
            surnames.add(surname(person.name))
    return chosen


def _participants(people: list[Participant], given: list[Participant]) -> list[Participant]:
    """Participants the reader gave, then people with an office named in the title, lead or labels."""
    chosen = list(given)
    for person in people:
        if person.role and all(p.name != person.name for p in chosen):
            chosen.append(person)
    return chosen
