"""Question/answer exchanges: each question (one or more turns) with the answer turns after it."""

from __future__ import annotations

from communique.model import Exchange
from communique.structure.speakers import Speaker


def pair(speakers: list[Speaker]) -> list[Exchange]:
    """Consecutive question turns form one question; the answer turns right after it answer it."""
    exchanges: list[Exchange] = []
    i = 0
    while i < len(speakers):
        if speakers[i].kind != "question":
            i += 1
            continue
        question = []
        while i < len(speakers) and speakers[i].kind == "question":
            question.append(i)
            i += 1
        answer = []
        while i < len(speakers) and speakers[i].kind == "answer":
            answer.append(i)
            i += 1
        asker = next((speakers[q].speaker for q in question if speakers[q].speaker), None)
        answerer = next((speakers[a].speaker for a in answer if speakers[a].speaker), None)
        exchanges.append(Exchange(question=question, answer=answer, asker=asker, answerer=answerer))
    return exchanges
