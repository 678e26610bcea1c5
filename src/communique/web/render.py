"""A stored document as HTML: each turn's text escaped, its coded sentences and named entities marked.

Document text comes from the web, so every character of it is escaped here;
the only markup in the output is what this module writes around the spans.
Sentences that report events are the outer layer (``<span class="event">``,
anchored ``s-<offset>`` so that every event links to its sentence); entity
mentions are marked inside them. Spans that cross one another are not
nested: the later one is left unmarked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from communique.model import Actor, Document, Event, Mention, Turn

HIT = "HIT"  # the label of the span a link asks to show


def actors_text(actors: Iterable[Actor]) -> str:
    return ", ".join(a.text() for a in actors) or "—"


def event_summary(event: Event) -> str:
    """One line for an event's tooltip: "AGREE (asserted) RUS GOV → AZE GOV, 2022-06-24"."""
    line = f"{event.type} ({event.status}) {actors_text(event.source)} → {actors_text(event.target)}"
    return f"{line}, {event.date}" if event.date else line


@dataclass
class Sentence:
    """A sentence of a turn that reports one or more events."""

    start: int
    end: int
    events: list[int] = field(default_factory=list)  # their indexes in ``Document.events``


@dataclass
class TurnView:
    """A turn ready for the template: its place, who speaks, and its text as safe HTML."""

    turn: Turn
    html: Markup
    sentences: list[Sentence]
    question_of: int | None = None  # the exchange this turn asks, if any
    answer_of: int | None = None  # the exchange this turn answers, if any


def _sentences(events: list[Event], start: int, end: int) -> list[Sentence]:
    """The event sentences inside [start, end), one per span, in order; a span crossing the one before is
    left out."""
    spans: dict[tuple[int, int], Sentence] = {}
    for n, event in enumerate(events):
        if start <= event.start < event.end <= end:
            spans.setdefault((event.start, event.end), Sentence(event.start, event.end)).events.append(n)
    kept: list[Sentence] = []
    for sentence in sorted(spans.values(), key=lambda s: (s.start, -s.end)):
        if kept and sentence.start < kept[-1].end:
            continue
        kept.append(sentence)
    return kept


def _mentions(
    mentions: list[Mention], start: int, end: int, sentences: list[Sentence], hit: tuple[int, int] | None = None
) -> list[Mention]:
    """The mentions inside [start, end) that cross neither one another nor a sentence boundary; the ``hit``
    span (an occurrence a concordance line points at) first, and no mention that overlaps it."""
    kept: list[Mention] = []
    marks = list(mentions)
    if hit is not None and hit[0] < hit[1]:
        marks = [m for m in marks if m.end <= hit[0] or m.start >= hit[1]]
        marks.append(Mention(hit[0], hit[1], "", HIT))
    for mention in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not start <= mention.start < mention.end <= end:
            continue
        if kept and mention.start < kept[-1].end:
            continue
        if any(_crosses(mention, s) for s in sentences):
            continue
        kept.append(mention)
    return kept


def _crosses(mention: Mention, sentence: Sentence) -> bool:
    """Whether ``mention`` overlaps ``sentence`` without lying inside it."""
    overlaps = sentence.start < mention.end and mention.start < sentence.end
    return overlaps and not (sentence.start <= mention.start and mention.end <= sentence.end)


def _mention_html(text: str, mention: Mention, link: str | None) -> str:
    if mention.label == HIT:
        return f'<mark class="hit" id="hit">{escape(text)}</mark>'
    if mention.label == "DATE":
        title = f"date: {mention.value}" if mention.value else "date"
        return f'<mark class="ent ent-date" title="{escape(title)}">{escape(text)}</mark>'
    code = mention.actor.text() if mention.actor else mention.label
    inner = f'<mark class="ent ent-{escape(mention.label.lower())}" title="{escape(code)}">{escape(text)}</mark>'
    return f'<a class="ent-link" href="{escape(link)}">{inner}</a>' if link else inner


def turn_html(
    doc: Document,
    turn: Turn,
    sentences: list[Sentence],
    actor_link: Callable[[str], str] | None = None,
    hit: tuple[int, int] | None = None,
) -> Markup:
    """The text of ``turn``, escaped, with its event sentences and entity mentions marked, and the ``hit``
    span (document offsets) marked as the one asked for.

    ``actor_link`` gives the page an entity's mark links to, from its country or organisation code.
    """
    text = doc.text
    mentions = _mentions(doc.mentions, turn.start, turn.end, sentences, hit)
    out: list[str] = []
    position = turn.start
    queue = iter(mentions)
    pending = next(queue, None)

    def plain_until(limit: int) -> None:
        """Write text up to ``limit``, marking the mentions that lie before it."""
        nonlocal position, pending
        while pending is not None and pending.end <= limit:
            out.append(str(escape(text[position : pending.start])))
            country = pending.actor.country if pending.actor else None
            link = actor_link(country) if actor_link and country else None
            out.append(_mention_html(text[pending.start : pending.end], pending, link))
            position = pending.end
            pending = next(queue, None)
        out.append(str(escape(text[position:limit])))
        position = limit

    for sentence in sentences:
        plain_until(sentence.start)
        types = " ".join(sorted({doc.events[n].type for n in sentence.events}))
        statuses = " ".join(sorted({f"status-{doc.events[n].status}" for n in sentence.events}))
        title = "\n".join(event_summary(doc.events[n]) for n in sentence.events)
        out.append(
            f'<span class="event {escape(statuses)}" id="s-{sentence.start}" data-types="{escape(types)}"'
            f' title="{escape(title)}">'
        )
        plain_until(sentence.end)
        tags = "".join(
            f'<a class="event-tag type-{escape(doc.events[n].type.lower())}" href="#event-{n}">'
            f"{escape(doc.events[n].type)}</a>"
            for n in sentence.events
        )
        out.append(f'</span><sup class="event-tags">{tags}</sup>')
    plain_until(turn.end)
    return Markup("".join(out))


def document_view(
    doc: Document, actor_link: Callable[[str], str] | None = None, hit: tuple[int, int] | None = None
) -> list[TurnView]:
    """Every turn of ``doc`` with its marked-up text and its place in the question/answer exchanges; ``hit``
    (document offsets) is marked as the span a link points at."""
    asks: dict[int, int] = {}
    answers: dict[int, int] = {}
    for n, exchange in enumerate(doc.exchanges):
        for index in exchange.question:
            asks.setdefault(index, n)
        for index in exchange.answer:
            answers.setdefault(index, n)
    views = []
    for turn in doc.turns:
        sentences = _sentences(doc.events, turn.start, turn.end)
        views.append(
            TurnView(
                turn=turn,
                html=turn_html(doc, turn, sentences, actor_link, hit),
                sentences=sentences,
                question_of=asks.get(turn.index),
                answer_of=answers.get(turn.index),
            )
        )
    return views
