"""Speaker labels in plain text: which ``X: text`` paragraphs open a turn.

Plain text keeps no bold, so a label is told from prose by its shape: a role
word (``Question``, ``Q``, ``A``), a name or a designation ending in a name
(``President of Russia Vladimir Putin (retranslated)``), never a clause
(``The answer is simple``, ``My question is``, ``Second``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.structure.lexicon import Lexicon

# A bare "Q" opening a paragraph (whitehouse.gov: "Q    Thanks, Jen.", and a question that goes on after an
# interruption: "Q    — and then what?").
_BARE_Q = re.compile(r"^(?P<label>Q)\s+(?P<rest>[\"“‘'(\[A-Z0-9—–…-].*)$", re.S)
_NOTES = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")
_TOKEN = re.compile(r"[^\s,]+")
_SENTENCE_BREAK = re.compile(r"\b[A-Za-z]*[a-z]{3,}\.\s")
# Arabic and European name particles written in lower case: "al-Assad", "el-Sisi", "d'Estaing".
_PARTICLE_NAME = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|ben|bin|ibn|abu|da|de|di|du|d|la|le|van|von)[-'’][A-Z]")
_OUTLET_SEPARATOR = re.compile(r"\s+[—–/|]\s+")
# "First, to the Prime Minister": a comma, then a word that goes on a sentence, not a designation.
_CLAUSE_AFTER_COMMA = re.compile(r"^(?:first|second|third|finally|next|lastly|now|so|and|also|then),\s", re.I)
_FORBIDDEN = re.compile(r"[?!;“”\"«»„…=+*#@/\\|<>{}]")

ROLE = "role"
STRONG = "strong"
WEAK = "weak"


@dataclass(frozen=True)
class Candidate:
    """A paragraph that opens with ``X:``: the label as written and the text after it."""

    label: str
    rest: str


@dataclass(frozen=True)
class Verdict:
    """Whether a candidate is a label, and how sure: ``role`` > ``strong`` > ``weak``."""

    is_label: bool
    strength: str | None = None
    reason: str = ""


def candidate(text: str, max_chars: int) -> Candidate | None:
    """The ``X: rest`` split of a paragraph, if its opening could be a label. A bare ``Q`` is the label
    even when the question holds a colon ("Q    Two things: first, ...")."""
    if text[:1] == "Q" and (match := _BARE_Q.match(text)):
        return Candidate("Q", match["rest"].strip())
    ascii_colon = text.find(":", 0, max_chars + 1)
    wide_colon = text.find("：", 0, max_chars + 1)
    colon = ascii_colon if wide_colon < 0 or 0 <= ascii_colon < wide_colon else wide_colon
    if colon > 0:
        label = text[:colon].rstrip()
        if label and len(label) <= max_chars:
            return Candidate(" ".join(label.split()), text[colon + 1 :].lstrip(":：").strip())  # "MINISTER::"
    return None


def core_of(label: str) -> str:
    """The label without notes in parentheses: "Question (retranslated)" -> "Question"."""
    return " ".join(_NOTES.sub(" ", label).split())


def judge(cand: Candidate, lexicon: Lexicon, max_words: int) -> Verdict:
    """Decide from the label's own shape whether ``cand`` opens a turn. A dash or slash between a name and
    an outlet is read as a comma ("Jane Roe — Reuters")."""
    core = _OUTLET_SEPARATOR.sub(", ", core_of(cand.label))
    if not core:
        return Verdict(False, reason="only a note in parentheses")
    lowered = core.lower().rstrip(".")
    if lowered in lexicon.roles or any(p.fullmatch(core) for p in lexicon.label_patterns):
        return Verdict(True, ROLE)
    if lowered in lexicon.not_labels:
        return Verdict(False, reason="enumeration or heading word")
    if core[0].isdigit():
        return Verdict(False, reason="starts with a number")
    if _FORBIDDEN.search(core) or _SENTENCE_BREAK.search(core):
        return Verdict(False, reason="punctuation of a sentence")
    if _CLAUSE_AFTER_COMMA.search(core):
        return Verdict(False, reason="a clause after a comma")
    tokens = _TOKEN.findall(core)
    if len(tokens) > max_words:
        return Verdict(False, reason="too long for a label")
    words = [t.strip(".'’()-") for t in tokens]
    first = words[0].lower() if words else ""
    initial = len(tokens[0]) == 2 and tokens[0].endswith(".")  # "A. Repik", not the article "A"
    if first in lexicon.sentence_openers and not initial and not (first == "a" and len(words) == 1):
        return Verdict(False, reason=f"opens like a sentence ({words[0]!r})")
    if any(w.lower() in lexicon.prose and not w[:1].isupper() for w in words if w):
        return Verdict(False, reason="holds a word of a clause")
    if len(words) == 1 and lexicon.gazetteer.code(words[0]):
        return Verdict(False, reason="a country name alone")
    lower_words = [w for w in words if w and not _is_capitalised(w) and w.lower() not in lexicon.function_words]
    if not lower_words:
        return Verdict(True, STRONG)
    named = _ends_with_name(words, lexicon) or _starts_with_name_and_comma(core)
    if named and (words[0][:1].isupper() or words[0].lower() in lexicon.titles):
        return Verdict(True, WEAK)
    return Verdict(False, reason="lower-case words without a name")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() or bool(_PARTICLE_NAME.match(word))


def _is_name_word(word: str, lexicon: Lexicon) -> bool:
    return bool(word) and _is_capitalised(word) and word.lower() not in lexicon.titles


def _ends_with_name(words: list[str], lexicon: Lexicon) -> bool:
    """A designation ends with a person's name: at least two capitalised words."""
    tail = [w for w in words if w]
    return len(tail) >= 2 and _is_name_word(tail[-1], lexicon) and _is_name_word(tail[-2], lexicon)


def _starts_with_name_and_comma(core: str) -> bool:
    """ "Yury Kulinkov, ship fitter, mechanical adjustment shop"."""
    head = core.split(",", 1)[0].split()
    return "," in core and 2 <= len(head) <= 4 and all(w[0].isupper() for w in head)
