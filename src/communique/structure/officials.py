"""Officials known by surname and date: "PRESIDENT BIDEN" on 5 June 2023 is Joe Biden, President, USA.

A label or title often gives a speaker's surname and office only. The actor data (``data/actors/people.csv``
and ``offices.csv``, with dates of office) says who held which office when; a surname that names exactly one
office-holder on the document's date (or, undated, exactly one person) is that person.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from communique.model import Participant


@dataclass(frozen=True)
class Tenure:
    name: str
    country: str
    role: str
    start: str
    end: str

    def covers(self, day: str) -> bool:
        """Whether ``day`` (YYYY-MM-DD) falls in the tenure; a date only known to the month or year counts."""
        return self.start[: len(day)] <= day and (not self.end or day < self.end or day.startswith(self.end))


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("communique.data").joinpath("actors", name).read_text("utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#")))


@cache
def _tenures() -> tuple[Tenure, ...]:
    return tuple(
        Tenure(row["name"], row["country"], row["role"], row.get("start") or "", row.get("end") or "")
        for row in _rows("offices.csv")
    )


@cache
def _by_surname() -> dict[str, list[Tenure]]:
    surnames = {}
    for row in _rows("people.csv"):
        written = (row.get("surname") or "").strip()
        if written != "-" and (row.get("bare_surname") or "").strip() != "no":
            surnames[row["name"]] = written or row["name"].split()[-1]
    found: dict[str, list[Tenure]] = defaultdict(list)
    for tenure in _tenures():
        if tenure.name in surnames:
            found[_fold(surnames[tenure.name])].append(tenure)
    return dict(found)


def surname(name: str) -> str:
    """The last word of a name, lower-cased: how a label or a later mention calls the person."""
    words = name.split()
    return words[-1].lower() if words else ""


def known_official(surname: str, day: str | None) -> Participant | None:
    """The one office-holder of that surname on ``day`` (or the one person of it, undated)."""
    tenures = _by_surname().get(_fold(surname), [])
    if day:
        tenures = [t for t in tenures if t.covers(day)]
    if len({t.name for t in tenures}) != 1:
        return None
    tenure = tenures[-1]
    return Participant(name=tenure.name, role=tenure.role, affiliation=tenure.country)


def office_holder(country: str | None, office: str, day: str | None) -> Participant | None:
    """Who held ``office`` ("Vice President", "Prime Minister") of ``country`` on ``day``, if one person did."""
    if not country or not day:
        return None
    wanted = _fold(office).removeprefix("the ")
    tenures = [t for t in _tenures() if t.country == country and _fold(t.role) == wanted and t.covers(day)]
    if len({t.name for t in tenures}) != 1:
        return None
    return Participant(name=tenures[0].name, role=tenures[0].role, affiliation=country)
