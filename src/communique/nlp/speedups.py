"""Faster, exact stand-ins for two of the English model's rule components.

The model's attribute ruler (tag map and exceptions, about 180 token patterns)
spends most of its time in spaCy's general-purpose ``Matcher``; its lemmatizer
builds a ``Token`` and a ``MorphAnalysis`` for every word. Both take about a
fifth of the pipeline's time on transcripts. The stand-ins below compute the
very same annotations from the components' own data:

- the ruler's patterns are compiled to dictionary lookups on the token
  attributes they test, and the matches handed to the ruler's own
  ``set_annotations`` in the order spaCy's ``match`` gives them;
- the lemmatizer's answer is cached by (form, part of speech, morphology),
  the key its own rule cache uses, and written back as one array.

Either stand-in steps aside (the component stays as spaCy made it) when a
pattern or a mode is one it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG

# The token attributes a compiled pattern may test, and their column in the array.
_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_COLUMN = {name: i for i, name in enumerate(_ATTRS)}
# Which attribute narrows the candidates most, where two accept as many values.
_SELECTIVITY = ("LOWER", "DEP", "TAG", "IS_SPACE")

Predicate = Callable[[list[int]], bool]


class _Unsupported(ValueError):
    """A pattern uses an operator or attribute the compiled matcher does not handle."""


def _value_id(vocab: Any, name: str, value: Any) -> int:
    if name == "IS_SPACE":
        if not isinstance(value, bool):
            raise _Unsupported(f"IS_SPACE {value!r}")
        return int(value)
    if not isinstance(value, str):
        raise _Unsupported(f"{name} {value!r}")
    return vocab.strings.as_int(value) if value else 0


def _predicate(vocab: Any, name: str, spec: Any) -> tuple[Predicate, tuple[str, frozenset[int]] | None]:
    """A test of one token attribute, and the values it accepts when they can index it."""
    column = _COLUMN[name]
    if not isinstance(spec, dict):
        wanted = _value_id(vocab, name, spec)
        return (lambda row: row[column] == wanted), (name, frozenset((wanted,)))
    if len(spec) != 1:
        raise _Unsupported(f"{name} {spec!r}")
    [(operator, argument)] = spec.items()
    if operator in ("IN", "NOT_IN"):
        values = frozenset(_value_id(vocab, name, value) for value in argument)
        if operator == "IN":
            return (lambda row: row[column] in values), (name, values)
        return (lambda row: row[column] not in values), None
    if operator == "REGEX" and name != "IS_SPACE":
        search = re.compile(argument).search
        strings = vocab.strings
        known: dict[int, bool] = {}

        def matches(row: list[int]) -> bool:
            value = row[column]
            result = known.get(value)
            if result is None:
                result = known[value] = search(strings[value]) is not None
            return result

        return matches, None
    raise _Unsupported(f"{name} {spec!r}")


Compiled = tuple[int, int, int, tuple[tuple[int, Predicate], ...]]


class CompiledRuler:
    """The matches of an ``AttributeRuler``'s patterns, found by dictionary lookups."""

    def __init__(self, ruler: Any) -> None:
        vocab = ruler.vocab
        self._attrs = list(_ATTRS.values())
        # attribute name -> value id -> [(attr_id, match_id, length, the other tests with their offsets)]
        index: dict[str, dict[int, list[Compiled]]] = {}
        self._general: list[Compiled] = []
        for attr_id, entry in enumerate(ruler.patterns):
            match_id = vocab.strings.as_int(str(attr_id))
            for pattern in entry["patterns"]:
                tests: list[tuple[int, Predicate, tuple[str, frozenset[int]] | None]] = []
                for offset, token in enumerate(pattern):
                    if not isinstance(token, dict) or not token or set(token) - set(_ATTRS):
                        raise _Unsupported(repr(token))
                    for name, spec in token.items():
                        test, key = _predicate(vocab, name, spec)
                        tests.append((offset, test, key if offset == 0 else None))
                keys = [test for test in tests if test[2] is not None]
                if not keys:
                    self._general.append((attr_id, match_id, len(pattern), tuple(test[:2] for test in tests)))
                    continue
                # Index by the most selective key; the candidates it gives pass the other tests.
                chosen = min(keys, key=lambda test: (len(test[2][1]), _SELECTIVITY.index(test[2][0])))
                name, values = chosen[2]
                others = tuple(test[:2] for test in tests if test is not chosen)
                for value in values:
                    index.setdefault(name, {}).setdefault(value, []).append((attr_id, match_id, len(pattern), others))
        self._indexed = [(_COLUMN[name], table) for name, table in index.items()]

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """The ruler's matches as ``AttributeRuler.match`` returns them: (attr_id, match_id, start, end), sorted."""
        rows = doc.to_array(self._attrs).tolist() if len(doc) else []
        length = len(rows)
        found: set[tuple[int, int, int, int]] = set()
        indexed = self._indexed
        general = self._general
        for start, row in enumerate(rows):
            candidates = [*general]
            for column, table in indexed:
                hit = table.get(row[column])
                if hit:
                    candidates += hit
            for attr_id, match_id, size, tests in candidates:
                end = start + size
                if end > length:
                    continue
                for offset, test in tests:
                    if not test(rows[start + offset]):
                        break
                else:
                    found.add((attr_id, match_id, start, end))
        return sorted(found)


def compile_attribute_ruler(ruler: Any) -> bool:
    """Make ``ruler`` find its matches with a ``CompiledRuler``; False (and no change) where it cannot."""
    try:
        compiled = CompiledRuler(ruler)
    except _Unsupported:
        return False
    ruler.match = compiled.match
    return True


def _cached_call(lemmatizer: Any, doc: Any) -> Any:
    """A rule lemmatizer's ``__call__``, with its answers cached by (form, part of speech, morphology)."""
    if not lemmatizer._validated or not len(doc):
        return lemmatizer._communique_base.__call__(lemmatizer, doc)
    array = doc.to_array([ORTH, POS, MORPH, LEMMA])
    cache = lemmatizer._communique_cache
    strings = doc.vocab.strings
    changed = False
    for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
        if lemma:
            continue
        key = (orth, pos, morph)
        value = cache.get(key)
        if value is None:
            value = cache[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
        array[i, 3] = value
        changed = True
    if changed:
        doc.from_array([LEMMA], array[:, 3:4])
    return doc


class _WordList(list[str]):
    """A list of words whose membership test is a set lookup (the rule lemmatizer's word index is a long list)."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._set = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._set


def cache_lemmatizer(lemmatizer: Any) -> bool:
    """Give a rule lemmatizer that keeps existing lemmas the cached ``__call__``; False where it is not one."""
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return False
    index = lemmatizer.lookups.get_table("lemma_index", {})
    for pos, words in list(index.items()):
        if isinstance(words, list) and not isinstance(words, _WordList):
            index[pos] = _WordList(words)
    base = type(lemmatizer)
    lemmatizer._communique_cache = {}
    lemmatizer._communique_base = base
    lemmatizer.__class__ = type(base.__name__, (base,), {"__call__": _cached_call})
    return True
