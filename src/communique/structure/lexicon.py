"""The word lists the structure stage works from, loaded once from ``data/*.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from communique.gazetteer import Gazetteer
from communique.nlp.actors import data_rows

_MEMO_LIMIT = 200_000


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("communique.data").joinpath(name).read_text("utf-8"))


@cache
def home_countries() -> dict[str, str]:
    """The state whose government publishes each site (its profile's ``country``), read once."""
    from communique.sources.profiles.engine import Profiles

    return {p.name: p.country for p in Profiles.packaged().items if p.country}


@dataclass(frozen=True)
class ExchangeRules:
    """What tells an interjection from an answer, and a question from a courtesy (``labels.toml``)."""

    acknowledgements: frozenset[str]
    answers: frozenset[str]
    handoffs: tuple[re.Pattern[str], ...]
    short_words: int
    handoff_words: int
    banter_words: int

    @classmethod
    def of(cls, table: dict[str, Any]) -> ExchangeRules:
        return cls(
            acknowledgements=frozenset(table["acknowledgements"]),
            answers=frozenset(table["answers"]),
            handoffs=tuple(re.compile(p) for p in table["handoffs"]),
            short_words=table["short_words"],
            handoff_words=table["handoff_words"],
            banter_words=table["banter_words"],
        )


@dataclass(frozen=True)
class Lexicon:
    """Label vocabulary, document kinds, places and countries."""

    roles: dict[str, tuple[str, str]]
    label_patterns: tuple[re.Pattern[str], ...]
    not_labels: frozenset[str]
    prose: frozenset[str]
    sentence_openers: frozenset[str]
    function_words: frozenset[str]
    not_names: frozenset[str]
    titles: frozenset[str]
    press: frozenset[str]
    moderator: frozenset[str]
    exchange_rules: ExchangeRules
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    furniture: tuple[re.Pattern[str], ...]
    place_regions: tuple[re.Pattern[str], ...]
    place_towns: tuple[re.Pattern[str], ...]
    place_types: frozenset[str]
    towns: frozenset[str]  # lower-cased names of towns and capitals (actors/places.csv, capitals.csv)
    home_countries: dict[str, str]
    gazetteer: Gazetteer
    _memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    def furniture_pattern(self, extra: tuple[str, ...] = ()) -> re.Pattern[str]:
        """One alternation of the furniture patterns and a profile's own, compiled once per profile."""
        key = ("furniture", extra)
        if key not in self._memo:
            parts = [p.pattern for p in self.furniture] + list(extra)
            self._memo[key] = re.compile("|".join(f"(?:{p})" for p in parts), re.I)
        return self._memo[key]  # type: ignore[return-value]

    def memo(self, key: object, compute: object) -> object:
        """A per-pipeline cache for pure functions of the lexicon (label verdicts, designations)."""
        if key not in self._memo:
            if len(self._memo) > _MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = compute()  # type: ignore[operator]
        return self._memo[key]

    @classmethod
    def load(cls) -> Lexicon:
        labels = _load("labels.toml")
        document = _load("document.toml")
        return cls(
            roles={k.lower(): (v[0], v[1]) for k, v in labels["roles"].items()},
            label_patterns=tuple(re.compile(p, re.I) for p in labels["patterns"].values()),
            not_labels=frozenset(w.lower() for w in labels["not_labels"]["words"]),
            prose=frozenset(labels["prose"]["words"]),
            sentence_openers=frozenset(labels["prose"]["sentence_openers"]),
            function_words=frozenset(labels["designation"]["function_words"]),
            not_names=frozenset(labels["designation"]["not_names"]),
            titles=frozenset(labels["titles"]["words"]),
            press=frozenset(labels["press"]["words"]),
            moderator=frozenset(labels["moderator"]["words"]),
            exchange_rules=ExchangeRules.of(labels["exchanges"]),
            kinds=tuple((k, re.compile(p, re.I)) for k, p in document["kinds"].items()),
            furniture=tuple(re.compile(p, re.I) for p in document["furniture"]["lines"]),
            place_regions=tuple(re.compile(p) for p in document["places"]["regions"]),
            place_towns=tuple(re.compile(p) for p in document["places"]["towns"]),
            place_types=frozenset(w.lower() for w in document["places"]["types"]),
            towns=_towns(),
            home_countries=dict(home_countries()),
            gazetteer=Gazetteer.load(),
        )


def _towns() -> frozenset[str]:
    folder = resources.files("communique.data").joinpath("actors")
    names: set[str] = set()
    for name, column in (("places.csv", "place"), ("capitals.csv", "capital")):
        names.update(row[column].lower() for row in data_rows(folder, name) if row.get(column))
    return frozenset(names)
