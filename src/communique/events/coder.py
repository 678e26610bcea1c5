"""PLOVER event coding of parsed sentences: trigger words, their actors, status, date and place.

A sentence yields an event where a trigger of ``data/events/verbs.toml``
occurs: a verb ("condemned"), a light verb with its object ("imposed
sanctions"), an event noun with an actor ("talks with Baku"), or an
official's hostile adjective for another actor ("Russophobic"); and, given
the trained trigger model (``events/triggers.py``), where that model finds
an event in a word the lexicon has no pattern for. The dependency parse and
the transcript's context give the rest: the subject is the source, objects and
prepositional partners the targets; auxiliaries, negation and governing
verbs the status ("will hold", "agreed to meet", "did not discuss"); date
and place expressions attached to the trigger the date and place.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import hash_string
from spacy.symbols import AUX, VERB

from communique.events.lexicon import EventLexicon, Trigger
from communique.events.triggers import Context, TriggerModel, proposals, readable, token_features
from communique.model import Actor, Event
from communique.nlp.annotate import Analysis, ParagraphParse, named_things
from communique.nlp.dates import ahead, names_period

_SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
_OBJECTS = frozenset({"dobj", "obj", "dative", "iobj", "attr", "oprd"})
# Words that can say what thanks are for ("for your warm hospitality": hospitality, warm).
_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
# Clausal dependents start another proposition: their actors are not this event's.
_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "punct", "mark"})
# What makes a bare verb ("demonstrate") transitive: an object or a clause.
_COMPLEMENTS = frozenset({"dobj", "obj", "ccomp", "xcomp", "attr", "dative"})
# Clauses a question states as fact rather than asks about.
_BACKGROUND = frozenset({"advcl", "relcl", "acl", "appos", "pcomp"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_THIRD_PERSON = frozenset({"he", "she", "it", "they"})
_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_VERBAL = frozenset({"VERB", "AUX"})
_VERB_IDS = frozenset({VERB, AUX})
_NOMINAL = frozenset({"NOUN", "PROPN"})
_PARTNER_POS = frozenset({"NOUN", "PROPN", "PRON"})
_BODIES = frozenset({"PERSON", "ORG", "NORP"})  # entity types that can be a party


@dataclass
class _Found:
    """A trigger in a sentence, before its event is built."""

    trigger: Trigger
    tokens: list[Any]
    kind: str  # verb | object | noun | adjective | obligation | receipt
    planned: bool = False
    chain: list[Any] = field(default_factory=list)  # governing verbs and adjectives, lowest first
    absorbed: list[Any] = field(default_factory=list)  # triggers folded in ("meet" of "agreed to meet")
    wished: bool = False  # someone else's act another wants ("Oslo wants Chile to expel the envoy")

    @property
    def head(self) -> Any:
        return self.tokens[0]

    @property
    def root(self) -> Any:
        """The topmost verb of the chain: it holds the subject and the auxiliaries."""
        return self.chain[-1] if self.chain else self.head


class EventCoder:
    """Codes the events of analysed documents. Build once; ``code`` is pure.

    Example::

        coder = EventCoder()
        events = coder.code(analysis)
    """

    def __init__(self, lexicon: EventLexicon | None = None, model: TriggerModel | None = None) -> None:
        self.lexicon = lexicon or EventLexicon.load()
        self.model = model
        lex = self.lexicon
        # Hashes of the words a trigger can begin with, other than a verb (every verb is looked at),
        # as a lemma or a lower-cased form: most words are none, and are passed over by comparing numbers.
        self._words = frozenset(hash_string(w) for w in (*lex.nouns, *lex.adjectives, *lex.intent_heads))

    def code(self, analysis: Analysis) -> list[Event]:
        events: list[Event] = []
        for parse in analysis.paragraphs:
            candidates = self._candidates(parse.doc)
            readings = self._readings(parse, analysis)
            for sent in parse.doc.sents:
                events.extend(self._sentence(sent, parse, analysis, candidates, readings))
        return events

    # -- triggers -------------------------------------------------------

    def _candidates(self, doc: Any) -> list[int]:
        """The tokens that may begin a trigger: verbs, and words whose lemma or form is a trigger word."""
        rows = doc.to_array([POS, LEMMA, LOWER]).tolist()
        words = self._words
        return [i for i, (pos, lemma, lower) in enumerate(rows) if pos in _VERB_IDS or lemma in words or lower in words]

    def _sentence(
        self,
        sent: Any,
        parse: ParagraphParse,
        analysis: Analysis,
        candidates: list[int],
        readings: dict[int, str],
    ) -> Iterator[Event]:
        found: dict[int, _Found] = {}
        consumed: set[int] = set()
        doc = sent.doc
        for i in candidates[bisect_left(candidates, sent.start) : bisect_left(candidates, sent.end)]:
            token = doc[i]
            match = self._match(token, parse, consumed)
            if match:
                found[token.i] = match
        if readings:
            self._propose(sent, readings, found, consumed)
        for i in list(found):
            if (i in consumed and found[i].kind == "noun") or self._courtesy(found[i]) or self._floor(found[i]):
                del found[i]
        self._fold_chains(found)
        self._fold_manner(found)
        self._obligations(sent, found)
        turn = analysis.document.turns[parse.index]
        for i in [i for i, item in found.items() if self._asked(item, turn.role)]:
            del found[i]
        if not found:
            return  # most sentences: no trigger, nothing to place or date
        self._drop_covered_nouns(found, parse)
        anchors = _anchor_tokens(found)
        dates = _assign(((ent, (ent, resolved)) for ent, resolved in parse.dates.values()), sent, anchors)
        places = _assign(((ent, ent) for ent in parse.places.values() if _is_place_phrase(ent)), sent, anchors)
        seen: set[tuple[str, tuple[str | None, ...], tuple[str | None, ...]]] = set()
        events = []
        for item in sorted(found.values(), key=lambda f: f.head.i):
            event = self._event(item, sent, parse, analysis, dates.get(item.head.i), places.get(item.head.i))
            if event is not None:
                events.append((item, event))
        # Background in a subordinate clause ("the editor, detained in May, was freed") is no news
        # of its own when the sentence reports one; what the speaker did ("who received us") is.
        main = any(not _embedded(item) for item, _ in events)
        kept: list[Event] = []
        for item, found_event in events:
            if main and _embedded(item) and not self._first_person(item):
                continue
            claim = self._claim(item, found_event, parse, analysis)
            for event in (found_event, claim) if claim else (found_event,):
                key = (event.type, tuple(a.country for a in event.source), tuple(a.country for a in event.target))
                if key not in seen:
                    seen.add(key)
                    kept.append(event)
        # "shot a Kenyan guard and injured three more": one assault, not a second one on no one
        yield from (e for e in kept if not any(_covers(other, e) for other in kept if other is not e))

    def _match(self, token: Any, parse: ParagraphParse, consumed: set[int]) -> _Found | None:
        lex = self.lexicon
        if token.pos_ in _VERBAL:
            bases = _bases(token)
            light = [b for b in bases if b in lex.object_verbs]
            for child in token.children:
                for noun in _object_words(child) if light else ():
                    for verb in light:
                        trigger = next(
                            (lex.objects[k] for n in _bases(noun) if (k := f"{verb} {n}") in lex.objects), None
                        )
                        if trigger:
                            consumed.add(noun.i)
                            return _Found(trigger, [token, noun], "object")
                if child.dep_ in ("prt", "prep", "advmod"):
                    trigger = next((lex.phrasal[k] for b in bases if (k := f"{b} {child.lower_}") in lex.phrasal), None)
                    if trigger:
                        return _Found(trigger, [token, child], "verb")
            received = self._received(token, bases)
            if received is not None:
                return received
            verb = next((b for b in bases if b in lex.verbs), None)
            if verb and any(f"{verb} {n}" in lex.not_events for o in _direct_objects(token) for n in _bases(o)):
                return None  # "signed the bill": law-making, not an agreement
            if verb in lex.bare_verbs and any(c.dep_ in _COMPLEMENTS for c in token.children):
                return None  # "demonstrated this", "demonstrated that ...": no protest
            givers = lex.giver_prepositions if verb in lex.receipt_verbs else frozenset()
            if verb and (verb not in lex.actor_verbs or _object_is_actor(token, parse, givers)):
                return _Found(lex.verbs[verb], [token], "verb")
            if any(b in lex.intent_heads for b in bases) and _has_infinitive(token):
                return _Found(lex.intent, [token], "verb")
            return None
        lemma = token.lemma_.lower()
        if token.pos_ in _NOMINAL and lemma in lex.nouns:
            return _Found(lex.nouns[lemma], [token], "noun")
        if token.pos_ == "ADJ" and lemma in lex.intent_heads and _has_infinitive(token):
            return _Found(lex.intent, [token], "verb")  # "ready to provide", "willing to mediate"
        if token.lower_ in lex.adjectives or lemma in lex.adjectives:
            return _Found(lex.adjectives.get(token.lower_) or lex.adjectives[lemma], [token], "adjective")
        return None

    def _readings(self, parse: ParagraphParse, analysis: Analysis) -> dict[int, str]:
        """The type the trained model finds in each word of a paragraph it reads (``triggers.readable``),
        where its most probable type passes its threshold."""
        model = self.model
        if model is None:
            return {}
        role = analysis.document.turns[parse.index].role
        tokens, rows = [], []
        for sent in parse.doc.sents:
            context: Context | None = None
            for token in sent:
                if readable(token, self.lexicon):
                    context = context or Context.of(sent, role)
                    tokens.append(token.i)
                    rows.append(token_features(token, context))
        if not rows:
            return {}
        kinds = proposals(model.probabilities(rows), model.labels, model.propose_above)
        return {i: kind for i, kind in zip(tokens, kinds, strict=True) if kind is not None}

    def _propose(self, sent: Any, readings: dict[int, str], found: dict[int, _Found], consumed: set[int]) -> None:
        """The events the model finds in the sentence's words that the rules took no part of, as a verb, an
        event noun or an official's hostile adjective, of a type the rules did not find there (no event is
        found twice)."""
        taken = consumed | {t.i for item in found.values() for t in item.tokens}
        ruled = {item.trigger.type for item in found.values()}
        for i in range(sent.start, sent.end):
            type_ = readings.get(i)
            if type_ is None or i in taken or type_ in ruled:
                continue
            token = sent.doc[i]
            accusing = type_ == "ACCUSE" and token.pos_ == "ADJ"
            kind = "noun" if token.pos_ == "NOUN" else "adjective" if accusing else "verb"
            found[i] = _Found(Trigger(type_), [token], kind)

    def _received(self, token: Any, bases: tuple[str, ...]) -> _Found | None:
        """ "obtained loans from Japan": the giver's act, typed by what was received."""
        lex = self.lexicon
        if not any(b in lex.receipt_verbs for b in bases):
            return None
        for child in token.children:
            trigger = lex.received.get(child.lemma_.lower()) if child.dep_ in ("dobj", "obj") else None
            if trigger and (_after(token, lex.giver_prepositions) or _after(child, lex.giver_prepositions)):
                return _Found(trigger, [token, child], "receipt")
        return None

    def _claim(self, item: _Found, event: Event, parse: ParagraphParse, analysis: Analysis) -> Event | None:
        """ "Poland said that Belarus had shelled ...": a state that says another used force accuses it.

        The reporter must be a state or its government named as such ("Poland",
        "Warsaw", "the Foreign Ministry"), not the police or medics who
        report an attack; a state telling of its own act accuses no one.
        """
        lex = self.lexicon
        clause = item.root
        if event.type not in lex.claimed_types or clause.dep_ != "ccomp" or event.status != "asserted":
            return None  # "said Belarus might strike": a warning, not an accusation
        verb = clause.head
        if verb.lemma_.lower() not in lex.claim_verbs or any(c.dep_ == "neg" for c in verb.children):
            return None
        reporter = next((parse.actors.get(c.i) for c in verb.children if c.dep_ == "nsubj"), None)
        if reporter is None or reporter.sector not in (None, "GOV"):
            return None
        if any(a.country == reporter.country for a in event.source):
            return None  # "India stated that it had bombed Pakistan"
        if not event.source and not any(c.dep_ == "nsubj" and c.pos_ in _NOMINAL for c in _subjects_of(clause)):
            return None  # "Kyiv said a drone was launched": no one named to accuse
        doc = analysis.document
        said_now = self._on_the_day("ACCUSE", _tense(verb, lex.planned_modals), doc.turns[parse.index].kind)
        return replace(
            event,
            type="ACCUSE",
            status="asserted",
            mode=None,
            source=[reporter],
            target=list(event.source),
            date=doc.date if said_now else None,
            date_text=None,
            place=None,
            trigger=verb.text,
        )

    def _courtesy(self, item: _Found) -> bool:
        """Thanks for hospitality, a bare "thank you", a welcome of a person or to a place: manners, no event."""
        lex, head = self.lexicon, item.head
        # "thank", or a verb whose object is thanks ("express gratitude", "convey our thanks")
        thanks = [
            t for t in (head, *(c for c in head.children if c.dep_ in _OBJECTS)) if _any_base(t, lex.courtesy_thanks)
        ]
        if thanks:
            holders = (head, *thanks)
            reasons = [
                w for t in holders for p in t.children if p.lower_ == "for" for w in p.subtree if w.pos_ in _CONTENT
            ]
            if reasons:
                return any(_any_base(w, lex.courtesy_reasons) for w in reasons)
            if head not in thanks:
                return False  # "expressed gratitude to Japan": for what, the sentence does not say
            thanked = [c for c in head.children if c.dep_ in _OBJECTS]
            return all(c.lower_ in lex.courtesy_addressees for c in thanked)
        if _any_base(head, lex.courtesy_welcomes):
            greeted = [c for c in head.children if c.dep_ in _OBJECTS]
            to_place = any(c.lower_ == "to" for c in head.children)
            return (
                to_place
                or not greeted
                or all(c.lower_ in lex.courtesy_addressees or c.ent_type_ == "PERSON" for c in greeted)
            )
        return False

    def _asked(self, item: _Found, role: str) -> bool:
        """What is asked is no event (EVENTS.md): the content of a question's own clause ("Did the two sides
        agree on a date?"), and in a journalist's turn what the journalist does ("I wanted to ask about
        ..."). Background a question gives as fact ("After the ministers met, what comes next?") stays."""
        if role == "journalist" and self._first_person(item):
            return True
        if not item.head.sent.text.rstrip().endswith("?"):
            return False
        return not _in_clause(item.root, _BACKGROUND)

    def _floor(self, item: _Found) -> bool:
        """Whether a request only gives someone the floor ("ask the Secretary to say a few words"): procedure."""
        if item.trigger.type != "REQUEST":
            return False
        for clause in item.head.children:
            if clause.dep_ not in ("xcomp", "ccomp"):
                continue
            particles = [
                c.lower_ for c in clause.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == clause.i + 1)
            ]
            act = " ".join([clause.lemma_.lower(), *particles[:1]])  # "speak", "come up"; not "speak out"
            if act in self.lexicon.floor_acts:
                return True
        return False

    def _refused(self, item: _Found) -> bool:
        """A negated future or conditional ("will not", "would not", "won't"): a refusal, not a denial."""
        modals = self.lexicon.planned_modals | {"would", "'d", "’d"}
        return any(c.dep_ == "aux" and c.lower_ in modals for t in (item.head, *item.chain) for c in t.children)

    def _first_person(self, item: _Found) -> bool:
        """Whether the speaker takes part: "we", "us", "our", "I" as subject or object of the trigger."""
        words = self.lexicon.first_person
        tokens = (item.head, item.root, *item.absorbed)
        return any(
            c.pos_ == "PRON" and c.lower_ in words
            for t in tokens
            for c in t.children
            if c.dep_ != "poss" or t.pos_ in _NOMINAL
        )

    def _obligations(self, sent: Any, found: dict[int, _Found]) -> None:
        """ "X said Peru must free the trawler", "we hope that Peru will free it": X (or we) requests it of
        Peru. The clause's own triggers are what is requested, not events of their own."""
        for token in self._obliged(sent):
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects or (subjects[0].pos_ == "PRON" and subjects[0].lower_ in self.lexicon.first_person):
                continue  # "we must strengthen ties" exhorts, it requests nothing of another
            inside = {t.i for t in token.subtree}
            for i in [i for i in found if i in inside]:
                del found[i]
            found[token.i] = _Found(self.lexicon.obligation, [token], "obligation")

    def _obliged(self, sent: Any) -> Iterator[Any]:
        """The verbs of clauses that ask something of their subject: under "must", or hoped for by someone
        else with "will" or "can" ("we hope the two sides will resume talks")."""
        lex = self.lexicon
        text = sent.text.lower()
        if any(m in text for m in lex.obligation_modals):
            yield from (
                t.head for t in sent if t.lower_ in lex.obligation_modals and t.dep_ == "aux" and t.head.pos_ in _VERBAL
            )
        if any(h in text for h in lex.hope_heads):  # most sentences: no need to look at every word
            for token in sent:
                hoped = token.dep_ == "ccomp" and token.pos_ in _VERBAL and _any_base(token.head, lex.hope_heads)
                if hoped and any(c.dep_ == "aux" and c.lower_ in lex.hoped_modals for c in token.children):
                    yield token

    def _fold_chains(self, found: dict[int, _Found]) -> None:
        """ "agreed to meet": one event of the governing trigger; "ready to provide": the inner one, planned."""
        lex = self.lexicon
        for i in sorted(found, key=lambda i: -_depth(found[i].head)):
            item = found.get(i)
            if item is None or item.kind not in ("verb", "object"):
                continue
            token = item.head
            if token.dep_ == "conj" and token.head.dep_ in ("xcomp", "ccomp"):
                token = token.head  # "declined to let the ships dock and unload ...": as its first verb
            while token.dep_ in ("xcomp", "acomp", "ccomp") and token.head.i != token.i:
                if token.dep_ == "ccomp" and _any_base(token.head, lex.wish_heads):
                    # "Oslo wants Chile to expel the envoy", "hopes that Italy will ..." (lemmatised "hop"):
                    # only wished, unless the subject acts itself
                    item.wished = item.wished or any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
                if token.dep_ == "ccomp" and token.head.i not in found:
                    break
                governor = token.head
                if governor.i in found and found[governor.i].kind in ("verb", "object"):
                    outer = found[governor.i]
                    if outer.trigger is lex.intent and item.trigger.type in lex.hostile_types:
                        # "ready to retaliate" is a threat of what follows, not an offer
                        outer.trigger = Trigger("THREATEN")
                    outer.absorbed.append(item.head)
                    outer.absorbed.extend(item.absorbed)
                    if outer.trigger.type == "AGREE" and token.dep_ == "xcomp":
                        outer.planned = True  # what was agreed is yet to happen
                    del found[i]
                    break
                if (
                    _any_base(governor, lex.planned_heads)
                    and token.dep_ != "ccomp"
                    and not self._performed(item.head, governor)
                ):
                    item.planned = True
                item.chain.append(governor)
                token = governor

    def _performed(self, verb: Any, governor: Any) -> bool:
        """ "I want to thank", "we wish to congratulate": the speaker's polite form of a speech act, done now."""
        lex = self.lexicon
        return (
            verb.lemma_.lower() in lex.performatives
            and governor.lemma_.lower() in lex.wish_heads | lex.polite_heads
            and any(c.dep_ == "nsubj" and c.lower_ in lex.first_person for c in governor.children)
        )

    def _fold_manner(self, found: dict[int, _Found]) -> None:
        """ "marched in Valencia, demanding higher wages": a subjectless clause hanging from a
        trigger says how or why, and is no event of its own."""
        for i, item in list(found.items()):
            token = item.head
            subjectless = not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
            if item.kind in ("verb", "object") and token.dep_ == "advcl" and token.head.i in found and subjectless:
                found[token.head.i].absorbed.append(token)
                del found[i]

    def _drop_covered_nouns(self, found: dict[int, _Found], parse: ParagraphParse) -> None:
        """An event noun inside a verb trigger's clause ("signed an agreement") is that verb's event,
        unless it has a date or place of its own ("at their June 29 meeting in Ashgabat").

        A noun kept takes its status from the verbs above it ("will be ready to
        facilitate a treaty" is planned).
        """
        lex = self.lexicon
        covering = {t.i for f in found.values() if f.kind != "noun" for t in (f.head, *f.absorbed)}
        for i, item in list(found.items()):
            if item.kind != "noun":
                continue
            verb = item.head
            while verb.head.i != verb.i and verb.pos_ not in _VERBAL:
                verb = verb.head
                # "voiced hope for closer ties", "the intention to hold talks": yet to happen
                item.planned = item.planned or (verb.pos_ in _NOMINAL and verb.lemma_.lower() in lex.planned_nouns)
            if verb.pos_ not in _VERBAL:
                continue
            if covering & {t.i for t in item.head.ancestors} and not _own_date_or_place(item.head, parse):
                del found[i]  # also below a trigger further up: "declined to pledge any aid"
                continue
            item.chain.append(verb)
            if item.head.head.i == verb.i and item.head.dep_ in ("dobj", "obj"):
                # "the EU is preparing new sanctions", "plans talks": yet to happen
                item.planned = item.planned or verb.lemma_.lower() in self.lexicon.planned_heads
            while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
                if verb.dep_ == "xcomp":  # "we hope to bring our cooperation back": yet to happen
                    item.planned = item.planned or _any_base(verb.head, lex.planned_heads)
                verb = verb.head
                item.chain.append(verb)

    # -- events ---------------------------------------------------------

    def _event(
        self, item: _Found, sent: Any, parse: ParagraphParse, analysis: Analysis, dated: Any, placed: Any
    ) -> Event | None:
        doc = analysis.document
        speaker = analysis.speakers[parse.index]
        if item.trigger.type == "ASSAULT" and item.kind != "noun" and self._by_accident(item):
            return None  # "passengers killed in the ferry accident", "a cyclone killed 90 villagers"
        if item.kind == "adjective":
            source, target = self._accusation(item, parse, analysis)
        elif item.kind == "obligation":
            source, target = self._obligation_actors(item, parse, analysis)
        elif item.kind == "receipt":
            source, target = self._receipt_actors(item, parse, analysis)
        else:
            source, target = self._actors(item, parse, analysis)
        if item.trigger.type == "CONSULT" and len({a.country for a in (*source, *target)}) < 2:
            source, target = [], []  # a meeting takes two: "I am not talking about history" is none
        # Without actors an event says little, unless it is a dated event somewhere ("the June 29 meeting in Ashgabat").
        if not source and not target and not (item.kind == "noun" and dated and placed):
            return None
        if not target and doc.turns[parse.index].kind == "answer" and self._to_questioner(item):
            return None  # "I agree with you", "thank you for your question": a reply, not an act of state
        if item.trigger.type == "PROTEST" and source and not target:
            # A protest with no stated target is aimed at the authorities where it happens.
            where = parse.actors.get(placed.root.i) if placed is not None else None
            target = [Actor(where.country if where else source[0].country, "GOV")]
        status = self._status(item)
        tense = "before" if self._done_before(item) else _tense(item.root, self.lexicon.planned_modals)
        date = date_text = None
        if dated:
            ent, resolved = dated
            if status == "planned" or tense == "future":
                resolved = ahead(resolved, doc.date)  # "will meet in April", said in October: next April
            if not (tense == "past" and doc.date and resolved.start > doc.date and not names_period(ent.text)):
                date, date_text = resolved.value, ent.text
                if status == "asserted" and doc.date and resolved.start > doc.date:
                    status = "planned"
            # else "the following week we imposed sanctions": counted from the story's time, not the document's
        type_ = item.trigger.type
        refusal = status == "negated" and item.kind != "noun" and self._refused(item)
        if refusal and type_ not in self.lexicon.hostile_types:
            type_, status = "REJECT", "asserted"  # "would not lend support": a refusal
        if status == "planned" and item.kind != "noun" and type_ in self.lexicon.threat_types:
            type_ = "THREATEN"  # "wants to invade", "will impose sanctions": force announced is a threat
        story = _story_date(sent, parse, doc.date) if not dated and tense == "past" else None
        if story and status == "asserted":
            date, date_text = story  # "Yesterday the President called the astronauts. He thanked them ..."
        elif not dated and status == "asserted" and self._on_the_day(type_, tense, doc.turns[parse.index].kind):
            date = doc.date
        place = str(placed.text) if placed is not None else None
        if place is None and status == "asserted" and date is not None and date == doc.date:
            place = doc.place
        turn = doc.turns[parse.index]
        return Event(
            type=type_,
            status=status,
            start=parse.offset + sent.start_char,
            end=parse.offset + sent.end_char,
            text=sent.text,
            mode=item.trigger.mode,
            source=source,
            target=target,
            date=date,
            date_text=date_text,
            place=place,
            trigger=" ".join(t.text for t in sorted({*item.tokens, *item.absorbed}, key=lambda t: t.i)),
            turn=parse.index,
            speaker=turn.speaker if speaker is None else speaker.name or turn.speaker,
            role=turn.role,
        )

    def _status(self, item: _Found) -> str:
        lex = self.lexicon
        if item.kind == "obligation" and item.head.dep_ == "ccomp" and _any_base(item.head.head, lex.hope_heads):
            item = _Found(item.trigger, [item.head.head], "verb")  # "we hope X will ...": the hoping is now
        tokens = [item.head, *item.chain]
        if any(c.dep_ == "det" and c.lower_ == "no" for t in item.tokens[1:] for c in t.children):
            return "negated"  # "provided no assistance", "got no support"
        if self._done_before(item):
            return "asserted"  # "readers may recall the earlier talks": the meeting took place
        for token in tokens:
            for child in token.children:
                word = child.lower_
                if child.dep_ == "neg" or (child.dep_ == "det" and word == "no"):
                    return "negated"
                if child.dep_ == "mark" and word in lex.conditional_marks:
                    return "hypothetical"
        if item.wished or (
            item.root.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in item.root.children)
        ):
            return "hypothetical"
        if item.trigger.type not in lex.threat_types and any(
            _condition(child, lex.conditional_marks) for t in tokens for child in t.children
        ):
            return "hypothetical"  # "we will help defend it should it be attacked": a conditional promise
        tokens = _with_coordinated(tokens)  # "they'll continue to fight and urge Congress": as "fight"
        for token in tokens:
            if token.lemma_.lower() in lex.polite_heads:
                continue  # "I would like to thank": a courtesy, not a condition
            for child in token.children:
                if child.dep_ == "aux":
                    if child.lower_ in lex.hypothetical_modals:
                        return "hypothetical"
                    if child.lower_ in lex.planned_modals:
                        return "planned"
                if child.dep_ == "amod" and child.lower_ in lex.future_adjectives:
                    return "planned"
        if item.trigger.type == "AGREE" and _has_infinitive(item.head):
            if item.head.pos_ == "VERB" and item.root is item.head and _tense(item.head, ()) in ("past", "present"):
                return "asserted"  # "we agreed to review", "pledged to provide": the agreeing is done
            return "planned"  # "ready to provide": what is offered is yet to happen
        if _looked_forward(item.head):
            return "planned"  # "we look forward to meeting again"
        return "planned" if item.planned else "asserted"

    def _done_before(self, item: _Found) -> bool:
        """An event noun said to be over: "the recent meeting", "our last talks", "the previous agreement"."""
        words = self.lexicon.past_adjectives
        return item.kind == "noun" and any(c.dep_ == "amod" and c.lower_ in words for c in item.head.children)

    def _on_the_day(self, type_: str, tense: str, turn_kind: str | None) -> bool:
        """Whether an asserted event with no time expression of its own happens on the document's day.

        The speaker's speech acts and the meeting's events do ("we condemn",
        "China supports the draft", "we are meeting here"); a past act does not
        ("Iran attacked Israel", "the US has donated vaccines"), except in the
        publisher's own account of the meeting it reports ("the two leaders held
        talks"); nor force, aid or joint work, which go on ("we are helping Mexico").
        """
        lex = self.lexicon
        if tense == "before" or (tense in ("past", "present") and type_ in lex.ongoing_types):
            return False
        return tense != "past" or turn_kind in lex.meeting_turns

    # -- actors ---------------------------------------------------------

    def _actors(self, item: _Found, parse: ParagraphParse, analysis: Analysis) -> tuple[list[Actor], list[Actor]]:
        lex = self.lexicon
        joint = item.trigger.type in lex.joint_types
        hostile = item.trigger.type in lex.hostile_types
        source: list[Actor] = []
        target: list[Actor] = []
        if item.kind == "noun":
            givers = [] if item.trigger.type in lex.away_types else _after(item.head, lex.giver_prepositions)
            for giver in givers:  # "backing from Paris", "criticism from the Senate"
                source += self._actors_in(giver, parse, analysis, False)
            target += self._partners(item.head, parse, analysis, without=lex.giver_prepositions if source else None)
            for child in item.head.children:
                if child.dep_ == "compound" and child.i in parse.sites:
                    continue  # the venue of "the Geneva talks", "the Minsk agreements"
                if child.dep_ in ("poss", "compound", "amod", "nmod"):
                    source += self._actors_in(child, parse, analysis, joint and not target)
            verb = item.head.head if item.head.dep_ in ("dobj", "obj") else None
            if verb is not None and not source and verb.lemma_.lower() in lex.doer_verbs:
                # "Canada announced sanctions against Russia": who announces, imposes or launches it
                source += self._subject_actors(verb, parse, analysis)
            elif verb is not None and not target and verb.lemma_.lower() in lex.undergoer_verbs:
                # "Iran faces new sanctions", "the convoy came under attack": who suffers it
                target += self._subject_actors(verb, parse, analysis)
            journey = _journey(item.head, lex.errand_prepositions, lex.journey_verbs)
            if journey is not None and not source:
                # "the Chilean president arrived in Lima on a state visit", "Lavrov flew to Baku for talks":
                # the traveller holds the meeting, and the place reached is the host.
                source += self._subject_actors(journey, parse, analysis)
                if not target:
                    target += [
                        actor
                        for prep in journey.children
                        if prep.dep_ == "prep" and prep.lower_ in lex.destination_prepositions
                        for pobj in prep.children
                        if (actor := parse.actors.get(pobj.i)) is not None
                    ]
        else:
            root = item.root
            own = frozenset(t.i for t in item.tokens)
            for token in sorted({item.head, *item.tokens[1:]}, key=lambda t: t.i):
                target += self._partners(token, parse, analysis, hostile, own=own)
            if not target:
                # "agreed to meet with Baku"; but "asked Japan to assist Vietnam" asks Japan
                for token in item.absorbed:
                    target += self._partners(token, parse, analysis, hostile)
            if not target:
                # "insisted that Canada withdraw ...", "urged that Iran stop ...": who is to act is the target;
                # "threatened to halt trade if Brazil ...": whoever the condition is on.
                for clause in _target_clauses(item, self.lexicon.conditional_marks):
                    target += [a for c in _subjects_of(clause) for a in self._actors_in(c, parse, analysis, False)]
            # "we agreed" is both parties only when no partner is named ("we talked with the Prime Minister").
            together = joint and not target
            for child in _subjects_of(root):
                if child.dep_ in _SUBJECTS:
                    subject = child.head.head if child.lower_ in _RELATIVE and child.head.dep_ == "relcl" else child
                    if subject.lower_ in _THIRD_PERSON and root.dep_ == "ccomp":
                        # "The Malian junta said they will free ...": they are who said so.
                        subject = next(iter(_subjects_of(root.head)), subject)
                    source += self._actors_in(subject, parse, analysis, together)
                elif child.dep_ == "nsubjpass" and _stative(root, lex.stative_passives):
                    # "Ghana is committed to reforming its ports": a state of the subject's own, not done to it.
                    source += self._actors_in(child, parse, analysis, together)
                elif child.dep_ == "nsubjpass":
                    target += self._actors_in(child, parse, analysis, together)
                elif child.dep_ == "agent":
                    for pobj in child.children:
                        source += self._actors_in(pobj, parse, analysis, together)
            if hostile and root.dep_ == "acl" and root.tag_ == "VBN" and root.head.pos_ in _NOMINAL:
                # A past participle tells what befell its noun: "three Kenyan officers killed in Somalia".
                # (Not a friendly verb, where the parser takes "a weekly called on Europeans" for one.)
                target += self._actors_in(root.head, parse, analysis, together)
            elif not source and root.dep_ in ("relcl", "acl") and root.head.pos_ in _NOMINAL:
                source += self._actors_in(root.head, parse, analysis, together)
        means = self._means(item, parse) if item.kind != "noun" and hostile else []
        if means:
            # "killed in Turkish artillery fire": the weapon's country attacks, it is not attacked
            source = source or means
            target = [a for a in target if a not in means]
        home = self._home_of(item, parse, analysis)
        bodies = _unique(_placed_at([a for a in target if a.country is None], home))
        source, target = _unique(_placed_at(source, home)), _unique(target)
        named = bool(target)  # a party of a known country, which the rules below may yet take away
        if source:
            target = _without_makers(item, parse, source, target)
        in_person = self._in_person(item)
        if source and (joint or in_person):
            target = [a for a in target if a not in source]  # "we ... our investigation": no one else
        if not target and not named:
            target = bodies  # "we are working with the ministry": a body of our own is someone else
        if not target and item.kind != "noun" and not (joint and len(source) >= 2):
            target = self._farther(item, parse, source, in_person)
        if not source and item.kind != "noun" and item.trigger.type not in lex.unattributed_types:
            source = _only_country(item, parse)
            if item.trigger.type in lex.outward_types and any(a.country == s.country for a in target for s in source):
                # One thanks, helps or meets another, not oneself: "The ministry thanked Japan for
                # its help" leaves the ministry unknown. (A ban, an arrest or a demand may be one's
                # own affair: "the governor threatened to detain Peruvian strike leaders".)
                source = []
        if joint and len(source) >= 2 and not target:
            target = list(reversed(source))
        elif joint and not source and len(target) >= 2:
            source, target = target, list(reversed(target))
        if (
            not target
            and not joint
            and not in_person
            and not means
            and item.kind != "noun"
            and _domestic(item, parse, source)
        ):
            target = [Actor(source[0].country)]  # "Bolivian soldiers shot at striking miners": Bolivia's affair
        if (
            not target
            and len({a.country for a in source}) == 1
            and source[0].country
            and not _unknown_place(item, parse)
            and self._home_party(item, parse)
        ):
            # "we are working with the ministry on this", "the governor warned local farmers": a party named that
            # is no foreign actor is of the source's own country (a party not named at all stays unknown)
            target = [Actor(source[0].country)]
        return source, target

    def _home_of(self, item: _Found, parse: ParagraphParse, analysis: Analysis) -> str | None:
        """The country a body named without one belongs to ("the Construction Ministry", "the governor"):
        the speaker's, when the sentence names no other country and no place that may be abroad."""
        speaker = analysis.speakers[parse.index]
        if speaker is None or speaker.country is None or _unknown_place(item, parse):
            return None
        return speaker.country if _sentence_countries(item, parse) <= {speaker.country, None} else None

    def _home_party(self, item: _Found, parse: ParagraphParse) -> bool:
        """Whether the trigger names a party that is no actor: a partner after a preposition ("working with
        the ministry"), or an object that is a person or body by its name or a pronoun ("warned them")."""
        for token in item.tokens:
            for child in token.children:
                if child.dep_ in ("dobj", "dative", "iobj") and (child.pos_ == "PRON" or child.ent_type_ in _BODIES):
                    words = [child]
                elif child.dep_ == "prep" and child.lower_ in self.lexicon.home_party_prepositions:
                    words = [g for g in child.children if g.dep_ == "pobj" and g.pos_ in _PARTNER_POS]
                else:
                    continue
                if any(self._at_home(word, parse) for word in words):
                    return True
        return False

    def _at_home(self, word: Any, parse: ParagraphParse) -> bool:
        lex = self.lexicon
        if word.pos_ == "PRON" and word.lower_ in lex.thing_pronouns | lex.first_person | lex.second_person:
            return False  # a thing, or the speaker or listener, who are resolved or unknown
        if word.ent_type_ and word.ent_type_ not in _BODIES:
            return False  # a treaty, an event, a date: not a party
        return not (word.i in parse.actors or word.i in parse.places or word.i in parse.sites)

    def _by_accident(self, item: _Found) -> bool:
        """Whether what killed or destroyed was an accident or a natural disaster: the subject, or the
        object of "by" / "in", is one."""
        accidents = self.lexicon.accidents
        causes = [c for c in item.head.children if c.dep_ in ("nsubj", "csubj")]
        causes += [g for c in item.head.children if c.dep_ in ("agent", "prep") for g in c.children if g.dep_ == "pobj"]
        return any(c.lemma_.lower() in accidents for c in causes)

    def _means(self, item: _Found, parse: ParagraphParse) -> list[Actor]:
        """The countries of the weapons or forces a hostile act was done with or by ("killed in
        Russian air strikes", "wounded by Israeli fire"): modifiers of a means noun after a
        preposition of the trigger."""
        lex = self.lexicon
        found = []
        for token in (item.head, *item.absorbed):
            for prep in token.children:
                if prep.dep_ not in ("prep", "agent") or prep.lower_ not in lex.means_prepositions:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj" or pobj.lemma_.lower() not in lex.means_nouns:
                        continue
                    modifiers = [c for c in pobj.children if c.dep_ in ("amod", "compound", "poss")]
                    found += [a for m in (pobj, *modifiers) if (a := parse.actors.get(m.i)) is not None]
        return _unique(found)

    def _in_person(self, item: _Found) -> bool:
        """Whether the sentence speaks as "I"/"we" or to "you"."""
        words = self.lexicon.first_person | {"you"}
        return any(t.pos_ == "PRON" and t.lower_ in words for t in item.head.sent)

    def _farther(self, item: _Found, parse: ParagraphParse, source: list[Actor], in_person: bool) -> list[Actor]:
        """Actors further down the trigger's own phrase when no object names one: "send engineers
        to a mission in South Sudan", "renewal of the mandate for the monitors in Kosovo"."""
        found: list[Actor] = []
        skip = {t.i for subject in _subjects_of(item.root) for t in subject.subtree}
        if item.head.lemma_.lower() in named_things()["topic"]:
            skip |= {t.i for o in _direct_objects(item.head) for t in o.subtree}  # "discussed Syria"
        # the speaker's own state is no partner of theirs ("we cannot create rules for ... the Russian Federation")
        own = {a.country for a in source} if in_person else set()
        for tok in _farther_words(item.head, self.lexicon.attribution_prepositions):
            if tok.i in skip or tok.i in parse.makers:
                continue  # a weapon's maker is not aimed at: "attacked militants with Israeli missiles"
            actor = parse.actors.get(tok.i)
            if actor is not None and actor not in source and not (own and actor.country in own):
                found.append(actor)
        return _unique(found)[:1]

    def _obligation_actors(
        self, item: _Found, parse: ParagraphParse, analysis: Analysis
    ) -> tuple[list[Actor], list[Actor]]:
        """Who must act is the target; the source is whoever says so: the subject of the reporting
        verb ("Chile said Peru must ..."), else the speaker."""
        verb = item.head
        target = [
            a
            for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for a in self._actors_in(c, parse, analysis, False)
        ]
        source: list[Actor] = []
        if verb.dep_ in ("ccomp", "parataxis") and verb.head.i != verb.i:
            source = [a for c in _subjects_of(verb.head) for a in self._actors_in(c, parse, analysis, False)]
        elif verb.dep_ == "ROOT":
            speaker = analysis.speakers[parse.index]
            source = [_state(speaker)] if speaker is not None and speaker.country else []
        source, target = _unique(source), _unique(target)
        return source, [a for a in target if a not in source]

    def _receipt_actors(
        self, item: _Found, parse: ParagraphParse, analysis: Analysis
    ) -> tuple[list[Actor], list[Actor]]:
        """The giver (after "from") is the source, the receiver (the subject) the target."""
        givers = [g for t in item.tokens for g in _after(t, self.lexicon.giver_prepositions)]
        source = [a for giver in givers for a in self._actors_in(giver, parse, analysis, False)]
        target = self._subject_actors(item.root, parse, analysis)
        return _unique(source), _unique(target)

    def _partners(
        self,
        token: Any,
        parse: ParagraphParse,
        analysis: Analysis,
        hostile: bool = False,
        without: frozenset[str] | None = None,
        own: frozenset[int] = frozenset(),
    ) -> list[Actor]:
        """Actors of a token's objects and of its prepositional phrases that name a partner or target
        ("at" too for hostile acts: "fired rockets at the embassy"; ``without`` some). An
        object that is part of the trigger (``own``: "held a meeting in Osaka") names no one by
        where or when it was."""
        prepositions = (self.lexicon.target_prepositions | ({"at"} if hostile else set())) - (without or set())
        phrases = []
        gerunds = []
        if token.dep_ == "prep":  # the preposition of a phrasal trigger: "fired at Russia"
            phrases += [p for p in token.children if p.dep_ == "pobj"]
        preps = []
        # what is discussed is a topic, not a partner: "discussed Syria with Turkey"
        topical = token.lemma_.lower() in named_things()["topic"]
        for child in token.children:
            if child.dep_ in _OBJECTS and child.pos_ not in _VERBAL:
                if not topical:
                    phrases.append(child)
                preps += [g for g in child.children if g.dep_ == "prep" and g.lower_ in prepositions]
            elif child.dep_ == "prep" and child.lower_ in prepositions:
                preps.append(child)
        for prep in preps:
            for g in prep.children:
                if _proposition(g):
                    continue  # a reason: "jailed for protesting against Russia"
                if _gerund(g):
                    gerunds.append(g)
                elif g.lemma_.lower() not in self.lexicon.occasions:
                    phrases.append(g)  # not an occasion: "met on the sidelines of the Osaka summit"
        # A gerund's own objects only where nothing else is named: "rejection of being included in
        # a US list" is aimed at the US, "accused Paris of blocking ... for Chad" not at Chad.
        for group in (phrases, gerunds):
            named: list[Actor] = []
            ours: list[Actor] = []
            for phrase in group:
                found, possessed = self._actor_parts(phrase, parse, analysis, False, phrase.i in own)
                named += found
                ours += possessed
            if named or ours:
                return named or ours
        return []

    def _subject_actors(self, verb: Any, parse: ParagraphParse, analysis: Analysis) -> list[Actor]:
        """Actors named by the verb's subjects (or those of the verb it hangs from)."""
        return [
            a for c in _subjects_of(verb) if c.dep_ in _SUBJECTS for a in self._actors_in(c, parse, analysis, False)
        ]

    def _actors_in(self, token: Any, parse: ParagraphParse, analysis: Analysis, joint: bool) -> list[Actor]:
        """Actors named in a phrase (conjuncts included, clauses left out); pronouns by the speaker."""
        named, ours = self._actor_parts(token, parse, analysis, joint)
        return named or ours

    def _actor_parts(
        self, token: Any, parse: ParagraphParse, analysis: Analysis, joint: bool, event: bool = False
    ) -> tuple[list[Actor], list[Actor]]:
        """Actors a phrase names, and apart from them those only its possessive "our" gives: "our
        Azerbaijani friends" are Azerbaijan, "our delegations" are the speaker's. The phrase of an
        ``event`` noun, or of a state's forces, names no one by its place or time."""
        lex = self.lexicon
        speaker = analysis.speakers[parse.index]
        named: list[Actor] = []
        ours: list[Actor] = []
        people: list[Actor] = []  # "Tamils", "Serbian militiamen"
        placed: list[Actor] = []  # "... of northern Sri Lanka", "... in Bosnia"
        addressed: list[tuple[list[Actor], Actor]] = []  # "you", unless the phrase names the same state
        # "Turkish troops in Iraq": a state's forces are not where they act, nor is "Spain's King ...
        # in Rabat" (a people, though, is where it lives: "Serbian militiamen in Bosnia")
        owners = lex.means_nouns | named_things()["organ"]  # "Turkish troops", "the Chinese embassy in Gabon"
        owned = any(
            (c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and token.lemma_.lower() in owners))
            and c.i in parse.actors
            for c in token.children
        )
        for tok in _phrase(token, parse.actors, event or owned, lex.occasions):
            if event and tok.dep_ == "compound" and tok.head.i == token.i and tok.i in parse.sites:
                continue  # "held the Astana talks": Astana is where, not with whom
            actor = parse.actors.get(tok.i)
            if actor is not None:
                named.append(actor)
                if tok.ent_type_ == "NORP" and tok.head.lemma_.lower() not in lex.means_nouns:
                    people.append(actor)  # not a state's forces or weapons: "Turkish troops in Iraq"
                elif tok.ent_type_ == "GPE" and tok.head.dep_ == "prep" and tok.head.lower_ in ("of", "in"):
                    placed.append(actor)
                continue
            word = tok.lower_
            if tok.pos_ == "PRON" and speaker is not None and speaker.country:
                group = ours if tok.dep_ == "poss" else named
                if word in lex.first_plural:
                    group += analysis.parties if joint and len(analysis.parties) >= 2 else [_state(speaker)]
                elif word in lex.first_singular:
                    group.append(speaker)
                elif word in lex.second_person and (addressee := self._addressee(tok, parse, analysis, speaker)):
                    addressed.append((group, addressee))
            elif _parties_word(tok, lex.parties, parse):
                named += _parties_meant(tok, parse, analysis)
            elif tok.pos_ == "PRON" and word in lex.third_person and (found := _antecedent(tok, parse, analysis)):
                named.append(found)  # "The Chancellor spoke first. She called for ...": the Chancellor
        for group, addressee in addressed:
            if all(a.country != addressee.country for a in (*named, *ours)):
                group.append(addressee)
        if people and placed:
            # A people where it lives is coded by the place: "the Tamils of northern Sri Lanka" are Sri Lanka's.
            named = [a for a in named if a not in people]
        return named, ours

    def _to_questioner(self, item: _Found) -> bool:
        """Whether the trigger's object, or the object of its preposition, is "you" ("agree with you")."""
        you = self.lexicon.second_person
        for token in (item.head, *item.tokens[1:]):
            for child in token.children:
                if child.dep_ in _OBJECTS and child.lower_ in you:
                    return True
                if child.dep_ == "prep" and any(g.dep_ == "pobj" and g.lower_ in you for g in child.children):
                    return True
        return False

    def _addressee(self, tok: Any, parse: ParagraphParse, analysis: Analysis, speaker: Actor) -> Actor | None:
        """Whom an official's "you" stands for: the other state of two-party talks, when the turn is a
        statement and the last address before the word is to a person, not to the room ("Mr President,"
        but not "Mr President, ladies and gentlemen," nor a closing "Thank you for your attention")."""
        turn = analysis.document.turns[parse.index]
        if turn.role != "official" or turn.kind not in ("statement", "remark"):
            return None  # an answer's "you" is the questioner, a question's the official
        others = {p.country for p in analysis.parties} - {speaker.country}
        if not others and _among_colleagues(analysis, speaker):
            others = {speaker.country}  # a minister reporting to their president: "I ask that you ..."
        elif len(others) != 1 or len(analysis.parties) != 2:
            return None
        lex = self.lexicon
        sentence = tok.sent.text
        if lex.audience.search(sentence) or " ".join(re.findall(r"\w+", sentence.lower())) in lex.closing_courtesies:
            return None
        text = analysis.document.text
        addresses = list(lex.address.finditer(text, turn.start, parse.offset + tok.idx))
        if not addresses:
            # no one addressed yet: at a meeting where the other party speaks too, "I want to thank
            # you for your leadership" speaks to them (a bare "Thank you, Mr President" is a courtesy)
            other = next(iter(others))
            spoken = any(c.dep_ == "nsubj" and c.lower_ in lex.first_person for c in tok.sent)
            return Actor(other, "GOV") if spoken and _speaks(other, analysis, speaker) else None
        if addresses[-1].group("audience"):
            return None
        line_end = text.find("\n", addresses[-1].start())
        opening = text[addresses[-1].start() : line_end if line_end >= 0 else turn.end]
        if lex.audience.search(opening.split(".")[0]):
            return None  # "Mr President, ladies and gentlemen, ..." speaks to the room
        return Actor(others.pop(), "GOV")

    def _accusation(self, item: _Found, parse: ParagraphParse, analysis: Analysis) -> tuple[list[Actor], list[Actor]]:
        """An official calling another actor "Russophobic": speaker's state accuses that actor."""
        speaker = analysis.speakers[parse.index]
        if speaker is None or not speaker.country:
            return [], []
        token = item.head
        target = self._actors_in(token.head, parse, analysis, False) if token.dep_ == "amod" else []
        clause = token
        while clause.head.i != clause.i and clause.pos_ not in _VERBAL:
            clause = clause.head
        if not target:
            for child in _subjects_of(clause):
                if child.dep_ in _SUBJECTS or child.dep_ == "nsubjpass":
                    target += self._actors_in(child, parse, analysis, False)
        target = [a for a in _unique(target) if a.country != speaker.country]
        return ([_state(speaker)], target) if target else ([], [])


def _without_makers(item: _Found, parse: ParagraphParse, source: list[Actor], target: list[Actor]) -> list[Actor]:
    """Targets but for states named only as the maker of a weapon the source used ("India fired
    Israeli-made missiles at Pakistani posts" is not aimed at Israel)."""
    sent = item.head.sent
    mentions: dict[str | None, set[bool]] = {}
    for i, actor in parse.actors.items():
        if sent.start <= i < sent.end:
            mentions.setdefault(actor.country, set()).add(i in parse.makers)
    makers = {c for c, kinds in mentions.items() if kinds == {True}} - {a.country for a in source}
    return [a for a in target if a.country not in makers]


def _speaks(country: str, analysis: Analysis, speaker: Actor) -> bool:
    """Whether an official of ``country`` other than ``speaker`` has a turn of the document."""
    turns = analysis.document.turns
    return any(
        s is not None and s.country == country and t.role == "official" and s.name != speaker.name
        for t, s in zip(turns, analysis.speakers, strict=False)
    )


def _among_colleagues(analysis: Analysis, speaker: Actor) -> bool:
    """A meeting of one state's officials with no press in it (a president and a minister): the other
    official is who "you" is."""
    parties = {p.country for p in analysis.parties}
    turns = analysis.document.turns
    return (
        parties == {speaker.country}
        and not any(t.role == "journalist" for t in turns)
        and _speaks(speaker.country or "", analysis, speaker)
    )


def _any_base(token: Any, words: frozenset[str]) -> bool:
    """Whether one of the token's forms (``_bases``) is in ``words``."""
    return any(form in words for form in _bases(token))


def _covers(event: Event, other: Event) -> bool:
    """Whether ``event`` says all ``other`` says of the same act: same type, status and source, and
    more targets, of which ``other``'s are some."""
    targets = {a.country for a in event.target}
    return (event.type, event.status, event.source) == (other.type, other.status, other.source) and {
        a.country for a in other.target
    } < targets


def _sentence_countries(item: _Found, parse: ParagraphParse) -> set[str | None]:
    """The countries of the actors named in the trigger's sentence (``None`` for an actor without one)."""
    sent = item.head.sent
    return {a.country for i, a in parse.actors.items() if sent.start <= i < sent.end}


def _tense(verb: Any, planned_modals: Container[str]) -> str:
    """The tense of the clause of ``verb``, from the verb and its auxiliaries: "past" ("attacked", "has
    provided", "was signed", "did meet"), "present" ("supports", "is meeting"), "future" ("will meet"),
    "modal" ("could meet") or "none" (an infinitive or participle with no finite verb above it).

    A verb coordinated with an earlier one and without a subject of its own has that one's tense
    ("met and signed", "will fight and urge").
    """
    while verb.dep_ == "conj" and verb.head.i != verb.i and not _own_clause(verb):
        verb = verb.head
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.lower_ != "to"]
    if not auxiliaries and verb.tag_ in ("VB", "VBG", "VBN") and verb.dep_ in _NONFINITE:
        governor = verb.head
        while governor.pos_ not in _VERBAL and governor.head.i != governor.i:
            governor = governor.head
        if governor.i != verb.i and governor.pos_ in _VERBAL:
            return _tense(governor, planned_modals)  # "has done its best in helping Kenya": as "has done"
    for aux in auxiliaries:
        if aux.tag_ == "MD":
            return "future" if aux.lower_ in planned_modals else "modal"
    if any(aux.lemma_.lower() == "have" and aux.tag_ != "VB" for aux in auxiliaries):
        return "past"  # "has provided", "had met"
    for tag in [aux.tag_ for aux in auxiliaries] or [verb.tag_]:
        if tag == "VBD":
            return "past"
        if tag in ("VBZ", "VBP"):
            return "present"
    return "none"


def _story_date(sent: Any, parse: ParagraphParse, today: str | None) -> tuple[str, str] | None:
    """The one past date of the sentence before ``sent`` in its paragraph, as (value, text), if it has one."""
    if sent.start == 0:
        return None
    before = sent.doc[sent.start - 1].sent
    found = {
        (resolved.value, ent.text)
        for ent, resolved in parse.dates.values()
        if before.start <= ent.start < before.end and today is not None and resolved.end < today
    }
    return found.pop() if len({value for value, _ in found}) == 1 else None


def _with_coordinated(tokens: list[Any]) -> list[Any]:
    """The tokens and, for a verb coordinated without a subject or auxiliary of its own, the verb it
    shares them with ("will fight and urge")."""
    out = list(tokens)
    for token in tokens:
        while token.dep_ == "conj" and token.pos_ in _VERBAL and token.head.i != token.i and not _own_clause(token):
            token = token.head
            out.append(token)
    return out


def _condition(clause: Any, marks: Container[str]) -> bool:
    """Whether a clause hanging from a trigger is its condition: "if Iran responds", "unless ...", or
    inverted, "should Iran respond" (which the parser may also attach as a complement)."""
    if clause.dep_ not in ("advcl", "ccomp"):
        return False
    children = list(clause.children)
    if clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in marks and c.lower_ != "whether" for c in children
    ):
        return True
    first = clause.doc[clause.left_edge.i]
    subject = next((c.i for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (
        subject is not None
        and first.head.i == clause.i
        and first.dep_ == "aux"
        and first.lower_ in ("should", "were", "had")
        and first.i < subject
    )


def _looked_forward(token: Any) -> bool:
    """Whether a trigger is what someone looks forward to: "look forward to working with you", "to our talks"."""
    for _ in range(3):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.lower_ == "to" and token.head.lemma_.lower() == "look":
            return any(c.lower_ == "forward" for c in token.head.children)
        if token.pos_ in _VERBAL:
            return False
    return False


# Where a verb without tense of its own hangs from another clause, which gives it its time.
_NONFINITE = frozenset({"pcomp", "advcl", "xcomp", "acl", "pobj", "conj"})


def _own_clause(verb: Any) -> bool:
    """Whether a verb has a subject or auxiliary of its own ("we met and they will sign")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)


def _stative(verb: Any, participles: frozenset[str]) -> bool:
    """A passive that tells the subject's own stance ("is committed to"), with no one else doing it."""
    stance = _any_base(verb, participles)  # "slated" (lemmatised "slat") too
    return stance and not any(child.dep_ == "agent" for child in verb.children)


def _journey(noun: Any, prepositions: frozenset[str], verbs: frozenset[str]) -> Any:
    """The verb of a journey a meeting noun is the errand of: "came to Lima on a visit"."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in prepositions and prep.head.lemma_ in verbs:
        return prep.head
    return None


def _domestic(item: _Found, parse: ParagraphParse, source: list[Actor]) -> bool:
    """Whether a third party's act names no country but its own: PLOVER codes it on that country.
    (Not where the speaker or the listener takes part: "we are ready to provide ...", "we have to
    complete our investigation" leave their partner unsaid; the caller checks.) A place the sentence
    names that no country is known for may be abroad: "Russian troops killed 20 people near Bakhmut"."""
    if len({a.country for a in source}) != 1 or source[0].country is None or _unknown_place(item, parse):
        return False
    return _sentence_countries(item, parse) <= {source[0].country}


def _placed_at(actors: list[Actor], home: str | None) -> list[Actor]:
    """Bodies of no known country given ``home`` (when there is one): companies, ministries, officials
    take their country (EVENTS.md)."""
    return actors if home is None else [a if a.country else Actor(home, a.sector, a.name) for a in actors]


def _unknown_place(item: _Found, parse: ParagraphParse) -> bool:
    """Whether the sentence names a place no country is known for: it may be abroad."""
    sent = item.head.sent
    return any(sent.start <= i < sent.end and i not in parse.actors for i in parse.places)


def _only_country(item: _Found, parse: ParagraphParse) -> list[Actor]:
    """The country of a subject nobody resolved ("Governor Ana Ruiz threatened to detain
    Peruvian strike leaders", "village chiefs urged ... the Ghanaian Health Ministry"):
    the sentence's only country, when it names exactly one."""
    if not any(c.dep_ == "nsubj" and c.pos_ in _NOMINAL for c in _subjects_of(item.root)):
        return []
    countries = _sentence_countries(item, parse) - {None}
    return [Actor(countries.pop())] if len(countries) == 1 else []


def _bases(token: Any) -> tuple[str, ...]:
    """The token's lemma and its lower-case form with regular endings undone: the small model's
    lemmatiser sometimes errs ("staged" -> "stag")."""
    word, lemma = token.lower_, token.lemma_.lower()
    forms = [lemma, word]
    for suffix, added in _ENDINGS:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms.append(stem + added)
            if added == "" and len(stem) > 3 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # "stopped" -> "stop"
    return tuple(dict.fromkeys(forms))


_ENDINGS = (
    ("ied", "y"),
    ("ies", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("es", ""),
    ("s", ""),
    ("ing", ""),
    ("ing", "e"),
)


_EMBEDDING = frozenset({"relcl", "acl", "advcl", "pcomp", "csubj", "csubjpass", "amod", "nmod", "appos"})


def _embedded(item: _Found) -> bool:
    """Whether the event sits in a clause that modifies something else rather than being reported."""
    return _in_clause(item.root if item.kind != "noun" else (item.chain[-1] if item.chain else item.head), _EMBEDDING)


def _in_clause(token: Any, relations: frozenset[str]) -> bool:
    """Whether the token, or a word on its path up to the root, hangs from its head by one of ``relations``."""
    while token.head.i != token.i:
        if token.dep_ in relations:
            return True
        token = token.head
    return False


def _target_clauses(item: _Found, conditions: frozenset[str]) -> Iterator[Any]:
    """Clauses whose subject is the one an event is aimed at: a complement, or a condition."""
    complements = [c for c in item.head.children if c.dep_ == "xcomp"]  # "threatened to close ... if"
    for token in (item.head, *item.absorbed, *complements):
        for child in token.children:
            conditional = any(c.dep_ == "mark" and c.lower_ in conditions for c in child.children)
            if child.dep_ == "ccomp" or (child.dep_ == "advcl" and conditional):
                yield child


def _after(token: Any, prepositions: frozenset[str]) -> list[Any]:
    """The objects of the token's prepositional phrases with one of ``prepositions``."""
    return [
        pobj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in prepositions
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _has_infinitive(token: Any) -> bool:
    return any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in token.children
    )


def _subjects_of(verb: Any) -> list[Any]:
    """The verb's own subject dependents, or, for a conjoined verb, a complement or a participle without
    one, those of the word it hangs from ("the EU has gone through ... and has taken on ...", "France is
    ready to", "the State Department issued a report, criticizing China")."""
    while True:
        children = [c for c in verb.children if c.dep_ in _SUBJECTS or c.dep_ in ("nsubjpass", "agent")]
        if children or verb.dep_ not in ("conj", "acomp", "xcomp", "advcl") or verb.head.i == verb.i:
            return children
        verb = verb.head


def _own_date_or_place(token: Any, parse: ParagraphParse) -> bool:
    """Whether a date or place expression hangs from ``token`` before reaching any verb."""
    places = [root for root, ent in parse.places.items() if _is_place_phrase(ent)]
    for root in (*parse.dates, *places):
        node = parse.doc[root]
        while node.head.i != node.i and node.pos_ not in _VERBAL:
            node = node.head
            if node.i == token.i:
                return True
    return False


def _object_words(child: Any) -> Iterator[Any]:
    """Words that can complete a light verb: its object, particle, or a preposition's object, and the
    words compounded with it."""
    if child.dep_ in ("dobj", "obj", "nsubjpass", "attr", "oprd", "prt", "dative", "acomp"):
        heads = [child]
    elif child.dep_ in ("prep", "agent"):
        heads = [g for g in child.children if g.dep_ == "pobj"]
    else:
        return
    for head in heads:
        yield head
        # "halted mediation attempts", "declared martial law": the modifier says what happened
        yield from (g for g in head.children if g.dep_ in ("compound", "amod") and g.i < head.i)


def _direct_objects(token: Any) -> list[Any]:
    return [c for c in token.children if c.dep_ in ("dobj", "obj")]


def _object_is_actor(token: Any, parse: ParagraphParse, givers: frozenset[str] = frozenset()) -> bool:
    """For "meet", "receive": no object ("we met"), or one naming an actor or a person, outside
    the phrases of the ``givers`` prepositions ("received a letter from Armenia" names no one)."""
    objects = _direct_objects(token)
    if not objects:
        return True
    for o in objects:
        skip = {t.i for c in o.children if c.dep_ == "prep" and c.lower_ in givers for t in c.subtree}
        if o.pos_ in ("PRON", "PROPN") or any(t.i in parse.actors and t.i not in skip for t in o.subtree):
            return True
    return False


def _farther_words(token: Any, attribution: frozenset[str]) -> Iterator[Any]:
    """The words below a trigger, left to right, but for clauses that state something else ("agreed
    that it is necessary to continue interaction within the 3+3 format"): phrases and the clauses
    modifying them stay ("a mission in South Sudan", "methods used against Kurdish prisoners")."""
    skip = {
        t.i
        for c in token.subtree
        if c.i != token.i and (_proposition(c) or (c.dep_ == "prep" and c.lower_ in attribution))
        for t in c.subtree
    }
    return (t for t in token.subtree if t.i != token.i and t.i not in skip)


def _proposition(token: Any) -> bool:
    """A clause of its own: a complement, a parataxis, or an adverbial clause with its own subject or
    conjunction ("because fuel was smuggled"), or a gerund giving a reason or a time ("jailed for
    writing against Beijing", "after meeting Lavrov"); a purpose ("to voice their anger at ...")
    is not, nor what a gerund after another preposition says ("rejection of being listed by the US")."""
    if token.dep_ in ("ccomp", "parataxis", "csubj"):
        return True
    if _gerund(token) and token.head.lower_ in _REASONS:
        return True
    return token.dep_ == "advcl" and any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children)


def _gerund(token: Any) -> bool:
    """A verb after a preposition: "of being included", "for protesting"."""
    return token.dep_ == "pcomp" and token.pos_ in _VERBAL


def _phrase(
    token: Any, named: Mapping[int, Actor] | None = None, event: bool = False, occasions: Container[str] = ()
) -> Iterator[Any]:
    """The tokens of a phrase without its clauses: a walk that skips clausal dependents, and places
    and times below the phrase's head ("a consensus ... at their meeting in Ashgabat" names no one
    in Ashgabat, while "observers in Yemen" are there for Yemen), or below a head that is an
    ``event`` or itself ``named`` as a person or a state's ("King Felipe VI in Rabat" is
    Spain's king, not Morocco; "the Democratic Progressive Party in Taiwan" is Taiwan's), and no
    ``occasions`` ("a meeting on the sidelines of the Osaka summit")."""
    known = named.get(token.i) if named is not None else None
    anchored = event or (known is not None and bool(known.country or known.name))
    stack = [token]
    while stack:
        tok = stack.pop()
        yield tok
        where_when = tok.i != token.i or anchored
        stack.extend(
            c
            for c in tok.children
            if c.dep_ not in _CLAUSAL
            and not (c.dep_ == "prep" and c.lower_ in _WHERE_WHEN and where_when)
            and not (c.dep_ == "prep" and any(g.lemma_.lower() in occasions for g in c.children))
        )


_REASONS = frozenset({"for", "after", "before", "while", "since", "despite", "without"})
_WHERE_WHEN = frozenset({"in", "at", "during", "since", "after", "before", "within", "throughout", "until", "near"})


def _parties_word(token: Any, words: frozenset[str], parse: ParagraphParse) -> bool:
    """ "the parties", "both sides" — but "the German and Italian sides" name theirs, and so do
    "the European states" or "the Baltic countries", whether or not their name is an actor."""
    return (
        token.pos_ == "NOUN"
        and token.lemma_.lower() in words
        and _definite(token)
        and not any(t.i in parse.actors for t in token.children)
        and not any(t.dep_ in ("amod", "compound") and t.text[:1].isupper() for t in token.children)
    )


def _antecedent(token: Any, parse: ParagraphParse, analysis: Analysis) -> Actor | None:
    """The actor a third-person pronoun stands for: the last one named before its sentence in the turn,
    a person for "he" and "she", a state, people or body for "they". Within its own sentence the
    parse links a pronoun to its subject already ("The junta said they ...")."""
    person = token.lower_ in _PERSONAL
    paragraphs = [p for p in analysis.paragraphs if p.index == parse.index and p.offset <= parse.offset]
    for earlier in reversed(paragraphs):
        before = token.sent.start if earlier is parse else len(earlier.doc)
        for i in sorted((i for i in earlier.actors if i < before), reverse=True):
            if (earlier.doc[i].ent_type_ == "PERSON") == person:
                return earlier.actors[i]
    return None


def _parties_meant(token: Any, parse: ParagraphParse, analysis: Analysis) -> list[Actor]:
    """Whom "the parties", "both sides" mean: the states acting in the same sentence, else in the
    nearest sentence before it in the paragraph that has two ("Armenia and Azerbaijan met at the
    border commission. The parties agreed to meet again"); else the document's parties."""
    sent = token.sent
    own = {t.i for t in token.subtree}
    sentences = [sent, *reversed([s for s in parse.doc.sents if s.end <= sent.start])]
    for span in sentences:
        found = _unique(
            _state(actor)
            for i, actor in parse.actors.items()
            if span.start <= i < span.end and i not in own and actor.country and _acting(parse.doc[i])
        )
        if len({a.country for a in found}) >= 2:
            return found
    return list(analysis.parties)


_ACTING_PREPOSITIONS = frozenset({"between", "with", "by"})


def _acting(token: Any) -> bool:
    """Whether a name is of an actor of its clause rather than a topic: in its subject ("the leaders of
    Armenia and Azerbaijan met"), or after "between", "with", "by"; not "we discussed Syria"."""
    while token.head.i != token.i:
        dep = token.dep_
        if dep in ("nsubj", "nsubjpass"):
            return True
        if dep == "pobj" and token.head.lower_ in _ACTING_PREPOSITIONS:
            return True
        if dep in ("conj", "cc", "compound", "amod", "poss", "appos", "nmod"):
            token = token.head
        elif dep == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in _NOMINAL:
            token = token.head.head
        else:
            return False
    return False


def _definite(token: Any) -> bool:
    """ "the parties", "both sides", "the two sides" — not "a party"."""
    return any(c.lower_ in ("the", "both", "two", "all") for c in token.children) and token.tag_ in ("NNS", "NNPS")


def _state(actor: Actor) -> Actor:
    return Actor(actor.country, "GOV" if actor.sector in (None, "GOV") else actor.sector)


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    """Actors with a country, once each; a bare country goes when a more specific actor of it is there."""
    out: list[Actor] = []
    for actor in actors:
        if actor not in out and actor.country is not None:
            out.append(actor)
    specific = {a.country for a in out if a.sector or a.name}
    return [a for a in out if a.sector or a.name or a.country not in specific]


def _depth(token: Any) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _own_tokens(item: _Found) -> set[int]:
    return {t.i for t in (*item.tokens, *item.absorbed, *item.chain)}


def _anchor_tokens(found: dict[int, _Found]) -> dict[int, int]:
    """Every token that belongs to some event, mapped to that event's head."""
    return {i: item.head.i for item in found.values() for i in _own_tokens(item)}


def _assign(items: Iterable[tuple[Any, Any]], sent: Any, anchors: dict[int, int]) -> dict[int, Any]:
    """Each (span, value) of the sentence to the event nearest above it in the parse, by event head."""
    assigned: dict[int, tuple[int, Any]] = {}
    for span, value in items:
        if not (sent.start <= span.start < sent.end):
            continue
        best: tuple[int, int] | None = None
        for token in span:
            steps = 0
            while token.head.i != token.i:
                token, steps = token.head, steps + 1
                if token.i in anchors:
                    if best is None or steps < best[0]:
                        best = (steps, anchors[token.i])
                    break
                if token.pos_ == "VERB":
                    break  # the date of another clause ("documents adopted over 30 years")
        if best is not None and (best[1] not in assigned or best[0] < assigned[best[1]][0]):
            assigned[best[1]] = (best[0], value)
    return {head: value for head, (_, value) in assigned.items()}


def _is_place_phrase(ent: Any) -> bool:
    """ "in Ashgabat", "at the Kremlin": a place the event happens in, not one it is about."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "at")
