"""Entity mentions, actors and dates of structured documents, from one spaCy pass over their turns."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from communique.model import Actor, Document, Mention, Participant, Turn
from communique.nlp.actors import ORGANISATION_CODES, ActorResolver
from communique.nlp.ambiguity import ambiguous_names
from communique.nlp.dates import ResolvedDate, resolve_date
from communique.nlp.language import load_language
from communique.structure.lexicon import home_countries

# Entity labels kept as mentions; numbers, money and the like are not actors.
ENTITY_LABELS = frozenset({"PERSON", "NORP", "GPE", "LOC", "ORG", "FAC", "EVENT", "DATE"})
# Labels that name a state or a people: kept only when they resolve to an actor,
# so an adjective the recogniser mislabels ("Russophobic") is no entity.
_MUST_RESOLVE = frozenset({"NORP"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Parts of speech of a lone word that may name a state ("US", "Palestinian").
_WORD_TAGS = frozenset({"PROPN", "ADJ"})
_SECTOR_OF_ROLE = {"official": "GOV", "journalist": "MED", "moderator": None}


@dataclass
class ParagraphParse:
    """One paragraph of a turn as spaCy parsed it, with the actor and date of each entity token."""

    index: int  # of the turn the paragraph is in
    offset: int  # of the paragraph in the document text
    doc: Any
    actors: dict[int, Actor] = field(default_factory=dict)
    dates: dict[int, tuple[Any, ResolvedDate]] = field(default_factory=dict)
    places: dict[int, Any] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)  # entity start token -> label kept
    sites: set[int] = field(default_factory=set)  # tokens of a town or capital named ("Geneva", "Minsk")
    makers: set[int] = field(default_factory=set)  # a state named as a weapon's maker ("Israeli-made")


@dataclass
class Analysis:
    """What the event stage needs of a document: the parses, speakers and parties."""

    document: Document
    paragraphs: list[ParagraphParse]
    speakers: list[Actor | None]
    parties: list[Actor]


class Annotator:
    """Runs spaCy over every turn and fills ``Document.mentions``. Build once per process.

    Example::

        annotator = Annotator()
        [analysis] = annotator.analyse([document])
        analysis.document.mentions
    """

    def __init__(self, actors: ActorResolver | None = None, language: Any = None, batch_size: int = 64) -> None:
        self.actors = actors or ActorResolver.load()
        self.nlp = language if language is not None else load_language(self.actors.names())
        self.batch_size = batch_size

    def analyse(self, docs: Sequence[Document]) -> list[Analysis]:
        """Parse the paragraphs of every turn of ``docs`` in one batched spaCy run; set their mentions.

        Paragraphs go to spaCy one by one: a sentence never runs across a
        paragraph break, and short texts batch well.
        """
        analyses = []
        for d in docs:
            speakers = self._speakers(d)
            analyses.append(Analysis(d, [], speakers, _parties(d.participants, d.turns, speakers)))
        items = (
            (text, (i, turn, start))
            for i, d in enumerate(docs)
            for turn in d.turns
            for start, text in _paragraphs(turn)
        )
        for parsed, (i, turn, start) in self.nlp.pipe(items, as_tuples=True, batch_size=self.batch_size):
            analysis = analyses[i]
            analysis.paragraphs.append(self._paragraph(parsed, turn, start, analysis.document))
        for analysis in analyses:
            analysis.document.mentions = [m for p in analysis.paragraphs for m in _mentions(p)]
        return analyses

    def _paragraph(self, parsed: Any, turn: Turn, start: int, doc: Document) -> ParagraphParse:
        result = ParagraphParse(turn.index, start, parsed)
        parsed.ents = _joined_dates(parsed)
        for ent in parsed.ents:
            if ent.label_ in ("DATE", "TIME"):  # "this morning", "earlier today", "last night" are days too
                resolved = resolve_date(ent.text, doc.date)
                if resolved:
                    result.dates[ent.root.i] = (ent, resolved)
                continue
            if ent.label_ not in ENTITY_LABELS or not _plausible(ent.text) or _currency(parsed, ent.end):
                continue
            actor = self.actor_of(ent.text, ent.label_, doc)
            if actor is not None and actor.name and _inside_longer_name(ent):
                actor = None  # "Michel" of "the lawyer Michel Dupont" is not Charles Michel
            if actor is not None and _end_of_longer_name(ent):
                actor = None  # "Congress" of "the World Cossack Congress" is not the US Congress
            label = ent.label_
            if actor is not None and label == "PERSON" and actor.name is None:
                label = "NORP"  # "Azerbaijani" read as a name: the actor data knows better
            if actor is None and (label in _MUST_RESOLVE or all(t.pos_ == "ADJ" for t in ent)):
                continue  # "Russophobic" is a judgement, not a name
            result.labels[ent.start] = label
            if actor is not None:
                for token in ent:
                    result.actors[token.i] = actor
                if self.actors.site(ent.text, label):
                    result.sites.update(range(ent.start, ent.end))
            if label in _PLACE_LABELS:
                result.places[ent.root.i] = ent
        self._loose_words(parsed, result, doc)
        self._bare_offices(parsed, result, doc)
        self._named_things(parsed, result)
        result.makers = _makers(parsed, result)
        _settle_ambiguous(parsed, result, doc)
        return result

    def _loose_words(self, parsed: Any, result: ParagraphParse, doc: Document) -> None:
        """States named by a capitalised word the recogniser left out or folded into an unknown name
        ("US Reaper strikes", "the Sudanese Umma party"); a lone word ("Union",
        "Council") is never taken for an organisation."""
        # Only proper nouns and adjectives can be such a word: pick them from the array, not token by token.
        wanted = [parsed.vocab.strings[tag] for tag in _WORD_TAGS]
        for i, pos in enumerate(parsed.to_array("POS").tolist()):
            if pos not in wanted or i in result.actors:
                continue
            token = parsed[i]
            if not token.text[:1].isupper() or _currency(parsed, i + 1):
                continue
            # a town only for a name outside any entity: "Engels" of an unknown "Friedrich Engels" is no town
            town = token.ent_type_ == "" and token.pos_ == "PROPN"
            actor = self.actors.resolve(token.text, "NORP" if token.pos_ == "ADJ" else "GPE", doc.date, towns=town)
            # a state or its capital, not an institution: "Congress" of "the World Cossack Congress"
            state = actor is not None and actor.sector in (None, "GOV", "PRE")
            if state and actor.country and actor.name is None and actor.country not in ORGANISATION_CODES:
                result.actors[token.i] = actor

    def _named_things(self, parsed: Any, result: ParagraphParse) -> None:
        """A town or capital in the name of a document or a meeting ("the Rome Statute", "the Paris
        Agreement", "the Geneva conference") names no party: its actor goes, its place stays."""
        things = _named_thing_words()
        for i in [i for i in result.actors if parsed[i].dep_ == "compound"]:
            token = parsed[i]
            head = token
            while head.dep_ == "compound" and head.head.i != head.i:
                head = head.head
            site = i in result.sites or self.actors.site(token.text)
            if site and head.lemma_.lower() in things and head.i not in result.actors:
                del result.actors[i]

    def _bare_offices(self, parsed: Any, result: ParagraphParse, doc: Document) -> None:
        """ "the President", "the Prime Minister" with no name or state: the office-holder the document
        means (see ``_office_country``)."""
        for token in parsed:
            if token.lower_ != "the" or token.dep_ != "det" or token.head.i <= token.i:
                continue
            head = token.head
            span = parsed[token.i + 1 : head.i + 1]
            if head.pos_ not in ("NOUN", "PROPN") or any(t.i in result.actors or t.ent_type_ for t in span):
                continue
            if any(c.dep_ in ("appos", "prep", "poss") or c.pos_ == "PROPN" for c in head.children):
                continue  # "the President of Kenya", "the President, Joe Biden", "our President"
            nxt = parsed[head.i + 1] if head.i + 1 < len(parsed) else None
            if nxt is not None and nxt.pos_ == "PROPN":
                continue  # "the President Biden"
            role = self.actors.office_role(span.text)
            actor = self._office_holder(role, doc) if role else None
            if actor is not None:
                for t in span:
                    result.actors[t.i] = actor

    def _office_holder(self, role: str, doc: Document) -> Actor | None:
        """Who "the <role>" is in ``doc``: the one participant of that title; else the publisher's state's
        holder by the actor data; else, with no foreign participant and an office that state has, the
        publisher's state."""
        word = role.lower()
        titled = {p.affiliation for p in doc.participants if p.affiliation and word in (p.role or "").lower()}
        if len(titled) == 1:
            return Actor(titled.pop(), "GOV")
        home = home_country(doc)
        if home is None:
            return None
        holders = self.actors.holders(home, role, doc.date)
        if len(holders) == 1:
            return Actor(home, "GOV", holders[0])
        roles = self.actors.roles_of(home)
        if roles and role not in roles:
            return None  # "the Prime Minister" at the White House is someone else's
        if not any(p.affiliation not in (None, home) for p in doc.participants):
            return Actor(home, "GOV")
        return None

    def _speakers(self, doc: Document) -> list[Actor | None]:
        """The actor of every turn's speaker; a speaker named again later ("Sergei Donskoy" after
        "Minister ... Sergei Donskoy") keeps the state found for them first."""
        home = home_country(doc)
        own = _own_names(doc)
        speakers = [self._speaker_actor(t, doc, home, own) for t in doc.turns]
        found: dict[str, str] = {}
        for i, (turn, actor) in enumerate(zip(doc.turns, speakers, strict=True)):
            key = _surname(turn.speaker)
            if actor is None or key is None:
                continue
            if actor.country:
                found.setdefault(key, actor.country)
            elif key in found:
                speakers[i] = replace(actor, country=found[key])
        return speakers

    def _speaker_actor(self, turn: Turn, doc: Document, home: str | None, own: frozenset[str]) -> Actor | None:
        """The speaker as an actor: their state (from the label, the participants or, for a known
        office-holder the page names without a title, the actor data; else, for an official on a
        government's own site, the guest the title names or the publisher's state) and sector."""
        sector = _SECTOR_OF_ROLE.get(turn.role)
        person = _participant(turn.speaker, doc.participants) if turn.speaker else None
        country = turn.affiliation or (person.affiliation if person else None)
        if country is None and turn.speaker:
            known = self.actors.resolve(turn.speaker, "PERSON", doc.date)
            country = known.country if known is not None and known.name else None
        if country is None and turn.speaker:
            country = _named_participant(turn.speaker, doc.participants)
        if country is None and sector == "GOV" and home:
            country = self._titled_guest(turn, doc, home, own) or home
        if country is None and turn.speaker is None and sector != "MED":
            return None
        return Actor(country, sector, turn.speaker)

    def _titled_guest(self, turn: Turn, doc: Document, home: str, own: frozenset[str]) -> str | None:
        """The state of a speaker whose title the document's title gives to a foreign guest ("PRIME
        MINISTER Nguyen" of "Joint Press Conference with the Prime Minister of Vietnam"), unless the
        speaker is the publisher's own (named in an unlabelled turn of the page)."""
        label = (turn.speaker_label or "").split()
        if len(label) < 2 or not doc.title or _surname(turn.speaker) in own:
            return None
        office = " ".join(label[:-1]).lower()
        match = re.search(rf"\b{re.escape(office)} of ((?:the )?[A-Z][\w'-]*(?: [A-Z][\w'-]*)*)", doc.title, re.I)
        if match is None:
            return None
        actor = self.actors.resolve(match.group(1), "GPE", doc.date)
        country = actor.country if actor is not None else None
        return country if country not in (None, home) else None

    def actor_of(self, text: str, label: str | None, doc: Document) -> Actor | None:
        """The actor a mention names: a participant of the document first, then the actor data."""
        known = self.actors.resolve(text, label, doc.date)
        if label in (None, "PERSON"):
            person = _participant(text, doc.participants)
            if person is not None and (person.affiliation or known is None or not known.country):
                return Actor(person.affiliation, "GOV" if person.role else None, person.name)
        return known


def _settle_ambiguous(parsed: Any, result: ParagraphParse, doc: Document) -> None:
    """Give a name several states share ("Congolese", "Tripoli") the state its paragraph points to."""
    table = ambiguous_names()
    for ent in [*parsed.ents, *(parsed[i : i + 1] for i in result.actors)]:
        entry = table.get(ent.text.lower())
        actor = result.actors.get(ent.start)
        if entry is None or actor is None or actor.country not in entry.candidates:
            continue
        others = {a.country for i, a in result.actors.items() if not ent.start <= i < ent.end}
        country = entry.choose(f"{parsed.text}\n{doc.title or ''}", others)
        if country != actor.country:
            settled = replace(actor, country=country)
            for token in ent:
                result.actors[token.i] = settled


def _currency(parsed: Any, end: int) -> bool:
    """Whether a name ending before token ``end`` is a currency's country prefix ("US $50 million",
    "US dollars"), which mentions no state."""
    after = parsed[end] if end < len(parsed) else None
    return after is not None and (after.text == "$" or after.lemma_.lower() == "dollar")


def _end_of_longer_name(ent: Any) -> bool:
    """A one-word organisation name after another capitalised name ("the World Cossack Congress",
    "Indian National Congress"): the end of another body's name."""
    if len(ent) != 1 or ent.label_ != "ORG" or ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return before.pos_ == "PROPN" and before.is_title


def _inside_longer_name(ent: Any) -> bool:
    """A one-word name running on into another capitalised name ("Michel Dupont"): part of someone else's."""
    if len(ent) != 1 or ent.end >= len(ent.doc):
        return False
    after = ent.doc[ent.end]
    return after.pos_ == "PROPN" and after.is_title and after.ent_type_ in ("", "PERSON")


def _mentions(paragraph: ParagraphParse) -> list[Mention]:
    found = []
    for ent in paragraph.doc.ents:
        start, end = paragraph.offset + ent.start_char, paragraph.offset + ent.end_char
        dated = paragraph.dates.get(ent.root.i) if ent.label_ == "DATE" else None
        if dated:
            found.append(Mention(start, end, ent.text, "DATE", None, paragraph.index, dated[1].value))
        elif ent.start in paragraph.labels:
            found.append(
                Mention(
                    start, end, ent.text, paragraph.labels[ent.start], paragraph.actors.get(ent.start), paragraph.index
                )
            )
    return found


def _joined_dates(parsed: Any) -> list[Any]:
    """Entities with a date the recogniser cut in two ("June 29" + "2022") made whole again."""
    out: list[Any] = []
    for ent in parsed.ents:
        if out and ent.label_ == "DATE" and out[-1].label_ == "DATE" and out[-1].end + 2 >= ent.start:
            between = parsed.text[out[-1].end_char : ent.start_char]
            if between.strip() in ("", ","):
                out[-1] = parsed.char_span(out[-1].start_char, ent.end_char, label="DATE") or out[-1]
                continue
        out.append(ent)
    return out


def _paragraphs(turn: Turn) -> Iterator[tuple[int, str]]:
    """(offset in the document text, text) of each paragraph of a turn."""
    offset = turn.start
    for paragraph in turn.text.split("\n"):
        if paragraph.strip():
            yield offset, paragraph
        offset += len(paragraph) + 1


def _plausible(text: str) -> bool:
    """Not a number or code ("1331-24-06-2022") nor a lower-case word the recogniser took for a name."""
    bare = text[4:] if text[:4].lower() == "the " else text
    return not bare[:1].islower() and any(c.isalpha() for c in bare)


def _participant(text: str, people: list[Participant]) -> Participant | None:
    words = text.split()
    if not words:
        return None
    lowered = text.lower()
    for person in people:
        name = person.name.lower()
        if lowered == name or lowered.endswith(" " + name) or (len(words) == 1 and name.split()[-1] == lowered):
            return person
    return None


def _parties(
    people: list[Participant], turns: Sequence[Turn] = (), speakers: Sequence[Actor | None] = ()
) -> list[Actor]:
    """The states taking part, in the order the document names them: the participants', then those
    of the officials who speak (the host of a meeting the title names only the guest of)."""
    countries = dict.fromkeys(p.affiliation for p in people if p.affiliation)
    for turn, speaker in zip(turns, speakers, strict=False):
        if turn.role == "official" and speaker is not None and speaker.country:
            countries.setdefault(speaker.country)
    return [Actor(c, "GOV") for c in countries]


@cache
def named_things() -> dict[str, frozenset[str]]:
    """The words of ``data/actors/named_things.csv`` by kind."""
    text = resources.files("communique.data").joinpath("actors", "named_things.csv").read_text("utf-8")
    rows = [line.split(",") for line in text.splitlines() if line and not line.startswith("#")]
    kinds: dict[str, set[str]] = {}
    for word, kind in rows[1:]:
        kinds.setdefault(kind, set()).add(word)
    return {kind: frozenset(words) for kind, words in kinds.items()}


def _named_thing_words() -> frozenset[str]:
    """Nouns that with a town before them name a document or a meeting."""
    things = named_things()
    return things["document"] | things["venue"]


def _makers(parsed: Any, result: ParagraphParse) -> set[int]:
    """Tokens of a state named as the maker of a weapon someone uses: "Israeli-made missiles", "fired
    Israeli missiles at ...", "attacked ... with US drones" (not "Israeli missiles hit ...", where the
    weapon acts for its state)."""
    things = named_things()
    found = set()
    for i in result.actors:
        token = parsed[i]
        head = token.head
        if token.dep_ == "npadvmod" and head.lower_ in things["made"]:
            found.add(i)  # "Israeli-made", "US-built"
        elif token.dep_ in ("amod", "compound") and head.lemma_.lower() in things["weapon"]:
            wielded = head.dep_ in ("dobj", "obj") and head.head.lemma_.lower() in things["wield"]
            instrument = head.dep_ == "pobj" and head.head.lower_ in ("with", "using")
            if wielded or instrument:
                found.add(i)
    return found


def home_country(doc: Document) -> str | None:
    """The state whose government publishes the document's site (its profile's ``country``), if any."""
    homes = home_countries()
    host = re.sub(r"^www\.", "", urlsplit(doc.url).hostname or "") if doc.url else None
    prefix = doc.id.split("/", 1)[0] if doc.id and "/" in doc.id else None
    # a file of a folder named after its site ("corpus/pmtranscripts.pmc.gov.au/transcript-1.xml")
    folders = PurePath(doc.path).parts[:-1] if doc.path else ()
    return next((homes[s] for s in (doc.source, host, prefix, *reversed(folders)) if s in homes), None)


def _surname(name: str | None) -> str | None:
    words = re.findall(r"[^\W\d_][\w'-]*", name or "")
    return words[-1].lower() if words else None


def _own_names(doc: Document) -> frozenset[str]:
    """Words of the names of officials who speak in unlabelled turns: the page's own author
    ("Abbott Tony" atop a transcript of the Prime Minister's office)."""
    return frozenset(
        w.lower()
        for t in doc.turns
        if t.speaker_label is None and t.role == "official" and t.speaker
        for w in re.findall(r"[^\W\d_][\w'-]*", t.speaker)
    )


def _named_participant(speaker: str, people: list[Participant]) -> str | None:
    """The state of the one participant whose name or title ends in the speaker's surname
    ("PRESIDENT KENYATTA" of a participant written "President Kenyatta")."""
    key = _surname(speaker)
    if key is None:
        return None
    found = {
        p.affiliation
        for p in people
        if p.affiliation and any(_surname(text) == key for text in (p.name, p.role) if text)
    }
    return found.pop() if len(found) == 1 else None
