"""Officials known by surname and date: "PRESIDENT BIDEN" on 5 June 2023 is Joe Biden, President, USA.

A label or title often gives a speaker's surname and office only. The actor data (``data/actors/people.csv``
and ``offices.csv``, with dates of office) says who held which office when; a surname that names exactly one
office-holder on the document's date (or, undated, exactly one person) is that person.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from importlib import resources
from importlib.abc import Traversable

from communique.model import Participant
from communique.nlp.actors import Tenure, data_rows, fold, surnames_of

_Held = tuple[str, Tenure]  # who, and the office they held when


def _folder() -> Traversable:
    return resources.files("communique.data").joinpath("actors")


@cache
def _tenures() -> tuple[_Held, ...]:
    """Every tenure of the actor data, read as the actor resolver reads it (``nlp/actors.py``)."""
    return tuple(
        (row["name"], Tenure(row["country"], row["sector"] or None, row["role"], row["start"], row["end"]))
        for row in data_rows(_folder(), "offices.csv")
    )


@cache
def _by_surname() -> dict[str, list[_Held]]:
    """Tenures by the surnames their holders are called by alone (never a surname that is also a word)."""
    called: dict[str, list[str]] = defaultdict(list)
    for row in data_rows(_folder(), "people.csv"):
        if row["bare_surname"] != "no":
            called[row["name"]] = surnames_of(row["name"], row["surname"])
    found: dict[str, list[_Held]] = defaultdict(list)
    for name, tenure in _tenures():
        for written in called.get(name, ()):
            found[fold(written)].append((name, tenure))
    return dict(found)


def surname(name: str) -> str:
    """The last word of a name, lower-cased: how a label or a later mention calls the person."""
    words = name.split()
    return words[-1].lower() if words else ""


def known_official(surname: str, day: str | None) -> Participant | None:
    """The one office-holder of that surname on ``day`` (or the one person of it, undated)."""
    held = _by_surname().get(fold(surname), [])
    if day:
        held = [(name, tenure) for name, tenure in held if tenure.holds(day)]
    return _one(held)


def office_holder(country: str | None, office: str, day: str | None) -> Participant | None:
    """Who held ``office`` ("Vice President", "Prime Minister") of ``country`` on ``day``, if one person did."""
    if not country or not day:
        return None
    wanted = fold(office).removeprefix("the ")
    return _one([(n, t) for n, t in _tenures() if t.country == country and fold(t.role) == wanted and t.holds(day)])


def _one(held: list[_Held]) -> Participant | None:
    if len({name for name, _ in held}) != 1:
        return None
    name, tenure = held[-1]
    return Participant(name=name, role=tenure.role, affiliation=tenure.country)
