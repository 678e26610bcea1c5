"""People named in a title, lead or label designation: name, role and affiliation."""

from __future__ import annotations

import re
from dataclasses import replace

from communique.model import Participant
from communique.structure.lexicon import Lexicon

_WORD = re.compile(r"[^\s,;:()]+")
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
_POSSESSIVE_ENDINGS = ("’s", "'s", "’", "'")
_JOINERS = frozenset({"of", "the"})
_SPACES = frozenset({" ", "\u00a0"})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "madam"})
_PARTICLES = frozenset({"bin", "bint", "ibn", "al", "el", "van", "der", "den", "von", "de", "da", "du", "la", "le"})


def designations(text: str, lexicon: Lexicon, home: str | None) -> list[Participant]:
    """Every "title words + name" in ``text``: "Foreign Minister of the Republic of Azerbaijan Jeyhun
    Bayramov" -> Jeyhun Bayramov, Foreign Minister, AZE; an official without a country is ``home``'s."""
    found: list[Participant] = []
    for run in _capital_runs(text):
        if len(run) < 2:
            continue  # a name has two words at least
        # The same run ("Foreign Minister Sergey Lavrov") recurs from page to page: split it once.
        person: Participant | None = lexicon.memo(  # type: ignore[assignment]
            ("designation", tuple(run), home), lambda run=run: split_designation(run, lexicon, home)
        )
        if person and all(p.name != person.name for p in found):
            found.append(_appositive(replace(person), text, lexicon))  # each document gets its own copy
    return found


def _appositive(person: Participant, text: str, lexicon: Lexicon) -> Participant:
    """The office and state written after the name: "the Rt Hon Helen Clark, Prime Minister of New Zealand"."""
    if person.role and person.affiliation:
        return person
    found = re.search(re.escape(person.name) + r",\s+([^,;:()]{3,80})", text)
    if not found:
        return person
    words = found.group(1).split()
    office = [w for w in words if w.lower() in lexicon.titles and w.lower() not in _JOINERS]
    country = lexicon.gazetteer.find(found.group(1))
    if not office or not words[0][:1].isupper():
        return person
    return replace(person, role=person.role or _role_text(words, lexicon), affiliation=country or person.affiliation)


def _capital_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words, joined across "of"/"the"; a possessive closes its run."""
    runs: list[list[str]] = []
    current: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group()
        # A run goes on only across a space: "Azerbaijan (Jeyhun" parts, and so does "Helen Clark, Prime Minister".
        before = text[max(0, match.start() - 8) : match.start()]
        if current and (text[match.start() - 1] not in _SPACES or before.rstrip().endswith(",")):
            runs.append(current)
            current = []
        if word[0].isupper() or (current and (word in _JOINERS or word.lower() in _PARTICLES)):
            current.append(word)
            if word.endswith(_POSSESSIVE_ENDINGS) and word[-2:] != "s'":
                runs.append(current)
                current = []
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [_trim(r) for r in runs if _trim(r)]


def _trim(run: list[str]) -> list[str]:
    while run and run[-1] in _JOINERS:
        run = run[:-1]
    return run


def split_designation(words: list[str], lexicon: Lexicon, home: str | None) -> Participant | None:
    """Split a run of words into role, country and a personal name of two to five words."""
    words = [_POSSESSIVE.sub("", w) for w in words]
    found = _name_from_end(words, lexicon) or _name_after_office(words, lexicon) or _surname_of_state(words, lexicon)
    if found is None:
        return None
    start, name = found
    prefix = words[:start]
    role_words = [w for w in prefix if w.lower() in lexicon.titles and w.lower() not in _JOINERS]
    role = _role_text(prefix, lexicon) if role_words else None
    country = lexicon.gazetteer.find(" ".join(prefix)) if prefix else None
    # "President Prabowo Subianto of Indonesia": the country may follow the name
    after = words[start + len(name) :]
    if country is None and len(after) >= 2 and after[0] == "of":
        country = lexicon.gazetteer.find(" ".join(after[1:7]))
    return Participant(name=" ".join(name), role=role, affiliation=country or (home if role else None))


def _is_stop(word: str, lexicon: Lexicon) -> bool:
    """A word that cannot be part of a personal name: an office, an honorific, a country, a region."""
    low = word.lower()
    return (
        low in lexicon.titles
        or low in lexicon.not_names
        or low in _HONORIFICS
        or low in _JOINERS
        or bool(lexicon.gazetteer.code(word))
        or any(p.search(word) for p in lexicon.place_regions)
    )


def _name_from_end(words: list[str], lexicon: Lexicon) -> tuple[int, list[str]] | None:
    """The name that closes a designation: "President of Turkey Recep Tayyip Erdogan"."""
    name: list[str] = []
    for word in reversed(words):
        if _is_stop(word, lexicon):
            break
        if not (word[0].isupper() or word.lower() in _PARTICLES) or (word.isupper() and len(word) > 1):
            break
        name.insert(0, word)
    while name and name[0].lower() in _PARTICLES:
        name = name[1:]
    if not 2 <= len(name) <= 6 or sum(w.lower() not in _PARTICLES for w in name) > 4:
        return None
    if lexicon.gazetteer.code(" ".join(name)):
        return None  # "... of the Democratic Socialist Republic of Sri Lanka": a state, not a name
    return len(words) - len(name), name


def _name_after_office(words: list[str], lexicon: Lexicon) -> tuple[int, list[str]] | None:
    """The two words after an office word (the last such) when more follows the name: "Press Secretary
    Karine Jean-Pierre Aboard Air Force One", "Taoiseach Leo Varadkar of the Republic of Ireland Before ..."."""
    offices = [i for i, w in enumerate(words) if w.lower() in lexicon.titles and w.lower() not in _JOINERS]
    for office in reversed(offices):
        name = words[office + 1 : office + 3]
        if len(name) == 2 and all(w[0].isupper() and not _is_stop(w, lexicon) for w in name):
            return office + 1, name
    return None


def _surname_of_state(words: list[str], lexicon: Lexicon) -> tuple[int, list[str]] | None:
    """A surname between an office and its state: "Prime Minister Martin of Ireland"."""
    for i in range(1, len(words) - 2):
        office, name, joiner = words[i - 1], words[i], words[i + 1]
        if (
            office.lower() in lexicon.titles
            and joiner == "of"
            and name[:1].isupper()
            and not _is_stop(name, lexicon)
            and lexicon.gazetteer.find(" ".join(words[i + 2 : i + 9]))
        ):
            return i, [name]
    return None


def _role_text(prefix: list[str], lexicon: Lexicon) -> str:
    """The office as written, without the country: "Foreign Minister of the Republic of Azerbaijan" ->
    "Foreign Minister"."""
    role: list[str] = []
    for word in prefix:
        if word.lower() in _JOINERS or lexicon.gazetteer.code(word):
            break
        role.append(word)
    return " ".join(role) or " ".join(prefix)
