"""Date expressions resolved against the document date: "yesterday", "last week", "June 29", "since 2014".

One grammar serves two callers. ``resolve_date`` reads a date entity (as spaCy's NER gives it) and says which
calendar period it names; ``find_dates`` scans raw text for the same expressions. The word lists are data
(``data/dates.toml``); this module holds the patterns and the calendar arithmetic.

Rules for the ambiguous cases, so that every answer is deterministic:

- A day or month without a year takes the anchor's year ("in April" in a June page is this April), unless it
  would then begin more than ``max_days_ahead`` (183) days after the anchor: it is then last year's
  ("December 28" in a page of 3 January 2022 is 2021-12-28). Transcripts mostly report the past.
- A bare weekday ("Monday", "on Wednesday", "last Monday", "this past Friday") is the nearest such day strictly
  before the anchor; "next Monday" / "this coming Monday" the nearest strictly after; "this Monday" the Monday
  of the anchor's ISO week; "Tuesday last week" the Tuesday of the previous ISO week.
- Weeks are ISO weeks, Monday to Sunday: "last week" in a Friday page is the Monday-Sunday before.
- "last year" is the calendar year before; "the last year" / "the past year" is the rolling span of a year
  up to the anchor. "the next two weeks" runs from the anchor forward. Plural units without a count ("the
  coming weeks", "recent years") are too vague and give none.
- "N units ago / later / earlier" shift the anchor and keep the unit's precision: days give a day, months a
  month, years and decades a year. Weeks give a day with granularity "week" and a start-end window of three
  days either side, since "a couple of weeks ago" is only that precise. Vague counts take a number from the
  data file (a couple 2, a few 3, several 4); a bound ("more than ten years ago") gives none. "Two weeks
  later" is counted from the anchor; its true reference is the previous event, which a caller who knows it
  passes as the anchor.
- Modifiers keep the period they modify: "the end of the year" is the year, "early June" is June, "the
  early 1990s" is the decade. The period always contains the date meant; narrowing it would be a guess.
- Seasons are meteorological and northern (spring March-May); winter Y runs from December Y to February Y+1.
  "this summer" / "the summer" is the one under way or else the nearest, past or future; "last" and "next"
  the one before or after. A quarter without a year is placed like a month ("the first quarter").
- "since X" runs from the first day of X to the anchor. Decades are ranges; centuries, durations ("three
  years"), vague words ("recently", "soon") and holidays are not dates here.
- Without an anchor only expressions that carry their own year resolve.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from calendar import monthrange
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

Anchor = dt.date | str | None


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression and the calendar period it names; ``start`` and ``end`` are inclusive days."""

    text: str
    value: str
    start: str
    end: str
    granularity: str


def resolve_date(text: str, anchor: Anchor) -> ResolvedDate | None:
    """The period a date expression names, resolved against the anchor (the document date).

    The whole text is read as one expression first (a preposition in front is dropped); failing that, the
    first expression found inside it is taken, so "at their June 29, 2022 meeting" gives "June 29, 2022".
    """
    return _resolve_cached(text, _anchor(anchor))


@lru_cache(maxsize=1 << 16)
def _resolve_cached(text: str, anchor: dt.date | None) -> ResolvedDate | None:
    # Entities repeat ("today" thousands of times in a corpus), and the answer is a pure function of the two.
    grammar = _grammar()
    cleaned = grammar.trim.sub("", text)
    match = grammar.master.fullmatch(cleaned)
    if match is not None:
        found = _resolve_match(match, anchor, grammar)
        if found is not None:
            return _result(cleaned, *found)
    hits = _scan(grammar, text, anchor)
    return hits[0][2] if hits else None


def find_dates(text: str, anchor: Anchor) -> list[tuple[int, int, ResolvedDate]]:
    """Every date expression in raw text, as (start, end, resolved) in order; spans leave out prepositions."""
    return _scan(_grammar(), text, _anchor(anchor))


def names_period(text: str) -> bool:
    """Whether a date expression names its period whatever the anchor ("June 29, 2022", "in 2019", "April"),
    rather than counting from it ("the following week", "two days later", "tomorrow", "on Monday").

    A narrative's relative expressions count from the story's time, which may not be the document date:
    "the following week we imposed sanctions" is not the week after the page.
    """
    words = _grammar().words
    tokens = re.findall(r"[A-Za-z]+|\d+", text)
    return any(
        (t.isdigit() and len(t) == 4) or t in words.months or t in words.abbreviations or t.lower() in words.seasons
        for t in tokens
    )


def ahead(resolved: ResolvedDate, anchor: Anchor) -> ResolvedDate:
    """A date of a future event: a month or day named without a year, or a bare weekday, that the default
    reading put before the anchor is the next one ("in April" said in October is next April, "on Tuesday"
    the coming Tuesday). Expressions that say which ("last April", "April 2024", "yesterday") are kept."""
    day = _anchor(anchor)
    if day is None or dt.date.fromisoformat(resolved.end) >= day:
        return resolved
    words = _grammar().words
    tokens = re.findall(r"[A-Za-z]+|\d+", resolved.text)
    if any((t.isdigit() and len(t) == 4) or t.lower() in _BACKWARD for t in tokens):
        return resolved
    if any(t in words.months or t in words.abbreviations for t in tokens):
        return _moved(resolved, lambda d: d.replace(year=d.year + 1))
    if any(t in words.weekdays for t in tokens) and resolved.granularity == "day":
        return _moved(resolved, lambda d: d + dt.timedelta(days=7))
    return resolved


_BACKWARD = frozenset({"last", "past", "previous", "ago", "earlier", "yesterday", "since"})


def _moved(resolved: ResolvedDate, move: Callable[[dt.date], dt.date]) -> ResolvedDate:
    """The same expression a year or a week on: every date in the value moved alike."""
    try:
        start, end = (move(dt.date.fromisoformat(d)) for d in (resolved.start, resolved.end))
        parts = [move(dt.date.fromisoformat(_full(v))).isoformat()[: len(v)] for v in resolved.value.split("/")]
    except ValueError:  # February 29 of a year with none
        return resolved
    return ResolvedDate(resolved.text, "/".join(parts), start.isoformat(), end.isoformat(), resolved.granularity)


def _full(value: str) -> str:
    """A value ("2024", "2024-04", "2024-04-09") as its first day."""
    return value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value


# --- calendar periods ---------------------------------------------------------------------------------------


class _Period(NamedTuple):
    value: str
    start: dt.date
    end: dt.date
    granularity: str


def _result(text: str, span: tuple[int, int], period: _Period) -> ResolvedDate:
    start, end = span
    return ResolvedDate(
        text[start:end], period.value, period.start.isoformat(), period.end.isoformat(), period.granularity
    )


def _day(day: dt.date) -> _Period:
    return _Period(day.isoformat(), day, day, "day")


def _month(year: int, month: int) -> _Period:
    first = dt.date(year, month, 1)
    return _Period(f"{year:04d}-{month:02d}", first, _month_end(first), "month")


def _year(year: int) -> _Period:
    return _Period(f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _interval(start: dt.date, end: dt.date, granularity: str = "range") -> _Period:
    return _Period(f"{start.isoformat()}/{end.isoformat()}", start, end, granularity)


def _span(start: dt.date, end: dt.date) -> _Period | None:
    """A range that may turn out empty (written backwards) or a single day."""
    if start > end:
        return None
    return _day(start) if start == end else _interval(start, end)


def _iso_week(day: dt.date) -> _Period:
    monday = day - dt.timedelta(days=day.weekday())
    return _interval(monday, monday + dt.timedelta(days=6), "week")


def _around_week(day: dt.date) -> _Period:
    # A point reached by counting weeks is no more precise than its week, so the window is centred on it.
    return _Period(day.isoformat(), day - dt.timedelta(days=3), day + dt.timedelta(days=3), "week")


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _shift(day: dt.date, count: int, unit: tuple[str, int]) -> dt.date:
    kind, size = unit
    if kind == "day":
        return day + dt.timedelta(days=count * size)
    return _add_months(day, count * size)


def _anchor(anchor: Anchor) -> dt.date | None:
    if anchor is None or anchor == "":
        return None
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    return dt.date.fromisoformat(anchor.strip()[:10])


# --- word lists ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    """The contents of ``data/dates.toml``; keys are lower case except month and weekday names."""

    max_days_ahead: int
    months: dict[str, int]
    abbreviations: dict[str, int]
    ambiguous_months: frozenset[str]
    ambiguous_seasons: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    days: dict[str, int]
    counts: dict[str, int]
    directions: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, int]]
    relative: dict[str, str]
    point_hedges: frozenset[str]
    bound_hedges: frozenset[str]
    modifiers: tuple[str, ...]
    context: tuple[str, ...]
    weak_context: frozenset[str]
    not_year_before: frozenset[str]
    not_year_after: frozenset[str]

    @classmethod
    def load(cls) -> _Words:
        data: dict[str, Any] = tomllib.loads(
            resources.files("communique.data").joinpath("dates.toml").read_text("utf-8")
        )
        return cls(
            max_days_ahead=int(data["rules"]["max_days_ahead"]),
            months=dict(data["months"]),
            abbreviations=dict(data["month_abbreviations"]),
            ambiguous_months=frozenset(data["ambiguous"]["months"]),
            ambiguous_seasons=frozenset(data["ambiguous"]["seasons"]),
            weekdays=dict(data["weekdays"]),
            seasons={k: (v[0], v[1]) for k, v in data["seasons"].items()},
            days=dict(data["days"]),
            counts=dict(data["counts"]),
            directions=dict(data["directions"]),
            ordinals=dict(data["ordinals"]),
            units={k: (v[0], int(v[1])) for k, v in data["units"].items()},
            relative=dict(data["relative"]),
            point_hedges=frozenset(data["hedges"]["point"]),
            bound_hedges=frozenset(data["hedges"]["bound"]),
            modifiers=tuple(data["modifiers"]["words"]),
            context=tuple(data["context"]["words"]),
            weak_context=frozenset(data["context"]["weak"]),
            not_year_before=frozenset(data["not_year"]["before"]),
            not_year_after=frozenset(data["not_year"]["after"]),
        )

    def month(self, name: str) -> int:
        name = name.rstrip(".")
        return self.months.get(name) or self.abbreviations[name]

    def count(self, words: str) -> int:
        words = _norm(words)
        if words.isdigit():
            return int(words)
        if words in self.counts:
            return self.counts[words]
        return sum(self.counts[part] for part in re.split(r"[-\s]+", words))  # "twenty-five"

    def kind(self, words: str | None) -> str | None:
        return self.relative[_norm(words)] if words else None


def _norm(words: str) -> str:
    return " ".join(words.lower().split())


# --- the grammar --------------------------------------------------------------------------------------------


def _alt(words: Iterable[str], case_sensitive: bool = False) -> str:
    # Longest first, so that "the day before yesterday" wins over "yesterday"; spaces match any whitespace.
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


class _Parts:
    """Pattern fragments shared by the rules, built from the word lists."""

    def __init__(self, w: _Words) -> None:
        self.month = _alt(w.months, case_sensitive=True) + r"\b"
        self.month_any = rf"(?:{self.month}|{_alt(w.abbreviations, case_sensitive=True)}\b\.?)"
        self.weekday = _alt(w.weekdays, case_sensitive=True) + r"\b"
        self.rel = _alt(w.relative)
        self.mod = rf"(?P<mod>{_alt(w.modifiers)})(?:\s*-\s*|\s+)"
        self.hedge = _alt(w.point_hedges | w.bound_hedges)
        tens = [k for k, v in w.counts.items() if v >= 20 and v % 10 == 0 and " " not in k]
        units = [k for k, v in w.counts.items() if 1 <= v <= 9 and " " not in k and k not in ("a", "an")]
        self.count = rf"(?:\d{{1,3}}(?![\d,.])|{_alt(tens)}(?:[-\s]+{_alt(units)})?\b|{_alt(w.counts)}\b)"
        self.unit = rf"{_alt(w.units)}s?\b"
        self.season = rf"{_alt(w.seasons)}\b"
        self.day_end = r"(?:st|nd|rd|th)?(?![\w%]|[.,]\d)"
        self.year_end = r"(?![\w%]|[.,/-]\d)"
        self.borrow = (  # a year written once for a list: "January 11 and November 26, 2021"
            rf"(?=(?:\s*(?:,|\band\b|\bor\b|&)\s*(?:{self.weekday},?\s+)?"
            rf"(?:{self.month_any}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|{self.month}|\d{{1,2}}(?:st|nd|rd|th)?"
            rf"(?:\s+{self.month_any})?))+,?\s+(?:of\s+)?(?P<ybor>1\d{{3}}|20\d{{2}})(?![\w%]|[.,]\d))"
        )

    def day(self, name: str) -> str:
        return rf"(?<![\d.,$])(?P<{name}>[0-3]?\d){self.day_end}"

    def year(self, name: str, end: bool = True) -> str:
        guard = self.year_end if end else ""
        return rf"(?<![\d.,$€£#/])(?<!\d-)(?P<{name}>1\d{{3}}|20\d{{2}}){guard}"

    def year_ref(self, name: str) -> str:
        return rf"(?:{self.year(name)}|(?P<{name}rel>{self.rel})\s+year\b)"

    def range_join(self) -> str:
        # "and" joins a range only after "between", or before a bare day ("January 29th and 30th").
        return r"(?:\s*[-–—]\s*|\s+(?:to|through|thru|till|until)\s+|(?(between)\s+(?:and|&)\s+|\s+and\s+(?=\d)))"


def _rules(p: _Parts, w: _Words) -> dict[str, str]:
    """Rule name -> pattern, in the order they are tried at one position: longer and more specific first."""
    wd = rf"(?:{p.weekday},?\s+)?"
    between = r"(?:(?P<between>between)\s+|from\s+)?"
    return {
        "iso": r"(?<![\d-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])",
        "day_range": (
            rf"{between}{wd}(?P<m1>{p.month_any})\s+(?:the\s+)?{p.day('d1')}(?:,?\s+{p.year('y1')})?"
            rf"{p.range_join()}{wd}(?:(?P<m2>{p.month_any})\s+)?(?:the\s+)?{p.day('d2')}"
            rf"(?:,?\s+{p.year('y2')})?"
        ),
        "day_range_dmy": (
            rf"{between}{p.day('d1')}(?:\s+(?P<m1>{p.month_any}))?{p.range_join()}{p.day('d2')}"
            rf"\s+(?:of\s+)?(?P<m2>{p.month_any})(?:,?\s+{p.year('y2')})?"
        ),
        "date": (
            rf"{wd}(?P<m>{p.month_any})\s+(?:the\s+)?{p.day('d')}"
            rf"(?:,?\s+{p.year('y')}|{p.borrow})?"
        ),
        "date_dmy": (
            rf"{wd}(?:the\s+)?{p.day('d')}\s+(?:of\s+)?(?P<m>{p.month_any})"
            rf"(?:,?\s+{p.year('y')}|{p.borrow})?"
        ),
        "month_range": (
            rf"{between}(?P<m1>{p.month})(?:,?\s+(?:of\s+)?{p.year('y1')})?"
            rf"(?:\s*[-–—]\s*|\s+(?:to|through|thru|till|until)\s+|(?(between)\s+and\s+|(?!)))"
            rf"(?P<m2>{p.month})(?:,?\s+(?:of\s+)?{p.year_ref('y2')})?"
        ),
        "year_range": (
            rf"{between}{p.year('y1', end=False)}(?:\s*[-–—]\s*(?P<y2>1\d{{3}}|20\d{{2}})|[-–](?P<yy>\d\d)"
            r"|\s+(?:to|through|till|until)\s+(?P<y3>1\d{3}|20\d{2})"
            r"|(?(between)\s+and\s+(?P<y4>1\d{3}|20\d{2})|(?!)))"
            rf"{p.year_end}"
        ),
        "quarter": (
            rf"the\s+(?P<ord>{_alt(w.ordinals)})\s+(?P<part>quarter|half)"
            rf"(?:\s+of\s+(?:{p.year_ref('y')}|(?P<the>the)\s+year\b))?"
            rf"|(?-i:Q(?P<q>[1-4])|H(?P<h>[12]))\s+(?:of\s+)?{p.year('y2')}"
        ),
        "decade": (
            r"(?:the\s+)?(?:(?P<mod>early|mid|late)(?:\s*-\s*|\s+))?"
            r"(?:(?P<dec>1\d\d0|20\d0)|[’'‘](?P<short>\d0))s\b"
        ),
        "month": (
            rf"(?:{p.mod})?(?:(?P<rel>{p.rel})\s+)?(?:the\s+month\s+of\s+)?(?P<m>{p.month})"
            rf"(?:,?\s+(?:of\s+)?{p.year_ref('y')}|{p.borrow})?"
        ),
        "season": (
            rf"(?:{p.mod})?(?:(?P<rel>{p.rel})\s+)?(?:the\s+)?(?P<s>{p.season})"
            rf"(?:,?\s+(?:of\s+)?{p.year_ref('y')})?(?!\s+of\s+(?!\d))"
        ),
        "relative_day": rf"(?P<w>{_alt(w.days)})\b(?:\s+(?:morning|afternoon|evening|night)\b)?",
        "weekday": (
            rf"(?:(?P<rel>{p.rel})\s+)?(?P<wd>{p.weekday})(?:\s+(?:morning|afternoon|evening|night)\b)?"
            r"(?:,?\s+(?P<wk>last|this|next)\s+week\b)?"
        ),
        "relative_period": (
            rf"(?:{p.mod})?(?P<rel>{p.rel})\s+(?:(?P<n>{p.count})\s+)?(?P<unit>{p.unit}|weekends?\b)"
            r"(?!\s+(?:of|before|after)\b)"
        ),
        "shift": (
            rf"(?:(?P<hedge>{p.hedge})\s+)?(?P<n>{p.count})\s+(?P<unit>{p.unit})"
            rf"\s+(?P<dir>{_alt(w.directions)})\b"
        ),
        "year": rf"(?:{p.mod})?(?:(?:the\s+)?year\s+)?{p.year('y')}",
        "period_of_the": rf"{p.mod}the\s+(?P<unit>week|month|year|decade)\b(?!\s+(?:of|before|after)\b|\s*\d)",
    }


class _Groups:
    """One rule's named groups inside a match of the combined pattern (their names carry the rule's prefix)."""

    __slots__ = ("_match", "_prefix")

    def __init__(self, match: re.Match[str], rule: str) -> None:
        self._match = match
        self._prefix = rule + "__"

    def __getitem__(self, name: str) -> str | None:
        return self._match.group(self._prefix + name)


def _prefixed(rule: str, pattern: str) -> str:
    # Group names must be unique across the combined pattern, so each rule's names get its own prefix.
    pattern = re.sub(r"\(\?P<(\w+)>", rf"(?P<{rule}__\1>", pattern)
    return re.sub(r"\(\?\((\w+)\)", rf"(?({rule}__\1)", pattern)


# Words may be joined by dashes ("mid-2020", "1964-65", "12–15"); a possessive ends one ("last year’s").
_DASHES = re.compile(r"[-–—]")
_POSSESSIVE = re.compile(r"[’']s$")
_MAX_PREFIX_WORDS = 7


@dataclass(frozen=True)
class _Triggers:
    """Where to look. Every expression holds a trigger word (a month, a weekday, a unit, a season, a four-digit
    year...) and only a few words can come before it ("the past three", "a couple of"). Finding the triggers
    with plain substring search and trying the full pattern only just before them is what makes scanning fast:
    the combined pattern costs microseconds per position, substring search nanoseconds."""

    lower_cues: tuple[str, ...]  # looked for in the lower-cased text: "day" finds today, Monday and days
    names_cue: re.Pattern[str]  # "Jan|Feb|...", as written ("may" would find the verb); one pass for all
    names: frozenset[str]  # month, abbreviation and weekday names, case as written
    keywords: frozenset[str]  # the other trigger words, lower case
    prefixes: frozenset[str]  # lower-case words that may open an expression before its trigger
    year: re.Pattern[str]
    number_like: re.Pattern[str]
    year_like: re.Pattern[str]
    token_end: re.Pattern[str]

    @classmethod
    def build(cls, w: _Words) -> _Triggers:
        prefixes = {
            word
            for phrase in (
                *w.context,
                *w.modifiers,
                *w.relative,
                *w.point_hedges,
                *w.bound_hedges,
                *w.counts,
                *w.ordinals,
            )
            for word in phrase.split()
        }
        prefixes |= {"since", "ever", "between", "from", "the", "very"}
        keywords = {u + s for u in (*w.units, "weekend") for s in ("", "s")} | set(w.seasons) | {"quarter", "half"}
        keywords |= {word for phrase in w.days for word in phrase.split() if word not in prefixes}
        lower_cues = tuple(k for k in keywords if not any(c != k and c in k for c in keywords))
        names = frozenset({*w.months, *w.abbreviations, *w.weekdays})
        exact = {n[:3] for n in names if not any(c in n.lower() for c in lower_cues)}
        return cls(
            tuple(sorted(lower_cues)),
            re.compile("|".join(sorted(exact))),
            names,
            frozenset(keywords),
            frozenset(prefixes),
            re.compile(r"[12]\d{3}"),
            re.compile(r"\d{1,3}(?:st|nd|rd|th)?|[QH][1-4]"),
            re.compile(r"(?:1\d{3}|20\d\d)s?|[’'‘]\d0s"),
            re.compile(r"[\w’'‘–—-]*"),
        )

    def starts(self, text: str) -> list[int]:
        """The start of every trigger word in the text, in order."""
        # Literal searches and single-literal-set patterns run at hundreds of MB/s; one alternation of all the
        # cues would not.
        found = {_token_start(text, m.start()) for m in self.names_cue.finditer(text)}
        found.update(_token_start(text, m.start()) for m in self.year.finditer(text))
        for haystack, cues in ((_lower(text), self.lower_cues), (text, ("0s",))):  # "0s": "the ’90s"
            for cue in cues:
                at = haystack.find(cue)
                while at >= 0:
                    found.add(_token_start(text, at))
                    at = haystack.find(cue, at + len(cue))
        return sorted(s for s in found if self.is_trigger(text[s : self.token_end.match(text, s).end()]))

    def candidates(self, text: str, start: int, floor: int) -> list[int]:
        """Where an expression holding the trigger at ``start`` may begin, earliest first, not before ``floor``."""
        starts = [start]
        while len(starts) <= _MAX_PREFIX_WORDS:
            end = gap = starts[-1]
            while gap > floor and text[gap - 1].isspace():
                gap -= 1
            if gap == end and gap > floor and text[gap - 1] in "-–—":  # "mid-2020", "twenty-five"
                gap -= 1
            if gap == end or gap <= floor:
                break
            word = _token_start(text, gap)
            if word < floor or not self.is_prefix(text[word:gap]):
                break
            starts.append(word)
        return starts[::-1]

    def is_trigger(self, token: str) -> bool:
        for part in _DASHES.split(token):
            part = _POSSESSIVE.sub("", part)
            if part in self.names or part.lower() in self.keywords or self.year_like.fullmatch(part):
                return True
        return False

    def is_prefix(self, token: str) -> bool:
        return all(p.lower() in self.prefixes or self.number_like.fullmatch(p) for p in _DASHES.split(token))


def _token_start(text: str, at: int) -> int:
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
        at -= 1
    if at > 0 and text[at - 1] in "’'‘" and text[at : at + 1].isdigit():  # "’90s"
        at -= 1
    return at


def _lower(text: str) -> str:
    # Offsets found in the lower-cased text must hold in the original; a few characters ("İ") grow when lowered.
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True)
class _Grammar:
    words: _Words
    triggers: _Triggers
    master: re.Pattern[str]
    trim: re.Pattern[str]
    word_before: re.Pattern[str]
    word_after: re.Pattern[str]


@cache
def _grammar() -> _Grammar:
    """The word lists and the combined pattern, built on first use and kept: both are read-only."""
    words = _Words.load()
    parts = _Parts(words)
    rules = _rules(parts, words)
    missing = set(rules) - set(_RESOLVERS)
    assert not missing, f"rules without a resolver: {missing}"
    body = "|".join(f"(?P<{name}>{_prefixed(name, pattern)})" for name, pattern in rules.items())
    lead = rf"(?:(?P<since>(?:ever\s+)?since)\s+|(?P<ctx>{_alt(words.context)})\s+)?"
    master = re.compile(rf"(?<![\w’'‘-]){lead}(?:{body})", re.IGNORECASE)
    trim = re.compile(r"^[\s(\"“]+|(?:[’']s)?[\s.,;:!?)\"”’']*$")
    return _Grammar(
        words, _Triggers.build(words), master, trim, re.compile(r"(\w+)\W*$"), re.compile(r"\s*([A-Za-z]+)")
    )


# --- matching -----------------------------------------------------------------------------------------------


def _scan(grammar: _Grammar, text: str, anchor: dt.date | None) -> list[tuple[int, int, ResolvedDate]]:
    found: list[tuple[int, int, ResolvedDate]] = []
    floor = 0  # where the last expression ended: expressions do not overlap
    for start in grammar.triggers.starts(text):
        if start < floor:
            continue
        match = _covering(grammar.master, text, grammar.triggers.candidates(text, start, floor), start)
        if match is None:
            continue
        floor = match.end()
        resolved = _resolve_match(match, anchor, grammar) if _plausible(match, text, grammar) else None
        if resolved is not None:
            (begin, end), period = resolved
            found.append((begin, end, _result(text, (begin, end), period)))
    return found


def _covering(master: re.Pattern[str], text: str, candidates: list[int], trigger: int) -> re.Match[str] | None:
    """The expression, begun as early as possible, that reaches the trigger. Once one does, it decides: "more
    than ten years ago" is rejected whole rather than retried as "ten years ago"."""
    for at in candidates:
        match = master.match(text, at)
        if match is not None and match.end() > trigger:
            return match
    return None


def _resolve_match(
    match: re.Match[str], anchor: dt.date | None, grammar: _Grammar
) -> tuple[tuple[int, int], _Period] | None:
    rule = match.lastgroup
    assert rule is not None
    try:
        period = _RESOLVERS[rule](_Groups(match, rule), anchor, grammar.words)
    except (ValueError, KeyError, OverflowError):  # "February 30", a count word the table lacks
        return None
    if period is None:
        return None
    if match.group("since"):
        if anchor is None or period.start > anchor:
            return None
        period = _span(period.start, anchor)
        return ((match.start("since"), match.end(rule)), period) if period else None
    return (match.start(rule), match.end(rule)), period


def _plausible(match: re.Match[str], text: str, grammar: _Grammar) -> bool:
    """Checks that only scanning needs: an entity handed to ``resolve_date`` is a date already."""
    rule = match.lastgroup
    g = _Groups(match, rule or "")
    words = grammar.words
    context = _norm(match.group("ctx") or "")
    vouched = bool(context or match.group("since"))
    if rule == "month":
        qualified = vouched or g["mod"] or g["rel"] or g["y"] or g["yrel"] or g["ybor"]
        return bool(qualified) or (g["m"] or "") not in words.ambiguous_months
    if rule == "season":
        if g["rel"] or g["y"] or g["yrel"]:
            return True
        if (g["s"] or "").lower() in words.ambiguous_seasons:
            return False
        return bool(g["mod"] or match.group("since") or (context and context not in words.weak_context))
    if rule == "quarter" and not (g["y"] or g["yrel"] or g["the"] or g["y2"]):
        return bool(context and context not in words.weak_context)  # "in the first quarter", not "first quarter"
    if rule in ("year", "year_range"):
        return _number_is_year(text, match.start(rule), match.end(rule), grammar)
    return True


def _number_is_year(text: str, start: int, end: int, grammar: _Grammar) -> bool:
    before = grammar.word_before.search(text, max(0, start - 30), start)
    after = grammar.word_after.match(text, end, end + 30)
    words = grammar.words
    if before and before.group(1).lower() in words.not_year_before:
        return False
    return not (after and after.group(1).lower() in words.not_year_after)


# --- resolvers: one per rule, groups in, period out ---------------------------------------------------------

Resolver = Callable[[_Groups, dt.date | None, _Words], _Period | None]


def _place(month: int, day: int, anchor: dt.date, w: _Words) -> dt.date:
    """A day without a year: the anchor's year, or the year before when that would be too far ahead."""
    candidate = dt.date(anchor.year, month, day)
    if (candidate - anchor).days > w.max_days_ahead:
        return dt.date(anchor.year - 1, month, day)
    return candidate


def _resolve_iso(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    return _day(dt.date(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0)))


def _resolve_date(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    month, day = w.month(g["m"] or ""), int(g["d"] or 0)
    year = g["y"] or g["ybor"]
    if year:
        return _day(dt.date(int(year), month, day))
    return _day(_place(month, day, anchor, w)) if anchor else None


def _resolve_day_range(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    month1 = w.month(g["m1"] or "")
    month2 = w.month(g["m2"]) if g["m2"] else month1
    first, last = (month1, int(g["d1"] or 0)), (month2, int(g["d2"] or 0))
    return _days_between(first, last, _maybe_int(g["y1"]), _maybe_int(g["y2"]), anchor, w)


def _resolve_day_range_dmy(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    month2 = w.month(g["m2"] or "")
    month1 = w.month(g["m1"]) if g["m1"] else month2
    first, last = (month1, int(g["d1"] or 0)), (month2, int(g["d2"] or 0))
    return _days_between(first, last, None, _maybe_int(g["y2"]), anchor, w)


def _maybe_int(text: str | None) -> int | None:
    return int(text) if text else None


def _days_between(
    first: tuple[int, int],
    last: tuple[int, int],
    year1: int | None,
    year2: int | None,
    anchor: dt.date | None,
    w: _Words,
) -> _Period | None:
    """A range of days whose year may be written on one end, both or neither ("June 1 to 5, 2022")."""
    if year1 is None and year2 is None:
        if anchor is None:
            return None
        start = _place(*first, anchor, w)
        year1 = start.year
    if year1 is not None:
        start = dt.date(year1, *first)
        end = dt.date(year2 or year1, *last)
        if year2 is None and end < start:  # "December 28 to January 3"
            end = dt.date(year1 + 1, *last)
    else:
        end = dt.date(year2 or 0, *last)
        start = dt.date(end.year, *first)
        if start > end:
            start = dt.date(end.year - 1, *first)
    return _span(start, end)


def _year_ref(g: _Groups, name: str, anchor: dt.date | None, w: _Words) -> int | None:
    """The year a "of 2022" / "this year" / "last year" suffix names; None when there is none."""
    if g[name]:
        return int(g[name] or 0)
    words = g[name + "rel"]
    if not words:
        return None
    offset = _OFFSETS.get(w.kind(words) or "")
    if anchor is None or offset is None:
        raise ValueError(f"no year for {words!r}")
    return anchor.year + offset


# What this / last / next move a calendar period by; "past" and "ahead" are rolling spans instead.
_OFFSETS = {"this": 0, "last": -1, "next": 1}


def _resolve_month_range(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    month1, month2 = w.month(g["m1"] or ""), w.month(g["m2"] or "")
    year1, year2 = _maybe_int(g["y1"]), _year_ref(g, "y2", anchor, w)
    if year1 is None and year2 is None:
        if anchor is None:
            return None
        year1 = _place(month1, 1, anchor, w).year
    if year1 is None:
        year1 = (year2 or 0) - (1 if month1 > month2 else 0)
    if year2 is None:
        year2 = year1 + (1 if month2 < month1 else 0)
    return _span(dt.date(year1, month1, 1), _month_end(dt.date(year2, month2, 1)))


def _resolve_year_range(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    first = int(g["y1"] or 0)
    written = g["y2"] or g["y3"] or g["y4"]
    last = int(written) if written else first // 100 * 100 + int(g["yy"] or 0)  # "1964-65"
    if last <= first:
        return None
    return _interval(dt.date(first, 1, 1), dt.date(last, 12, 31))


def _resolve_quarter(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    if g["q"] or g["h"]:  # "Q1 2022", "H2 2021"
        size, index, year = (3 if g["q"] else 6), int(g["q"] or g["h"] or 0), int(g["y2"] or 0)
        return _part_of_year(year, size, index)
    size = 3 if (g["part"] or "").lower() == "quarter" else 6
    ordinal = w.ordinals[(g["ord"] or "").lower()]
    index = ordinal if ordinal > 0 else 12 // size + 1 + ordinal  # "the last quarter" counts from the end
    year = _year_ref(g, "y", anchor, w)
    if year is None:
        if anchor is None or (size == 6 and not g["the"]):  # "the second half" alone is a match's, not a year's
            return None
        first_month = min(max((index - 1) * size + 1, 1), 12)
        year = anchor.year if g["the"] else _place(first_month, 1, anchor, w).year
    return _part_of_year(year, size, index)


def _part_of_year(year: int, size: int, index: int) -> _Period | None:
    if not 1 <= index <= 12 // size:
        return None
    first = dt.date(year, (index - 1) * size + 1, 1)
    return _interval(first, _month_end(_add_months(first, size - 1)))


def _resolve_decade(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    if g["dec"]:
        start = int(g["dec"] or 0)
    elif anchor is not None:  # "the ’90s": the latest such decade that has begun by the anchor
        start = anchor.year // 100 * 100 + int(g["short"] or 0)
        start -= 100 if start > anchor.year else 0
    else:
        return None
    return _interval(dt.date(start, 1, 1), dt.date(start + 9, 12, 31))


def _resolve_month(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    month = w.month(g["m"] or "")
    year = _year_ref(g, "y", anchor, w) or _maybe_int(g["ybor"])
    if year is None:
        if anchor is None:
            return None
        year = _month_year(month, w.kind(g["rel"]), anchor, w)
    return _month(year, month)


def _month_year(month: int, kind: str | None, anchor: dt.date, w: _Words) -> int:
    # "last June" in June is a year ago; "next March" in June is next year's.
    if kind in ("last", "past"):
        return anchor.year if month < anchor.month else anchor.year - 1
    if kind in ("next", "ahead"):
        return anchor.year if month > anchor.month else anchor.year + 1
    if kind == "this":
        return anchor.year
    return _place(month, 1, anchor, w).year


def _resolve_season(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    first, last = w.seasons[(g["s"] or "").lower()]
    year = _year_ref(g, "y", anchor, w)
    if year is not None:
        return _season(year, first, last)
    if anchor is None:
        return None
    near = [_season(y, first, last) for y in range(anchor.year - 2, anchor.year + 2)]
    kind = w.kind(g["rel"])
    if kind in ("last", "past"):
        return next(s for s in reversed(near) if s.end < anchor)
    if kind in ("next", "ahead"):
        return next(s for s in near if s.start > anchor)
    # "this winter" in March is the one just over, in October the one to come: the one under way or the nearest.
    return min(near, key=lambda s: (max((s.start - anchor).days, (anchor - s.end).days, 0), s.start > anchor))


def _season(year: int, first: int, last: int) -> _Period:
    end_year = year + 1 if last < first else year
    return _interval(dt.date(year, first, 1), _month_end(dt.date(end_year, last, 1)))


def _resolve_relative_day(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    if anchor is None:
        return None
    return _day(anchor + dt.timedelta(days=w.days[_norm(g["w"] or "")]))


def _resolve_weekday(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    if anchor is None:
        return None
    target = w.weekdays[g["wd"] or ""]
    monday = anchor - dt.timedelta(days=anchor.weekday())
    if g["wk"]:  # "Tuesday last week"
        return _day(monday + dt.timedelta(days=7 * _OFFSETS[(g["wk"] or "").lower()] + target))
    kind = w.kind(g["rel"])
    if kind == "this":
        return _day(monday + dt.timedelta(days=target))
    if kind in ("next", "ahead"):
        return _day(anchor + dt.timedelta(days=(target - anchor.weekday() - 1) % 7 + 1))
    # Bare and "last": the nearest such day before the anchor, as in reports of what happened.
    return _day(anchor - dt.timedelta(days=(anchor.weekday() - target - 1) % 7 + 1))


def _resolve_relative_period(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    if anchor is None:
        return None
    kind = w.kind(g["rel"]) or ""
    unit = (g["unit"] or "").lower()
    name = unit.removesuffix("s")
    if g["n"]:
        return _rolling(anchor, kind, w.count(g["n"] or ""), name, w)
    if unit != name or name == "day":  # "the coming weeks" is too vague; "the next day" is a day rule
        return None
    if name == "weekend":
        return _weekend(anchor, kind)
    if kind in _OFFSETS:
        return _calendar(anchor, name, _OFFSETS[kind])
    return _rolling(anchor, kind, 1, name, w)


def _rolling(anchor: dt.date, kind: str, count: int, name: str, w: _Words) -> _Period | None:
    if name not in w.units:
        return None
    if kind in ("past", "last"):
        return _span(_shift(anchor, -count, w.units[name]), anchor)
    if kind in ("ahead", "next"):
        return _span(anchor, _shift(anchor, count, w.units[name]))
    return None


def _calendar(anchor: dt.date, name: str, offset: int) -> _Period:
    if name == "week":
        return _iso_week(anchor + dt.timedelta(weeks=offset))
    if name == "month":
        first = _add_months(anchor.replace(day=1), offset)
        return _month(first.year, first.month)
    if name == "year":
        return _year(anchor.year + offset)
    start = anchor.year // 10 * 10 + 10 * offset  # a decade
    return _interval(dt.date(start, 1, 1), dt.date(start + 9, 12, 31))


def _weekend(anchor: dt.date, kind: str) -> _Period:
    # Weekends belong to ISO weeks; "the coming weekend" is the next one not yet begun.
    offsets = {"this": 0, "last": -1, "past": -1, "next": 1, "ahead": 0 if anchor.weekday() < 5 else 1}
    saturday = anchor + dt.timedelta(days=5 - anchor.weekday() + 7 * offsets[kind])
    return _interval(saturday, saturday + dt.timedelta(days=1))


def _resolve_shift(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    if anchor is None or _norm(g["hedge"] or "") in w.bound_hedges:
        return None
    name = (g["unit"] or "").lower().removesuffix("s")
    sign = w.directions[_norm(g["dir"] or "")]
    point = _shift(anchor, sign * w.count(g["n"] or ""), w.units[name])
    if name == "day":
        return _day(point)
    if name == "week":
        return _around_week(point)
    if name == "month":
        return _month(point.year, point.month)
    return _year(point.year)


def _resolve_year(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    return _year(int(g["y"] or 0))


def _resolve_period_of_the(g: _Groups, anchor: dt.date | None, w: _Words) -> _Period | None:
    # "the end of the year" names the period it sits in: the anchor's.
    return _calendar(anchor, (g["unit"] or "").lower(), 0) if anchor else None


_RESOLVERS: dict[str, Resolver] = {
    "iso": _resolve_iso,
    "day_range": _resolve_day_range,
    "day_range_dmy": _resolve_day_range_dmy,
    "date": _resolve_date,
    "date_dmy": _resolve_date,
    "month_range": _resolve_month_range,
    "year_range": _resolve_year_range,
    "quarter": _resolve_quarter,
    "decade": _resolve_decade,
    "month": _resolve_month,
    "season": _resolve_season,
    "relative_day": _resolve_relative_day,
    "weekday": _resolve_weekday,
    "relative_period": _resolve_relative_period,
    "shift": _resolve_shift,
    "year": _resolve_year,
    "period_of_the": _resolve_period_of_the,
}
