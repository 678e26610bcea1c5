"""Country names, adjectives and demonyms to ISO 3166 alpha-3, from ``data/countries.csv``."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from importlib import resources

_CAPITAL_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:of|the|and)?\s*[A-Z][\w'’-]*)*")


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().lower()


@dataclass(frozen=True)
class Gazetteer:
    """Looks up countries by name ("the Republic of Azerbaijan"), adjective or demonym."""

    names: dict[str, str]
    _memo: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls) -> Gazetteer:
        data = resources.files("communique.data")
        names: dict[str, str] = {}
        for file in ("countries.csv", "country_aliases.csv"):
            entry = data.joinpath(file)
            if not entry.is_file():
                continue
            rows = csv.reader(line for line in entry.read_text("utf-8").splitlines() if not line.startswith("#"))
            header = next(rows)
            for row in rows:
                record = dict(zip(header, row, strict=False))
                code = record.get("CCA3") or record.get("code")
                if not code:
                    continue
                words = [record.get("Name") or record.get("name") or ""]
                words += (record.get("Nationality") or record.get("aliases") or "").split(",")
                for word in words:
                    if word.strip():
                        names.setdefault(_key(word), code.strip())
        return cls(names)

    def code(self, name: str) -> str | None:
        """The alpha-3 code of a country name, with or without "the Republic of" and the like."""
        if name not in self._memo:
            self._memo[name] = self._code(name)
        return self._memo[name]

    def _code(self, name: str) -> str | None:
        key = _key(name)
        if key in self.names:
            return self.names[key]
        stripped = re.sub(
            r"^(the )?((federal|democratic|islamic|people's|arab|bolivarian|socialist|united|"
            r"kingdom|republic|state|federation|commonwealth|sultanate|principality|grand duchy)( of)? ?)+",
            "",
            key,
        ).strip()
        stripped = re.sub(r"^(the )", "", stripped)
        return self.names.get(stripped)

    def find(self, text: str) -> str | None:
        """The first country named anywhere in ``text`` (longest names first)."""
        for match in _CAPITAL_RUN.finditer(text):
            # Words hold no whitespace, so a key is their lower-cased join: no regular expression per try.
            words = match.group(0).replace("’", "'").lower().split()
            for size in range(len(words), 0, -1):
                for start in range(len(words) - size + 1):
                    code = self.names.get(" ".join(words[start : start + size]))
                    if code:
                        return code
        return None


@functools.cache
def actor_names() -> dict[str, str]:
    """Display names of actor codes: countries by ISO alpha-3 ("AZE": "Azerbaijan") and organisations by
    the first alias of their row ("EU": "European Union")."""
    data = resources.files("communique.data")
    names: dict[str, str] = {}
    for file, code_column, name_of in (
        ("countries.csv", "CCA3", lambda r: r.get("Name", "")),
        ("actors/organisations.csv", "code", lambda r: "" if r.get("name") else r.get("aliases", "").split(";")[0]),
    ):
        lines = (line for line in data.joinpath(file).read_text("utf-8").splitlines() if not line.startswith("#"))
        for record in csv.DictReader(lines):
            code, name = (record.get(code_column) or "").strip(), name_of(record).strip()
            if code and name:
                names.setdefault(code, name)
    return names
