"""Entity mentions to actors: countries, capitals, organisations, formats, office-holders and sectors.

``ActorResolver.resolve("the Russian Foreign Ministry")`` gives ``Actor("RUS", "GOV")``;
``resolve("the US President", date="2015-06-01")`` gives ``Actor("USA", "GOV", "Barack Obama")``.
Everything it knows is in ``data/actors/*.csv`` (described in that folder's README) plus the
gazetteer's country names; this module only indexes those tables and reads mentions against them.

A mention is read in three steps, from the cheapest and most specific to the most general:
1. the whole mention is a known name (a country, capital, organisation, institution or person);
2. it ends with a known person's name ("Foreign Minister of Azerbaijan Jeyhun Bayramov");
3. it is composed, word by word, of a place, titles, sector words and filler words, optionally
   followed by a name ("the Chinese military", "President Putin", "the Russian Foreign Minister").
Whatever leaves a word unexplained is not an actor and gives ``None``.

The date-independent reading of each distinct ``(text, label)`` is memoised; only choosing the
office-holder for a date runs on every call.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from typing import NamedTuple

from communique.gazetteer import Gazetteer
from communique.model import Actor

# Organisation codes of the design; any other intergovernmental body is "IGO".
ORGANISATION_CODES = frozenset({"EU", "NATO", "OSCE", "UN", "CSTO", "SCO", "BRICS", "CIS", "EAEU", "IGO"})

# Labels of spaCy that never name an actor ("Russian" as a LANGUAGE is the language).
_IGNORED_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"})
# Labels for a plain place: a capital under them is where something happens, not who acts.
_PLACE_LABELS = frozenset({"LOC", "FAC"})
# Mention kinds in which a town may stand for its country: not a person's name ("Engels"), not a
# lone word the recogniser left out (``resolve(..., towns=False)``).
_TOWN_KINDS = frozenset({"PLACE", ""})
# Title kinds that make a title name someone other than the office-holder.
_MODIFIERS = frozenset({"modifier", "deputy"})

# Codes the gazetteer uses for the EU and the UN, which the organisation table codes as EU and UN.
_GAZETTEER_CODES = {"EUR": "EU", "UNO": "UN"}

# British spellings folded to American ones, so "Organisation" and "Organization" are one key.
_SPELLING = {
    "organisation": "organization",
    "organisations": "organizations",
    "co-operation": "cooperation",
    "defence": "defense",
    "programme": "program",
    "programmes": "programs",
    "labour": "labor",
    "centre": "center",
}
# Letters NFKD does not take apart, and the many apostrophes and dashes of typeset text.
_FOLD = str.maketrans(
    {"ı": "i", "đ": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"}
    | dict.fromkeys("’‘`´", "'")
    | dict.fromkeys("‐‑–—", "-")
)
_TOKEN = re.compile(r"[^\s,;:()\[\]{}\"“”«»!?]+")
_LETTER = re.compile(r"[^\W\d_]")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_MISSING = object()


# --------------------------------------------------------------------------
# Text to comparable words
# --------------------------------------------------------------------------


def fold(word: str) -> str:
    """Lower case without accents, so "Erdoğan", "Erdogan" and "ERDOGAN" compare equal."""
    word = word.casefold().translate(_FOLD)
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return _SPELLING.get(word, word)


class _Words(NamedTuple):
    """The words of a mention as written (for capital letters) and as compared, side by side."""

    raw: list[str]
    keys: list[str]

    def key(self, start: int = 0, end: int | None = None) -> str:
        return " ".join(self.keys[start:end])

    def capitalised(self, at: int) -> bool:
        first = self.raw[at][:1]
        return first.isupper() or first.isdigit()

    def in_capitals(self, start: int, end: int) -> bool:
        return all(w.isupper() or not _LETTER.search(w) for w in self.raw[start:end])


def _words(text: str) -> _Words:
    """Split a mention into words, with possessive 's as a word of its own and full stops dropped."""
    raw: list[str] = []
    keys: list[str] = []
    for word in _TOKEN.findall(text):
        if word.endswith(".") and word.count(".") == 1:
            word = word[:-1]  # "Mr." is "Mr"; "U.S." keeps its stops
        key = fold(word)
        if key.endswith("'s") and len(key) > 2:
            raw += [word[:-2], "'s"]
            keys += [key[:-2], "'s"]
        elif key.endswith("'") and len(key) > 1:
            raw.append(word[:-1])
            keys.append(key[:-1])
        elif key:
            raw.append(word)
            keys.append(key)
    return _Words(raw, keys)


def _key(text: str) -> str:
    """The lookup key of a data-file alias: the same splitting and folding a mention gets."""
    return " ".join(_words(text).keys)


# --------------------------------------------------------------------------
# What the data files hold
# --------------------------------------------------------------------------


class _Place(NamedTuple):
    """A proper name that stands for an actor: country, capital, organisation or institution."""

    code: str
    sector: str | None
    name: str | None
    kind: str  # "country", "capital", "org", "institution" or "town" (a town or region: its country)
    upper: bool  # an all-capital alias ("WHO") matches only in capitals


class _Title(NamedTuple):
    """A title word or phrase: an office ("President"), a plain title ("Ambassador") or a modifier."""

    kind: str  # "office", "title", "post", "modifier" or "deputy" (see titles.csv)
    role: str | None
    sector: str | None
    code: str | None


class _Sector(NamedTuple):
    """A word for a part of a state or society ("military", "journalists")."""

    sector: str | None  # None: a neutral head noun ("partners") that names the country itself


_Entry = _Place | _Title | _Sector


class Tenure(NamedTuple):
    country: str
    sector: str | None
    role: str
    start: str
    end: str

    def holds(self, date: str) -> bool:
        """Whether the office was held on ``date``; a partial start or end counts its whole month or year."""
        if self.start and date[: len(self.start)] < self.start:
            return False
        if not self.end:
            return True
        day = date[: len(self.end)]
        # A full end date is the successor's first day; a partial one is a period still in doubt.
        return day < self.end if len(self.end) == 10 else day <= self.end


class _Person(NamedTuple):
    name: str
    tenures: tuple[Tenure, ...]


# Readings of a mention before the date is known.
class _Static(NamedTuple):
    country: str | None
    sector: str | None
    name: str | None


class _PersonRef(NamedTuple):
    people: tuple[int, ...]
    role: str | None  # from a title before the name: narrows candidates ("Premier Li")


class _OfficeRef(NamedTuple):
    country: str | None
    role: str
    sector: str | None


_Reading = _Static | _PersonRef | _OfficeRef


class _Item(NamedTuple):
    """A span of a composed mention and what it is."""

    start: int
    end: int
    entry: _Entry | None  # None: a word nothing explains


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def data_rows(folder: Traversable, name: str) -> list[dict[str, str]]:
    """The rows of a data CSV, comment lines left out, every cell stripped."""
    text = folder.joinpath(name).read_text("utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class _Lexicon:
    """Phrase keys to entries, with the lengths needed for longest-match scanning."""

    def __init__(self) -> None:
        self.entries: dict[str, list[_Entry]] = {}
        self.longest: dict[str, int] = {}  # first word of a key -> most words of any key it starts

    def add(self, phrase: str, entry: _Entry) -> None:
        """Add in order of precedence: the first entry of a key that fits the text wins."""
        key = _key(phrase)
        if not key:
            return
        found = self.entries.setdefault(key, [])
        if entry not in found:
            found.append(entry)
        head, size = key.split(" ", 1)[0], key.count(" ") + 1
        self.longest[head] = max(size, self.longest.get(head, 0))


def surnames_of(name: str, given: str) -> list[str]:
    """The surnames a person is called by alone: the data's, or the last word ("al-Assad" also "Assad")."""
    if given == "-":
        return []
    surname = given or name.split()[-1]
    bare = re.sub(r"^(?:al|el|Al|El)-", "", surname)
    return [surname, bare] if bare != surname else [surname]


# --------------------------------------------------------------------------
# The resolver
# --------------------------------------------------------------------------


@dataclass
class ActorResolver:
    """Normalises entity mentions to ``Actor(country, sector, name)``; build it once with ``load()``."""

    lexicon: _Lexicon
    people: tuple[_Person, ...]
    full_names: dict[str, tuple[int, ...]]
    surnames: dict[str, tuple[int, ...]]
    weak_surnames: frozenset[str]
    name_ends: frozenset[str]
    offices: dict[tuple[str, str], tuple[tuple[int, Tenure], ...]]
    surface: tuple[tuple[str, str], ...]
    fillers: frozenset[str]
    particles: frozenset[str]
    cache_limit: int = 500_000
    _cache: dict[tuple[str, str], _Reading | None] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, gazetteer: Gazetteer | None = None) -> ActorResolver:
        """Read ``data/actors/*.csv`` and the gazetteer's countries and index them."""
        folder = resources.files("communique.data").joinpath("actors")
        lexicon = _Lexicon()
        surface: list[tuple[str, str]] = []
        # Precedence: a proper name beats a title, a title beats a sector word of the same spelling.
        _load_places(lexicon, folder, gazetteer or Gazetteer.load(), surface)
        _load_words(lexicon, folder)
        people, full, surnames, weak = _load_people(folder, surface)
        offices: dict[tuple[str, str], list[tuple[int, Tenure]]] = {}
        for index, person in enumerate(people):
            for tenure in person.tenures:
                offices.setdefault((tenure.country, tenure.role), []).append((index, tenure))
        small = data_rows(folder, "fillers.csv")
        return cls(
            lexicon=lexicon,
            people=people,
            full_names=full,
            surnames=surnames,
            weak_surnames=weak,
            name_ends=frozenset(key.rsplit(" ", 1)[-1] for key in full),
            offices={k: tuple(v) for k, v in offices.items()},
            surface=tuple(dict.fromkeys(surface)),
            fillers=frozenset(_key(r["word"]) for r in small if r["kind"] == "filler"),
            particles=frozenset(_key(r["word"]) for r in small if r["kind"] == "particle"),
        )

    # ---- public API -------------------------------------------------------

    def resolve(self, text: str, label: str | None = None, date: str | None = None, towns: bool = True) -> Actor | None:
        """The actor ``text`` names, or ``None``; ``date`` (ISO) picks the office-holder then.

        A town or region ("Aleppo") stands for its country unless ``towns`` is false or the
        mention is a person's name ("Engels").
        """
        if label in _IGNORED_LABELS:
            return None
        # Only these distinctions of the label change a reading, so only they split the memo.
        kind = "PERSON" if label == "PERSON" else "PLACE" if label in _PLACE_LABELS else ""
        if not towns and kind != "PERSON":
            kind = "STATE"
        reading = self._cache.get((text, kind), _MISSING)
        if reading is _MISSING:
            reading = self._remember((text, kind), self._read(text, kind))
        if reading is None:
            return None
        if isinstance(reading, _Static):
            # A fresh Actor each time: callers may change theirs without touching the memo.
            return Actor(reading.country, reading.sector, reading.name)
        if date is not None and not _DATE.fullmatch(date):
            date = None
        if isinstance(reading, _PersonRef):
            return self._person_actor(reading, date)
        return self._office_actor(reading, date)

    def office_role(self, text: str) -> str | None:
        """The office a bare title names ("the President" -> "President"), or ``None``."""
        reading = self._cache.get((text, ""), _MISSING)
        if reading is _MISSING:
            reading = self._remember((text, ""), self._read(text, ""))
        return reading.role if isinstance(reading, _OfficeRef) and reading.country is None else None

    def holders(self, country: str, role: str, date: str | None) -> list[str]:
        """The names of whoever held ``role`` in ``country`` on ``date`` (ISO day) by the actor data."""
        if date is None or not _DATE.fullmatch(date):
            return []
        return [self.people[p].name for p, t in self.offices.get((country, role), ()) if t.holds(date)]

    def roles_of(self, country: str) -> frozenset[str]:
        """The offices of ``country`` the actor data has holders of, at any time."""
        return frozenset(role for code, role in self.offices if code == country)

    def country_of(self, text: str, label: str | None = None, date: str | None = None) -> str | None:
        """Only the country or organisation code of ``text`` ("the Kremlin" -> "RUS")."""
        actor = self.resolve(text, label, date)
        return actor.country if actor else None

    def site(self, text: str, label: str | None = None) -> bool:
        """Whether ``text`` names a town or a capital, a place that may be only where something happens
        ("the Geneva talks", "the Minsk agreements"), rather than a state."""
        words = _words(text)
        if not words.keys or label == "PERSON":
            return False
        place = self._whole_entry(words, True)
        return place is not None and place.kind in ("capital", "town")

    def names(self) -> Iterable[tuple[str, str]]:
        """(surface form, spaCy label) for every organisation, format, capital and person name known,
        so that an EntityRuler can be built from the same data."""
        return iter(self.surface)

    # ---- memo ---------------------------------------------------------------

    def _remember(self, key: tuple[str, str], reading: _Reading | None) -> _Reading | None:
        if len(self._cache) >= self.cache_limit:
            self._cache.clear()  # bounded memory over a long corpus; the next calls refill it
        self._cache[key] = reading
        return reading

    # ---- reading a mention ----------------------------------------------------

    def _read(self, text: str, kind: str) -> _Reading | None:
        words = _words(text)
        while words.keys and words.keys[-1] == "'s":
            del words.raw[-1], words.keys[-1]  # "Putin's" is Putin
        if not words.keys or not _LETTER.search(text):
            return None
        if kind == "PERSON":
            return self._whole_person(words, kind) or self._whole_place(words, kind) or self._compose(words, kind)
        return self._whole_place(words, kind) or self._whole_person(words, kind) or self._compose(words, kind)

    def _whole_place(self, words: _Words, kind: str) -> _Static | None:
        place = self._whole_entry(words, kind in _TOWN_KINDS)
        return self._place_reading(place, kind) if place else None

    def _whole_entry(self, words: _Words, towns: bool) -> _Place | None:
        """The place the words name as a whole, with or without a leading "the"."""
        start = 1 if words.keys[0] == "the" else 0
        return self._place(words, start, len(words.keys), towns)

    def _whole_person(self, words: _Words, kind: str) -> _PersonRef | None:
        if not any(w[:1].isupper() for w in words.raw):
            return None
        key = words.key()
        if key in self.full_names:
            return _PersonRef(self.full_names[key], None)
        # A surname that is also a word ("May") needs the PERSON label to count alone.
        if key in self.surnames and (kind == "PERSON" or key not in self.weak_surnames):
            return _PersonRef(self.surnames[key], None)
        return None

    def _place(self, words: _Words, start: int, end: int, towns: bool) -> _Place | None:
        """The place words[start:end] name, if they are written as a proper name (and acronyms in capitals)."""
        for entry in self.lexicon.entries.get(words.key(start, end), ()):
            if (
                type(entry) is _Place
                and (towns or entry.kind != "town")
                and words.capitalised(start)
                and (not entry.upper or words.in_capitals(start, end))
            ):
                return entry
        return None

    def _place_reading(self, place: _Place, kind: str) -> _Static:
        if place.kind == "capital":
            # A capital acts for its government; an organisation's seat for the organisation itself.
            government = place.code not in ORGANISATION_CODES and kind != "PLACE"
            return _Static(place.code, "GOV" if government else None, None)
        return _Static(place.code, place.sector, place.name)

    # ---- composed mentions --------------------------------------------------

    def _compose(self, words: _Words, kind: str) -> _Reading | None:
        person = self._trailing_person(words)
        if person is not None:
            return person
        items = self._scan(words, kind in _TOWN_KINDS)
        if _modified_head(items):
            # "the Emergencies Ministry": words before the head noun only narrow it down.
            return self._interpret([i for i in items if i.entry is not None], _Words([], []), kind)
        name_at = _name_start(words, items, self.particles)
        if name_at is None:
            return None
        known = [item for item in items if item.entry is not None and item.start < name_at]
        name = _Words(words.raw[name_at:], words.keys[name_at:])
        return self._interpret(known, name, kind)

    def _trailing_person(self, words: _Words) -> _PersonRef | None:
        """A known full name at the end of a designation decides the person whatever precedes it."""
        if words.keys[-1] not in self.name_ends:
            return None
        for start in range(1, len(words.keys)):
            people = self.full_names.get(words.key(start))
            if people and words.capitalised(start):
                return _PersonRef(people, None)
        return None

    def _scan(self, words: _Words, towns: bool) -> list[_Item]:
        """Longest-match the words against the lexicon, left to right; fillers produce no item."""
        items: list[_Item] = []
        at = 0
        while at < len(words.keys):
            item = self._longest(words, at, towns)
            if item is not None:
                items.append(item)
                at = item.end
                continue
            if words.keys[at] not in self.fillers:
                items.append(_Item(at, at + 1, None))
            at += 1
        return items

    def _longest(self, words: _Words, at: int, towns: bool) -> _Item | None:
        size = self.lexicon.longest.get(words.keys[at], 0)
        for end in range(min(len(words.keys), at + size), at, -1):
            for entry in self.lexicon.entries.get(words.key(at, end), ()):
                # A place counts only as a proper name ("Turkey", not "turkey"); other words in any case.
                if type(entry) is not _Place or self._place(words, at, end, towns) == entry:
                    return _Item(at, end, entry)
        return None

    def _interpret(self, items: list[_Item], name: _Words, kind: str) -> _Reading | None:
        places = [i.entry for i in items if type(i.entry) is _Place]
        titles = [i.entry for i in items if type(i.entry) is _Title]
        sectors = [i.entry for i in items if type(i.entry) is _Sector]
        codes = {p.code for p in places} | {t.code for t in titles if t.code}
        if len(codes) > 1:
            return None  # two actors in one mention ("Russia and Azerbaijan"): not one actor
        code = next(iter(codes), None)
        office = _office(titles)
        if name.keys:
            titled = bool(titles) or kind == "PERSON"
            # "Ambassador Li", "Colonel Michel": a post the known office-holders of that surname never held
            other_post = any(t.kind in ("post", "deputy") for t in titles)
            return self._named(name, code, office, _title_sector(titles, sectors), titled, other_post)
        if office is not None and office.role:
            return _OfficeRef(code, office.role, _title_sector(titles, sectors))
        if sectors or titles:
            sector = _title_sector(titles, sectors)
            body = places[0].name if len(places) == 1 else None
            return _Static(code, sector, body) if code or sector else None
        if len(places) == 1:
            return self._place_reading(places[0], kind)
        if places:
            sector = next((p.sector for p in places if p.kind == "institution"), None)
            return _Static(code, sector, None)
        return None

    def _named(
        self,
        name: _Words,
        code: str | None,
        office: _Title | None,
        sector: str | None,
        titled: bool,
        other_post: bool = False,
    ) -> _Reading | None:
        """A designation followed by a name: a known person, or an unknown one placed by the designation.
        A surname alone after a post no known person of that name holds (``other_post``: "Ambassador
        Li") is someone else."""
        key = name.key()
        role = office.role if office else None
        if key in self.full_names:
            return _PersonRef(self.full_names[key], role)
        if key in self.surnames and not other_post and (titled or code or key not in self.weak_surnames):
            return _PersonRef(self.surnames[key], role)
        # An unknown name counts only after a title and when it looks like a personal name (two to
        # four words): "Deputy Foreign Minister Andrei Rudenko", not "Russian Direct Investment Fund".
        real = [k for k in name.keys if k not in self.particles]
        if not titled or not 2 <= len(real) <= 4 or (code is None and sector is None):
            return None
        return _Static(code, sector, " ".join(name.raw))

    # ---- choosing by date ----------------------------------------------------

    def _person_actor(self, ref: _PersonRef, date: str | None) -> Actor | None:
        candidates = ref.people
        if len(candidates) > 1 and date:
            candidates = tuple(p for p in candidates if self._in_office(p, ref.role, date))
        if len(candidates) > 1 and ref.role:
            candidates = tuple(p for p in candidates if any(t.role == ref.role for t in self.people[p].tenures))
        if len(candidates) != 1:
            return None  # an ambiguous surname stays unresolved rather than guessed
        person = self.people[candidates[0]]
        if not person.tenures:
            return Actor(None, None, person.name)
        tenure = _tenure_at(person.tenures, ref.role, date)
        return Actor(tenure.country, tenure.sector, person.name)

    def _in_office(self, person: int, role: str | None, date: str) -> bool:
        return any(t.holds(date) and (role is None or t.role == role) for t in self.people[person].tenures)

    def _office_actor(self, ref: _OfficeRef, date: str | None) -> Actor:
        holders = {p for p, t in self.offices.get((ref.country or "", ref.role), ()) if date and t.holds(date)}
        name = self.people[holders.pop()].name if len(holders) == 1 else None
        sector = None if ref.country in ORGANISATION_CODES else ref.sector
        return Actor(ref.country, sector, name)


# --------------------------------------------------------------------------
# Helpers of the composed reading
# --------------------------------------------------------------------------


def _modified_head(items: list[_Item]) -> bool:
    """Whether the mention ends in a sector word and its only unexplained words (one to three) come
    right before it, as in "the Emergencies Ministry" or "Russian Commerce Ministry"."""
    if not items or type(items[-1].entry) is not _Sector or items[-1].entry.sector is None:
        return False
    unknown = [i for i in items if i.entry is None]
    if not 1 <= len(unknown) <= 3:
        return False
    return items[-1 - len(unknown) : -1] == unknown and unknown[-1].end == items[-1].start


def _name_start(words: _Words, items: list[_Item], particles: frozenset[str]) -> int | None:
    """Where a trailing personal name begins (len(words) if none); None if some word is unexplained."""
    unknown = [i.start for i in items if i.entry is None]
    if not unknown:
        return len(words.keys)
    start = unknown[0]
    if any(i.entry is not None and i.start >= start for i in items):
        return None  # an unexplained word before a known one: not a designation
    rest = range(start, len(words.keys))
    if not words.capitalised(start) or not all(words.capitalised(i) or words.keys[i] in particles for i in rest):
        return None
    return start


def _office(titles: list[_Title]) -> _Title | None:
    """The office the titles name, unless a modifier ("Deputy", "former") points away from its holder."""
    if any(t.kind in _MODIFIERS for t in titles):
        return None
    offices = [t for t in titles if t.kind == "office"]
    return offices[-1] if offices else None


def _title_sector(titles: list[_Title], sectors: list[_Sector]) -> str | None:
    """The sector of the head word: the last sector word, else a modifier's ("former": ELI), else a title's."""
    if sectors:
        return sectors[-1].sector
    for group in ([t for t in titles if t.kind in _MODIFIERS], titles):
        found = [t.sector for t in group if t.sector]
        if found:
            return found[-1]
    return None


def _tenure_at(tenures: tuple[Tenure, ...], role: str | None, date: str | None) -> Tenure:
    """The tenure that places a person at ``date``: held then, else the last begun, else the first."""
    if not date:
        return max(tenures, key=lambda t: t.start)
    held = [t for t in tenures if t.holds(date)]
    if held:
        return next((t for t in held if t.role == role), held[0])
    begun = [t for t in tenures if t.start and t.start <= date]
    return max(begun, key=lambda t: t.start) if begun else tenures[0]


# --------------------------------------------------------------------------
# Loading helpers
# --------------------------------------------------------------------------


def _load_words(lexicon: _Lexicon, folder: Traversable) -> None:
    for row in data_rows(folder, "titles.csv"):
        title = _Title(row["kind"], row["role"] or None, row["sector"] or None, row["country"] or None)
        lexicon.add(row["title"], title)
    for row in data_rows(folder, "sectors.csv"):
        lexicon.add(row["phrase"], _Sector(row["sector"] or None))


def _load_places(lexicon: _Lexicon, folder: Traversable, gazetteer: Gazetteer, surface: list[tuple[str, str]]) -> None:
    """Institutions first, then organisations, capitals, countries: "European Union" is the EU, not a country."""
    for row in data_rows(folder, "institutions.csv"):
        for alias in _split(row["aliases"]):
            lexicon.add(alias, _Place(row["code"], row["sector"] or None, None, "institution", _is_acronym(alias)))
            surface.append((alias, "ORG"))
    for row in data_rows(folder, "organisations.csv"):
        for alias in _split(row["aliases"]):
            entry = _Place(row["code"], row["sector"] or None, row["name"] or None, "org", _is_acronym(alias))
            lexicon.add(alias, entry)
            surface.append((alias, "ORG"))
    for row in data_rows(folder, "capitals.csv"):
        for alias in [row["capital"], *_split(row["aliases"])]:
            lexicon.add(alias, _Place(row["code"], None, None, "capital", False))
            surface.append((alias, "GPE"))
    capitals = _country_acronyms()
    for word, code in gazetteer.names.items():
        lexicon.add(word, _country(code, word in capitals))
    for row in data_rows(folder, "places.csv"):  # last: any other reading of the name comes first
        lexicon.add(row["place"], _Place(row["code"], None, None, "town", False))


def _country_acronyms() -> frozenset[str]:
    """Country aliases written in capitals ("US", "UK", "DPRK"), which must be in capitals in a text too.

    The gazetteer keeps its names lower-cased, so its files are read here once more for the spelling;
    the code columns are skipped.
    """
    data = resources.files("communique.data")
    found: set[str] = set()
    for name in ("countries.csv", "country_aliases.csv"):
        for row in data_rows(data, name):
            for column, cell in row.items():
                if column in ("CCA2", "CCA3", "code"):
                    continue
                found.update(word.strip().lower() for word in cell.split(",") if _is_acronym(word.strip()))
    return frozenset(found)


def _country(code: str, upper: bool) -> _Place:
    code = _GAZETTEER_CODES.get(code, code)
    # PLOVER codes a partially recognised entity as its parent country with the sector PRE.
    if len(code) == 6 and code.endswith("PRE"):
        return _Place(code[:3], "PRE", None, "country", upper)
    return _Place(code, None, None, "country", upper)


def _load_people(
    folder: Traversable, surface: list[tuple[str, str]]
) -> tuple[tuple[_Person, ...], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]], frozenset[str]]:
    tenures: dict[str, list[Tenure]] = {}
    for row in data_rows(folder, "offices.csv"):
        tenure = Tenure(row["country"], row["sector"] or None, row["role"], row["start"], row["end"])
        tenures.setdefault(row["name"], []).append(tenure)
    people: list[_Person] = []
    full: dict[str, list[int]] = {}
    surnames: dict[str, list[int]] = {}
    weak: set[str] = set()
    written: dict[str, str] = {}
    for row in data_rows(folder, "people.csv"):
        index = len(people)
        people.append(_Person(row["name"], tuple(tenures.get(row["name"], ()))))
        for alias in [row["name"], *_split(row["aliases"])]:
            _append(full, _key(alias), index)
            surface.append((alias, "PERSON"))
        for surname in surnames_of(row["name"], row["surname"]):
            _append(surnames, _key(surname), index)
            written.setdefault(_key(surname), surname)
            if row["bare_surname"] == "no":
                weak.add(_key(surname))
    # A surname alone is worth an EntityRuler pattern only when it is distinctive: one owner, not a word.
    for key, owners in surnames.items():
        if len(owners) == 1 and key not in weak and len(key) > 3:
            surface.append((written[key], "PERSON"))
    return (
        tuple(people),
        {k: tuple(v) for k, v in full.items()},
        {k: tuple(v) for k, v in surnames.items()},
        frozenset(weak),
    )


def _append(index: dict[str, list[int]], key: str, person: int) -> None:
    if key and person not in index.setdefault(key, []):
        index[key].append(person)
