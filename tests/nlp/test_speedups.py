"""The compiled attribute ruler and the cached lemmatizer annotate exactly as spaCy's own components do."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG  # noqa: E402

from communique.nlp.language import MODELS, load_language  # noqa: E402
from communique.nlp.speedups import cache_lemmatizer, compile_attribute_ruler  # noqa: E402

SEED = Path(__file__).resolve().parents[2] / "examples" / "mid.ru" / "1331-24-06-2022.txt"

# Words the model's exceptions single out: contractions, pronouns, auxiliaries, slang, odd spaces.
TRICKY = [
    "We're gonna see y'all, ain't nothin' wrong, got ta go, let's talk; c'mon, it 's 'em.",
    "I did it. Do you have it? There is a way, there's a will and they'd done so.",
    "Myself, yourselves and themselves: ours, yours, theirs. Something, anyone, nobody.",
    "It  was\u00a0here   and\n\nthen  there.  ",
    'The answer -- if any -- is (as always) "no": $5, #1, e.g. whether or not.',
    "",
    " ",
]


def _plain() -> object:
    for name in MODELS:
        try:
            return spacy.load(name, exclude=["senter"])
        except OSError:
            continue
    pytest.skip("no English spaCy model installed")


def _columns(doc: object) -> list[list[int]]:
    return doc.to_array([TAG, POS, MORPH, LEMMA, DEP, HEAD]).tolist()  # type: ignore[attr-defined]


def test_compiled_components_annotate_as_spacy_does() -> None:
    plain = _plain()
    fast = load_language()
    assert type(fast.get_pipe("lemmatizer")) is not type(plain.get_pipe("lemmatizer"))
    texts = [*TRICKY, *(p for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip())]
    compared = 0
    # Twice over, so the second pass is answered from the lemma cache.
    for _ in range(2):
        for expected, got in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
            assert [t.text for t in got] == [t.text for t in expected]
            assert _columns(got) == _columns(expected), expected.text
            assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
            assert [str(t.morph) for t in got] == [str(t.morph) for t in expected]
            compared += len(expected)
    assert compared > 1000
    # A single call (not through ``pipe``) goes the same way.
    doc = fast("They weren't gonna sign it.")
    assert [t.lemma_ for t in doc] == [t.lemma_ for t in plain("They weren't gonna sign it.")]


def test_unknown_patterns_leave_the_ruler_as_it_was() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"SHAPE": "Xxxx"}]], {"TAG": "NNP"})
    assert compile_attribute_ruler(ruler) is False
    assert [t.tag_ for t in nlp("Baku is far")] == ["NNP", "", ""]


def test_ruler_matches_in_spacys_order() -> None:
    """Later patterns win, a pattern may set a token other than its first, and IN / NOT_IN / REGEX hold."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["talks", "meets"]}}]], {"TAG": "VBZ"})
    ruler.add([[{"LOWER": "talks"}]], {"TAG": "NNS"})
    ruler.add([[{"LOWER": "peace"}, {"LOWER": {"REGEX": "^talk"}}]], {"LEMMA": "talk"}, index=1)
    ruler.add([[{"LOWER": {"NOT_IN": ["peace", "talks", "meets"]}, "IS_SPACE": False}]], {"TAG": "XX"})
    text = "peace talks meets Lavrov"
    assert compile_attribute_ruler(ruler) is True
    doc = nlp(text)
    assert [t.tag_ for t in doc] == ["", "NNS", "VBZ", "XX"]
    assert doc[1].lemma_ == "talk"


def test_only_rule_lemmatizers_are_cached() -> None:
    nlp = spacy.blank("en")
    lookup = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert cache_lemmatizer(lookup) is False
