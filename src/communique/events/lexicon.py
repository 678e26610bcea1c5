"""Event knowledge from data files: triggers by PLOVER type (``data/events/verbs.toml``) and
the words that set an event's status and actors (``data/events/frames.toml``)."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


@dataclass(frozen=True)
class Trigger:
    """What a matched word or word pair reports: the PLOVER type and mode."""

    type: str
    mode: str | None = None


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, Trigger]
    phrasal: dict[str, Trigger]
    objects: dict[str, Trigger]
    nouns: dict[str, Trigger]
    adjectives: dict[str, Trigger]
    received: dict[str, Trigger]
    actor_verbs: frozenset[str]
    bare_verbs: frozenset[str]
    not_events: frozenset[str]
    floor_acts: frozenset[str]
    courtesy_thanks: frozenset[str]
    courtesy_welcomes: frozenset[str]
    courtesy_reasons: frozenset[str]
    courtesy_addressees: frozenset[str]
    planned_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    planned_heads: frozenset[str]
    wish_heads: frozenset[str]
    intent_heads: frozenset[str]
    obligation_modals: frozenset[str]
    hope_heads: frozenset[str]
    hoped_modals: frozenset[str]
    hostile_types: frozenset[str]
    threat_types: frozenset[str]
    promised_types: frozenset[str]
    finalising: frozenset[str]
    polite_heads: frozenset[str]
    conditional_marks: frozenset[str]
    negations: frozenset[str]
    future_adjectives: frozenset[str]
    performatives: frozenset[str]
    past_adjectives: frozenset[str]
    planned_nouns: frozenset[str]
    meeting_turns: frozenset[str]
    ongoing_types: frozenset[str]
    first_singular: frozenset[str]
    first_plural: frozenset[str]
    second_person: frozenset[str]
    third_person: frozenset[str]
    person_addresses: tuple[str, ...]
    audience_addresses: tuple[str, ...]
    closing_courtesies: frozenset[str]
    parties: frozenset[str]
    joint_types: frozenset[str]
    unattributed_types: frozenset[str]
    outward_types: frozenset[str]
    errand_prepositions: frozenset[str]
    journey_verbs: frozenset[str]
    destination_prepositions: frozenset[str]
    stative_passives: frozenset[str]
    receipt_verbs: frozenset[str]
    giver_prepositions: frozenset[str]
    away_types: frozenset[str]
    means_nouns: frozenset[str]
    claim_verbs: frozenset[str]
    doer_verbs: frozenset[str]
    undergoer_verbs: frozenset[str]
    claimed_types: frozenset[str]
    means_prepositions: frozenset[str]
    accidents: frozenset[str]
    attribution_prepositions: frozenset[str]
    target_prepositions: frozenset[str]
    home_party_prepositions: frozenset[str]
    thing_pronouns: frozenset[str]
    occasions: frozenset[str]

    def word_type(self, token: Any) -> str | None:
        """The type the tables give a parsed word by itself, with its particle, or with its object: whether
        the rules have a say in the word, so that the trained trigger model leaves it to them. Not a match:
        the coder's rules decide those."""
        lemma = token.lemma_.lower()
        trigger: Trigger | None = None
        if token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ in ("prt", "prep"):
                    trigger = trigger or self.phrasal.get(f"{lemma} {child.lower_}")
                elif child.dep_ in ("dobj", "obj"):
                    trigger = trigger or self.objects.get(f"{lemma} {child.lemma_.lower()}")
            trigger = trigger or self.verbs.get(lemma)
        elif token.pos_ == "NOUN":
            trigger = self.nouns.get(lemma)
        else:
            trigger = self.adjectives.get(token.lower_) or self.adjectives.get(lemma)
        return trigger.type if trigger else None

    @functools.cached_property
    def frame_words(self) -> frozenset[str]:
        """Words that set the status of an event they govern ("plans to visit", "wants Chile to expel")."""
        return self.planned_heads | self.wish_heads | self.polite_heads

    @property
    def first_person(self) -> frozenset[str]:
        """ "I", "we" and their other forms."""
        return self.first_singular | self.first_plural

    @functools.cached_property
    def audience(self) -> re.Pattern[str]:
        """Words that address the room ("ladies and gentlemen") anywhere in a text."""
        return re.compile(rf"\b(?:{_alternatives(self.audience_addresses)})\b", re.IGNORECASE)

    @functools.cached_property
    def address(self) -> re.Pattern[str]:
        """A paragraph that opens by addressing someone: group ``audience`` when it is the audience."""
        # the title, at most three capitalised words (a name), then the comma of an address
        return re.compile(
            rf"^(?:(?P<audience>{_alternatives(self.audience_addresses)})|(?:(?:dear|esteemed|respected)\s+)?"
            rf"(?:{_alternatives(self.person_addresses)})"
            r"(?:\s+[A-Z][\w'’.-]*){0,3})\s*[,!]",
            re.IGNORECASE | re.MULTILINE,
        )

    @functools.cached_property
    def object_verbs(self) -> frozenset[str]:
        """The light verbs of the "verb noun" triggers ("impose" of "impose sanction")."""
        return frozenset(k.split()[0] for k in self.objects)

    @property
    def intent(self) -> Trigger:
        """An offer, promise or readiness to act: PLOVER codes it AGREE."""
        return _INTENT

    @property
    def obligation(self) -> Trigger:
        """ "X must ...": a demand on X."""
        return _OBLIGATION

    def codebook_type(self, type_: str, status: str, trigger: str | None = None, promises: bool = True) -> str:
        """The type as the PLOVER manual writes it: a signed or ratified agreement is SUPPORT, and
        (with ``promises``) a promised cooperative act is AGREE."""
        words = (trigger or "").lower().split()
        if type_ == "AGREE" and status == "asserted" and any(w in self.finalising for w in words):
            return "SUPPORT"
        return "AGREE" if promises and status == "planned" and type_ in self.promised_types else type_

    @classmethod
    def load(cls) -> EventLexicon:
        folder = resources.files("communique.data").joinpath("events")
        verbs_data = tomllib.loads(folder.joinpath("verbs.toml").read_text("utf-8"))
        frames = tomllib.loads(folder.joinpath("frames.toml").read_text("utf-8"))
        keys = ("verbs", "phrasal", "objects", "nouns", "adjectives", "received")
        tables: dict[str, dict[str, Trigger]] = {k: {} for k in keys}
        actor_verbs: set[str] = set()
        bare_verbs: set[str] = set()
        for type_, entry in verbs_data.items():
            if type_ not in TYPES:
                raise ValueError(f"verbs.toml: {type_} is not one of the 16 PLOVER types")
            modes = dict(_pair(m) for m in entry.get("mode", []))
            for verb in entry.get("verbs", []):
                table = tables["phrasal"] if " " in verb else tables["verbs"]
                table[verb] = Trigger(type_, modes.get(verb.split()[0]))
            for key in ("objects", "nouns", "adjectives", "received"):
                for phrase in entry.get(key, []):
                    if len(phrase.split()) != (2 if key == "objects" else 1):
                        raise ValueError(f"verbs.toml: {type_} {key} entry {phrase!r} has the wrong number of words")
                    if key == "received" and phrase in tables[key]:
                        raise ValueError(f"verbs.toml: received {phrase!r} is listed under two types")
                    head = phrase.split()[-1] if key == "objects" else phrase
                    tables[key][phrase] = Trigger(type_, modes.get(head) or modes.get(phrase.split()[0]))
            actor_verbs.update(entry.get("actor_verbs", []))
            bare_verbs.update(entry.get("bare_verbs", []))
        status, actors = frames["status"], frames["actors"]
        return cls(
            **tables,
            actor_verbs=frozenset(actor_verbs),
            bare_verbs=frozenset(bare_verbs),
            not_events=frozenset(frames["triggers"]["not_events"]),
            floor_acts=frozenset(frames["triggers"]["floor_acts"]),
            courtesy_thanks=frozenset(frames["courtesy"]["thanks"]),
            courtesy_welcomes=frozenset(frames["courtesy"]["welcomes"]),
            courtesy_reasons=frozenset(frames["courtesy"]["reasons"]),
            courtesy_addressees=frozenset(frames["courtesy"]["addressees"]),
            planned_modals=frozenset(status["planned_modals"]),
            hypothetical_modals=frozenset(status["hypothetical_modals"]),
            planned_heads=frozenset(status["planned_heads"]),
            wish_heads=frozenset(status["wish_heads"]),
            intent_heads=frozenset(status["intent_heads"]),
            obligation_modals=frozenset(status["obligation_modals"]),
            hope_heads=frozenset(status["hope_heads"]),
            hoped_modals=frozenset(status["hoped_modals"]),
            hostile_types=frozenset(status["hostile_types"]),
            threat_types=frozenset(status["threat_types"]),
            promised_types=frozenset(status["promised_types"]),
            finalising=frozenset(status["finalising"]),
            polite_heads=frozenset(status["polite_heads"]),
            conditional_marks=frozenset(status["conditional_marks"]),
            negations=frozenset(status["negations"]),
            future_adjectives=frozenset(status["future_adjectives"]),
            performatives=frozenset(status["performatives"]),
            past_adjectives=frozenset(status["past_adjectives"]),
            planned_nouns=frozenset(status["planned_nouns"]),
            meeting_turns=frozenset(status["meeting_turns"]),
            ongoing_types=frozenset(status["ongoing_types"]),
            first_singular=frozenset(actors["first_person_singular"]),
            first_plural=frozenset(actors["first_person_plural"]),
            second_person=frozenset(actors["second_person"]),
            third_person=frozenset(actors["third_person"]),
            person_addresses=tuple(actors["person_addresses"]),
            audience_addresses=tuple(actors["audience_addresses"]),
            closing_courtesies=frozenset(actors["closing_courtesies"]),
            parties=frozenset(actors["parties"]),
            joint_types=frozenset(actors["joint_types"]),
            unattributed_types=frozenset(actors["unattributed_types"]),
            outward_types=frozenset(actors["outward_types"]),
            errand_prepositions=frozenset(actors["errand_prepositions"]),
            journey_verbs=frozenset(actors["journey_verbs"]),
            destination_prepositions=frozenset(actors["destination_prepositions"]),
            stative_passives=frozenset(actors["stative_passives"]),
            receipt_verbs=frozenset(actors["receipt_verbs"]),
            giver_prepositions=frozenset(actors["giver_prepositions"]),
            away_types=frozenset(actors["away_types"]),
            means_nouns=frozenset(actors["means_nouns"]),
            claim_verbs=frozenset(actors["claim_verbs"]),
            doer_verbs=frozenset(actors["doer_verbs"]),
            undergoer_verbs=frozenset(actors["undergoer_verbs"]),
            claimed_types=frozenset(actors["claimed_types"]),
            means_prepositions=frozenset(actors["means_prepositions"]),
            accidents=frozenset(actors["accidents"]),
            attribution_prepositions=frozenset(actors["attribution_prepositions"]),
            target_prepositions=frozenset(actors["target_prepositions"]),
            home_party_prepositions=frozenset(actors["home_party_prepositions"]),
            thing_pronouns=frozenset(actors["thing_pronouns"]),
            occasions=frozenset(actors["occasions"]),
        )


@functools.cache
def shared_lexicon() -> EventLexicon:
    """The packaged lexicon, loaded once per process, for readers that only look things up (the
    scorer, the PLOVER view of stored events)."""
    return EventLexicon.load()


_INTENT = Trigger("AGREE")
_OBLIGATION = Trigger("REQUEST")


def _pair(text: str) -> tuple[str, str]:
    word, _, mode = text.partition("=")
    return word.strip(), mode.strip()


def _alternatives(phrases: tuple[str, ...]) -> str:
    """Phrases as one regular-expression alternation, longest first, any whitespace between words."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
