"""Question/answer exchanges: each question (one or more turns) with every answer turn it gets.

A question is a journalist's turn, or several: an official's interjection while it is being put (an
acknowledgement, a request to hear it again, a hand-off) answers nothing, and the journalist's next turn
goes on with the same question, as does a journalist's turn that opens with a dash or an ellipsis even
after an official has cut in. The answer is every official's turn that responds before the next question,
from every official who answers (both leaders of a joint press conference, the minister the leader hands
to). A bare "Yes." answers a yes/no question; a "Yeah." while it is still being asked does not. A
journalist's turn that only thanks or bids for the floor asks nothing, and a remark with no question that
gets a few words back is banter; the chair moving on, or narration, closes the exchange.
"""

from __future__ import annotations

import re

from communique.model import Exchange
from communique.structure.lexicon import ExchangeRules
from communique.structure.speakers import Speaker
from communique.structure.turns import RawTurn

_PHRASES = re.compile(r"[,.;:!?—–…()\[\]]+|\s-\s")
# A turn that goes on with words cut off before ("— and the governors?", "...to do that?").
_CONTINUES = re.compile(r"^(?:[—–-]|\.\.\.|…)")
_HONORIFIC_DOT = re.compile(r"\b(Mr|Mrs|Ms|Dr|St)\.")
_NAME = re.compile(r"^(?:(?:mr|mrs|ms|dr|madam|sir)\.?\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}$")


def pair(speakers: list[Speaker], turns: list[RawTurn], rules: ExchangeRules) -> list[Exchange]:
    """The exchanges of a document, in order; the kinds of the turns are set to match."""
    exchanges: list[Exchange] = []
    current: Exchange | None = None
    answered = False
    for i, (speaker, turn) in enumerate(zip(speakers, turns, strict=True)):
        text = " ".join(turn.paragraphs).strip()
        if _asks(speaker):
            if _courtesy(text, rules):
                continue
            if current is None or (answered and not _CONTINUES.match(text)):
                current, answered = Exchange(question=[i], answer=[]), False
                exchanges.append(current)
            else:
                current.question.append(i)
        elif speaker.role == "official" and current is not None:
            asked = " ".join(turns[current.question[-1]].paragraphs).rstrip().endswith("?")
            if answered and _hands_off(text, rules):
                current = None  # answered, the floor goes to another official's statement
            elif not _interjects(text, asked, rules):
                current.answer.append(i)
                answered = True
        elif speaker.role in ("moderator", "other"):
            current = None  # the chair moves on, or the record narrates
    exchanges = [e for e in exchanges if not _banter(e, turns, rules)]
    for exchange in exchanges:
        exchange.asker = next((speakers[q].speaker for q in exchange.question if speakers[q].speaker), None)
        exchange.answerer = next((speakers[a].speaker for a in exchange.answer if speakers[a].speaker), None)
    _set_kinds(speakers, exchanges)
    return exchanges


def _banter(exchange: Exchange, turns: list[RawTurn], rules: ExchangeRules) -> bool:
    """No question mark in what was put, and a few words back: "We look forward to it." "I'll be there." """
    put = " ".join(p for i in exchange.question for p in turns[i].paragraphs)
    said = sum(len(p.split()) for i in exchange.answer for p in turns[i].paragraphs)
    return "?" not in put and said <= rules.banter_words


def _asks(speaker: Speaker) -> bool:
    return speaker.kind == "question" or speaker.role == "journalist"


def _set_kinds(speakers: list[Speaker], exchanges: list[Exchange]) -> None:
    """Turns in a question ask, turns in an answer answer; an official's interjection is a remark."""
    asking = {i for e in exchanges for i in e.question}
    answering = {i for e in exchanges for i in e.answer}
    for i, speaker in enumerate(speakers):
        if i in asking:
            speaker.kind = "question"
        elif i in answering:
            speaker.kind = "answer"
        elif speaker.kind == "answer":
            speaker.kind = "remark"


def _phrases(text: str) -> list[str]:
    text = _HONORIFIC_DOT.sub(r"\1", text)
    return [p.strip().lower().replace("’", "'") for p in _PHRASES.split(text) if p.strip()]


def _only_courtesy(text: str, words: frozenset[str], rules: ExchangeRules) -> bool:
    """A short turn made of the given phrases, and names beside them ("Yes, John.", "Thank you, Mr. President.")."""
    if len(text.split()) > rules.short_words:
        return False
    phrases = _phrases(text)
    named = {p.strip().lower() for p in _PHRASES.split(_HONORIFIC_DOT.sub(r"\1", text)) if _NAME.match(p.strip())}
    return any(p in words for p in phrases) and all(p in words or p in named for p in phrases)


def _courtesy(text: str, rules: ExchangeRules) -> bool:
    """A journalist's turn that asks nothing: thanks, a greeting, a bid for the floor ("Mr. President —")."""
    return not text.rstrip().endswith("?") and _only_courtesy(text, rules.acknowledgements, rules)


def _hands_off(text: str, rules: ExchangeRules) -> bool:
    return len(text.split()) <= rules.handoff_words and any(p.search(text) for p in rules.handoffs)


def _interjects(text: str, asked: bool, rules: ExchangeRules) -> bool:
    """Whether an official's turn answers nothing: the floor handed on, a short question back, or a bare
    acknowledgement (not a yes or no to a question asked)."""
    if _hands_off(text, rules):
        return True
    if text.endswith("?") and len(text.split()) <= rules.short_words:
        return True  # asking what was meant: "Can I guarantee what?", "Which border?"
    if not _only_courtesy(text, rules.acknowledgements, rules):
        return False
    return not (asked and all(p in rules.answers for p in _phrases(text)))
