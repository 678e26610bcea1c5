"""Who speaks each turn: labels resolved to people, with role and turn kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from communique.model import Participant
from communique.structure.labels import core_of
from communique.structure.lexicon import Lexicon
from communique.structure.participants import designations, split_designation
from communique.structure.turns import RawTurn

_HONORIFIC = re.compile(r"^(mr|mrs|ms|miss|dr|madam|mme|sir|dame)\.?\s+", re.I)
_FIRST_PERSON = re.compile(r"\b(I|I’m|I'm|I’d|I'd|I’ve|I've|we|We|my|My|our|Our|us)\b")
_NOTE = re.compile(r"\(([^)]*)\)")


@dataclass
class Speaker:
    """A resolved turn: who, in which role, and what kind of turn."""

    speaker: str | None
    role: str
    kind: str
    affiliation: str | None = None


@dataclass
class Cast:
    """The people of one document, for resolving short labels to full names."""

    people: list[Participant]
    main: Participant | None
    _by_name: dict[str, Participant] = field(default_factory=dict, repr=False)
    _by_surname: dict[str, Participant] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for person in reversed(self.people):  # the first introduced wins
            self._by_name[person.name.lower()] = person
            self._by_surname[person.name.lower().split()[-1]] = person

    def full_name(self, name: str) -> Participant | None:
        """ "Lavrov", "MS. JEAN-PIERRE" or "Vladimir Putin" -> the person the document introduces."""
        bare = _HONORIFIC.sub("", name).strip().lower()
        if not bare:
            return None
        if bare in self._by_name:
            return self._by_name[bare]
        return self._by_surname.get(bare) if " " not in bare else None


def build_cast(
    title: str | None,
    lead: str,
    labels: list[str],
    participants: list[Participant],
    lexicon: Lexicon,
    home: str | None,
) -> Cast:
    """Everyone the title, the lead and the label designations name; the first is the main speaker."""
    people = list(participants)
    found = designations(title or "", lexicon, home) + designations(lead[:1000], lexicon, home)
    for label in dict.fromkeys(labels):
        found += lexicon.memo(  # type: ignore[operator]
            ("designations", label, home), lambda label=label: designations(core_of(label), lexicon, home)
        )
    known = {p.name.lower() for p in people}
    for person in found:
        if person.name.lower() not in known:
            known.add(person.name.lower())
            people.append(person)
    main = next((p for p in people if p.role), people[0] if people else None)
    return Cast(people, main)


def resolve(turns: list[RawTurn], cast: Cast, lexicon: Lexicon, home: str | None) -> list[Speaker]:
    """Speaker, role and kind for every turn, in order."""
    # A page repeats a handful of labels; each is resolved once, and every turn gets its own copy
    # because question and answer marking changes them one by one.
    by_label: dict[str, Speaker] = {}
    resolved = []
    for i, turn in enumerate(turns):
        if turn.label is None:
            resolved.append(_unlabelled(turn, i, cast))
            continue
        if turn.label not in by_label:
            by_label[turn.label] = _resolve_label(turn.label, cast, lexicon, home)
        known = by_label[turn.label]
        resolved.append(Speaker(known.speaker, known.role, known.kind, known.affiliation))
    _mark_questions_and_answers(turns, resolved)
    return resolved


def _resolve_label(label: str, cast: Cast, lexicon: Lexicon, home: str | None) -> Speaker:
    core = core_of(label)
    lowered = core.lower().rstrip(".")
    if lowered in lexicon.roles:
        role, kind = lexicon.roles[lowered]
        person = cast.main if kind == "answer" and cast.main else None
        if lowered.startswith("the "):  # "The President", "The Chair": the participant holding that office
            person = _chair(cast, lowered) or person
        return Speaker(person.name if person else None, role, kind, person.affiliation if person else None)
    if any(p.fullmatch(core) for p in lexicon.label_patterns):
        return Speaker(None, "journalist", "question")
    return _named(label, core, cast, lexicon, home)


def _chair(cast: Cast, lowered: str) -> Participant | None:
    office = lowered.removeprefix("the ")
    return next((p for p in cast.people if (p.role or "").lower() == office), None)


def _unlabelled(turn: RawTurn, index: int, cast: Cast) -> Speaker:
    """The text before the first label: the title's speaker if it speaks in the first person, else narration."""
    opening = " ".join(turn.paragraphs[:3])
    if index == 0 and cast.main and _FIRST_PERSON.search(opening):
        return Speaker(cast.main.name, "official", "statement", cast.main.affiliation)
    return Speaker(None, "other", "narration")


def _named(label: str, core: str, cast: Cast, lexicon: Lexicon, home: str | None) -> Speaker:
    """A label naming a person: "Mr. Nebenzia (Russian Federation)", "MS. PSAKI", "Anna Smirnova (Channel One)"."""
    name_part, designated, note_country, words = lexicon.memo(  # type: ignore[misc]
        ("named", label, home), lambda: _read_label(label, core, lexicon, home)
    )
    person = cast.full_name(name_part)
    if person is None and designated:
        person = cast.full_name(designated.name) or designated
    name = person.name if person else _tidy(name_part)
    affiliation = note_country or (person.affiliation if person else None)
    role = _role_of(words, person, cast, lexicon, bool(note_country))
    return Speaker(name, role, "statement" if role == "official" else "remark", affiliation)


def _read_label(
    label: str, core: str, lexicon: Lexicon, home: str | None
) -> tuple[str, Participant | None, str | None, set[str]]:
    """What a label says by itself: the name part, a designation, a country in a note, its words."""
    name_part = core.split(",", 1)[0].strip()
    # "Mr. Pecsteen de Buytswerve" is a name as written; only designations need splitting.
    designated = None if _HONORIFIC.match(name_part) else split_designation(name_part.split(), lexicon, home)
    note_country = next((c for note in _NOTE.findall(label) if (c := lexicon.gazetteer.code(note))), None)
    words = {w.lower().strip(".,") for w in re.findall(r"[\w.’'-]+", label)}
    return name_part, designated, note_country, words


def _role_of(words: set[str], person: Participant | None, cast: Cast, lexicon: Lexicon, delegate: bool) -> str:
    if words & lexicon.press:
        return "journalist"
    if words & lexicon.moderator:
        return "moderator"
    if delegate or (person and person.role) or (person and cast.main and person.name == cast.main.name):
        return "official"
    if words & (lexicon.titles - {"the", "of", "and", "for"}):
        return "official"
    return "other"


def _tidy(name: str) -> str:
    """ "MR. KIRBY" -> "Mr. Kirby"; other names stay as written."""
    if name.isupper() and len(name) > 2:
        return " ".join(w.capitalize() for w in name.split())
    return name


def _mark_questions_and_answers(turns: list[RawTurn], resolved: list[Speaker]) -> None:
    """A named non-official who asks and is answered is a questioner, and one who does so turn after turn an
    interviewer (a journalist in every turn); an official after a question answers."""
    interviewers = set()
    for i, sp in enumerate(resolved):
        nxt = resolved[i + 1] if i + 1 < len(resolved) else None
        asks = "?" in _tail(turns[i].paragraphs, 400)
        answered = nxt is not None and nxt.role == "official"
        if sp.role in ("other", "journalist", "moderator") and sp.kind != "question" and asks and answered:
            sp.kind = "question"
            if sp.role in ("other", "moderator") and _is_interviewer(i, turns, resolved):
                interviewers.add(_who(i, turns, resolved))
        if sp.role == "official" and sp.kind in ("statement", "remark") and i > 0:
            prev = resolved[i - 1]
            if prev.kind == "question":
                sp.kind = "answer"
    for j, sp in enumerate(resolved):
        if _who(j, turns, resolved) in interviewers:
            sp.role = "journalist"


def _who(i: int, turns: list[RawTurn], resolved: list[Speaker]) -> tuple[str | None, str]:
    """Who speaks a turn, for telling speakers apart: the person, else the label as written ("HOST", "OPERATOR")."""
    return resolved[i].speaker or turns[i].label, resolved[i].role


def _is_interviewer(i: int, turns: list[RawTurn], resolved: list[Speaker]) -> bool:
    """Someone an official answers turn after turn, and who asks, is interviewing, not conversing or
    chairing (a chair hands the floor to journalists, not to the official)."""
    mine = [j for j in range(len(resolved)) if _who(j, turns, resolved) == _who(i, turns, resolved)]
    answered = sum(j + 1 < len(resolved) and resolved[j + 1].role == "official" for j in mine)
    asking = sum("?" in " ".join(turns[j].paragraphs) for j in mine)
    return len(mine) >= 3 and answered >= 0.7 * len(mine) and asking >= 0.3 * len(mine)


def _tail(paragraphs: list[str], size: int) -> str:
    """The last ``size`` characters of the paragraphs joined by spaces, joining only what is needed."""
    if paragraphs and len(paragraphs[-1]) >= size:
        return paragraphs[-1][-size:]
    parts: list[str] = []
    length = 0
    for paragraph in reversed(paragraphs):
        parts.append(paragraph)
        length += len(paragraph) + 1
        if length >= size:
            break
    return " ".join(reversed(parts))[-size:]
